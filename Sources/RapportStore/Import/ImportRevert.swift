import Foundation
import RapportCore
import SQLKit

/// Undoes what an import committed, in chunks that each commit with the revert's progress, so a
/// revert that is interrupted goes on where it stopped.
///
/// Records the import changed get the values they had before it (through the record store's own
/// update steps: a new version, an `updated` event, search and contact points), unless someone
/// changed them since. Records it created are deleted as `RecordStore.delete` deletes (soft, with
/// a `deleted` event, restorable), unless someone changed them since or other records now point at
/// them (people at an account, activities at a contact); those are kept and listed.
struct ImportRevert<E: Entity>: Sendable {
    let db: Database
    let records: RecordStore<E>
    let batch: ImportBatch
    let principal: Principal
    let options: ImportRunOptions

    func run() async throws -> ImportBatch {
        var counts = batch.revertCounts ?? RevertCounts()
        let chunk = max(1, options.rowsPerChunk)
        var chunks = 0
        func stopHere() -> Bool {
            chunks += 1
            return options.stopAfterChunks.map { chunks >= $0 } ?? false
        }
        // What it changed.
        while true {
            let id = batch.id.uuid
            let changes = try await db.read { sql in
                try await sql.raw(
                    """
                    SELECT record_id, row_number, before, version FROM import_changes WHERE import_id = \(bind: id)
                    ORDER BY record_id LIMIT \(literal: chunk)
                    """
                ).all().map { row in
                    (
                        id: try row.decode(column: "record_id", as: UUID.self), row: try row.decode(column: "row_number", as: Int.self),
                        before: try row.decode(column: "before", as: String.self), version: try row.decode(column: "version", as: Int.self)
                    )
                }
            }
            if changes.isEmpty { break }
            counts = try await restore(changes, counts: counts)
            try await options.onChunk(try await ImportStore.fetch(batch.id, on: db))
            if stopHere() { return try await ImportStore.fetch(batch.id, on: db) }
        }
        // What it created.
        while true {
            let id = batch.id.uuid
            let cursor = try await db.read { sql in
                try await sql.raw("SELECT revert_cursor FROM imports WHERE id = \(bind: id)").first()?
                    .decode(column: "revert_cursor", as: String.self) ?? ""
            }
            let after = UUID(uuidString: cursor)
            let created = try await db.read { sql in
                let since: SQLQueryString = after.map { "AND id > \(bind: $0)" } ?? ""
                return try await sql.raw(
                    """
                    SELECT \(unsafeRaw: RecordStore<E>.columnList) FROM \(unsafeRaw: E.table)
                    WHERE import_id = \(bind: id) \(since)
                    ORDER BY id LIMIT \(literal: chunk)
                    """
                ).all().map { try RecordCodec.record($0, as: E.self) }
            }
            guard let last = created.last else { break }
            counts = try await delete(created, cursor: last.id.uuid, counts: counts)
            try await options.onChunk(try await ImportStore.fetch(batch.id, on: db))
            if stopHere() { return try await ImportStore.fetch(batch.id, on: db) }
        }
        let now = Timestamp.now().micros
        let text = JSONWriter.string(.object(counts.json))
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE imports SET status = 'reverted', reverted_at = \(bind: now), revert_counts = \(bind: text), error = ''
                WHERE id = \(bind: batch.id.uuid)
                """
            ).run()
        }
        return try await ImportStore.fetch(batch.id, on: db)
    }

    /// Gives changed records their values from before the import, in one transaction.
    func restore(_ changes: [(id: UUID, row: Int, before: String, version: Int)], counts: RevertCounts) async throws -> RevertCounts {
        let principal = principal
        let batch = batch
        let dialect = db.dialect
        return try await db.write { sql in
            var counts = counts
            var kept: [ImportIssue] = []
            let current = try await ImportLookups.records(E.self, ids: changes.map(\.id), on: sql)
            let names = try await Self.userNames(current.values.compactMap(\.updatedBy), on: sql)
            for change in changes {
                guard let record = current[change.id] else { continue }
                if record.version != change.version || record.deletedAt != nil {
                    counts.kept += 1
                    let who = record.updatedBy.flatMap { names[$0] } ?? "someone"
                    kept.append(
                        ImportIssue(
                            kind: "kept", row: change.row, line: 0,
                            reason: record.deletedAt != nil
                                ? "\(record.title) was deleted since the import; it was left as it is."
                                : "\(record.title) was changed since the import (by \(who)); it was left as it is.",
                            values: [], recordID: change.id))
                    continue
                }
                guard case .object(let before)? = try? JSONDecoder().decode(JSONValue.self, from: Data(change.before.utf8)) else { continue }
                var input = Input(before)
                let changes = RecordChanges<E>.read(&input, defaultCountry: "US")
                var next = record
                do {
                    next.values = try changes.apply(to: record.values)
                } catch {
                    counts.kept += 1
                    kept.append(
                        ImportIssue(
                            kind: "kept", row: change.row, line: 0, reason: "\(record.title)'s earlier values are no longer valid; it was left as it is.",
                            values: [], recordID: change.id))
                    continue
                }
                next.ownerID = changes.ownerID.applied(to: record.ownerID)
                next.teamID = changes.teamID.applied(to: record.teamID)
                next.shared = changes.shared.applied(to: record.shared)
                // As any update: what Rapport derives (a lead's score) follows the restored values.
                for derivation in records.derivations { try await derivation.run(&next, record, principal, sql) }
                let now = Timestamp.now()
                next.version = record.version + 1
                next.updatedAt = now
                next.updatedBy = principal.userID
                try await RecordStore<E>.replace(next, expecting: record.version, on: sql)
                try await RecordStore<E>.afterWrite(next, previous: record, action: .updated, by: principal, at: now, on: sql)
                for effect in records.effects { try await effect.run(next, record, principal, sql) }
                counts.restored += 1
            }
            let ids: [any Encodable & Sendable] = changes.map(\.id)
            try await sql.raw("DELETE FROM import_changes WHERE import_id = \(bind: batch.id.uuid) AND record_id IN (\(binds: ids))").run()
            try await Self.save(kept, counts: counts, cursor: nil, batch: batch, dialect: dialect, on: sql)
            return counts
        }
    }

    /// Deletes created records nobody changed or points at, in one transaction.
    func delete(_ created: [Record<E>], cursor: UUID, counts: RevertCounts) async throws -> RevertCounts {
        let principal = principal
        let batch = batch
        let dialect = db.dialect
        return try await db.write { sql in
            var counts = counts
            var kept: [ImportIssue] = []
            let live = created.filter { $0.deletedAt == nil }
            let untouched = Set(live.filter { $0.version == 1 }.map(\.id.uuid))
            // Rows pointing at them, other than this import's own untouched records (which go too).
            var pointers: [UUID: [LinkPointer]] = [:]
            for link in try await RecordLinks.pointing(at: E.table, dialect: dialect, on: sql) {
                for pointer in try await link.livePointers(at: Array(untouched), workspace: principal.workspaceID, on: sql) {
                    pointers[pointer.target, default: []].append(pointer)
                }
            }
            let sameTable = pointers.values.joined().filter { $0.table == E.table }.map(\.row)
            var goingToo: Set<UUID> = []
            if !sameTable.isEmpty {
                let rows = try await ImportLookups.each(sameTable, on: sql) { list in
                    """
                    SELECT id FROM \(unsafeRaw: E.table) WHERE import_id = \(bind: batch.id.uuid) AND version = 1 AND deleted_at IS NULL
                      AND id IN (\(binds: list))
                    """
                }
                goingToo = Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
            }
            let names = try await Self.userNames(live.compactMap(\.updatedBy), on: sql)
            var deleting: [Record<E>] = []
            for record in live {
                if record.version != 1 {
                    counts.kept += 1
                    let who = record.updatedBy.flatMap { names[$0] } ?? "someone"
                    kept.append(
                        ImportIssue(
                            kind: "kept", row: 0, line: 0, reason: "\(record.title) was changed since the import (by \(who)); it was kept.",
                            values: [], recordID: record.id.uuid))
                    continue
                }
                let others = (pointers[record.id.uuid] ?? []).filter { !($0.table == E.table && goingToo.contains($0.row)) }
                if !others.isEmpty {
                    counts.kept += 1
                    let tables = Set(others.map { $0.table.isEmpty ? "records" : $0.table.replacingAll("_", with: " ") }).sorted()
                    kept.append(
                        ImportIssue(
                            kind: "kept", row: 0, line: 0,
                            reason: "\(record.title) was kept: \(others.count) other record\(others.count == 1 ? "" : "s") (\(tables.joined(separator: ", "))) point at it.",
                            values: [], recordID: record.id.uuid))
                    continue
                }
                deleting.append(record)
            }
            if !deleting.isEmpty {
                let now = Timestamp.now()
                let ids: [UUID] = deleting.map(\.id.uuid)
                _ = try await ImportLookups.each(ids, on: sql) { list in
                    """
                    UPDATE \(unsafeRaw: E.table) SET deleted_at = \(bind: now.micros), version = version + 1, updated_at = \(bind: now.micros),
                        updated_by = \(bind: principal.userID?.uuid)
                    WHERE id IN (\(binds: list)) AND version = 1 AND deleted_at IS NULL
                    """
                }
                // What `RecordStore.delete` keeps in step: no contact points or blocking keys for a deleted
                // record, its search document marked deleted, a `deleted` event.
                for (table, column) in [("contact_points", "record_id"), ("match_keys", "record_id")] {
                    _ = try await ImportLookups.each(ids, on: sql) { list in
                        "DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) IN (\(binds: list))"
                    }
                }
                _ = try await ImportLookups.each(ids, on: sql) { list in
                    "UPDATE search_docs SET deleted = \(bind: true) WHERE record_id IN (\(binds: list))"
                }
                let change = FieldChange(field: "deleted_at", before: .null, after: .string(now.iso8601))
                let events: [[any Encodable & Sendable]] = deleting.map { record in
                    let event = EventLog.event(
                        .deleted, entity: E.name, recordID: record.id.description, changes: [change], version: record.version + 1,
                        by: principal, at: now)
                    return [
                        event.id.uuid, event.workspaceID.uuid, event.at.micros, event.actorID?.uuid, event.actorName, event.entity,
                        event.recordID, event.action.rawValue, JSONWriter.string(event.changesJSON), event.version,
                    ]
                }
                for statement in BulkSQL.inserts(
                    into: "events", ["id", "workspace_id", "at", "actor_id", "actor_name", "entity", "record_id", "action", "changes", "version"],
                    events, dialect: dialect, rowsPerStatement: 500)
                {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                counts.deleted += deleting.count
            }
            try await Self.save(kept, counts: counts, cursor: cursor, batch: batch, dialect: dialect, on: sql)
            return counts
        }
    }

    /// Writes the kept records' reasons and the revert's progress.
    static func save(
        _ kept: [ImportIssue], counts: RevertCounts, cursor: UUID?, batch: ImportBatch, dialect: Dialect, on sql: any SQLDatabase
    ) async throws {
        let rows: [[any Encodable & Sendable]] = kept.map {
            [batch.id.uuid, "revert", $0.row, $0.line, $0.kind, $0.reason, "", $0.recordID]
        }
        for statement in BulkSQL.inserts(
            into: "import_issues", ["import_id", "pass", "row_number", "line", "kind", "reason", "raw", "record_id"], rows,
            dialect: dialect, rowsPerStatement: 500)
        {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        let text = JSONWriter.string(.object(counts.json))
        if let cursor {
            try await sql.raw(
                """
                UPDATE imports SET revert_counts = \(bind: text), revert_cursor = \(bind: cursor.uuidString)
                WHERE id = \(bind: batch.id.uuid)
                """
            ).run()
        } else {
            try await sql.raw("UPDATE imports SET revert_counts = \(bind: text) WHERE id = \(bind: batch.id.uuid)").run()
        }
    }

    static func userNames(_ ids: [User.ID], on sql: any SQLDatabase) async throws -> [User.ID: String] {
        guard !ids.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = Array(Set(ids.map(\.uuid)))
        var names: [User.ID: String] = [:]
        for row in try await sql.raw("SELECT id, name FROM users WHERE id IN (\(binds: binds))").all() {
            names[User.ID(try row.decode(column: "id", as: UUID.self))] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}
