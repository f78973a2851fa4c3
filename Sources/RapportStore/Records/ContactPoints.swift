import Foundation
import RapportCore
import SQLKit

/// An index of every email address, phone number and web domain on a record, so records can be
/// found by them (caller lookup, duplicate checks, email threading) with an index seek, not a scan.
enum ContactPoints {
    /// Rewrites a record's points; `isNew` says it was just created, so there are none to delete.
    static func replace<E: Entity>(_ record: Record<E>, isNew: Bool = false, on sql: any SQLDatabase) async throws {
        if !isNew { try await sql.raw("DELETE FROM contact_points WHERE record_id = \(bind: record.id.uuid)").run() }
        guard record.deletedAt == nil else { return }
        var points: [(String, String)] = []
        for email in record.values["emails"]?.emails ?? [] { points.append(("email", email.address.value)) }
        for phone in record.values["phones"]?.phones ?? [] { points.append(("phone", phone.number.e164)) }
        if let domain = record.values["domain"]?.text { points.append(("domain", domain)) }
        guard !points.isEmpty else { return }
        let rows: [SQLQueryString] = points.map { kind, value in
            "(\(bind: record.workspaceID.uuid), \(bind: E.name), \(bind: record.id.uuid), \(bind: kind), \(bind: value))"
        }
        try await sql.raw(
            "INSERT INTO contact_points (workspace_id, entity, record_id, kind, value) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }
}

/// What the search index shows and finds of a record besides its own searchable fields.
struct SearchEntry: Sendable {
    /// The line under the title in search results.
    var subtitle: String
    /// Text of other records it is found by (a contact by its account's name).
    var extraText: String
}

/// Keeps search documents in step with records, including what one record shows of another
/// (a contact is found by its account's name).
enum RecordIndexing {
    static func index<E: Entity>(_ record: Record<E>, previous: Record<E>?, on sql: any SQLDatabase) async throws {
        let isNew = previous == nil
        if let account = record as? Record<Account> {
            try await indexAccount(account, isNew: isNew, on: sql)
            if let previous = previous as? Record<Account>, previous.title != account.title {
                let rows = try await sql.raw(
                    "SELECT \(unsafeRaw: RecordStore<Contact>.columnList) FROM contacts WHERE account_id = \(bind: account.id.uuid)"
                ).all()
                for row in rows { try await indexContact(try RecordCodec.record(row, as: Contact.self), isNew: false, on: sql) }
            }
        } else if let contact = record as? Record<Contact> {
            try await indexContact(contact, isNew: isNew, on: sql)
        } else if let entry = entry(record, accountName: "") {
            try await SearchIndex.upsert(record, extraText: entry.extraText, subtitle: entry.subtitle, isNew: isNew, on: sql)
        }
    }

    /// The search entry of a record, given the name of the account it belongs to (if it has an
    /// `account_id`); `nil` for entities that are not searched. Writes one record at a time or many
    /// (`BulkRows`), both through here.
    static func entry<E: Entity>(_ record: Record<E>, accountName: String) -> SearchEntry? {
        if let account = record as? Record<Account> {
            let type = account["type"]?.text.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? ""
            return SearchEntry(
                subtitle: [type, account["city"]?.text ?? ""].filter { !$0.isEmpty }.joined(separator: " · "), extraText: "")
        }
        if let contact = record as? Record<Contact> {
            return SearchEntry(
                subtitle: [contact["title"]?.text ?? "", accountName].filter { !$0.isEmpty }.joined(separator: " · "),
                extraText: accountName)
        }
        return E.fields.contains(where: \.searchable) ? SearchEntry(subtitle: "", extraText: "") : nil
    }

    static func indexAccount(_ account: Record<Account>, isNew: Bool = false, on sql: any SQLDatabase) async throws {
        guard let entry = entry(account, accountName: "") else { return }
        try await SearchIndex.upsert(account, subtitle: entry.subtitle, isNew: isNew, on: sql)
    }

    static func indexContact(_ contact: Record<Contact>, isNew: Bool = false, on sql: any SQLDatabase) async throws {
        var accountName = ""
        if let accountID = contact["account_id"]?.uuid {
            accountName = try await sql.raw("SELECT name FROM accounts WHERE id = \(bind: accountID)").first()?
                .decode(column: "name", as: String.self) ?? ""
        }
        guard let entry = entry(contact, accountName: accountName) else { return }
        try await SearchIndex.upsert(contact, extraText: entry.extraText, subtitle: entry.subtitle, isNew: isNew, on: sql)
    }
}
