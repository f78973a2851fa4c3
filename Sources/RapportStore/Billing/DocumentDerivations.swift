import Foundation
import RapportCore
import SQLKit

/// What every quote, order and invoice write keeps true, inside its transaction: a new document
/// starts as a draft in the workspace's currency with its number (invoices are numbered when
/// issued); once it has left draft, what the customer was given no longer changes; its currency
/// stays while it has lines (their prices are in it).
enum DocumentDerivations {
    /// Fields that may change whatever the status: internal notes, and who owns it.
    static let alwaysEditable: Set<String> = ["notes"]

    static func rules<D: SalesDocument>() -> WriteDerivation<D> {
        WriteDerivation { record, previous, principal, sql in
            if record["currency"] == nil {
                record.values["currency"] = .text(try await BillingSettings.load(principal.workspaceID, on: sql).currency)
            }
            guard let previous else {
                if record["status"] == nil { record.values["status"] = .text(D.initialStatus) }
                if D.self == Quote.self, record["revision"] == nil { record.values["revision"] = .int(1) }
                if D.kind != .invoice, record["number"] == nil {
                    record.values["number"] = .text(try await DocumentNumbers.next(D.kind, workspace: principal.workspaceID, on: sql))
                }
                return
            }
            let changed = Set(D.fields.filter { !$0.readOnly && previous[$0.name] != record[$0.name] }.map(\.name))
            if !D.isEditable(previous.values), let field = changed.subtracting(alwaysEditable).sorted().first {
                let status = ChoiceText.words(previous["status"]?.text ?? "")
                let advice = D.self == Quote.self ? "revise it to change it" : "it can no longer change"
                throw RapportError.invalid(field: field, reason: "cannot change: this \(D.name) is \(status); \(advice)")
            }
            if changed.contains("currency") {
                let lines = try await sql.raw("SELECT COUNT(*) AS n FROM document_lines WHERE document_id = \(bind: record.id.uuid)")
                    .first()?.decode(column: "n", as: Int.self) ?? 0
                if lines > 0 {
                    throw RapportError.invalid(field: "currency", reason: "cannot change while the \(D.name) has lines priced in it")
                }
            }
        }
    }
}
