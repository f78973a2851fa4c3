import Foundation
import RapportCore
import SQLKit

/// Merges a duplicate record into a survivor, and undoes merges for `Merge.undoWindowSeconds`.
///
/// A merge is one transaction: the survivor takes the chosen values (`MergePlan`), every row that
/// pointed at the duplicate points at the survivor (`RecordLinks`), the duplicate is soft-deleted,
/// both records get a `merged` event, and a `merges` row keeps what undo needs.
public struct MergeStore: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The merged survivor, the soft-deleted duplicate, and the merge that joined them.
    public struct Outcome<E: Entity>: Sendable {
        public var survivor: Record<E>
        public var duplicate: Record<E>
        public var merge: Merge
    }

    /// How many rows of one link point at a record.
    public struct LinkCount: Sendable, Equatable {
        /// The link's name, e.g. `contacts.account_id`.
        public var link: String
        public var one: String
        public var many: String
        public var count: Int
    }

    /// Everything that points at a record the principal may see, link by link (zeros included):
    /// what a merge of it would move.
    public func links<E: Entity>(to id: Record<E>.ID, by principal: Principal) async throws -> [LinkCount] {
        let dialect = db.dialect
        return try await db.read { sql in
            _ = try await RecordStore<E>.visible(id, by: principal, on: sql)
            var counts: [LinkCount] = []
            for link in try await RecordLinks.pointing(at: E.table, dialect: dialect, on: sql) {
                let n = try await link.count(pointingAt: id.uuid, workspace: principal.workspaceID, on: sql)
                counts.append(LinkCount(link: link.name, one: link.noun.one, many: link.noun.many, count: n))
            }
            return counts
        }
    }

    /// Folds `duplicateID` into `survivorID`. Both must be visible, live and at the versions the
    /// caller saw; `choices` settle fields (the rest follow `MergePlan`'s defaults).
    public func merge<E: Entity>(
        _ survivorID: Record<E>.ID, with duplicateID: Record<E>.ID, choices: [String: MergeChoice],
        survivorVersion: Int, duplicateVersion: Int, by principal: Principal
    ) async throws -> Outcome<E> {
        try principal.requireWrite()
        guard survivorID != duplicateID else {
            throw RapportError.invalid(field: "duplicate_id", reason: "must be another \(E.name) than the one kept")
        }
        let dialect = db.dialect
        return try await db.write { sql in
            let survivor = try await RecordStore<E>.visible(survivorID, by: principal, on: sql)
            let duplicate = try await Self.duplicate(duplicateID, by: principal, on: sql)
            if survivor.deletedAt != nil {
                if let earlier = try await Self.mergedInto(survivor.id.uuid, workspace: principal.workspaceID, on: sql) {
                    throw RapportError.conflict(
                        "This \(E.name) was merged into \(earlier.survivorTitle); merge into that \(E.name) instead.")
                }
                throw RapportError.conflict("This \(E.name) is deleted; restore it before merging into it.")
            }
            guard survivor.version == survivorVersion else {
                throw RapportError.staleVersion(entity: E.name, id: survivor.id.description, current: survivor.version)
            }
            guard duplicate.version == duplicateVersion else {
                throw RapportError.staleVersion(entity: E.name, id: duplicate.id.description, current: duplicate.version)
            }
            let changes = try MergePlan.changes(
                E.self, survivor: survivor.values, duplicate: duplicate.values, choices: choices)
            let now = Timestamp.now()
            let context = LinkContext(workspace: principal.workspaceID, principal: principal, at: now)

            var next = survivor
            next.values = try changes.apply(to: survivor.values)
            // A reference to either record of the pair would point the survivor at itself.
            for spec in E.fields {
                guard case .reference(E.table) = spec.kind, let target = next.values[spec.name]?.uuid,
                    target == survivor.id.uuid || target == duplicate.id.uuid
                else { continue }
                next.values[spec.name] = nil
            }
            next.version += 1
            next.updatedAt = now
            next.updatedBy = principal.userID
            do {
                try await RecordStore<E>.checkReferences(next, previous: survivor, by: principal, on: sql)
            } catch RapportError.invalid(let issues) {
                throw RapportError.invalid(issues.map { FieldIssue(field: "fields.\($0.field)", reason: $0.reason) })
            }
            let fieldChanges = Record<E>.diff(survivor, next)
            try await RecordStore<E>.replace(next, expecting: survivor.version, on: sql)
            try await RecordStore<E>.afterWrite(
                next, previous: survivor, action: .merged, by: principal, at: now, on: sql,
                changes: fieldChanges + [FieldChange(field: "merged_from", before: .null, after: Self.reference(duplicate))])

            var moves: [LinkMove] = []
            for link in try await RecordLinks.pointing(at: E.table, dialect: dialect, on: sql) {
                moves += try await link.move(from: duplicate.id.uuid, to: survivor.id.uuid, context, on: sql)
            }
            try await Self.refuseLoop(E.self, at: survivor.id.uuid, on: sql)

            var gone = duplicate
            gone.deletedAt = now
            gone.version += 1
            gone.updatedAt = now
            gone.updatedBy = principal.userID
            try await RecordStore<E>.replace(gone, expecting: duplicate.version, on: sql)
            try await RecordStore<E>.afterWrite(
                gone, previous: duplicate, action: .merged, by: principal, at: now, on: sql,
                changes: [
                    FieldChange(field: "deleted_at", before: .null, after: .string(now.iso8601)),
                    FieldChange(field: "merged_into", before: .null, after: Self.reference(next)),
                ])

            var moved: [String: Int] = [:]
            for move in moves { moved[move.link, default: 0] += 1 }
            let merge = Merge(
                id: .make(), workspaceID: principal.workspaceID, entity: E.name, survivorID: survivor.id.uuid,
                duplicateID: duplicate.id.uuid, survivorTitle: next.title, duplicateTitle: duplicate.title, mergedAt: now,
                mergedBy: principal.userID, mergedByName: principal.name,
                undoUntil: now.adding(seconds: Merge.undoWindowSeconds), undoneAt: nil,
                fields: fieldChanges.map(\.field), moved: moved)
            var before = JSONObject()
            for change in fieldChanges { before[change.field] = .array([change.before, change.after]) }
            let snapshot = JSONObject(["changes": .object(before), "moves": .array(moves.map(\.json))])
            try await MergeRows.insert(merge, snapshot: snapshot, on: sql)
            return Outcome(survivor: next, duplicate: gone, merge: merge)
        }
    }

    /// The duplicate of a merge: visible and live, or a validation error naming `duplicate_id`.
    static func duplicate<E: Entity>(_ id: Record<E>.ID, by principal: Principal, on sql: any SQLDatabase) async throws
        -> Record<E>
    {
        if let record = try await RecordStore<E>.fetch(id, workspace: principal.workspaceID, on: sql),
            try await RecordStore<E>.canSee(record, by: principal, on: sql)
        {
            guard record.deletedAt == nil else {
                if let earlier = try await mergedInto(id.uuid, workspace: principal.workspaceID, on: sql) {
                    throw RapportError.invalid(
                        field: "duplicate_id", reason: "was already merged into \(earlier.survivorTitle)")
                }
                throw RapportError.invalid(field: "duplicate_id", reason: "is deleted; restore it before merging it")
            }
            return record
        }
        for other in RecordLinks.mergeable where other.table != E.table {
            if try await Self.visibleRow(table: other.table, id: id.uuid, by: principal, on: sql) {
                throw RapportError.invalid(
                    field: "duplicate_id", reason: "names \(other.name == "account" ? "an" : "a") \(other.name), not a \(E.name)")
            }
        }
        throw RapportError.invalid(field: "duplicate_id", reason: "does not name a \(E.name) you can see")
    }

    /// A reference field of the entity to its own table must not climb back to where it started.
    static func refuseLoop<E: Entity>(_ entity: E.Type, at start: UUID, on sql: any SQLDatabase) async throws {
        for spec in E.fields {
            guard case .reference(E.table) = spec.kind else { continue }
            var cursor: UUID? = start
            for _ in 0..<100 {
                guard let current = cursor else { break }
                cursor = try await sql.raw(
                    "SELECT \(ident: spec.name) AS ref FROM \(ident: E.table) WHERE id = \(bind: current)"
                ).first()?.decode(column: "ref", as: UUID?.self)
                if cursor == start {
                    throw RapportError.invalid(
                        field: "fields.\(spec.name)",
                        reason: "would make a loop: a record below the duplicate sits above the survivor; choose the other value")
                }
            }
        }
    }

    /// Whether a row of a record table exists in the workspace and is visible by owner, team or sharing.
    static func visibleRow(table: String, id: UUID, by principal: Principal, on sql: any SQLDatabase) async throws -> Bool {
        guard
            let row = try await sql.raw(
                "SELECT owner_id, team_id, shared FROM \(ident: table) WHERE id = \(bind: id) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()
        else { return false }
        return principal.canSee(
            owner: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
            team: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
            shared: try row.decode(column: "shared", as: Bool.self))
    }

    /// How an event names the other record of a merge.
    static func reference<E: Entity>(_ record: Record<E>) -> JSONValue {
        .object(JSONObject(["id": .string(record.id.description), "title": .string(record.title)]))
    }

    /// The latest merge (not undone) that folded a record into another.
    static func mergedInto(_ id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Merge? {
        try await MergeRows.select(
            "workspace_id = \(bind: workspace.uuid) AND duplicate_id = \(bind: id) AND undone_at IS NULL", limit: 1, on: sql
        ).first?.merge
    }
}
