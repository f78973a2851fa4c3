/// Something the company sells: a product or a service, with its list price and cost, how it is
/// counted and taxed, and what people need to know about it. The catalog is the workspace's:
/// everyone sees it, managers and admins change it.
public enum Product: Entity {
    public static let name = "product"
    public static let table = "products"
    public static let isCatalog = true

    public static let units = ["each", "hour", "day", "month", "year", "seat", "licence", "kg", "m", "l", "pack"]
    public static let taxClasses = ["standard", "reduced", "zero", "exempt"]

    public static let fields: [FieldSpec] = [
        FieldSpec(
            "sku", "SKU", .text(max: 64), required: true,
            help: "The stock-keeping unit: unique in the workspace, stored in capitals.", searchable: true),
        FieldSpec("name", "Name", .text(max: 200), required: true, searchable: true),
        FieldSpec("category", "Category", .text(max: 100), help: "e.g. Instruments, Consumables, Services.", searchable: true),
        FieldSpec("description", "Description", .longText(max: 20_000)),
        FieldSpec("specs", "Specifications", .longText(max: 10_000), help: "One per line, e.g. Weight: 4.2 kg."),
        FieldSpec("unit", "Unit", .choice(units), required: true, help: "How quantities are counted on quotes."),
        FieldSpec("price", "List price", .money, help: "The price of one unit before any price book or discount."),
        FieldSpec("cost", "Unit cost", .money, help: "What one unit costs the company; margins are computed from it."),
        FieldSpec("tax_class", "Tax class", .choice(taxClasses), required: true),
        FieldSpec("active", "Sold now", .bool, help: "Retired products stay on past quotes and orders but cannot be added."),
        FieldSpec("tags", "Tags", .tags(max: 30), searchable: true),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["unit"] == nil { values["unit"] = .text("each") }
        if values["tax_class"] == nil { values["tax_class"] = .text("standard") }
        if values["active"] == nil { values["active"] = .bool(true) }
        if let sku = values["sku"]?.text {
            let normal = sku.trimmingWhitespace().uppercased()
            if normal.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
                issues.append(FieldIssue(field: "sku", reason: "cannot contain spaces"))
            }
            values["sku"] = .text(normal)
        }
        if let price = values["price"]?.money, price.minor < 0 {
            issues.append(FieldIssue(field: "price", reason: "cannot be negative"))
        }
        if let cost = values["cost"]?.money, cost.minor < 0 {
            issues.append(FieldIssue(field: "cost", reason: "cannot be negative"))
        }
        if let price = values["price"]?.money, let cost = values["cost"]?.money, price.currency != cost.currency {
            issues.append(FieldIssue(field: "cost", reason: "must be in the list price's currency (\(price.currency))"))
        }
    }

    public static func title(of values: FieldValues) -> String {
        let name = values["name"]?.text ?? "Unnamed product"
        guard let sku = values["sku"]?.text else { return name }
        return "\(name) (\(sku))"
    }
}
