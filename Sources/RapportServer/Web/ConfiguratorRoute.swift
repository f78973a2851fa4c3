import Foundation
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// The public product configurator (no sign-in; may be framed like the web forms): choose options
/// step by step with the price kept live, save and share the configuration by its link, and ask
/// for a quote. Works without JavaScript; `configure.js` only keeps the price and the available
/// options current as choices change.
struct ConfiguratorRoute: Sendable {
    let store: Store
    let pages: Pages
    let frameAncestors: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/configure/:token") { request, context in try await shielded(context) { try await show(request, context) } }
        router.get("/configure/:token/price") { request, context in try await shielded(context) { try await price(request, context) } }
        router.post("/configure/:token") { request, context in try await shielded(context) { try await save(request, context) } }
        router.post("/configure/:token/quote") { request, context in try await shielded(context) { try await quote(request, context) } }
    }

    private func found(_ context: AppRequestContext) async throws -> (ConfiguratorStore.Published, Workspace.ID)? {
        guard let token = context.parameters.get("token") else { return nil }
        return try await store.configurators.published(token: token)
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (published, workspace) = try await found(context) else { return notFound(context) }
        let params = request.uri.queryParameters
        var saved: ConfiguratorStore.Configuration?
        if let raw = params.get("c"), let id = UUID(uuidString: raw) { saved = try await store.configurators.configuration(id, of: published) }
        let asked = ConfigureSelection.keys(params.map { (String($0.key), String($0.value)) })
        let touched = params.contains { $0.key == "o" || $0.key.hasPrefix("s-") || $0.key == "touched" }
        let chosen: Set<String> = saved.map { Set($0.selection) } ?? (touched ? asked : published.configurator.defaults)
        let view = try await ConfigureView.make(
            published, selection: chosen, saved: saved, workspace: try await store.directory.workspace(workspace)?.name ?? "",
            values: [:], errors: [], touched: touched)
        return framable(pages.render("configure", title: published.product["name"]?.text ?? published.product.title, content: view, context: context))
    }

    /// `GET /configure/{token}/price?o=white&o=leather`: the live price, problems and unavailable options.
    func price(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (published, _) = try await found(context) else { throw RapportError.notFound(entity: "configurator", id: "") }
        let selection = ConfigureSelection.keys(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        return .json(try Self.priceJSON(published.configurator, selection))
    }

    /// The price, problems and unavailable options of a selection (the configure pages' script reads it).
    static func priceJSON(_ configurator: Configurator, _ selection: Set<String>) throws -> JSONValue {
        let check = try configurator.check(selection)
        let unavailable = configurator.unavailable(given: selection)
        var reasons = JSONObject()
        for key in unavailable.keys.sorted() { reasons[key] = .string(unavailable[key]!.joined(separator: "; ")) }
        var body = JSONObject()
        body["price"] = FieldValue.money(check.price).json
        body["price_text"] = .string(check.price.description)
        body["valid"] = .bool(check.isValid)
        body["selection"] = .array(check.selection.map { JSONValue.string($0) })
        body["problems"] = .array(check.problems.map { JSONValue.string($0.message) })
        body["unavailable"] = .object(reasons)
        return .object(body)
    }

    func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (published, workspace) = try await found(context) else { return notFound(context) }
        var request = request
        let form = try await request.formPairs(limit: 1 << 16)
        let selection = ConfigureSelection.keys(form)
        do {
            let saved = try await store.configurators.saveConfiguration(selection, of: published, workspace: workspace)
            return framable(.seeOther("/configure/\(published.token)?c=\(saved.id.lowercasedText)#quote"))
        } catch RapportError.invalid(let issues) {
            let view = try await ConfigureView.make(
                published, selection: selection, saved: nil, workspace: try await store.directory.workspace(workspace)?.name ?? "", values: [:],
                errors: issues.map(\.reason), touched: true)
            return framable(
                pages.render("configure", title: published.product.title, content: view, context: context, status: .unprocessableContent))
        }
    }

    func quote(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let (published, workspace) = try await found(context) else { return notFound(context) }
        if let wait = try await store.formThrottle.hit("configure-ip:" + context.remoteAddress) {
            var response = message(context, "Too many requests", "Please wait \(PublicLeadFormRoute.minutes(wait)) and send it again.", status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        var request = request
        let form = try await request.form(limit: 1 << 16)
        guard let id = form["c"].flatMap(UUID.init(uuidString:)), let saved = try await store.configurators.configuration(id, of: published)
        else { return message(context, "Save your configuration first", "Choose your options and save them, then ask for a quote.", status: .unprocessableContent) }
        do {
            let requestValues = ConfiguratorStore.QuoteRequest(
                name: form["name"] ?? "", email: form["email"] ?? "", company: form["company"] ?? "", phone: form["phone"] ?? "",
                message: form["message"] ?? "")
            let (quote, _) = try await store.configurators.requestQuote(requestValues, for: saved, of: published, workspace: workspace)
            return message(
                context, "Thank you",
                "We have your request for \(saved.summary) at \(saved.price.description). Quote \(quote["number"]?.text ?? "") is being prepared; we will be in touch shortly.")
        } catch RapportError.invalid(let issues) {
            let view = try await ConfigureView.make(
                published, selection: Set(saved.selection), saved: saved, workspace: try await store.directory.workspace(workspace)?.name ?? "",
                values: form, errors: issues.map { "\(FieldWords.name($0.field)): \($0.reason)" }, touched: false)
            return framable(
                pages.render("configure", title: published.product.title, content: view, context: context, status: .unprocessableContent))
        } catch RapportError.conflict(let text) {
            return message(context, "Already requested", text, status: .conflict)
        }
    }

    func message(_ context: AppRequestContext, _ heading: String, _ text: String, status: HTTPResponse.Status = .ok) -> Response {
        framable(
            pages.render(
                "lead-form-message", title: heading, content: PublicMessageView(heading: heading, message: text, workspace: ""), context: context,
                status: status))
    }

    func notFound(_ context: AppRequestContext) -> Response {
        message(context, "Not available", "This configurator is not available. The link may be old, or the product no longer sold.", status: .notFound)
    }

    func shielded(_ context: AppRequestContext, _ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch {
            let problem = Problem.from(error) ?? Problem(status: .internalServerError, title: "Something went wrong")
            if Problem.from(error) == nil { pages.logger.error("Public configurator error: \(String(reflecting: error))") }
            return message(
                context, problem.title, problem.status == .internalServerError ? "Please try again in a moment." : problem.detail ?? "",
                status: problem.status)
        }
    }

    func framable(_ response: Response) -> Response {
        var response = response
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware<AppRequestContext>.contentSecurityPolicy
            .replacingOccurrences(of: "frame-ancestors 'none'", with: "frame-ancestors \(frameAncestors)")
        return response
    }
}
