import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Products › a product › Configurator: managers write the option groups, options and rules (as
/// JSON, checked with every mistake named and conflicts explained), publish the public page, and
/// reps configure the product into a draft quote with the same rules and prices.
struct ConfiguratorPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/products/:id/configurator") { request, context in try await edit(request, context) }
        group.post("/products/:id/configurator") { request, context in try await save(request, context) }
        group.post("/products/:id/configurator/add") { request, context in try await addConfigured(request, context) }
        group.get("/products/:id/configurator/price") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let published = try await store.configurators.configurator(of: try ConfiguratorAPI.product(context), by: principal) else {
                throw RapportError.notFound(entity: "configurator", id: context.parameters.get("id") ?? "")
            }
            let selection = ConfigureSelection.keys(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            return .json(try ConfiguratorRoute.priceJSON(published.configurator, selection))
        }
    }

    static let example = """
        {
          "currency": "USD",
          "base_price": 2450000,
          "base_cost": 1410000,
          "groups": [
            {"key": "housing", "label": "Housing", "min": 1, "max": 1, "options": [
              {"key": "standard", "label": "Standard", "default": true},
              {"key": "atex", "label": "ATEX explosion-proof", "price_delta": 320000, "cost_delta": 170000}
            ]}
          ],
          "rules": []
        }
        """

    func edit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try ConfiguratorAPI.product(context)
        let product = try await store.products.get(id, by: principal)
        let current = try await store.configurators.configurator(of: id, by: principal)
        var quotes: [OptionView] = []
        if principal.canWrite {
            quotes = try await store.billing.quotes.list(ListQuery(filters: ["status": "draft"], sort: .updatedAt, descending: true, limit: 50), by: principal)
                .items.map { OptionView(value: $0.id.description, label: $0.title, selected: $0.id.description == request.uri.queryParameters.get("quote")) }
        }
        let view = ConfiguratorEditView(
            product: product.title, productHref: "/products/\(product.id)", action: "/products/\(product.id)/configurator",
            canEdit: principal.mayChange(Product.self),
            definition: current.map { Self.pretty($0.configurator.json) } ?? Self.example, published: current?.published ?? false,
            publicPath: current.map { "/configure/\($0.token)" }, errors: [], exists: current != nil,
            steps: current.map { ConfigureView.steps($0.configurator, selection: $0.configurator.defaults) } ?? [],
            quotes: quotes, quoteAction: "/products/\(product.id)/configurator/add", productID: product.id.description)
        return pages.render("product-configurator", title: "Configurator · \(product.title)", content: ConfiguratorEditContent(editor: view), context: context, request: request)
    }

    func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try ConfiguratorAPI.product(context)
        var request = request
        let form = try await request.form(limit: 1 << 20)
        let text = form["definition"] ?? ""
        do {
            let value: JSONValue
            do { value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch {
                throw RapportError.invalid(field: "definition", reason: "is not valid JSON: check commas, quotes and brackets")
            }
            _ = try await store.configurators.save(try Configurator.read(value), published: form["published"] == "on", of: id, by: principal)
            return .seeOther("/products/\(id)/configurator", flash: "Configurator saved.")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            let product = try await store.products.get(id, by: principal)
            let current = try await store.configurators.configurator(of: id, by: principal)
            let view = ConfiguratorEditView(
                product: product.title, productHref: "/products/\(product.id)", action: "/products/\(product.id)/configurator", canEdit: true,
                definition: text, published: form["published"] == "on", publicPath: current.map { "/configure/\($0.token)" },
                errors: error.fieldIssues.map { "\($0.field): \($0.reason)" }, exists: current != nil, steps: [], quotes: [], quoteAction: "",
                productID: product.id.description)
            return pages.render(
                "product-configurator", title: "Configurator · \(product.title)", content: ConfiguratorEditContent(editor: view), context: context,
                request: request, status: .unprocessableContent)
        }
    }

    /// A rep's configuration of a product, added as one line of a draft quote at its exact price.
    func addConfigured(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let pairs = try await request.formPairs(limit: 1 << 16)
        let form = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        let productID = try ConfiguratorAPI.product(context)
        guard let quoteID = form["quote_id"].flatMap(Record<Quote>.ID.init) else {
            return .seeOther("/products/\(productID)/configurator", flash: "Choose a draft quote.", kind: "error")
        }
        let back = "/products/\(productID)/configurator?quote=\(quoteID)"
        do {
            guard let published = try await store.configurators.configurator(of: productID, by: principal) else {
                throw RapportError.conflict("This product has no configurator.")
            }
            let quote = try await store.billing.quotes.get(quoteID, by: principal)
            _ = try await store.configurators.addToQuote(
                ConfigureSelection.keys(pairs), of: published, quote: quote, by: principal)
            return .seeOther("/quotes/\(quoteID)#lines", flash: "Configured \(published.product.title) added.")
        } catch let error as RapportError {
            return .seeOther(back, flash: DocumentPages.words(error), kind: "error")
        }
    }

    static func pretty(_ value: JSONValue) -> String {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        guard let object = try? JSONSerialization.jsonObject(with: data),
            let text = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: text, as: UTF8.self)
    }
}

struct ConfiguratorEditContent { var editor: ConfiguratorEditView }

struct ConfiguratorEditView {
    var product: String
    var productHref: String
    var action: String
    var canEdit: Bool
    var definition: String
    var published: Bool
    var publicPath: String?
    var errors: [String]
    var exists: Bool
    var steps: [ConfigureStepView]
    var quotes: [OptionView]
    var quoteAction: String
    var productID: String
}
