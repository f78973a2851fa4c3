import RapportCore
import SQLKit

/// One number sequence per workspace and kind of document. A number is taken inside the write
/// that uses it: if that write fails, the number goes back with it, so no number is skipped; the
/// row lock (PostgreSQL) or the single writer (SQLite) keeps two writes from taking the same one.
enum DocumentNumbers {
    static func next(_ kind: DocumentKind, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> String {
        try await sql.raw(
            """
            INSERT INTO document_numbers (workspace_id, kind, last_value) VALUES (\(bind: workspace.uuid), \(bind: kind.rawValue), 0)
            ON CONFLICT (workspace_id, kind) DO NOTHING
            """
        ).run()
        guard
            let row = try await sql.raw(
                """
                UPDATE document_numbers SET last_value = last_value + 1
                WHERE workspace_id = \(bind: workspace.uuid) AND kind = \(bind: kind.rawValue) RETURNING last_value
                """
            ).first()
        else { throw RapportError.conflict("The \(kind.rawValue) number sequence is missing.") }
        return kind.number(try row.decode(column: "last_value", as: Int64.self))
    }
}
