import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Mustache
import NIOCore
import RapportCore
import RapportStore

/// Renders HTML pages: a page's own content inside the shared layout (navigation, search, user menu).
struct Pages: Sendable {
    let library: MustacheLibrary
    let logger: Logger

    init(directory: String, logger: Logger) async throws {
        HTMLEscaping.register()
        library = try await MustacheLibrary(directory: directory)
        self.logger = logger
    }

    /// A full page.
    func render(
        _ template: String, title: String, content: Any, context: AppRequestContext, request: Request? = nil,
        status: HTTPResponse.Status = .ok, searchQuery: String = ""
    ) -> Response {
        var flash: FlashView?
        if let request, let raw = request.cookies[Flash.cookie]?.value { flash = Flash.decode(raw) }
        let layout = LayoutView(
            title: title, user: context.user.map(UserView.init), nav: Navigation.items(for: context, request: request),
            csrf: context.session?.csrf ?? "", flash: flash, searchQuery: searchQuery,
            settingsNav: Navigation.settings(for: context, path: request?.uri.path ?? ""))
        let view = View(layout: layout, content: content)
        guard let html = library.render(view, withTemplate: template) else {
            logger.error("Template \(template) is missing")
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "Template missing")))
        }
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
        if flash != nil { response.setCookie(Flash.clearing) }
        return response
    }

    /// A piece of a page (cards the board's script appends), without the layout.
    func fragment(_ template: String, content: Any) -> Response {
        guard let html = library.render(content, withTemplate: template) else {
            logger.error("Template \(template) is missing")
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "Template missing")))
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// An error as a page (or a redirect to sign in).
    func errorPage(for error: any Error, context: AppRequestContext) -> Response {
        if case RapportError.unauthenticated = error { return .seeOther("/login") }
        let problem: Problem
        if let known = Problem.from(error) {
            problem = known
        } else {
            logger.error("Unhandled error: \(String(reflecting: error))")
            problem = Problem(status: .internalServerError, title: "Something went wrong", detail: "The error was logged.")
        }
        let content = ErrorView(
            status: Int(problem.status.code), heading: problem.title,
            message: problem.detail ?? problem.status.reasonPhrase)
        return render(
            context.user == nil ? "error" : "error", title: problem.title, content: content, context: context,
            status: problem.status)
    }
}

/// A page's context for Mustache: layout fields first, then the page's own content's fields.
struct View: MustacheParent {
    let layout: LayoutView
    let content: Any

    /// The page's own fields win over the layout's (the sign-in page brings its own CSRF token).
    func child(named name: String) -> Any? {
        // Every name the page's content lacks (the layout's, and every miss climbing the stack) ends
        // here: reflect only on content that has no `child(named:)` of its own.
        if let parent = content as? any MustacheParent {
            if let value = parent.child(named: name) { return value }
        } else {
            for child in Mirror(reflecting: content).children where child.label == name {
                if let value = unwrap(child.value) { return value }
            }
        }
        switch name {
        case "title": return layout.title
        case "user": return layout.user
        case "nav": return layout.nav
        case "csrf": return layout.csrf
        case "flash": return layout.flash
        case "searchQuery": return layout.searchQuery
        case "settingsNav": return layout.settingsNav
        default: return nil
        }
    }

    private func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

struct LayoutView {
    var title: String
    var user: UserView?
    var nav: [NavItem]
    var csrf: String
    var flash: FlashView?
    var searchQuery: String
    /// The tabs of the settings pages, the current one marked (empty elsewhere).
    var settingsNav: [NavItem] = []
}

struct UserView {
    var name: String
    var email: String
    var role: String
    var initials: String

    init(_ user: User) {
        name = user.name
        email = user.email.value
        role = user.role.rawValue.capitalized
        initials = String(user.name.split(separator: " ").prefix(2).compactMap(\.first)).uppercased()
    }
}

struct NavItem {
    var label: String
    var href: String
    var active: Bool
    var icon: String
    /// A count beside the label (tasks due on "My work").
    var badge: String? = nil
}

struct FlashView {
    var kind: String
    var message: String
}

struct ErrorView {
    var status: Int
    var heading: String
    var message: String
}

/// The left rail.
enum Navigation {
    static func items(for context: AppRequestContext, request: Request?) -> [NavItem] {
        guard context.user != nil else { return [] }
        let path = request?.uri.path ?? ""
        return ([("Home", "/home", "home"), ("My work", "/work", "work"), ("Accounts", "/accounts", "accounts"), ("Contacts", "/contacts", "contacts"), ("Leads", "/leads", "leads"), ("Deals", "/deals", "deals"), ("Forecast", "/forecast", "reports"), ("Activities", "/activities", "calendar"), ("Tasks", "/tasks", "check"), ("Quotes", "/quotes", "invoice"), ("Orders", "/orders", "list"), ("Invoices", "/invoices", "invoice"), ("Products", "/products", "products"), ("Knowledge", "/articles", "info")] + managing(context)).map {
            NavItem(
                label: $0.0, href: $0.1, active: path.hasPrefix($0.1) || ($0.2 == "settings" && path.hasPrefix("/settings/")), icon: $0.2,
                badge: $0.1 == "/work" ? workBadge(context) : nil)
        }
    }
}

/// One-shot messages shown on the page after a redirect ("Account saved.").
enum Flash {
    static let cookie = "rapport_flash"

    static func set(_ kind: String, _ message: String) -> Cookie {
        Cookie(name: cookie, value: FormData.encode(kind + ":" + message), path: "/", httpOnly: true, sameSite: .lax)
    }

    static var clearing: Cookie { Cookie(name: cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax) }

    static func decode(_ raw: String) -> FlashView? {
        guard let text = raw.removingPercentEncoding, let colon = text.firstIndex(of: ":") else { return nil }
        let kind = String(text[..<colon])
        guard ["success", "error", "info"].contains(kind) else { return nil }
        return FlashView(kind: kind, message: String(text[text.index(after: colon)...].prefix(200)))
    }
}

extension Response {
    /// A redirect after a form post, carrying a one-shot message.
    static func seeOther(_ location: String, flash: String, kind: String = "success") -> Response {
        var response = Response.seeOther(location)
        response.setCookie(Flash.set(kind, flash))
        return response
    }
}
