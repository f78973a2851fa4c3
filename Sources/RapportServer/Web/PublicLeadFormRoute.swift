import Foundation
import HTTPTypes
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// The public web-to-lead form at `/f/{token}`: no sign-in, embeddable in other sites (its own
/// `frame-ancestors`), with a hidden trap field, a minimum fill time and a per-address limit kept
/// in the database. Submissions held back as spam get the same thank-you as real ones, so a bot
/// learns nothing.
struct PublicLeadFormRoute: Sendable {
    let store: Store
    let pages: Pages
    /// Who may frame the form: `RAPPORT_FORM_FRAME_ANCESTORS` (default `*`, any site).
    let frameAncestors: String
    /// A form sent sooner than this after it was shown is taken for a bot.
    var minimumFillSeconds: Int64 = 3

    /// The trap field: hidden from people, filled in by bots that fill in everything.
    static let honeypot = "extra_info"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/f/:token") { request, context -> Response in
            try await shielded(context) { try await show(request, context) }
        }
        router.post("/f/:token") { request, context -> Response in
            try await shielded(context) { try await submit(request, context) }
        }
        router.get("/f/:token/thanks") { _, context -> Response in
            try await shielded(context) { try await thanks(context) }
        }
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let published = try await published(context) else { return notFound(context) }
        let view = PublicLeadFormView(
            published, workspace: try await workspaceName(published), values: [:], errors: [:],
            rendered: store.leadForms.renderToken(for: published))
        return framable(pages.render("lead-form-public", title: published.form.name, content: view, context: context), published)
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let published = try await published(context) else { return notFound(context) }
        if let wait = try await store.formThrottle.hit("form-ip:" + context.remoteAddress) {
            var response = pages.render(
                "lead-form-message", title: "Too many submissions",
                content: PublicMessageView(
                    heading: "Too many submissions", message: "Please wait \(Self.minutes(wait)) and send the form again.",
                    workspace: try await workspaceName(published)),
                context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return framable(response, published)
        }
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let thanks = Response.seeOther(published.form.redirectURL ?? "/f/\(published.form.token)/thanks")
        let rendered = form["_rendered"].flatMap { store.leadForms.renderedAt($0, for: published) }
        let tooFast = rendered.map { Timestamp.now().micros - $0.micros < minimumFillSeconds * 1_000_000 } ?? true
        if !(form[Self.honeypot] ?? "").isEmpty || tooFast {
            try await store.leadForms.recordBlocked(published)
            return framable(thanks, published)
        }
        do {
            let country = try await store.directory.defaultCountry(of: published.workspaceID)
            let (changes, summary) = try Self.read(form, published.form, country: country)
            _ = try await store.leadForms.submit(published, changes, summary: summary)
            return framable(thanks, published)
        } catch RapportError.invalid(let issues) {
            let view = PublicLeadFormView(
                published, workspace: try await workspaceName(published), values: form, errors: SettingsInput.errors(issues),
                rendered: form["_rendered"] ?? "")
            let page = pages.render(
                "lead-form-public", title: published.form.name, content: view, context: context, status: .unprocessableContent)
            return framable(page, published)
        } catch RapportError.conflict {
            return notFound(context)
        }
    }

    func thanks(_ context: AppRequestContext) async throws -> Response {
        guard let published = try await published(context) else { return notFound(context) }
        let view = PublicMessageView(
            heading: "Thank you", message: published.form.thankYouText, workspace: try await workspaceName(published))
        return framable(pages.render("lead-form-message", title: "Thank you", content: view, context: context), published)
    }

    /// Anything that goes wrong is a short public page (a body too large is a 413), never a bare 500.
    func shielded(_ context: AppRequestContext, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch {
            let problem = Problem.from(error) ?? Problem(status: .internalServerError, title: "Something went wrong")
            if Problem.from(error) == nil { pages.logger.error("Public form error: \(String(reflecting: error))") }
            let detail = problem.status == .internalServerError ? "Please try again in a moment." : problem.detail ?? ""
            return pages.render(
                "lead-form-message", title: problem.title,
                content: PublicMessageView(heading: problem.title, message: detail, workspace: ""), context: context,
                status: problem.status)
        }
    }

    /// The lead a submission describes: only the form's own fields, the required ones checked,
    /// everything else read as the API reads it. Also the text of what was sent, for the timeline.
    static func read(_ form: [String: String], _ definition: LeadForm, country: String) throws -> (RecordChanges<Lead>, String) {
        var object = JSONObject()
        var issues: [FieldIssue] = []
        var lines: [String] = []
        for name in definition.orderedFields {
            let value = (form[name] ?? "").trimmingWhitespace()
            if value.isEmpty {
                if definition.required.contains(name) { issues.append(FieldIssue(field: name, reason: "is required")) }
                continue
            }
            object[name] = .string(value)
            lines.append("\(PublicLeadFormView.label(name)): \(value)")
        }
        var input = Input(object, lenient: true)
        let changes = RecordChanges<Lead>.read(&input, defaultCountry: country)
        let checked = Result { () throws(RapportError) in try changes.validate(input, against: [:]) }
        if case .failure(let error) = checked {
            issues += error.fieldIssues.filter { issue in !issues.contains { $0.field == issue.field } }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return (changes, lines.joined(separator: "\n"))
    }

    func published(_ context: AppRequestContext) async throws -> LeadForms.Published? {
        guard let token = context.parameters.get("token"),
            let published = try await store.leadForms.published(token: token), published.form.active
        else { return nil }
        return published
    }

    func workspaceName(_ published: LeadForms.Published) async throws -> String {
        try await store.directory.workspace(published.workspaceID)?.name ?? ""
    }

    func notFound(_ context: AppRequestContext) -> Response {
        pages.render(
            "lead-form-message", title: "Form not available",
            content: PublicMessageView(
                heading: "This form is not available", message: "The link may be mistyped, or the form is no longer taking submissions.",
                workspace: ""),
            context: context, status: .notFound)
    }

    /// The form's own policy: framable by `frameAncestors`, posting to itself and to the redirect's site.
    func framable(_ response: Response, _ published: LeadForms.Published) -> Response {
        var response = response
        var formAction = "'self'"
        if let redirect = published.form.redirectURL, let url = URL(string: redirect), let scheme = url.scheme, let host = url.host {
            formAction += " \(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        }
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<AppRequestContext>.contentSecurityPolicy
            .replacingOccurrences(of: "frame-ancestors 'none'", with: "frame-ancestors \(frameAncestors)")
            .replacingOccurrences(of: "form-action 'self'", with: "form-action \(formAction)")
        return response
    }

    static func minutes(_ seconds: Int) -> String {
        seconds < 90 ? "a minute" : "\((seconds + 59) / 60) minutes"
    }
}

/// The public form page.
struct PublicLeadFormView {
    struct Field {
        var name: String
        var id: String
        var label: String
        var required: Bool
        var value: String
        var error: String?
        var type: String
        var autocomplete: String
        var isTextarea: Bool
        var isSelect: Bool
        var options: [OptionView]
    }

    var heading: String
    var intro: String
    var workspace: String
    var action: String
    var rendered: String
    var honeypot: String
    var fields: [Field]
    var hasErrors: Bool
    var errorCount: Int
    var initial: String

    init(_ published: LeadForms.Published, workspace: String, values: [String: String], errors: [String: String], rendered: String) {
        let form = published.form
        heading = form.name
        intro = form.intro
        self.workspace = workspace
        initial = String(workspace.prefix(1)).uppercased()
        action = "/f/\(form.token)"
        self.rendered = rendered
        honeypot = PublicLeadFormRoute.honeypot
        fields = form.orderedFields.map { name in
            let value = values[name] ?? ""
            let (type, autocomplete) = Self.kinds[name] ?? ("text", "on")
            return Field(
                name: name, id: "lf-\(name)", label: Self.label(name),
                required: form.required.contains(name), value: value, error: errors[name], type: type, autocomplete: autocomplete,
                isTextarea: name == "description", isSelect: name == "country",
                options: name == "country"
                    ? [OptionView(value: "", label: "Choose…", selected: value.isEmpty)]
                        + Self.countries.map { OptionView(value: $0.0, label: $0.1, selected: $0.0 == value.uppercased()) } : [])
        }
        hasErrors = !errors.isEmpty
        errorCount = errors.count
    }

    /// What a visitor reads: one email, one phone, a message.
    static func label(_ field: String) -> String {
        switch field {
        case "emails": "Email"
        case "phones": "Phone"
        case "description": "Message"
        default: Lead.field(field)?.label ?? field
        }
    }

    static let kinds: [String: (String, String)] = [
        "first_name": ("text", "given-name"), "last_name": ("text", "family-name"), "emails": ("email", "email"),
        "phones": ("tel", "tel"), "company": ("text", "organization"), "title": ("text", "organization-title"),
        "website": ("url", "url"), "industry": ("text", "off"), "employees": ("number", "off"), "street": ("text", "street-address"),
        "city": ("text", "address-level2"), "region": ("text", "address-level1"), "postal_code": ("text", "postal-code"),
        "country": ("text", "country"), "description": ("text", "off"),
    ]

    /// Countries by English name, for the country list.
    static let countries: [(String, String)] = Locale.Region.isoRegions.map(\.identifier)
        .filter { $0.count == 2 && $0.allSatisfy(\.isLetter) }.map { ($0, CountryNames.name(of: $0)) }.sorted { $0.1 < $1.1 }
}

/// A short public page: thanks, too many submissions, not available.
struct PublicMessageView {
    var heading: String
    var message: String
    var workspace: String
    /// The workspace's initial in the brand mark (Mustache reads stored properties only).
    var initial: String

    init(heading: String, message: String, workspace: String) {
        self.heading = heading
        self.message = message
        self.workspace = workspace
        initial = String(workspace.prefix(1)).uppercased()
    }
}
