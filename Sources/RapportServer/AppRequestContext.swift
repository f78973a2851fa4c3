import Foundation
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
    /// How many of the user's tasks are overdue or due today, for the navigation's badge (web pages only).
    public var dueTasks: Int?

    /// The client's IP address as the socket sees it.
    public var remoteAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are read with the configured limit; this is the framework's own upper bound.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user's time zone (UTC for API tokens without one).
    public var zone: TimeZone { user.flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt }

    /// The authenticated caller, or `unauthenticated`.
    public func requirePrincipal() throws(RapportError) -> Principal {
        guard let principal else { throw .unauthenticated }
        return principal
    }
}
