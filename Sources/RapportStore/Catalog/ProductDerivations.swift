import Foundation
import RapportCore
import SQLKit

/// What every product write checks: its SKU is not another product's (deleted ones included, so a
/// restored product never clashes). A unique index backs this up against two writes at once.
enum ProductDerivations {
    static func uniqueSKU() -> WriteDerivation<Product> {
        WriteDerivation { record, previous, principal, sql in
            guard let sku = record["sku"]?.text, previous?["sku"]?.text != sku else { return }
            let row = try await sql.raw(
                """
                SELECT id, name, deleted_at FROM products
                WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND sku = \(bind: sku) AND id <> \(bind: record.id.uuid)
                """
            ).first()
            guard let row else { return }
            let name = try row.decode(column: "name", as: String.self)
            let deleted = try row.decodeNil(column: "deleted_at") ? "" : " (deleted)"
            throw RapportError.invalid(field: "sku", reason: "is already used by \(name)\(deleted)")
        }
    }
}
