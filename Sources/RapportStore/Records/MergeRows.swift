import Foundation
import RapportCore
import SQLKit

/// The `merges` table: one row per merge, with its undo snapshot while it can be undone.
enum MergeRows {
    static let columns = """
        id, workspace_id, entity, survivor_id, duplicate_id, survivor_title, duplicate_title, fields, moved, snapshot,
        merged_at, merged_by, merged_by_name, undo_until, undone_at
        """

    static func insert(_ merge: Merge, snapshot: JSONObject, on sql: any SQLDatabase) async throws {
        var moved = JSONObject()
        for (link, count) in merge.moved.sorted(by: { $0.key < $1.key }) { moved[link] = .int(Int64(count)) }
        let fields = JSONWriter.string(.array(merge.fields.map { .string($0) }))
        try await sql.raw(
            """
            INSERT INTO merges (\(unsafeRaw: columns))
            VALUES (\(bind: merge.id.uuid), \(bind: merge.workspaceID.uuid), \(bind: merge.entity), \(bind: merge.survivorID),
                    \(bind: merge.duplicateID), \(bind: merge.survivorTitle), \(bind: merge.duplicateTitle), \(bind: fields),
                    \(bind: JSONWriter.string(.object(moved))), \(bind: JSONWriter.string(.object(snapshot))),
                    \(bind: merge.mergedAt.micros), \(bind: merge.mergedBy?.uuid), \(bind: merge.mergedByName),
                    \(bind: merge.undoUntil.micros), \(bind: Int64?.none))
            """
        ).run()
    }

    /// Merges matching a condition, newest first, with their snapshots (`nil` once expired).
    static func select(_ condition: SQLQueryString, limit: Int, on sql: any SQLDatabase) async throws
        -> [(merge: Merge, snapshot: JSONObject?)]
    {
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: columns) FROM merges WHERE \(condition)
            ORDER BY merged_at DESC, id DESC LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map { row in
            var moved: [String: Int] = [:]
            if case .object(let object) = json(try row.decode(column: "moved", as: String.self)) {
                for (link, count) in object { if case .int(let n) = count { moved[link] = Int(n) } }
            }
            var fields: [String] = []
            if case .array(let items) = json(try row.decode(column: "fields", as: String.self)) {
                fields = items.compactMap(\.stringValue)
            }
            var snapshot: JSONObject?
            if let text = try row.decode(column: "snapshot", as: String?.self), case .object(let object) = json(text) {
                snapshot = object
            }
            let merge = Merge(
                id: .init(try row.decode(column: "id", as: UUID.self)),
                workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
                entity: try row.decode(column: "entity", as: String.self),
                survivorID: try row.decode(column: "survivor_id", as: UUID.self),
                duplicateID: try row.decode(column: "duplicate_id", as: UUID.self),
                survivorTitle: try row.decode(column: "survivor_title", as: String.self),
                duplicateTitle: try row.decode(column: "duplicate_title", as: String.self),
                mergedAt: Timestamp(micros: try row.decode(column: "merged_at", as: Int64.self)),
                mergedBy: try row.decode(column: "merged_by", as: UUID?.self).map(User.ID.init),
                mergedByName: try row.decode(column: "merged_by_name", as: String.self),
                undoUntil: Timestamp(micros: try row.decode(column: "undo_until", as: Int64.self)),
                undoneAt: try row.decode(column: "undone_at", as: Int64?.self).map(Timestamp.init(micros:)),
                fields: fields, moved: moved)
            return (merge, snapshot)
        }
    }

    static func markUndone(_ id: Merge.ID, at: Timestamp, by principal: Principal, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE merges SET undone_at = \(bind: at.micros), undone_by = \(bind: principal.userID?.uuid), snapshot = NULL
            WHERE id = \(bind: id.uuid)
            """
        ).run()
    }

    static func json(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }
}
