import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// The request context every route sees: who is calling (once authenticated) and how.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by the API or web authentication middleware.
    public var principal: Principal?
    /// The signed-in user.
    public var user: User?
    /// The browser session (web routes only).
    public var session: Session?

    /// The client's IP address as the socket sees it.
    public var remoteAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read with the configured limit; this is the framework's own upper bound.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated caller, or `unauthenticated`.
    public func requirePrincipal() throws(RapportError) -> Principal {
        guard let principal else { throw .unauthenticated }
        return principal
    }
}
