import Foundation
import RapportCore

extension Product: WebEntity {
    static let singular = "product"
    static let plural = "Products"
    static let path = "/products"
    static let listFilters = ["unit", "tax_class"]

    static let columns: [ListColumn<Product>] = [
        ListColumn(label: "Product", sort: .name) { r, _ in
            CellView(text: r["name"]?.text ?? r.title, href: "/products/\(r.id)")
        },
        ListColumn(label: "SKU") { r, _ in CellView(text: r["sku"]?.text ?? "—") },
        ListColumn(label: "Category") { r, _ in CellView(text: r["category"]?.text ?? "—", muted: r["category"] == nil) },
        ListColumn(label: "Unit") { r, _ in CellView(text: ChoiceLabel.text(r["unit"]?.text ?? "each"), muted: true) },
        ListColumn(label: "List price", numeric: true) { r, _ in
            CellView(text: r["price"]?.display ?? "—", muted: r["price"] == nil)
        },
        ListColumn(label: "Margin", numeric: true) { r, _ in
            guard let text = margin(r) else { return CellView(text: "—", muted: true) }
            return CellView(text: text, muted: true)
        },
        ListColumn(label: "Sold") { r, _ in
            r["active"]?.bool == false ? CellView(text: "Retired", muted: true, badge: true) : CellView(text: "Yes", badge: true)
        },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Product", ["name", "sku", "category", "unit", "active"]),
        ("Price", ["price", "cost", "tax_class"]),
        ("Knowledge", ["description", "specs", "tags"]),
    ]

    static func facts(_ r: Record<Product>, _ l: Lookups) -> [FactView] {
        var facts = [FactView(label: "SKU", value: r["sku"]?.text ?? "—")]
        if let price = r["price"] { facts.append(FactView(label: "List price", value: price.display + " / " + ChoiceLabel.text(r["unit"]?.text ?? "each").lowercased())) }
        if let cost = r["cost"] { facts.append(FactView(label: "Unit cost", value: cost.display)) }
        if let margin = margin(r) { facts.append(FactView(label: "Margin", value: margin)) }
        facts.append(FactView(label: "Tax class", value: ChoiceLabel.text(r["tax_class"]?.text ?? "standard")))
        if r["active"]?.bool == false { facts.append(FactView(label: "Sold", value: "Retired")) }
        return facts
    }

    static func subheading(_ r: Record<Product>, _ l: Lookups) -> String? { r["category"]?.text }

    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        [ActionLink(text: "Price books", href: "/price-books", icon: "products")]
    }

    static func recordActions(_ record: Record<Product>) -> [ActionLink] {
        [ActionLink(text: "Configurator", href: "/products/\(record.id)/configurator", icon: "settings")]
    }

    /// The list price's margin over cost, as a percentage of the price (one decimal).
    static func margin(_ r: Record<Product>) -> String? {
        guard let price = r["price"]?.money, let cost = r["cost"]?.money, price.currency == cost.currency, price.minor > 0 else {
            return nil
        }
        let tenths = QuoteArithmetic.tenths(price.minor - cost.minor, of: price.minor, scale: 1000)
        return (tenths < 0 ? "-" : "") + QuoteArithmetic.tenthsText(tenths) + "%"
    }
}
