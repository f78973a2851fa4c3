import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct DuplicateCheckTests {
    @Test(arguments: TestDatabase.all)
    func aNewContactLikeAnExistingOneIsHeldBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme Corporation"), "website": .string("https://acme.com")], by: f.rep)
            let ana = try await f.contact(
                [
                    "first_name": .string("Ana"), "last_name": .string("Ruiz"), "emails": .array(["ana.ruiz@acme.com"]),
                    "phones": .array(["+1 617 555 0100"]), "account_id": .string(acme.id.description),
                ], by: f.rep)
            let bill = try await f.contact(
                ["first_name": .string("William"), "last_name": .string("Gates"), "account_id": .string(acme.id.description)],
                by: f.rep)
            let john = try await f.contact(
                ["first_name": .string("John"), "last_name": .string("Smith"), "account_id": .string(acme.id.description)],
                by: f.rep)

            // Same email, whatever the case or tag.
            var found = try await f.heldBack(f.contacts, ["last_name": .string("Ortega"), "emails": .array(["Ana.Ruiz+crm@ACME.com"])], by: f.rep)
            #expect(found.map(\.recordID) == [ana.id.description])
            #expect(found.first?.reasons.contains("same email") == true)
            // Same phone written another way, and a name with an accent.
            found = try await f.heldBack(f.contacts, ["first_name": .string("Ana"), "last_name": .string("Ruíz"), "phones": .array(["(617) 555-0100"])], by: f.rep)
            #expect(found.map(\.recordID) == [ana.id.description])
            #expect(found.first?.reasons.prefix(2) == ["same phone", "name 1.00"])
            // A nickname at the same account.
            found = try await f.heldBack(
                f.contacts, ["first_name": .string("Bill"), "last_name": .string("Gates"), "account_id": .string(acme.id.description)], by: f.rep)
            #expect(found.map(\.recordID) == [bill.id.description])
            #expect(found.first?.reasons == ["name 0.95", "nickname", "same account"])
            #expect(found.first?.message == "Looks like William Gates (name 0.95, nickname, same account).")
            // A transposition typo in the family name, with nothing else known.
            found = try await f.heldBack(f.contacts, ["first_name": .string("John"), "last_name": .string("Smtih")], by: f.rep)
            #expect(found.map(\.recordID) == [john.id.description])
            // An initial.
            found = try await f.heldBack(
                f.contacts, ["first_name": .string("J."), "last_name": .string("Smith"), "account_id": .string(acme.id.description)], by: f.rep)
            #expect(found.map(\.recordID) == [john.id.description])

            // Another person of the same family at the same company goes ahead.
            let mary = try await f.contact(
                ["first_name": .string("Mary"), "last_name": .string("Smith"), "account_id": .string(acme.id.description)], by: f.rep)
            #expect(mary.version == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewAccountLikeAnExistingOneIsHeldBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(
                ["name": .string("Acme Corporation"), "website": .string("https://www.acme.com/"), "phones": .array(["+1 617 555 0199"])],
                by: f.rep)
            let northwind = try await f.account(["name": .string("Northwind Instruments"), "city": .string("Boston")], by: f.rep)
            var found = try await f.heldBack(f.accounts, ["name": .string("ACME Rockets"), "website": .string("http://eu.acme.com")], by: f.rep)
            #expect(found.map(\.recordID) == [acme.id.description])
            #expect(found.first?.reasons.first == "same domain")
            found = try await f.heldBack(f.accounts, ["name": .string("Acme, Inc."), "phones": .array(["617-555-0199"])], by: f.rep)
            #expect(found.map(\.recordID) == [acme.id.description])
            found = try await f.heldBack(f.accounts, ["name": .string("Nortwind Instruments Ltd"), "city": .string("boston")], by: f.rep)
            #expect(found.map(\.recordID) == [northwind.id.description])
            // Same name, another country's company: a subsidiary stays its own account.
            let gmbh = try await f.account(["name": .string("Acme GmbH"), "website": .string("https://acme.de")], by: f.rep)
            #expect(gmbh.version == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFlagLetsTheCreateGoAheadAndDeletedRecordsAreNoCandidates(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let first = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let events = try await f.eventCount()
            let error = await rapportError { try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep) }
            guard case .needsConfirmation(let confirmation)? = error else {
                Issue.record("expected a confirmation, got \(String(describing: error))")
                return
            }
            #expect(confirmation.kind == "possible_duplicate")
            #expect(confirmation.field == "allow_duplicate")
            #expect(confirmation.title == "This contact may already exist")
            #expect(try await f.eventCount() == events)

            let second = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "allow_duplicate": .bool(true)], by: f.rep)
            #expect(second.id != first.id)
            // Two look-alikes now, best first.
            #expect(try await f.heldBack(f.contacts, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep).count == 2)

            _ = try await f.contacts.delete(first.id, expecting: nil, by: f.rep)
            _ = try await f.contacts.delete(second.id, expecting: nil, by: f.rep)
            #expect(try await f.heldBack(f.contacts, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep).isEmpty)
            _ = try await f.contacts.restore(first.id, by: f.rep)
            let found = try await f.heldBack(f.contacts, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            #expect(found.map(\.recordID) == [first.id.description])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aLookAlikeTheCallerCannotSeeIsReportedWithoutItsDetails(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let hidden = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "emails": .array(["ana@acme.com"])], by: f.rep)
            let error = await rapportError {
                try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz"), "emails": .array(["ana@acme.com"])], by: f.outsider)
            }
            guard case .needsConfirmation(let confirmation)? = error, let conflict = confirmation.conflicts.first else {
                Issue.record("expected a confirmation, got \(String(describing: error))")
                return
            }
            #expect(confirmation.conflicts.count == 1)
            #expect(conflict.message == "Looks like a contact you cannot see; ask your manager or an admin before adding another.")
            #expect(conflict.details == JSONObject(["entity": .string("contact"), "visible": .bool(false)]))
            let text = JSONWriter.string(conflict.json)
            for secret in [hidden.id.description, "Ana", "acme", "email"] { #expect(!text.contains(secret)) }
            // Its owner's manager sees it in full.
            let seen = try await f.heldBack(f.contacts, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.manager)
            #expect(seen.map(\.recordID) == [hidden.id.description])
        }
    }

    @Test(arguments: TestDatabase.all)
    func blockingKeysFollowEveryWriteAndTheMigrationBackfillsThem(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Bill"), "last_name": .string("Gates")], by: f.rep)
            #expect(try await f.matchKeys(contact.id.uuid) == ["f:gates|b", "g:william|gate", "k:william|gts"])
            let renamed = try await f.contacts.update(
                contact.id, try changes(Contact.self, ["last_name": .string("Smith")]), expecting: 1, by: f.rep)
            #expect(try await f.matchKeys(contact.id.uuid) == ["f:smith|b", "g:william|smit", "k:william|smt"])
            // A change that leaves the name alone leaves the keys alone.
            _ = try await f.contacts.update(contact.id, try changes(Contact.self, ["title": .string("CEO")]), expecting: renamed.version, by: f.rep)
            #expect(try await f.matchKeys(contact.id.uuid).count == 3)
            _ = try await f.contacts.delete(contact.id, expecting: nil, by: f.rep)
            #expect(try await f.matchKeys(contact.id.uuid).isEmpty)
            _ = try await f.contacts.restore(contact.id, by: f.rep)
            #expect(try await f.matchKeys(contact.id.uuid).count == 3)
            let account = try await f.account(["name": .string("The Acme Company, Inc.")], by: f.rep)
            #expect(try await f.matchKeys(account.id.uuid) == ["s:acm", "t:acme"])

            // Records written before the table existed get their keys from the migration's backfill.
            let before = try await f.allMatchKeys()
            try await f.db.write { sql in
                try await sql.raw("DELETE FROM match_keys").run()
                try await MatchKeys.backfill(on: sql)
            }
            #expect(try await f.allMatchKeys() == before)
        }
    }
}

/// A conflict of a held-back create, read back for checks.
struct FoundDuplicate: Sendable {
    var recordID: String?
    var message: String
    var reasons: [String]
}

extension Fixture {
    /// What a create is held back with as possible duplicates; none when it goes ahead (the record
    /// is then deleted again, so it is no candidate for the next check).
    func heldBack<E: Entity>(
        _ records: RecordStore<E>, _ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [FoundDuplicate] {
        do {
            let record = try await records.create(try changes(E.self, pairs), by: principal)
            _ = try await records.delete(record.id, expecting: nil, by: principal)
            return []
        } catch RapportError.needsConfirmation(let confirmation) {
            #expect(confirmation.kind == "possible_duplicate", sourceLocation: sourceLocation)
            return confirmation.conflicts.map { conflict in
                var reasons: [String] = []
                if case .array(let items)? = conflict.details["reasons"] { reasons = items.compactMap(\.stringValue) }
                return FoundDuplicate(recordID: conflict.details["record_id"]?.stringValue, message: conflict.message, reasons: reasons)
            }
        }
    }

    func matchKeys(_ record: UUID) async throws -> [String] {
        try await db.read { sql in
            try await sql.raw("SELECT key FROM match_keys WHERE record_id = \(bind: record) ORDER BY key").all().map {
                try $0.decode(column: "key", as: String.self)
            }
        }
    }

    func allMatchKeys() async throws -> [String] {
        try await db.read { sql in
            try await sql.raw("SELECT entity, record_id, key FROM match_keys ORDER BY record_id, key").all().map {
                "\(try $0.decode(column: "entity", as: String.self))|\(try $0.decode(column: "record_id", as: UUID.self))|\(try $0.decode(column: "key", as: String.self))"
            }
        }
    }
}
