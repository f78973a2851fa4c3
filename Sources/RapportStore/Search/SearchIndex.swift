import Foundation
import RapportCore
import SQLKit

/// The global search index: one document per record, kept in step with it in the same transaction.
///
/// Documents hold pre-normalised tokens (see `SearchText`), so SQLite FTS5 and PostgreSQL's
/// `simple` text search configuration index exactly the same words and answer alike.
enum SearchIndex {
    /// Writes (or rewrites) the document of a record.
    static func upsert<E: Entity>(_ record: Record<E>, extraText: String = "", subtitle: String, on sql: any SQLDatabase)
        async throws
    {
        var doc = SearchText.document(for: record.values, of: E.self)
        if !extraText.isEmpty { doc += " " + SearchText.tokens(extraText).joined(separator: " ") }
        try await sql.raw(
            """
            INSERT INTO search_docs (workspace_id, entity, record_id, title, subtitle, doc, owner_id, team_id, shared, deleted)
            VALUES (\(bind: record.workspaceID.uuid), \(bind: E.name), \(bind: record.id.uuid), \(bind: record.title),
                    \(bind: subtitle), \(bind: doc), \(bind: record.ownerID?.uuid), \(bind: record.teamID?.uuid),
                    \(bind: record.shared), \(bind: record.deletedAt != nil))
            ON CONFLICT (record_id) DO UPDATE SET title = excluded.title, subtitle = excluded.subtitle, doc = excluded.doc,
                owner_id = excluded.owner_id, team_id = excluded.team_id, shared = excluded.shared, deleted = excluded.deleted
            """
        ).run()
    }

    /// The match expression for query terms, every term a prefix: FTS5 `"jan"* AND "doe"*`,
    /// PostgreSQL `jan:* & doe:*`. Terms are alphanumeric tokens, so no quoting issues arise.
    static func matchExpression(_ terms: [String], dialect: Dialect) -> String {
        switch dialect {
        case .sqlite: terms.map { "\"\($0)\"*" }.joined(separator: " AND ")
        case .postgres: terms.map { "\($0):*" }.joined(separator: " & ")
        }
    }

    /// A condition selecting record IDs of an entity whose document matches the terms.
    static func matchingIDs(entity: String, terms: [String], workspace: Workspace.ID, dialect: Dialect) -> SQLQueryString {
        let expression = matchExpression(terms, dialect: dialect)
        switch dialect {
        case .sqlite:
            return """
                id IN (SELECT d.record_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                       WHERE search_fts MATCH \(bind: expression) AND d.entity = \(bind: entity)
                         AND d.workspace_id = \(bind: workspace.uuid))
                """
        case .postgres:
            return """
                id IN (SELECT record_id FROM search_docs WHERE tsv @@ to_tsquery('simple', \(bind: expression))
                       AND entity = \(bind: entity) AND workspace_id = \(bind: workspace.uuid))
                """
        }
    }

    /// Ranked hits over every entity the principal may see.
    static func search(_ query: String, limit: Int, by principal: Principal, dialect: Dialect, on sql: any SQLDatabase)
        async throws -> [SearchHit]
    {
        let terms = SearchText.queryTerms(query)
        guard !terms.isEmpty else { return [] }
        let expression = matchExpression(terms, dialect: dialect)
        let visible = Visibility.predicate(principal, prefix: "d.")
        let query: SQLQueryString
        switch dialect {
        case .sqlite:
            query = """
                SELECT d.entity, d.record_id, d.title, d.subtitle FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                WHERE search_fts MATCH \(bind: expression) AND d.workspace_id = \(bind: principal.workspaceID.uuid)
                  AND d.deleted = \(bind: false) AND \(visible)
                ORDER BY bm25(search_fts), d.title LIMIT \(literal: limit)
                """
        case .postgres:
            query = """
                SELECT d.entity, d.record_id, d.title, d.subtitle FROM search_docs d
                WHERE d.tsv @@ to_tsquery('simple', \(bind: expression)) AND d.workspace_id = \(bind: principal.workspaceID.uuid)
                  AND d.deleted = \(bind: false) AND \(visible)
                ORDER BY ts_rank(d.tsv, to_tsquery('simple', \(bind: expression))) DESC, d.title LIMIT \(literal: limit)
                """
        }
        let rows = try await sql.raw(query).all()
        return try rows.map { row in
            SearchHit(
                entity: try row.decode(column: "entity", as: String.self),
                id: try row.decode(column: "record_id", as: UUID.self).uuidString.lowercased(),
                title: try row.decode(column: "title", as: String.self),
                subtitle: try row.decode(column: "subtitle", as: String.self))
        }
    }
}

/// The row filter that hides records a principal may not see.
enum Visibility {
    /// `TRUE` for admins; otherwise owner, shared, or one of the principal's visible teams.
    static func predicate(_ principal: Principal, prefix: String = "") -> SQLQueryString {
        if principal.seesEverything { return "1 = 1" }
        var parts: [SQLQueryString] = ["\(unsafeRaw: prefix)shared = \(bind: true)"]
        if let user = principal.userID { parts.append("\(unsafeRaw: prefix)owner_id = \(bind: user.uuid)") }
        if !principal.visibleTeams.isEmpty {
            let teams: [any Encodable & Sendable] = principal.visibleTeams.sorted().map(\.uuid)
            parts.append("\(unsafeRaw: prefix)team_id IN (\(binds: teams))")
        }
        return "(" + parts.joined(separator: " OR ") + ")"
    }
}
