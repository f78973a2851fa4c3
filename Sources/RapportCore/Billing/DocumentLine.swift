import Foundation

/// One line of a quote, order or invoice: a product (or a free-text item), how many, at what
/// unit price, less what discount, taxed at what rate. Amounts are minor units of the document's
/// currency; `QuoteArithmetic` turns lines into totals.
public struct DocumentLine: Sendable, Equatable {
    public var id: UUID
    public var productID: UUID?
    public var sku: String
    public var description: String
    public var quantity: Quantity
    public var unitPrice: Int64
    public var discount: Rate
    public var taxRate: Rate
    /// What one unit cost the company when the line was made (for margins); nil when unknown.
    public var unitCost: Int64?
    /// The line this one came from: a quote's line for an order's, an order's for an invoice's.
    public var sourceLineID: UUID?

    public init(
        id: UUID = UUIDv7.make(), productID: UUID?, sku: String, description: String, quantity: Quantity, unitPrice: Int64,
        discount: Rate = .zero, taxRate: Rate = .zero, unitCost: Int64? = nil, sourceLineID: UUID? = nil
    ) {
        self.id = id
        self.productID = productID
        self.sku = sku
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
        self.unitCost = unitCost
        self.sourceLineID = sourceLineID
    }

    public var arithmetic: QuoteArithmetic.Line {
        QuoteArithmetic.Line(quantity: quantity, unitPrice: unitPrice, discount: discount, taxRate: taxRate)
    }

    /// The cost of the line (quantity × unit cost), rounded like amounts; nil without a unit cost.
    public func cost() throws(RapportError) -> Int64? {
        guard let unitCost else { return nil }
        return try QuoteArithmetic.fit(
            QuoteArithmetic.divideRounded(Int128(quantity.thousandths) * Int128(unitCost), by: 1000), field: "lines")
    }

    public func json(currency: String, amounts: QuoteArithmetic.LineAmounts?) -> JSONValue {
        func money(_ minor: Int64) -> JSONValue { FieldValue.money(Money(minor: minor, currency: currency)).json }
        var object = JSONObject([
            "id": .string(id.lowercasedText), "product_id": productID.map { .string($0.lowercasedText) } ?? .null,
            "sku": .string(sku), "description": .string(description), "quantity": .string(quantity.description),
            "unit_price": money(unitPrice), "discount": .string(discount.description), "tax_rate": .string(taxRate.description),
            "unit_cost": unitCost.map(money) ?? .null,
        ])
        if let amounts {
            object["gross"] = money(amounts.gross)
            object["discount_amount"] = money(amounts.discount)
            object["net"] = money(amounts.net)
        }
        if let sourceLineID { object["source_line_id"] = .string(sourceLineID.lowercasedText) }
        return .object(object)
    }
}

/// A line as someone asked for it: the product and quantity, and whatever they set instead of the
/// defaults (price from the price book, the product's name, the tax rate of its tax class).
public struct LineRequest: Sendable, Equatable {
    public var productID: UUID?
    public var description: String?
    public var quantity: Quantity
    public var unitPrice: Int64?
    public var discount: Rate
    public var taxRate: Rate?
    public var sourceLineID: UUID?

    public init(
        productID: UUID?, description: String? = nil, quantity: Quantity, unitPrice: Int64? = nil, discount: Rate = .zero,
        taxRate: Rate? = nil, sourceLineID: UUID? = nil
    ) {
        self.productID = productID
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
        self.sourceLineID = sourceLineID
    }

    /// Reads `lines` from a JSON request, naming each bad member (`lines[2].quantity`). Amounts are
    /// in the document's `currency`.
    public static func read(_ value: JSONValue?, currency: String, max: Int = 500) throws(RapportError) -> [LineRequest] {
        guard case .array(let items)? = value else { throw .invalid(field: "lines", reason: "is required: a list of lines") }
        guard items.count <= max else { throw .invalid(field: "lines", reason: "can hold at most \(max) lines") }
        var issues: [FieldIssue] = []
        var result: [LineRequest] = []
        for (index, item) in items.enumerated() {
            let at = "lines[\(index)]"
            guard case .object(let object) = item else {
                issues.append(FieldIssue(field: at, reason: "must be an object"))
                continue
            }
            let known: Set<String> = [
                "product_id", "description", "quantity", "unit_price", "discount", "tax_rate", "source_line_id", "id", "sku",
                "unit_cost", "gross", "discount_amount", "net",
            ]
            for key in object.keys where !known.contains(key) { issues.append(FieldIssue(field: "\(at).\(key)", reason: "is not a line field")) }
            var line = LineRequest(productID: nil, quantity: Quantity(1))
            switch object["product_id"] {
            case nil, .null?: break
            case .string(let text)?:
                if let id = UUID(uuidString: text) { line.productID = id } else {
                    issues.append(FieldIssue(field: "\(at).product_id", reason: "is not a product ID"))
                }
            default: issues.append(FieldIssue(field: "\(at).product_id", reason: "is not a product ID"))
            }
            switch object["description"] {
            case nil, .null?: break
            case .string(let text)?:
                if text.count > 2000 { issues.append(FieldIssue(field: "\(at).description", reason: "must be at most 2,000 characters")) }
                line.description = text.trimmingWhitespace().isEmpty ? nil : text
            default: issues.append(FieldIssue(field: "\(at).description", reason: "must be text"))
            }
            if object["product_id"] == nil || object["product_id"] == .null, line.description == nil {
                issues.append(FieldIssue(field: "\(at).product_id", reason: "is required unless the line has a description"))
            }
            do throws(RapportError) {
                line.quantity = try Quantity.parse(decimalText(object["quantity"], default: "1"), field: "\(at).quantity")
                if line.quantity.thousandths == 0 { throw .invalid(field: "\(at).quantity", reason: "must be more than zero") }
            } catch { issues.append(contentsOf: error.fieldIssues) }
            do throws(RapportError) {
                line.discount = try Rate.percent(decimalText(object["discount"], default: "0"), field: "\(at).discount")
            } catch { issues.append(contentsOf: error.fieldIssues) }
            if let raw = object["tax_rate"], raw != .null {
                do throws(RapportError) { line.taxRate = try Rate.percent(decimalText(raw, default: "0"), field: "\(at).tax_rate") } catch {
                    issues.append(contentsOf: error.fieldIssues)
                }
            }
            switch object["unit_price"] {
            case nil, .null?: break
            case .object(let money)?:
                guard case .int(let minor)? = money["amount_minor"] else {
                    issues.append(FieldIssue(field: "\(at).unit_price", reason: "needs amount_minor, a whole number of minor units"))
                    break
                }
                if let code = money["currency"]?.stringValue, code != currency {
                    issues.append(FieldIssue(field: "\(at).unit_price", reason: "must be in the document's currency (\(currency))"))
                } else if minor < 0 {
                    issues.append(FieldIssue(field: "\(at).unit_price", reason: "cannot be negative"))
                } else {
                    line.unitPrice = minor
                }
            default: issues.append(FieldIssue(field: "\(at).unit_price", reason: "must be {\"amount_minor\": …, \"currency\": \"\(currency)\"}"))
            }
            if case .string(let text)? = object["source_line_id"] { line.sourceLineID = UUID(uuidString: text) }
            result.append(line)
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return result
    }

    /// A number given as JSON text or a JSON number, as decimal text (`2`, `2.5`); `""` for others.
    public static func decimalText(_ value: JSONValue?, default fallback: String) -> String {
        switch value {
        case nil, .null?: fallback
        case .int(let i)?: i < 0 ? "-" : String(i)
        case .double(let d)?: d < 0 || !d.isFinite ? "-" : String(describing: Decimal(d))
        case .string(let s)?: s
        default: "-"
        }
    }
}
