import Foundation
import RapportCore
import SQLKit

/// Turns the lines someone asked for into priced lines: the product's name and SKU, its price for
/// this customer in the document's currency (price book, else list price), the tax rate of its
/// tax class, and its unit cost for margins. Each problem names its line (`lines[1].product_id`).
struct LinePricing {
    let currency: String
    let accountType: String?
    let books: [PriceBook]
    let settings: BillingSettings

    static func load(currency: String, account: UUID?, settings: BillingSettings, workspace: Workspace.ID, on sql: any SQLDatabase)
        async throws -> LinePricing
    {
        var type: String?
        if let account {
            type = try await sql.raw(
                "SELECT type FROM accounts WHERE id = \(bind: account) AND workspace_id = \(bind: workspace.uuid)"
            ).first()?.decode(column: "type", as: String.self)
        }
        return LinePricing(
            currency: currency, accountType: type?.isEmpty == false ? type : nil,
            books: try await PriceBookStore.books(workspace, on: sql), settings: settings)
    }

    /// Prices new lines. `existing` lines (copied from another document) keep their prices.
    func price(_ requests: [LineRequest], workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [DocumentLine] {
        let ids = Array(Set(requests.compactMap(\.productID)))
        var products: [UUID: Record<Product>] = [:]
        for id in ids {
            if let product = try await RecordStore<Product>.fetch(.init(id), workspace: workspace, on: sql) { products[id] = product }
        }
        var issues: [FieldIssue] = []
        var lines: [DocumentLine] = []
        for (index, request) in requests.enumerated() {
            let at = "lines[\(index)]"
            var line = DocumentLine(
                productID: nil, sku: "", description: request.description ?? "", quantity: request.quantity, unitPrice: request.unitPrice ?? 0,
                discount: request.discount, taxRate: request.taxRate ?? settings.taxRates.rate(forClass: "standard"),
                sourceLineID: request.sourceLineID)
            if let id = request.productID {
                guard let product = products[id], product.deletedAt == nil else {
                    issues.append(FieldIssue(field: "\(at).product_id", reason: "is not a product of the catalog"))
                    continue
                }
                if product["active"]?.bool == false {
                    issues.append(FieldIssue(field: "\(at).product_id", reason: "\(product.title) is retired and cannot be sold"))
                    continue
                }
                line.productID = id
                line.sku = product["sku"]?.text ?? ""
                if request.description == nil { line.description = product["name"]?.text ?? product.title }
                if request.taxRate == nil { line.taxRate = settings.taxRates.rate(forClass: product["tax_class"]?.text) }
                if let cost = product["cost"]?.money, cost.currency == currency { line.unitCost = cost.minor }
                let contents = try await Bundles.components(id, on: sql)
                if !contents.isEmpty {
                    var names: [String] = []
                    var cost: Int64? = 0
                    for part in contents {
                        let record = try await RecordStore<Product>.fetch(.init(part.product), workspace: workspace, on: sql)
                        names.append("\(part.quantity) × \(record?["name"]?.text ?? "?")")
                        if let partCost = record?["cost"]?.money, partCost.currency == currency, let sum = cost {
                            cost = sum + Int64(QuoteArithmetic.divideRounded(Int128(part.quantity.thousandths) * Int128(partCost.minor), by: 1000))
                        } else {
                            cost = nil
                        }
                    }
                    if request.description == nil { line.description += " (" + names.joined(separator: ", ") + ")" }
                    if line.unitCost == nil { line.unitCost = cost }
                }
                if request.unitPrice == nil {
                    let entries = try await PriceBookStore.prices(.init(id), workspace, on: sql)
                    guard
                        let resolved = ResolvedPrice.choose(
                            currency: currency, accountType: accountType, books: books, entries: entries, listPrice: product["price"]?.money)
                    else {
                        issues.append(
                            FieldIssue(
                                field: "\(at).unit_price",
                                reason: "\(product.title) has no \(currency) price: add it to a \(currency) price book, or give a unit price"))
                        continue
                    }
                    line.unitPrice = resolved.unitPrice.minor
                }
            } else if request.unitPrice == nil {
                issues.append(FieldIssue(field: "\(at).unit_price", reason: "is required for a line without a product"))
                continue
            }
            lines.append(line)
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return lines
    }
}
