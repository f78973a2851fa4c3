import Foundation
import RapportCore
import SQLKit

/// Typed links between accounts ("Acme is supplier to Globex"), logged on both accounts' histories.
public struct RelationStore: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A relation as seen from one account: the other side, and how it reads from here.
    public struct Link: Sendable, Equatable {
        public var relation: AccountRelation
        public var other: Record<Account>.ID
        public var otherName: String
        /// "Supplier to" from the source side, "Supplied by" from the target side.
        public var label: String
    }

    /// Every relation touching an account, with the other account visible to the principal.
    public func links(of account: Record<Account>.ID, by principal: Principal) async throws -> [Link] {
        _ = try await RecordStore<Account>(db).get(account, by: principal)
        return try await db.read { sql in
            let rows = try await sql.raw(
                """
                SELECT r.id, r.from_id, r.to_id, r.kind, r.note, r.created_at, a.id AS other_id, a.name AS other_name
                FROM account_relations r JOIN accounts a ON a.id = CASE WHEN r.from_id = \(bind: account.uuid) THEN r.to_id ELSE r.from_id END
                WHERE r.workspace_id = \(bind: principal.workspaceID.uuid)
                  AND (r.from_id = \(bind: account.uuid) OR r.to_id = \(bind: account.uuid))
                  AND a.deleted_at IS NULL AND \(Visibility.predicate(principal, prefix: "a."))
                ORDER BY r.created_at
                """
            ).all()
            return try rows.map { row in
                let relation = AccountRelation(
                    id: .init(try row.decode(column: "id", as: UUID.self)),
                    from: .init(try row.decode(column: "from_id", as: UUID.self)),
                    to: .init(try row.decode(column: "to_id", as: UUID.self)),
                    kind: AccountRelationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .partnerOf,
                    note: try row.decode(column: "note", as: String.self).nilIfEmpty,
                    createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)))
                let outgoing = relation.from == account
                return Link(
                    relation: relation, other: .init(try row.decode(column: "other_id", as: UUID.self)),
                    otherName: try row.decode(column: "other_name", as: String.self),
                    label: outgoing ? relation.kind.label : relation.kind.inverseLabel)
            }
        }
    }

    /// Links two accounts; both must be visible, distinct, and not already linked this way.
    public func relate(
        _ from: Record<Account>.ID, _ kind: AccountRelationKind, _ to: Record<Account>.ID, note: String?,
        by principal: Principal
    ) async throws -> AccountRelation {
        try principal.requireWrite()
        guard from != to else { throw RapportError.invalid(field: "to_id", reason: "must be another account") }
        if let note, note.count > 500 { throw RapportError.invalid(field: "note", reason: "must be at most 500 characters") }
        let relation = AccountRelation(id: .make(), from: from, to: to, kind: kind, note: note, createdAt: .now())
        return try await db.write { sql in
            let source = try await RecordStore<Account>.visible(from, by: principal, on: sql)
            let target: Record<Account>
            do {
                target = try await RecordStore<Account>.visible(to, by: principal, on: sql)
            } catch RapportError.notFound {
                throw RapportError.invalid(field: "to_id", reason: "does not name an account you can see")
            }
            guard source.deletedAt == nil, target.deletedAt == nil else {
                throw RapportError.conflict("Deleted accounts cannot be related.")
            }
            let existing = try await sql.raw(
                """
                SELECT id FROM account_relations WHERE workspace_id = \(bind: principal.workspaceID.uuid)
                AND from_id = \(bind: from.uuid) AND to_id = \(bind: to.uuid) AND kind = \(bind: kind.rawValue)
                """
            ).first()
            if existing != nil { throw RapportError.conflict("These accounts are already related this way.") }
            try await sql.raw(
                """
                INSERT INTO account_relations (id, workspace_id, from_id, to_id, kind, note, created_at, created_by)
                VALUES (\(bind: relation.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: from.uuid), \(bind: to.uuid),
                        \(bind: kind.rawValue), \(bind: note ?? ""), \(bind: relation.createdAt.micros), \(bind: principal.userID?.uuid))
                """
            ).run()
            try await logRelation(.related, relation, source: source, target: target, by: principal, on: sql)
            return relation
        }
    }

    /// Removes a relation.
    public func unrelate(_ id: AccountRelation.ID, by principal: Principal) async throws {
        try principal.requireWrite()
        try await db.write { sql in
            guard
                let row = try await sql.raw(
                    "SELECT from_id, to_id, kind, note, created_at FROM account_relations WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
                ).first()
            else { throw RapportError.notFound(entity: "relation", id: id.description) }
            let relation = AccountRelation(
                id: id, from: .init(try row.decode(column: "from_id", as: UUID.self)),
                to: .init(try row.decode(column: "to_id", as: UUID.self)),
                kind: AccountRelationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .partnerOf,
                note: nil, createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)))
            let source = try await RecordStore<Account>.visible(relation.from, by: principal, on: sql)
            let target = try await RecordStore<Account>.visible(relation.to, by: principal, on: sql)
            try await sql.raw("DELETE FROM account_relations WHERE id = \(bind: id.uuid)").run()
            try await logRelation(.unrelated, relation, source: source, target: target, by: principal, on: sql)
        }
    }

    private func logRelation(
        _ action: EventAction, _ relation: AccountRelation, source: Record<Account>, target: Record<Account>,
        by principal: Principal, on sql: any SQLDatabase
    ) async throws {
        let now = Timestamp.now()
        let added = action == .related
        for (record, other, label) in [
            (source, target, relation.kind.label), (target, source, relation.kind.inverseLabel),
        ] {
            let value: JSONValue = .string("\(label) \(other.title)")
            let change = FieldChange(field: "relation", before: added ? .null : value, after: added ? value : .null)
            try await EventLog.append(
                EventLog.event(
                    action, entity: Account.name, recordID: record.id.description, changes: [change],
                    version: record.version, by: principal, at: now),
                on: sql)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
