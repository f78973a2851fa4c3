import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// The price books in the web UI: the list with a form to add one, and a book's page with its
/// prices, a form to set one, and the book's own settings. Everyone reads; managers and admins
/// change. Problems come back as a message naming the field.
struct PriceBookPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/price-books") { request, context in try await list(request, context) }
        group.post("/price-books") { request, context in try await create(request, context) }
        group.get("/price-books/:id") { request, context in try await show(request, context) }
        group.post("/price-books/:id") { request, context in try await update(request, context) }
        group.post("/price-books/:id/prices") { request, context in try await setPrice(request, context) }
        group.post("/price-books/:id/delete") { request, context in try await delete(request, context) }
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let books = try await store.priceBooks.books(in: principal.workspaceID)
        let counts = try await store.priceBooks.priceCounts(in: principal.workspaceID)
        let rows = books.map { book in
            PriceBookRowView(
                name: book.name, href: "/price-books/\(book.id)", currency: book.currency, forWhom: Self.forWhom(book),
                prices: String(counts[book.id] ?? 0), active: book.active)
        }
        let base = try await store.forecasts.settings.rates(in: principal.workspaceID).base
        let view = PriceBooksView(
            canEdit: principal.role >= .manager, rows: rows,
            currencies: (Array(Set(Money.common + [base]))).sorted().map { OptionView(value: $0, label: $0, selected: $0 == base) },
            types: Self.types(checked: []))
        return pages.render("price-books", title: "Price books", content: PriceBooksContent(books: view), context: context, request: request)
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try PriceBooksAPI.bookID(context)
        let book = try await store.priceBooks.book(id, in: principal.workspaceID)
        let entries = try await store.priceBooks.entries(of: id, by: principal)
        let rows = entries.map { entry in
            let list = entry.product["price"]?.money
            var difference = "—"
            if let list, list.currency == entry.price.currency, list.minor > 0 {
                let tenths = QuoteArithmetic.tenths(entry.price.minor - list.minor, of: list.minor, scale: 1000)
                difference = (tenths > 0 ? "+" : tenths < 0 ? "−" : "") + QuoteArithmetic.tenthsText(tenths) + "%"
            }
            return PriceRowView(
                product: entry.product["name"]?.text ?? entry.product.title, href: "/products/\(entry.product.id)",
                productID: entry.product.id.description, sku: entry.product["sku"]?.text ?? "", list: list?.description ?? "—",
                price: entry.price.description, difference: difference, removeAction: "/price-books/\(id)/prices")
        }
        var products: [OptionView] = []
        if principal.role >= .manager {
            let catalog = try await store.products.list(ListQuery(limit: 500), by: principal)
            products = catalog.items.filter { $0["active"]?.bool != false }.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
        }
        let view = PriceBookView(
            name: book.name, currency: book.currency, forWhom: Self.forWhom(book),
            description: book.description.isEmpty ? nil : book.description, active: book.active,
            canEdit: principal.role >= .manager, action: "/price-books/\(id)", rows: rows, products: products,
            types: Self.types(checked: Set(book.accountTypes)))
        return pages.render("price-book", title: book.name, content: PriceBookContent(book: view), context: context, request: request)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        do {
            let book = try await store.priceBooks.create(
                name: form["name"] ?? "", currency: form["currency"] ?? "", accountTypes: Self.ticked(form), description: "",
                by: principal)
            return .seeOther("/price-books/\(book.id)", flash: "\(book.name) added; set its prices below.")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            return .seeOther("/price-books", flash: Self.words(error), kind: "error")
        }
    }

    func update(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try PriceBooksAPI.bookID(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        do {
            _ = try await store.priceBooks.update(
                id, name: form["name"] ?? "", accountTypes: Self.ticked(form), description: form["description"] ?? "",
                active: ["on", "true"].contains(form["active"] ?? ""), by: principal)
            return .seeOther("/price-books/\(id)", flash: "Saved.")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            return .seeOther("/price-books/\(id)", flash: Self.words(error), kind: "error")
        }
    }

    func setPrice(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try PriceBooksAPI.bookID(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = "/price-books/\(id)"
        do {
            let book = try await store.priceBooks.book(id, in: principal.workspaceID)
            guard let product = form["product_id"].flatMap(Record<Product>.ID.init) else {
                throw RapportError.invalid(field: "product_id", reason: "choose a product")
            }
            let text = (form["unit_price"] ?? "").trimmingWhitespace()
            var price: Money?
            if !text.isEmpty {
                do { price = try Money.parse(text, currency: book.currency) } catch {
                    throw RapportError.invalid(field: "unit_price", reason: "is not an amount like 1,250.00")
                }
            }
            try await store.priceBooks.setPrice(price, of: product, in: id, by: principal)
            return .seeOther(back, flash: price == nil ? "Price removed." : "Price set to \(price!.description).")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            return .seeOther(back, flash: Self.words(error), kind: "error")
        }
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try PriceBooksAPI.bookID(context)
        let book = try await store.priceBooks.book(id, in: principal.workspaceID)
        try await store.priceBooks.delete(id, by: principal)
        return .seeOther("/price-books", flash: "\(book.name) deleted.")
    }

    static func forWhom(_ book: PriceBook) -> String {
        book.isStandard ? "Standard, for every customer" : "For " + book.accountTypes.map { ChoiceLabel.text($0).lowercased() }.joined(separator: ", ")
    }

    static func types(checked: Set<String>) -> [CheckView] {
        Account.types.filter { $0 != "competitor" }.map { CheckView(value: $0, label: ChoiceLabel.text($0), checked: checked.contains($0)) }
    }

    static func ticked(_ form: [String: String]) -> [String] {
        Account.types.filter { ["on", "true"].contains(form["type.\($0)"] ?? "") }
    }

    static func words(_ error: RapportError) -> String {
        error.fieldIssues.map { "\($0.field.replacingOccurrences(of: "_", with: " ").capitalized): \($0.reason)" }.joined(separator: "; ")
    }
}

struct PriceBooksContent { var books: PriceBooksView }

struct PriceBooksView {
    var canEdit: Bool
    var rows: [PriceBookRowView]
    var currencies: [OptionView]
    var types: [CheckView]
}

struct PriceBookRowView {
    var name: String
    var href: String
    var currency: String
    var forWhom: String
    var prices: String
    var active: Bool
}

struct PriceBookContent { var book: PriceBookView }

struct PriceBookView {
    var name: String
    var currency: String
    var forWhom: String
    var description: String?
    var active: Bool
    var canEdit: Bool
    var action: String
    var rows: [PriceRowView]
    var products: [OptionView]
    var types: [CheckView]
}

struct PriceRowView {
    var product: String
    var href: String
    var productID: String
    var sku: String
    var list: String
    var price: String
    var difference: String
    var removeAction: String
}

struct CheckView {
    var value: String
    var label: String
    var checked: Bool
}
