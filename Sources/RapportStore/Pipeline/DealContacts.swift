import Foundation
import RapportCore
import SQLKit

/// The people in a deal and their part in it (decision maker, champion…), logged on the deal's
/// history and the contact's.
public struct DealContacts: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// One person in a deal.
    public struct Member: Sendable, Equatable {
        public var id: UUID
        public var dealID: Record<Deal>.ID
        public var contactID: Record<Contact>.ID
        public var contactName: String
        public var role: DealRole

        public var json: JSONValue {
            .object(
                JSONObject([
                    "id": .string(id.uuidString.lowercased()), "deal_id": .string(dealID.description),
                    "contact_id": .string(contactID.description), "contact_name": .string(contactName), "role": .string(role.rawValue),
                ]))
        }
    }

    /// The deal's people the principal may see, in the order they joined.
    public func members(of deal: Record<Deal>.ID, by principal: Principal) async throws -> [Member] {
        try await db.read { sql in
            _ = try await RecordStore<Deal>.visible(deal, by: principal, on: sql)
            return try await Self.members(deal, principal: principal, on: sql)
        }
    }

    static func members(_ deal: Record<Deal>.ID, principal: Principal, on sql: any SQLDatabase) async throws -> [Member] {
        try await sql.raw(
            """
            SELECT m.id, m.contact_id, m.role, c.first_name, c.last_name FROM deal_contacts m JOIN contacts c ON c.id = m.contact_id
            WHERE m.deal_id = \(bind: deal.uuid) AND m.workspace_id = \(bind: principal.workspaceID.uuid)
              AND c.deleted_at IS NULL AND \(Visibility.predicate(principal, prefix: "c."))
            ORDER BY m.created_at, m.id
            """
        ).all().map { row in
            let name = [try row.decode(column: "first_name", as: String.self), try row.decode(column: "last_name", as: String.self)]
                .filter { !$0.isEmpty }.joined(separator: " ")
            return Member(
                id: try row.decode(column: "id", as: UUID.self), dealID: deal,
                contactID: .init(try row.decode(column: "contact_id", as: UUID.self)), contactName: name.isEmpty ? "Unnamed contact" : name,
                role: DealRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .other)
        }
    }

    /// Adds a person to a deal, or changes their role when they are in it already.
    public func set(_ contact: Record<Contact>.ID, role: DealRole, on deal: Record<Deal>.ID, by principal: Principal) async throws
        -> Member
    {
        try principal.requireWrite()
        return try await db.write { sql in
            let dealRecord = try await RecordStore<Deal>.visible(deal, by: principal, on: sql)
            guard dealRecord.deletedAt == nil else { throw RapportError.conflict("This deal is deleted; restore it first.") }
            let person: Record<Contact>
            do {
                person = try await RecordStore<Contact>.visible(contact, by: principal, on: sql)
            } catch RapportError.notFound {
                throw RapportError.invalid(field: "contact_id", reason: "does not name a contact you can see")
            }
            guard person.deletedAt == nil else { throw RapportError.invalid(field: "contact_id", reason: "is deleted") }
            let existing = try await sql.raw(
                "SELECT id, role FROM deal_contacts WHERE deal_id = \(bind: deal.uuid) AND contact_id = \(bind: contact.uuid)"
            ).first()
            let now = Timestamp.now()
            let id: UUID
            var before: JSONValue = .null
            if let existing {
                id = try existing.decode(column: "id", as: UUID.self)
                let old = try existing.decode(column: "role", as: String.self)
                if old == role.rawValue { return Member(id: id, dealID: deal, contactID: contact, contactName: person.title, role: role) }
                before = .string(DealRole(rawValue: old)?.label ?? old)
                try await sql.raw("UPDATE deal_contacts SET role = \(bind: role.rawValue) WHERE id = \(bind: id)").run()
            } else {
                id = UUIDv7.make()
                try await sql.raw(
                    """
                    INSERT INTO deal_contacts (id, workspace_id, deal_id, contact_id, role, created_at, created_by)
                    VALUES (\(bind: id), \(bind: principal.workspaceID.uuid), \(bind: deal.uuid), \(bind: contact.uuid),
                            \(bind: role.rawValue), \(bind: now.micros), \(bind: principal.userID?.uuid))
                    """
                ).run()
            }
            try await log(
                .related, deal: dealRecord, contact: person, before: before, after: .string(role.label), by: principal, at: now, on: sql)
            return Member(id: id, dealID: deal, contactID: contact, contactName: person.title, role: role)
        }
    }

    /// Takes a person off a deal.
    public func remove(_ contact: Record<Contact>.ID, from deal: Record<Deal>.ID, by principal: Principal) async throws {
        try principal.requireWrite()
        try await db.write { sql in
            let dealRecord = try await RecordStore<Deal>.visible(deal, by: principal, on: sql)
            let person = try await RecordStore<Contact>.visible(contact, by: principal, on: sql)
            guard
                let row = try await sql.raw(
                    "SELECT role FROM deal_contacts WHERE deal_id = \(bind: deal.uuid) AND contact_id = \(bind: contact.uuid)"
                ).first()
            else { throw RapportError.notFound(entity: "deal contact", id: contact.description) }
            let role = try row.decode(column: "role", as: String.self)
            try await sql.raw("DELETE FROM deal_contacts WHERE deal_id = \(bind: deal.uuid) AND contact_id = \(bind: contact.uuid)").run()
            try await log(
                .unrelated, deal: dealRecord, contact: person, before: .string(DealRole(rawValue: role)?.label ?? role), after: .null,
                by: principal, at: .now(), on: sql)
        }
    }

    /// One event on the deal ("Champion: Jane Doe") and one on the contact ("Champion on Big deal"),
    /// as relations between accounts are logged.
    private func log(
        _ action: EventAction, deal: Record<Deal>, contact: Record<Contact>, before: JSONValue, after: JSONValue,
        by principal: Principal, at: Timestamp, on sql: any SQLDatabase
    ) async throws {
        func phrase(_ role: JSONValue, _ text: (String) -> String) -> JSONValue { role.stringValue.map { .string(text($0)) } ?? .null }
        try await EventLog.append(
            EventLog.event(
                action, entity: Deal.name, recordID: deal.id.description,
                changes: [
                    FieldChange(
                        field: "relation", before: phrase(before) { "\($0): \(contact.title)" }, after: phrase(after) { "\($0): \(contact.title)" })
                ], version: deal.version, by: principal, at: at), on: sql)
        try await EventLog.append(
            EventLog.event(
                action, entity: Contact.name, recordID: contact.id.description,
                changes: [
                    FieldChange(
                        field: "relation", before: phrase(before) { "\($0) on \(deal.title)" }, after: phrase(after) { "\($0) on \(deal.title)" })
                ], version: contact.version, by: principal, at: at), on: sql)
    }
}
