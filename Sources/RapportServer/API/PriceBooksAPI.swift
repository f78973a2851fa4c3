import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Price books over the API: everyone reads them and asks a customer's price; managers and admins
/// change them.
struct PriceBooksAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/price-books") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let books = try await store.priceBooks.books(in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(books.map(\.json))])))
        }
        group.post("/api/v1/price-books") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let fields = try await Self.read(request, limit: maxBodyBytes, requireAll: true)
            let book = try await store.priceBooks.create(
                name: fields.name ?? "", currency: fields.currency ?? "", accountTypes: fields.accountTypes ?? [],
                description: fields.description ?? "", by: principal)
            return .json(book.json, status: .created, headers: [.location: "/api/v1/price-books/\(book.id)"])
        }
        group.get("/api/v1/price-books/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.bookID(context)
            let book = try await store.priceBooks.book(id, in: principal.workspaceID)
            let entries = try await store.priceBooks.entries(of: id, by: principal)
            guard case .object(var object) = book.json else { return .json(book.json) }
            object["prices"] = .array(entries.map { Self.entryJSON(product: $0.product, price: $0.price) })
            return .json(.object(object))
        }
        group.patch("/api/v1/price-books/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let fields = try await Self.read(request, limit: maxBodyBytes, requireAll: false)
            let book = try await store.priceBooks.update(
                try Self.bookID(context), name: fields.name, accountTypes: fields.accountTypes, description: fields.description,
                active: fields.active, by: principal)
            return .json(book.json)
        }
        group.delete("/api/v1/price-books/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try await store.priceBooks.delete(try Self.bookID(context), by: principal)
            return Response(status: .noContent)
        }
        group.put("/api/v1/price-books/:id/prices/:product") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.bookID(context)
            guard let product = context.parameters.get("product").flatMap(Record<Product>.ID.init) else {
                throw RapportError.invalid(field: "product_id", reason: "is not a product ID")
            }
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let price = input.money("unit_price")
            if input.object["unit_price"] == nil { input.fail("unit_price", "is required: an amount, or null to remove the price") }
            try input.finish()
            var money: Money?
            if case .set(let value?) = price, case .money(let amount) = value { money = amount }
            try await store.priceBooks.setPrice(money, of: product, in: id, by: principal)
            return .json(
                .object(
                    JSONObject([
                        "price_book_id": .string(id.description), "product_id": .string(product.description),
                        "unit_price": money.map { FieldValue.money($0).json } ?? .null,
                    ])))
        }
        group.get("/api/v1/products/:id/price") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let product = context.parameters.get("id").flatMap(Record<Product>.ID.init) else {
                throw RapportError.notFound(entity: "product", id: context.parameters.get("id") ?? "")
            }
            let params = request.uri.queryParameters
            guard let currency = params.get("currency"), !currency.isEmpty else {
                throw RapportError.invalid(field: "currency", reason: "is required, e.g. currency=EUR")
            }
            var account: Record<Account>.ID?
            if let raw = params.get("account_id"), !raw.isEmpty {
                guard let id = Record<Account>.ID(raw) else { throw RapportError.invalid(field: "account_id", reason: "must be an account ID") }
                account = id
            }
            let resolved = try await store.priceBooks.price(of: product, currency: currency, account: account, by: principal)
            return .json(
                .object(
                    JSONObject([
                        "product_id": .string(product.description), "unit_price": FieldValue.money(resolved.unitPrice).json,
                        "source": .string(resolved.source.rawValue), "price_book": resolved.book?.json ?? .null,
                    ])))
        }
    }

    struct Fields {
        var name: String?
        var currency: String?
        var accountTypes: [String]?
        var description: String?
        var active: Bool?
    }

    static func read(_ request: Request, limit: Int, requireAll: Bool) async throws -> Fields {
        var request = request
        var input = Input(try await request.jsonObject(limit: limit))
        var fields = Fields()
        if case .set(let name) = input.text("name", max: 100) { fields.name = name ?? "" }
        if case .set(let currency) = input.text("currency", max: 3) {
            if !requireAll { input.fail("currency", "cannot change: the book's prices are in it") }
            fields.currency = currency ?? ""
        }
        if let items = input.list("account_types", max: 10) {
            fields.accountTypes = items.compactMap(\.stringValue)
            if fields.accountTypes?.count != items.count { input.fail("account_types", "must be a list of account types") }
        }
        if case .set(let text) = input.text("description", max: 2000) { fields.description = text ?? "" }
        if case .set(let active) = input.bool("active") { fields.active = active }
        if requireAll {
            if fields.name == nil { input.fail("name", "is required") }
            if fields.currency == nil { input.fail("currency", "is required") }
        }
        try input.finish()
        return fields
    }

    static func bookID(_ context: AppRequestContext) throws -> PriceBook.ID {
        guard let id = context.parameters.get("id").flatMap(PriceBook.ID.init) else {
            throw RapportError.notFound(entity: "price book", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    static func entryJSON(product: Record<Product>, price: Money) -> JSONValue {
        .object(
            JSONObject([
                "product_id": .string(product.id.description), "sku": .string(product["sku"]?.text ?? ""),
                "name": .string(product["name"]?.text ?? ""), "unit_price": FieldValue.money(price).json,
            ]))
    }
}
