import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Cookie names of the web UI.
enum WebCookies {
    static let session = "rapport_session"
    /// Double-submit CSRF token for forms shown before sign-in (the sign-in form).
    static let preSessionCSRF = "rapport_csrf"
}

/// Signs web requests in from the session cookie, checks the CSRF token of every form post, and
/// renders errors as pages. Signed-out visitors are sent to the sign-in page.
struct WebMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    let pages: Pages
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        var request = request
        do {
            guard let secret = request.cookies[WebCookies.session]?.value,
                let session = try await store.sessions.session(forSecret: secret)
            else {
                if request.method == .get || request.method == .head {
                    let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    return .seeOther("/login" + FormData.query([("next", next == "/" ? nil : next)]))
                }
                throw RapportError.unauthenticated
            }
            context.session = session
            context.user = session.user
            context.principal = try await store.directory.principal(for: session.user)
            if request.method == .post, request.multipartBoundary != nil, request.uri.path == ImportUploads.webPath {
                // A CSV import streams its file to disk; the route checks the token before the file.
            } else if request.method == .post, let boundary = request.multipartBoundary {
                // Uploads: larger bodies, with the token checked before the file is read.
                let buffer = try await request.multipartCheckingCSRF(boundary: boundary, csrf: session.csrf, limit: Uploads.maxBytes)
                request.body = .init(buffer: buffer)
            } else if request.method == .post {
                let buffer = try await request.bytes(limit: maxBodyBytes)
                request.body = .init(buffer: buffer)
                let form = FormData.parse(String(buffer: buffer))
                guard let token = form["_csrf"], Secrets.constantTimeEquals(token, session.csrf) else {
                    throw Problem(
                        status: .forbidden, title: "Form expired",
                        detail: "This form has expired or did not come from Rapport. Go back, reload the page and try again.")
                }
            }
            return try await next(request, context)
        } catch {
            return pages.errorPage(for: error, context: context)
        }
    }
}
