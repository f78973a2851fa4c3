import Foundation
import RapportCore
import SQLKit

/// The lines of quotes, orders and invoices, in one table, and the totals they give.
enum DocumentLines {
    static func load(_ document: UUID, on sql: any SQLDatabase) async throws -> [DocumentLine] {
        try await sql.raw(
            """
            SELECT id, product_id, sku, description, quantity, unit_price, discount, tax_rate, unit_cost, source_line_id
            FROM document_lines WHERE document_id = \(bind: document) ORDER BY position
            """
        ).all().map { row in
            DocumentLine(
                id: try row.decode(column: "id", as: UUID.self), productID: try row.decode(column: "product_id", as: UUID?.self),
                sku: try row.decode(column: "sku", as: String.self), description: try row.decode(column: "description", as: String.self),
                quantity: Quantity(thousandths: try row.decode(column: "quantity", as: Int64.self)),
                unitPrice: try row.decode(column: "unit_price", as: Int64.self),
                discount: Rate(millionths: try row.decode(column: "discount", as: Int64.self)),
                taxRate: Rate(millionths: try row.decode(column: "tax_rate", as: Int64.self)),
                unitCost: try row.decode(column: "unit_cost", as: Int64?.self),
                sourceLineID: try row.decode(column: "source_line_id", as: UUID?.self))
        }
    }

    /// Replaces a document's lines; `totals` are the lines' amounts, in the same order.
    static func replace(
        _ lines: [DocumentLine], totals: QuoteArithmetic.Totals, of document: UUID, kind: DocumentKind, workspace: Workspace.ID,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.raw("DELETE FROM document_lines WHERE document_id = \(bind: document)").run()
        for (position, line) in lines.enumerated() {
            try await sql.raw(
                """
                INSERT INTO document_lines (id, workspace_id, document_id, kind, position, product_id, sku, description, quantity,
                    unit_price, discount, tax_rate, unit_cost, net, source_line_id)
                VALUES (\(bind: line.id), \(bind: workspace.uuid), \(bind: document), \(bind: kind.rawValue), \(bind: position),
                    \(bind: line.productID), \(bind: line.sku), \(bind: line.description), \(bind: line.quantity.thousandths),
                    \(bind: line.unitPrice), \(bind: line.discount.millionths), \(bind: line.taxRate.millionths), \(bind: line.unitCost),
                    \(bind: totals.lines[position].net), \(bind: line.sourceLineID))
                """
            ).run()
        }
    }

    /// The values Rapport keeps on a document from its lines: the totals and the lines in words.
    static func derivedValues(_ lines: [DocumentLine], currency: String) throws -> (RecordValuesPatch, QuoteArithmetic.Totals) {
        let totals = try QuoteArithmetic.totals(lines.map(\.arithmetic))
        var cost: Int64? = lines.isEmpty ? nil : 0
        for line in lines {
            guard let lineCost = try line.cost(), let sum = cost else {
                cost = nil
                break
            }
            let (added, overflow) = sum.addingReportingOverflow(lineCost)
            if overflow { throw RapportError.invalid(field: "lines", reason: "makes an amount too large") }
            cost = added
        }
        func money(_ minor: Int64) -> FieldValue { .money(Money(minor: minor, currency: currency)) }
        let patch: RecordValuesPatch = [
            "subtotal": money(totals.subtotal), "discount_total": money(totals.discount), "tax_total": money(totals.tax),
            "total": money(totals.total), "cost_total": cost.map(money),
            "lines_summary": lines.isEmpty ? nil : .text(summary(lines, currency: currency)),
        ]
        return (patch, totals)
    }

    /// `2 × Spectrometer X200 (SX-200) at 12,000.00 less 5%; 1 × Installation at 900.00`.
    static func summary(_ lines: [DocumentLine], currency: String) -> String {
        lines.map { line in
            var text = "\(line.quantity) × \(line.description)"
            if !line.sku.isEmpty, !line.description.contains(line.sku) { text += " (\(line.sku))" }
            text += " at \(Money(minor: line.unitPrice, currency: currency).description)"
            if line.discount.millionths > 0 { text += " less \(line.discount)%" }
            return text
        }.joined(separator: "; ")
    }
}

/// Field values to set (`.some(nil)` clears one).
typealias RecordValuesPatch = [String: FieldValue?]

extension RecordChanges {
    static func setting(_ patch: RecordValuesPatch) -> RecordChanges {
        var changes = RecordChanges()
        for (name, value) in patch where E.field(name) != nil { changes.values[name] = .some(value) }
        return changes
    }
}
