import HTTPTypes
import Hummingbird

/// Headers every response carries: a strict Content Security Policy (no inline script or style,
/// no framing except the public lead forms'), no MIME sniffing, and a same-origin referrer policy.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    }

    /// `/f/{token}` and `/f/{token}/thanks`.
    static func isPublicForm(_ path: String) -> Bool { path.hasPrefix("/f/") }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        // The public web-to-lead forms set their own policy, which lets other sites frame them;
        // every other page (and any error on those paths) keeps the strict one.
        if !(Self.isPublicForm(request.uri.path) && response.headers[.contentSecurityPolicy] != nil) {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            response.headers[.xFrameOptions] = "DENY"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
