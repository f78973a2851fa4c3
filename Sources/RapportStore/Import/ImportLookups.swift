import Foundation
import RapportCore
import SQLKit

/// The database questions an import asks per chunk, each one statement (or a few, for long lists)
/// however many rows ask it.
enum ImportLookups {
    /// Values per `IN (…)` list: well inside both engines' limits on bound parameters.
    static let inList = 500

    /// Runs `query` for slices of `values`, collecting the rows.
    static func each<T: Encodable & Sendable>(
        _ values: [T], on sql: any SQLDatabase, _ query: ([any Encodable & Sendable]) -> SQLQueryString
    ) async throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        var start = 0
        while start < values.count {
            let slice: [any Encodable & Sendable] = Array(values[start..<min(values.count, start + inList)])
            rows += try await sql.raw(query(slice)).all()
            start += inList
        }
        return rows
    }

    /// A live record found by a lookup, with what visibility needs.
    struct Found: Sendable {
        var id: UUID
        var key: String
        var visible: Bool
        var importID: UUID?
    }

    /// Live records of `table` whose folded name (`sort_name`) is one of `names`, by folded name.
    static func byName(table: String, own: Bool, names: [String], principal: Principal, on sql: any SQLDatabase) async throws -> [String: [Found]] {
        let rows = try await each(names, on: sql) { list in
            """
            SELECT id, sort_name AS k, owner_id, team_id, shared, \(unsafeRaw: importColumn(own)) FROM \(unsafeRaw: table)
            WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND deleted_at IS NULL AND sort_name IN (\(binds: list))
            """
        }
        return try group(rows, principal: principal, table: table)
    }

    /// Live records of `table` whose `column` (a text field) is one of `values`.
    static func byColumn(
        table: String, own: Bool, column: String, values: [String], principal: Principal, on sql: any SQLDatabase
    ) async throws -> [String: [Found]] {
        let rows = try await each(values, on: sql) { list in
            """
            SELECT id, \(ident: column) AS k, owner_id, team_id, shared, \(unsafeRaw: importColumn(own)) FROM \(unsafeRaw: table)
            WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND deleted_at IS NULL AND \(ident: column) IN (\(binds: list))
            """
        }
        return try group(rows, principal: principal, table: table)
    }

    /// Records of `table` with these IDs, live or not, by ID (as text).
    static func byID(table: String, own: Bool, ids: [UUID], principal: Principal, live: Bool, on sql: any SQLDatabase) async throws
        -> [String: [Found]]
    {
        let rows = try await each(ids, on: sql) { list in
            """
            SELECT id, id AS k, owner_id, team_id, shared, \(unsafeRaw: importColumn(own)) FROM \(unsafeRaw: table)
            WHERE workspace_id = \(bind: principal.workspaceID.uuid) \(unsafeRaw: live ? "AND deleted_at IS NULL" : "")
              AND id IN (\(binds: list))
            """
        }
        var result: [String: [Found]] = [:]
        for (key, found) in try group(rows, principal: principal, table: table, keyIsID: true) { result[key] = found }
        return result
    }

    /// Live records of `entity` (stored in `table`) with one of these contact points (`email`,
    /// `phone`), by the point's value.
    static func byPoint(
        entity: String, table: String, kind: String, values: [String], principal: Principal, on sql: any SQLDatabase
    ) async throws -> [String: [Found]] {
        let rows = try await each(values, on: sql) { list in
            """
            SELECT DISTINCT t.id, p.value AS k, t.owner_id, t.team_id, t.shared, \(unsafeRaw: importColumn(true, prefix: "t."))
            FROM contact_points p JOIN \(unsafeRaw: table) t ON t.id = p.record_id
            WHERE p.workspace_id = \(bind: principal.workspaceID.uuid) AND p.entity = \(bind: entity) AND p.kind = \(bind: kind)
              AND p.value IN (\(binds: list)) AND t.deleted_at IS NULL
            """
        }
        return try group(rows, principal: principal, table: table)
    }

    /// The rows of `import` that updated these records, by record.
    static func updatedBy(import id: UUID, records: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Int] {
        let rows = try await each(records, on: sql) { list in
            "SELECT record_id, row_number FROM import_changes WHERE import_id = \(bind: id) AND record_id IN (\(binds: list))"
        }
        var result: [UUID: Int] = [:]
        for row in rows {
            result[try row.decode(column: "record_id", as: UUID.self)] = try row.decode(column: "row_number", as: Int.self)
        }
        return result
    }

    /// Names of accounts by ID (for contacts' search entries).
    static func accountNames(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: String] {
        let rows = try await each(ids, on: sql) { list in "SELECT id, name FROM accounts WHERE id IN (\(binds: list))" }
        var result: [UUID: String] = [:]
        for row in rows { result[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self) }
        return result
    }

    /// Full records by ID.
    static func records<E: Entity>(_ entity: E.Type, ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: Record<E>] {
        let rows = try await each(ids, on: sql) { list in
            "SELECT \(unsafeRaw: RecordStore<E>.columnList) FROM \(unsafeRaw: E.table) WHERE id IN (\(binds: list))"
        }
        var result: [UUID: Record<E>] = [:]
        for row in rows {
            let record = try RecordCodec.record(row, as: E.self)
            result[record.id.uuid] = record
        }
        return result
    }

    /// The import that created a record: read from the importing entity's own table, which has the
    /// column; another table (a reference's) may not.
    static func importColumn(_ own: Bool, prefix: String = "") -> String {
        own ? "\(prefix)import_id" : "NULL AS import_id"
    }

    static func group(_ rows: [any SQLRow], principal: Principal, table: String, keyIsID: Bool = false) throws -> [String: [Found]] {
        var result: [String: [Found]] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let key = keyIsID ? id.uuidString.lowercased() : try row.decode(column: "k", as: String.self)
            let visible = principal.canSee(
                owner: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
                team: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
                shared: try row.decode(column: "shared", as: Bool.self))
            let importID = try row.decode(column: "import_id", as: UUID?.self)
            result[key, default: []].append(Found(id: id, key: key, visible: visible, importID: importID))
        }
        return result
    }
}

