import Foundation
import RapportCore
import SQLKit

/// The blocking keys of every live account and contact (`match_keys`), kept in the same
/// transaction as the record, so the create check finds candidates with index seeks and the scan
/// groups records without reading them.
///
/// Keys are stored, so a release that changes how they are made (the nickname table, a new key)
/// needs a migration that calls `rebuild`; `rapport duplicates --rebuild-keys` does it by hand.
enum MatchKeys {
    /// The keys of a record's values; none for entities that are not matched.
    static func keys<E: Entity>(_ record: Record<E>) -> [String] {
        guard record.deletedAt == nil, let matching = E.self as? any DuplicateMatching.Type else { return [] }
        return keys(matching, record.values)
    }

    static func keys<M: DuplicateMatching>(_ entity: M.Type, _ values: FieldValues) -> [String] {
        M.matchKeys(M.matchProfile(values))
    }

    /// Replaces a record's keys (none while it is deleted); writes nothing when they did not change.
    static func replace<E: Entity>(_ record: Record<E>, previous: Record<E>?, on sql: any SQLDatabase) async throws {
        guard E.self is any DuplicateMatching.Type else { return }
        let new = keys(record)
        if let previous {
            if keys(previous) == new { return }
            try await sql.raw("DELETE FROM match_keys WHERE record_id = \(bind: record.id.uuid)").run()
        }
        try await insert(new.map { (record.workspaceID.uuid, E.name, record.id.uuid, $0) }, on: sql)
    }

    /// Inserts rows of (workspace, entity, record, key), several hundred per statement.
    static func insert(_ rows: [(UUID, String, UUID, String)], on sql: any SQLDatabase) async throws {
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + 500)]
            let values: [SQLQueryString] = chunk.map { "(\(bind: $0.0), \(bind: $0.1), \(bind: $0.2), \(bind: $0.3))" }
            try await sql.raw(
                "INSERT INTO match_keys (workspace_id, entity, record_id, key) VALUES \(values.joined(separator: ", "))"
            ).run()
            start += chunk.count
        }
    }

    /// Makes every key again from the records.
    static func rebuild(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM match_keys").run()
        try await backfill(on: sql)
    }

    /// Keys for every live record of the matched entities (the migration that adds the table).
    static func backfill(on sql: any SQLDatabase) async throws {
        try await backfill(Account.self, on: sql)
        try await backfill(Contact.self, on: sql)
    }

    static func backfill<M: DuplicateMatching>(_ entity: M.Type, on sql: any SQLDatabase) async throws {
        var after: UUID?
        while true {
            let page = try await MatchRows.read(
                M.self, where: after.map { "deleted_at IS NULL AND id > \(bind: $0)" } ?? "deleted_at IS NULL",
                orderedByID: true, limit: 5_000, on: sql)
            guard let last = page.last else { return }
            try await insert(page.flatMap { row in keys(M.self, row.values).map { (row.workspaceID, M.name, row.id, $0) } }, on: sql)
            after = last.id
        }
    }
}

/// What matching reads of a record: its ID, workspace, visibility and the fields its profile is
/// made from, and nothing else (a lookup touches many rows; whole records would cost more).
struct MatchRow<M: DuplicateMatching>: Sendable {
    var id: UUID
    var workspaceID: UUID
    var ownerID: User.ID?
    var teamID: Team.ID?
    var shared: Bool
    var values: FieldValues

    var title: String { M.title(of: values) }
}

enum MatchRows {
    /// The columns `decode` reads, each behind `prefix` (a table alias) when given.
    static func columns<M: DuplicateMatching>(_ entity: M.Type, prefix: String = "") -> String {
        let fields = M.matchFields.compactMap(M.field).flatMap(\.columns)
        return (["id", "workspace_id", "owner_id", "team_id", "shared"] + fields).map { prefix + $0 }.joined(separator: ", ")
    }

    static func read<M: DuplicateMatching>(
        _ entity: M.Type, where condition: SQLQueryString, orderedByID: Bool = false, limit: Int? = nil,
        on sql: any SQLDatabase
    ) async throws -> [MatchRow<M>] {
        let order: SQLQueryString = orderedByID ? " ORDER BY id" : ""
        let limitClause: SQLQueryString = limit.map { " LIMIT \(literal: $0)" } ?? ""
        let rows = try await sql.raw(
            "SELECT \(unsafeRaw: columns(M.self)) FROM \(unsafeRaw: M.table) WHERE \(condition)\(order)\(limitClause)"
        ).all()
        return try rows.map { try decode($0, as: M.self) }
    }

    static func decode<M: DuplicateMatching>(_ row: any SQLRow, as entity: M.Type) throws -> MatchRow<M> {
        var values: FieldValues = [:]
        for name in M.matchFields {
            if let spec = M.field(name), let value = try RecordCodec.decode(spec, from: row) { values[name] = value }
        }
        return MatchRow(
            id: try row.decode(column: "id", as: UUID.self),
            workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
            ownerID: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
            teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
            shared: try row.decode(column: "shared", as: Bool.self), values: values)
    }
}
