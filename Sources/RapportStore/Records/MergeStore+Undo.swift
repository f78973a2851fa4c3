import Foundation
import RapportCore
import SQLKit

extension MergeStore {
    /// An undone merge with both records as the API shows them (the entity is known only at run time).
    public struct Undone: Sendable {
        public var merge: Merge
        public var survivor: JSONObject
        public var duplicate: JSONObject
    }

    /// A merge the principal may see: they see its survivor or its duplicate.
    public func get(_ id: Merge.ID, by principal: Principal) async throws -> Merge {
        try await db.read { sql in try await Self.visibleMerge(id, by: principal, on: sql).merge }
    }

    /// The merges a record took part in, as survivor or as duplicate, newest first.
    public func merges(of recordID: UUID, by principal: Principal, limit: Int = 50) async throws -> [Merge] {
        try await db.read { sql in
            var visible: [Merge] = []
            let rows = try await MergeRows.select(
                """
                workspace_id = \(bind: principal.workspaceID.uuid)
                AND (survivor_id = \(bind: recordID) OR duplicate_id = \(bind: recordID))
                """, limit: max(1, min(limit, 200)), on: sql)
            for (merge, _) in rows where try await Self.canSee(merge, by: principal, on: sql) { visible.append(merge) }
            return visible
        }
    }

    /// The merge (not undone) that folded a record into another, if any.
    public func mergedInto(_ id: UUID, by principal: Principal) async throws -> Merge? {
        try await db.read { sql in try await Self.mergedInto(id, workspace: principal.workspaceID, on: sql) }
    }

    /// Undoes a merge within its window, in one transaction: the duplicate comes back, the rows the
    /// merge moved point at it again, and the survivor gets back the values the merge gave it.
    ///
    /// What happened since wins: a moved row that no longer points at the survivor stays where it
    /// is now, and a survivor field changed after the merge keeps its new value; only fields that
    /// still hold the merged value get their value from before the merge back.
    public func undo(_ id: Merge.ID, by principal: Principal, now: Timestamp = .now()) async throws -> Undone {
        try principal.requireWrite()
        let dialect = db.dialect
        return try await db.write { sql in
            let (merge, snapshot) = try await Self.visibleMerge(id, by: principal, on: sql)
            guard let entity = RecordLinks.mergeable.first(where: { $0.name == merge.entity }) else {
                throw RapportError.notFound(entity: "merge", id: id.description)
            }
            return try await Self.undo(entity, merge, snapshot: snapshot, by: principal, at: now, dialect: dialect, on: sql)
        }
    }

    static func undo<E: Entity>(
        _ entity: E.Type, _ merge: Merge, snapshot: JSONObject?, by principal: Principal, at now: Timestamp,
        dialect: Dialect, on sql: any SQLDatabase
    ) async throws -> Undone {
        guard merge.undoneAt == nil else { throw RapportError.conflict("This merge was already undone.") }
        guard let snapshot, now < merge.undoUntil else {
            throw RapportError.conflict("This merge can no longer be undone: a merge can be undone for 30 days.")
        }
        let survivor = try await RecordStore<E>.visible(.init(merge.survivorID), by: principal, on: sql)
        let duplicate = try await RecordStore<E>.visible(.init(merge.duplicateID), by: principal, on: sql)
        if survivor.deletedAt != nil {
            if let later = try await mergedInto(survivor.id.uuid, workspace: principal.workspaceID, on: sql) {
                throw RapportError.conflict(
                    "\(survivor.title) was merged into \(later.survivorTitle) since; undo that merge first.")
            }
            throw RapportError.conflict("\(survivor.title) is deleted; restore it before undoing the merge.")
        }
        let context = LinkContext(workspace: principal.workspaceID, principal: principal, at: now)

        var back = duplicate
        if duplicate.deletedAt != nil {
            back.deletedAt = nil
            back.version += 1
            back.updatedAt = now
            back.updatedBy = principal.userID
            try await RecordStore<E>.replace(back, expecting: duplicate.version, on: sql)
            try await RecordStore<E>.afterWrite(
                back, previous: duplicate, action: .unmerged, by: principal, at: now, on: sql,
                changes: [
                    FieldChange(field: "deleted_at", before: .string(duplicate.deletedAt?.iso8601), after: .null),
                    FieldChange(field: "merged_into", before: reference(survivor), after: .null),
                ])
        }

        var groups: [(String, [LinkMove])] = []
        if case .array(let items)? = snapshot["moves"] {
            for move in items.compactMap(LinkMove.init) {
                if let i = groups.firstIndex(where: { $0.0 == move.link }) {
                    groups[i].1.append(move)
                } else {
                    groups.append((move.link, [move]))
                }
            }
        }
        let tables = try await RecordLinks.tables(dialect: dialect, on: sql)
        for (name, moves) in groups {
            guard let link = RecordLinks.named(name), tables.contains(link.table) else { continue }
            _ = try await link.moveBack(moves, from: survivor.id.uuid, to: back.id.uuid, context, on: sql)
        }

        // Read again: nothing above should touch the survivor's row, but a stale copy must not be written.
        let current = try await RecordStore<E>.visible(survivor.id, by: principal, on: sql)
        var next = current
        if case .object(let changes)? = snapshot["changes"] {
            let values = current.auditedValues
            for (field, pair) in changes {
                guard case .array(let beforeAfter) = pair, beforeAfter.count == 2, values[field] == beforeAfter[1],
                    let spec = E.field(field)
                else { continue }
                var object = JSONObject()
                object[field] = beforeAfter[0]
                var input = Input(object)
                if case .set(let value) = input.value(for: spec, defaultCountry: "US") { next.values[field] = value }
            }
        }
        next.version += 1
        next.updatedAt = now
        next.updatedBy = principal.userID
        try await RecordStore<E>.replace(next, expecting: current.version, on: sql)
        try await RecordStore<E>.afterWrite(
            next, previous: current, action: .unmerged, by: principal, at: now, on: sql,
            changes: Record<E>.diff(current, next) + [FieldChange(field: "merged_from", before: reference(back), after: .null)])
        do {
            try await refuseLoop(E.self, at: back.id.uuid, on: sql)
        } catch RapportError.invalid {
            throw RapportError.conflict(
                "Undoing this merge would make \(back.title) its own parent; change the parent of the records below it first.")
        }

        try await MergeRows.markUndone(merge.id, at: now, by: principal, on: sql)
        var undone = merge
        undone.undoneAt = now
        return Undone(merge: undone, survivor: next.json(), duplicate: back.json())
    }

    /// A merge of the principal's workspace that they may see, with its snapshot; `notFound` otherwise.
    static func visibleMerge(_ id: Merge.ID, by principal: Principal, on sql: any SQLDatabase) async throws
        -> (merge: Merge, snapshot: JSONObject?)
    {
        guard
            let found = try await MergeRows.select(
                "workspace_id = \(bind: principal.workspaceID.uuid) AND id = \(bind: id.uuid)", limit: 1, on: sql
            ).first,
            try await canSee(found.merge, by: principal, on: sql)
        else { throw RapportError.notFound(entity: "merge", id: id.description) }
        return found
    }

    static func canSee(_ merge: Merge, by principal: Principal, on sql: any SQLDatabase) async throws -> Bool {
        guard let entity = RecordLinks.mergeable.first(where: { $0.name == merge.entity }) else { return false }
        if try await visibleRow(table: entity.table, id: merge.survivorID, by: principal, on: sql) { return true }
        return try await visibleRow(table: entity.table, id: merge.duplicateID, by: principal, on: sql)
    }
}
