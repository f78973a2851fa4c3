import Foundation
import RapportCore
import SQLKit

extension RecordStore where E == Account {
    /// Live accounts the principal can see named exactly `name`, ignoring case and accents: how an
    /// import matches a vCard's `ORG` or a CSV's company column. A seek on the sort-name index.
    public func named(_ name: String, limit: Int = 5, by principal: Principal) async throws -> [Record<Account>] {
        let key = SearchText.fold(name.trimmingWhitespace())
        guard !key.isEmpty else { return [] }
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columnList) FROM accounts
                WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND sort_name = \(bind: String(key.prefix(120)))
                  AND deleted_at IS NULL AND \(Visibility.predicate(principal))
                ORDER BY id LIMIT \(literal: max(1, limit))
                """
            ).all()
        }
        return try rows.map { try RecordCodec.record($0, as: Account.self) }.filter { SearchText.fold($0.title) == key }
    }
}
