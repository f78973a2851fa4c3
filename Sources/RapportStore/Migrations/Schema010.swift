import Foundation
import RapportCore
import SQLKit

/// Search as typed at a million records: the title keys (`search_title_keys`) global search finds
/// a title by with a B-tree range instead of ranking every full-text match of a short prefix.
///
/// A record has a key per word of its title, from that word on (see `SearchText.titleKeys`); keys
/// compare by code point on both engines (`COLLATE "C"` on PostgreSQL, SQLite's default), so a
/// prefix range selects and orders the same keys on each. The backfill makes the keys of every
/// existing document in Swift, in the migration's transaction.
enum Schema010 {
    static let migration = Migration(
        number: 10, name: "search title keys",
        statements: { dialect in
            [
                """
                CREATE TABLE search_title_keys (
                    workspace_id {uuid} NOT NULL,
                    key TEXT\(dialect == .postgres ? " COLLATE \"C\"" : "") NOT NULL,
                    record_id {uuid} NOT NULL
                )
                """,
                "CREATE INDEX search_title_keys_key ON search_title_keys (workspace_id, key, record_id)",
                "CREATE INDEX search_title_keys_record ON search_title_keys (record_id)",
            ]
        },
        backfill: { sql in try await backfill(on: sql) })

    /// Keys for every search document, a few thousand documents per statement.
    static func backfill(on sql: any SQLDatabase) async throws {
        var after: Int64 = 0
        while true {
            let rows = try await sql.raw(
                "SELECT id, workspace_id, record_id, title, doc FROM search_docs WHERE id > \(bind: after) ORDER BY id LIMIT 2000"
            ).all()
            guard !rows.isEmpty else { return }
            var values: [SQLQueryString] = []
            for row in rows {
                after = try row.decode(column: "id", as: Int64.self)
                let workspace = try row.decode(column: "workspace_id", as: UUID.self)
                let record = try row.decode(column: "record_id", as: UUID.self)
                let keys = SearchText.titleKeys(
                    title: try row.decode(column: "title", as: String.self), document: try row.decode(column: "doc", as: String.self))
                for key in keys { values.append("(\(bind: workspace), \(bind: key), \(bind: record))") }
            }
            var start = 0
            while start < values.count {
                let chunk = Array(values[start..<min(values.count, start + 1_000)])
                try await sql.raw(
                    "INSERT INTO search_title_keys (workspace_id, key, record_id) VALUES \(chunk.joined(separator: ", "))"
                ).run()
                start += chunk.count
            }
        }
    }
}
