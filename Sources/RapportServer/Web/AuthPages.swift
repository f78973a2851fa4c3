import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Signing in and out of the web UI.
struct AuthPages: Sendable {
    let store: Store
    let pages: Pages
    let passwords: Passwords
    let secureCookies: Bool

    struct LoginView {
        var csrf: String
        var error: String?
        var email: String
        var next: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context in try await loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
    }

    func addSessionRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/logout") { request, _ -> Response in
            if let secret = request.cookies[WebCookies.session]?.value { try await store.sessions.end(secret: secret) }
            var response = Response.seeOther("/login")
            response.setCookie(Cookie(name: WebCookies.session, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    func loginPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, email: String = "",
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        if error == nil, let secret = request.cookies[WebCookies.session]?.value,
            try await store.sessions.session(forSecret: secret) != nil
        {
            return .seeOther(safeNext(request.uri.queryParameters.get("next")))
        }
        let csrf = request.cookies[WebCookies.preSessionCSRF]?.value ?? Secrets.random(bytes: 24)
        let view = LoginView(
            csrf: csrf, error: error, email: email, next: request.uri.queryParameters.get("next") ?? "")
        var response = pages.render("login", title: "Sign in", content: view, context: context, request: request, status: status)
        response.setCookie(
            Cookie(name: WebCookies.preSessionCSRF, value: csrf, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form: [String: String]
        do {
            form = try await request.form(limit: 1 << 14)
        } catch {
            return pages.errorPage(for: error, context: context)
        }
        guard let cookie = request.cookies[WebCookies.preSessionCSRF]?.value, let token = form["_csrf"],
            Secrets.constantTimeEquals(cookie, token)
        else {
            return pages.errorPage(
                for: Problem(status: .forbidden, title: "Form expired", detail: "Reload the sign-in page and try again."),
                context: context)
        }
        let emailText = (form["email"] ?? "").trimmingWhitespace().lowercased()
        let password = form["password"] ?? ""
        // Per address and per client IP: the IP limit is looser, as an office may sign in from one address.
        let keys = ["email:" + emailText, "ip:" + context.remoteAddress]
        for key in keys {
            if let wait = try await store.loginThrottle.retryAfter(key) {
                var response = try await loginPage(
                    request, context, error: "Too many failed attempts. Try again in \(wait / 60 + 1) minutes.",
                    email: emailText, status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
        }
        if let email = try? EmailAddress(emailText), let (user, hash) = try await store.directory.credentials(email: email),
            user.active, try await passwords.verify(password, hash: hash)
        {
            try await store.loginThrottle.reset("email:" + emailText)
            // A fresh session on every sign-in: no fixation of a session ID set before authentication.
            if let old = request.cookies[WebCookies.session]?.value { try await store.sessions.end(secret: old) }
            let (secret, _) = try await store.sessions.start(for: user)
            var response = Response.seeOther(safeNext(form["next"]))
            response.setCookie(
                Cookie(
                    name: WebCookies.session, value: secret, maxAge: Int(store.sessions.lifetime), path: "/",
                    secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        var locked: Int?
        for key in keys {
            let limit = key.hasPrefix("ip:") ? store.loginThrottle.maxFailures * 6 : store.loginThrottle.maxFailures
            locked = try await store.loginThrottle.recordFailure(key, maxFailures: limit) ?? locked
        }
        if let locked {
            var response = try await loginPage(
                request, context, error: "Too many failed attempts. Try again in \(locked / 60) minutes.", email: emailText,
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(locked)
            return response
        }
        return try await loginPage(
            request, context, error: "That email and password don't match an active user.", email: emailText,
            status: .unauthorized)
    }

    /// Only local paths are followed after sign-in (no open redirect).
    func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/login") else {
            return "/home"
        }
        return next
    }
}
