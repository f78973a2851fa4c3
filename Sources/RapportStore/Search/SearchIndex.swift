import Foundation
import RapportCore
import SQLKit

/// The global search index: one document per record, kept in step with it in the same transaction.
///
/// Documents hold pre-normalised tokens (see `SearchText`), so SQLite FTS5 and PostgreSQL's
/// `simple` text search configuration index exactly the same words and answer alike.
enum SearchIndex {
    /// Writes (or rewrites) the document of a record and its title keys. `isNew` says the record has
    /// just been created, so it has no keys to replace yet.
    static func upsert<E: Entity>(
        _ record: Record<E>, extraText: String = "", subtitle: String, isNew: Bool = false, on sql: any SQLDatabase
    ) async throws {
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
        if !isNew {
            try await sql.raw("DELETE FROM search_title_keys WHERE record_id = \(bind: record.id.uuid)").run()
        }
        let keys = SearchText.titleKeys(title: record.title, document: doc)
        guard !keys.isEmpty else { return }
        let rows: [SQLQueryString] = keys.map {
            "(\(bind: record.workspaceID.uuid), \(bind: $0), \(bind: record.id.uuid))"
        }
        try await sql.raw(
            "INSERT INTO search_title_keys (workspace_id, key, record_id) VALUES \(rows.joined(separator: ", "))"
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

    /// How many of the newest matching documents the second step ranks.
    static let candidates = 200

    /// Hits over every entity the principal may see, in two bounded steps, neither of which ranks an
    /// unbounded set (`ma` matches half of a million documents):
    ///
    /// 1. titles with a word that starts with what was typed (`sch` → *Anna Schmidt*, *Schmitt AG*;
    ///    `anna sch` → *Anna Schmidt*): a range of the title-key index, in alphabetical order;
    /// 2. if that leaves room, every other document that matches each term as a prefix, in any field
    ///    and order: the newest `candidates` matches, titles with a word starting with the first term
    ///    first, then alphabetically.
    ///
    /// Both engines take the same steps, so they answer alike; where more than `candidates` documents
    /// match in step 2, the newest are the ones looked at.
    static func search(_ query: String, limit: Int, by principal: Principal, dialect: Dialect, on sql: any SQLDatabase)
        async throws -> [SearchHit]
    {
        let terms = SearchText.queryTerms(query)
        guard !terms.isEmpty, limit > 0 else { return [] }
        let visible = Visibility.predicate(principal, prefix: "d.")
        let workspace = principal.workspaceID.uuid
        var hits: [SearchHit] = []
        var seen: Set<String> = []

        let prefix = SearchText.titlePrefix(terms)
        if prefix.count <= SearchText.maxTitleKey, let upper = SearchText.successor(of: prefix) {
            // A record can match through two of its keys (`ann` in *Anna Annan*): read a few extra.
            let rows = try await sql.raw(
                """
                SELECT d.entity, d.record_id, d.title, d.subtitle FROM search_title_keys k
                JOIN search_docs d ON d.record_id = k.record_id
                WHERE k.workspace_id = \(bind: workspace) AND k.key >= \(bind: prefix) AND k.key < \(bind: upper)
                  AND d.deleted = \(bind: false) AND \(visible)
                ORDER BY k.key, k.record_id LIMIT \(literal: limit * 2)
                """
            ).all()
            for row in rows where hits.count < limit {
                let hit = try Self.hit(row)
                if seen.insert(hit.id).inserted { hits.append(hit) }
            }
        }
        guard hits.count < limit else { return hits }

        let expression = matchExpression(terms, dialect: dialect)
        let query: SQLQueryString
        switch dialect {
        case .sqlite:
            query = """
                SELECT d.entity, d.record_id, d.title, d.subtitle FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                WHERE search_fts MATCH \(bind: expression) AND d.workspace_id = \(bind: workspace)
                  AND d.deleted = \(bind: false) AND \(visible)
                ORDER BY search_fts.rowid DESC LIMIT \(literal: candidates)
                """
        case .postgres:
            query = """
                SELECT d.entity, d.record_id, d.title, d.subtitle FROM search_docs d
                WHERE d.tsv @@ to_tsquery('simple', \(bind: expression)) AND d.workspace_id = \(bind: workspace)
                  AND d.deleted = \(bind: false) AND \(visible)
                ORDER BY d.id DESC LIMIT \(literal: candidates)
                """
        }
        let first = terms[0]
        let ranked = try await sql.raw(query).all().map(Self.hit)
            .filter { !seen.contains($0.id) }
            .map { hit -> (titleHit: Bool, key: String, hit: SearchHit) in
                let words = SearchText.tokens(hit.title)
                return (words.contains { $0.hasPrefix(first) }, words.joined(separator: " "), hit)
            }
            .sorted { a, b in
                if a.titleHit != b.titleHit { return a.titleHit }
                if a.key != b.key { return a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars) }
                return a.hit.id < b.hit.id
            }
        for candidate in ranked where hits.count < limit { hits.append(candidate.hit) }
        return hits
    }

    static func hit(_ row: any SQLRow) throws -> SearchHit {
        SearchHit(
            entity: try row.decode(column: "entity", as: String.self),
            id: try row.decode(column: "record_id", as: UUID.self).lowercasedText,
            title: try row.decode(column: "title", as: String.self),
            subtitle: try row.decode(column: "subtitle", as: String.self))
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
