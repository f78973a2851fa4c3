import Foundation
import RapportCore
import RapportStore

/// A product's bundle contents on its page, with their list prices against the bundle's.
enum BundlePanel {
    static func load(_ product: Record<Product>, store: Store, principal: Principal) async throws -> BundlePanelView {
        let components = try await store.bundles.components(of: product.id)
        let records = try await store.products.get(many: components.map { .init($0.product) }, by: principal)
        let byID = Dictionary(records.map { ($0.id.uuid, $0) }, uniquingKeysWith: { a, _ in a })
        var sum: Int64 = 0
        var priced = true
        let currency = product["price"]?.money?.currency
        let rows = components.map { part -> BundleRowView in
            let record = byID[part.product]
            let price = record?["price"]?.money
            if let price, price.currency == currency {
                sum += Int64(QuoteArithmetic.divideRounded(Int128(part.quantity.thousandths) * Int128(price.minor), by: 1000))
            } else {
                priced = false
            }
            return BundleRowView(
                name: record?["name"]?.text ?? "Unknown product", quantity: part.quantity.description, listPrice: price?.description ?? "No list price",
                href: "/products/\(part.product.lowercasedText)", productID: part.product.lowercasedText)
        }
        var summary = ""
        if priced, let currency, let own = product["price"]?.money, !components.isEmpty {
            let parts = Money(minor: sum, currency: currency)
            summary = own.minor < sum
                ? "Bought separately: \(parts.description); the bundle saves \(Money(minor: sum - own.minor, currency: currency).description)."
                : "Bought separately: \(parts.description)."
        }
        var options: [OptionView] = []
        let canEdit = principal.mayChange(Product.self)
        if canEdit {
            options = try await store.products.list(ListQuery(limit: 500), by: principal).items
                .filter { $0.id != product.id && $0["active"]?.bool != false }
                .map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
        }
        return BundlePanelView(
            rows: rows, summary: summary, canEdit: canEdit, action: "/products/\(product.id)/components", products: options)
    }
}

struct BundlePanelView {
    var rows: [BundleRowView]
    var summary: String
    var canEdit: Bool
    var action: String
    var products: [OptionView]
}

struct BundleRowView {
    var name: String
    var quantity: String
    var listPrice: String
    var href: String
    var productID: String
}
