import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct MergeTests {
    @Test(arguments: TestDatabase.all)
    func mergingContactsTakesTheChosenValuesAndDeletesTheDuplicate(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let survivor = try await f.duplicateContact(
                [
                    "first_name": .string("Jane"), "last_name": .string("Doe"), "title": .string("CTO"),
                    "emails": .array([.string("jane@acme.test")]), "tags": .array([.string("vip")]),
                    "account_id": .string(acme.id.description),
                ], by: f.rep)
            let duplicate = try await f.duplicateContact(
                [
                    "first_name": .string("Jane"), "last_name": .string("Doe"), "title": .string("Chief Technology Officer"),
                    "emails": .array([.string("jd@home.test"), .string("jane@acme.test")]),
                    "phones": .array([.string("+1 415 555 0100")]), "tags": .array([.string("board"), .string("vip")]),
                    "city": .string("Paris"), "email_opt_out": .bool(true),
                ], by: f.rep)

            let outcome = try await f.store.merges.merge(
                survivor.id, with: duplicate.id, choices: ["title": .duplicate], survivorVersion: 1, duplicateVersion: 1,
                by: f.rep)
            let merged = outcome.survivor
            #expect(merged["title"] == .text("Chief Technology Officer"))
            #expect(merged["emails"]?.emails.map(\.address.value) == ["jane@acme.test", "jd@home.test"])
            #expect(merged["phones"]?.phones.map(\.number.e164) == ["+14155550100"])
            #expect(merged["tags"] == .tags(["vip", "board"]))
            #expect(merged["city"] == .text("Paris"))  // an empty field fills from the duplicate
            #expect(merged["email_opt_out"] == .bool(true))  // an opt-out is never lost
            #expect(merged["account_id"] == .id(acme.id.uuid))  // the duplicate had none
            #expect(merged.version == 2)
            #expect(try await f.contacts.get(survivor.id, by: f.rep).values == merged.values)
            #expect(outcome.duplicate.deletedAt != nil)
            #expect(outcome.duplicate.version == 2)
            #expect(Set(outcome.merge.fields) == ["title", "emails", "phones", "tags", "city", "email_opt_out"])
            #expect(outcome.merge.undoUntil == outcome.merge.mergedAt.adding(seconds: 30 * 24 * 3600))

            // Both records log the merge: the survivor with its changed fields, the duplicate with where it went.
            let survivorEvent = try #require(try await f.contacts.history(survivor.id, by: f.rep).first)
            #expect(survivorEvent.action == .merged)
            #expect(survivorEvent.version == 2)
            let from = try #require(survivorEvent.changes.first { $0.field == "merged_from" })
            #expect(from.after == .object(JSONObject(["id": .string(duplicate.id.description), "title": .string("Jane Doe")])))
            #expect(survivorEvent.changes.first { $0.field == "title" }?.after == .string("Chief Technology Officer"))
            let duplicateEvent = try #require(try await f.contacts.history(duplicate.id, by: f.rep).first)
            #expect(duplicateEvent.action == .merged)
            #expect(duplicateEvent.changes.map(\.field) == ["deleted_at", "merged_into"])

            // The duplicate's email, phone and search document no longer find it; the survivor's do.
            #expect(try await f.contactPoints(duplicate.id.uuid) == 0)
            #expect(try await f.contactPoints(survivor.id.uuid) == 3)
            #expect(try await f.matchKeys(duplicate.id.uuid) == 0)
            #expect(try await f.matchKeys(survivor.id.uuid) > 0)
            #expect(try await f.store.search("jd@home.test", by: f.rep).map(\.id) == [survivor.id.description])
            #expect(try await f.store.merges.mergedInto(duplicate.id.uuid, by: f.rep)?.id == outcome.merge.id)
            #expect(try await f.store.merges.merges(of: survivor.id.uuid, by: f.rep).map(\.id) == [outcome.merge.id])

            // A merged record comes back only by undoing the merge.
            #expect(await rapportError { try await f.contacts.restore(duplicate.id, by: f.rep) }?.kind == "conflict")
        }
    }

    @Test(arguments: TestDatabase.all)
    func mergingAccountsMovesEveryLinkAndUndoMovesExactlyThoseBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let survivor = try await f.duplicateAccount(["name": .string("Acme Holdings"), "city": .string("Lyon")], by: f.rep)
            let duplicate = try await f.duplicateAccount(
                ["name": .string("Globex Duplicate"), "industry": .string("Robotics")], by: f.rep)
            let partner = try await f.account(["name": .string("Partner Co")], by: f.rep)
            let buyer = try await f.account(["name": .string("Buyer Co")], by: f.rep)
            let subsidiary = try await f.account(
                ["name": .string("Sub Co"), "parent_id": .string(duplicate.id.description)], by: f.rep)
            let ann = try await f.contact(["last_name": .string("Ann"), "account_id": .string(duplicate.id.description)], by: f.rep)
            let bob = try await f.contact(["last_name": .string("Bob"), "account_id": .string(duplicate.id.description)], by: f.rep)
            let cat = try await f.contact(["last_name": .string("Cat"), "account_id": .string(survivor.id.description)], by: f.rep)
            let relations = f.store.relations
            let moved = try await relations.relate(partner.id, .partnerOf, duplicate.id, note: "since 2020", by: f.rep)
            let repeated = try await relations.relate(duplicate.id, .supplierTo, buyer.id, note: nil, by: f.rep)
            _ = try await relations.relate(survivor.id, .supplierTo, buyer.id, note: nil, by: f.rep)
            let selfLink = try await relations.relate(survivor.id, .distributorFor, duplicate.id, note: "x", by: f.rep)
            let before = try await f.store.merges.links(to: duplicate.id, by: f.rep)
            #expect(before.map(\.count).reduce(0, +) == 6)  // 2 people, 1 subsidiary, 3 relations

            let outcome = try await f.store.merges.merge(
                survivor.id, with: duplicate.id, choices: [:], survivorVersion: 1, duplicateVersion: 1, by: f.rep)
            #expect(outcome.survivor["industry"] == .text("Robotics"))
            #expect(outcome.merge.moved == ["contacts.account_id": 2, "accounts.parent_id": 1, "account_relations": 3])

            // Nothing points at the merged record any more, whichever link.
            #expect(try await f.store.merges.links(to: duplicate.id, by: f.rep).allSatisfy { $0.count == 0 })
            for contact in [ann, bob] {
                let now = try await f.contacts.get(contact.id, by: f.rep)
                #expect(now["account_id"] == .id(survivor.id.uuid))
                #expect(now.version == 2)
                #expect(now.updatedAt == outcome.merge.mergedAt)
                let event = try #require(try await f.contacts.history(contact.id, by: f.rep).first)
                #expect(event.changes == [FieldChange(field: "account_id", before: .string(duplicate.id.description), after: .string(survivor.id.description))])
            }
            #expect(try await f.contacts.get(cat.id, by: f.rep).version == 1)
            #expect(try await f.accounts.get(subsidiary.id, by: f.rep)["parent_id"] == .id(survivor.id.uuid))
            // People are found by the name of the account they now belong to.
            let people = try await f.contacts.list(ListQuery(q: "holdings"), by: f.rep).items.map(\.id)
            #expect(Set(people) == [ann.id, bob.id, cat.id])
            #expect(try await f.contacts.list(ListQuery(q: "globex"), by: f.rep).items.isEmpty)
            // The partner moved; the repeated supply and the link to itself were dropped.
            let links = try await relations.links(of: survivor.id, by: f.rep)
            #expect(Set(links.map { "\($0.label) \($0.otherName)" }) == ["Partner of Partner Co", "Supplier to Buyer Co"])

            // Someone moves Bob elsewhere in the meantime; undo leaves him there.
            _ = try await f.contacts.update(bob.id, try changes(Contact.self, ["account_id": .string(partner.id.description)]), expecting: 2, by: f.rep)
            let undone = try await f.store.merges.undo(outcome.merge.id, by: f.rep)
            #expect(undone.merge.undoneAt != nil)
            let back = try await f.accounts.get(duplicate.id, by: f.rep)
            #expect(back.deletedAt == nil)
            #expect(back.version == 3)
            #expect(try await f.contacts.get(ann.id, by: f.rep)["account_id"] == .id(duplicate.id.uuid))
            #expect(try await f.contacts.get(ann.id, by: f.rep).version == 3)
            #expect(try await f.contacts.get(bob.id, by: f.rep)["account_id"] == .id(partner.id.uuid))
            #expect(try await f.contacts.get(cat.id, by: f.rep)["account_id"] == .id(survivor.id.uuid))
            #expect(try await f.accounts.get(subsidiary.id, by: f.rep)["parent_id"] == .id(duplicate.id.uuid))
            #expect(try await f.accounts.get(survivor.id, by: f.rep)["industry"] == nil)
            let restored = try await relations.links(of: duplicate.id, by: f.rep)
            #expect(Set(restored.map(\.relation.id)) == [moved.id, repeated.id, selfLink.id])
            #expect(restored.first { $0.relation.id == moved.id }?.relation.note == "since 2020")
            #expect(Set(try await relations.links(of: survivor.id, by: f.rep).map(\.otherName)) == ["Buyer Co", "Globex Duplicate"])
            #expect(try await f.contacts.list(ListQuery(q: "globex"), by: f.rep).items.map(\.id) == [ann.id])
            let after = try await f.store.merges.links(to: duplicate.id, by: f.rep)
            #expect(after.map(\.count).reduce(0, +) == 5)  // all but Bob
            #expect(try await f.accounts.history(survivor.id, by: f.rep).first?.action == .unmerged)
            #expect(try await f.accounts.history(duplicate.id, by: f.rep).first?.action == .unmerged)
        }
    }

    @Test(arguments: TestDatabase.all)
    func undoKeepsWhatChangedSinceTheMerge(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let survivor = try await f.duplicateContact(
                ["first_name": .string("Ann"), "last_name": .string("Lee"), "title": .string("CFO")], by: f.rep)
            let duplicate = try await f.duplicateContact(
                ["first_name": .string("Ann"), "last_name": .string("Lee"), "title": .string("Finance"), "city": .string("Oslo"),
                 "region": .string("Viken")], by: f.rep)
            let outcome = try await f.store.merges.merge(
                survivor.id, with: duplicate.id, choices: ["title": .duplicate], survivorVersion: 1, duplicateVersion: 1,
                by: f.rep)
            #expect(outcome.survivor["city"] == .text("Oslo"))
            // After the merge someone edits the title and the region: their values stay.
            _ = try await f.contacts.update(
                survivor.id, try changes(Contact.self, ["title": .string("CEO"), "region": .string("Akershus")]), expecting: 2,
                by: f.teammate)
            _ = try await f.store.merges.undo(outcome.merge.id, by: f.rep)
            let now = try await f.contacts.get(survivor.id, by: f.rep)
            #expect(now["title"] == .text("CEO"))
            #expect(now["region"] == .text("Akershus"))
            #expect(now["city"] == nil)
            #expect(now.version == 4)
            let event = try #require(try await f.contacts.history(survivor.id, by: f.rep).first)
            #expect(event.action == .unmerged)
            #expect(Set(event.changes.map(\.field)) == ["city", "merged_from"])
            let back = try await f.contacts.get(duplicate.id, by: f.rep)
            #expect(back.deletedAt == nil)
            #expect(back.values == duplicate.values)
            #expect(try await f.contactPoints(duplicate.id.uuid) == 0)
            #expect(try await f.matchKeys(duplicate.id.uuid) > 0)
            #expect(try await f.store.search("oslo", by: f.rep).isEmpty)  // city is not searchable; the name is
            #expect(Set(try await f.store.search("ann lee", by: f.rep).map(\.id)) == [survivor.id.description, duplicate.id.description])
            #expect(await rapportError { try await f.store.merges.undo(outcome.merge.id, by: f.rep) }?.kind == "conflict")
        }
    }

    @Test(arguments: TestDatabase.all)
    func badMergesAreRefusedAndNothingIsWritten(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let a = try await f.duplicateContact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let b = try await f.duplicateContact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let gone = try await f.duplicateContact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            _ = try await f.contacts.delete(gone.id, expecting: 1, by: f.rep)
            let account = try await f.account(["name": .string("Ruiz SA")], by: f.rep)
            let hidden = try await f.contact(["last_name": .string("Hidden")], by: f.outsider)
            let firstOnly = try await f.duplicateContact(["first_name": .string("Ruiz")], by: f.rep)
            let lastOnly = try await f.duplicateContact(["last_name": .string("Ruiz")], by: f.rep)
            let events = try await f.eventCount()
            let merges = f.store.merges

            func error(
                _ survivor: Record<Contact>.ID, _ duplicate: Record<Contact>.ID, _ choices: [String: MergeChoice] = [:],
                versions: (Int, Int) = (1, 1), by principal: Principal? = nil
            ) async -> RapportError? {
                await rapportError {
                    try await merges.merge(
                        survivor, with: duplicate, choices: choices, survivorVersion: versions.0,
                        duplicateVersion: versions.1, by: principal ?? f.rep)
                }
            }
            #expect(await error(a.id, a.id)?.fields == ["duplicate_id"])
            #expect(await error(a.id, b.id, versions: (2, 1))?.kind == "staleVersion")
            #expect(await error(a.id, b.id, versions: (1, 3))?.kind == "staleVersion")
            #expect(await error(a.id, gone.id)?.fields == ["duplicate_id"])
            #expect(await error(gone.id, a.id)?.kind == "conflict")
            let wrongKind = await error(a.id, .init(account.id.uuid))
            #expect(wrongKind == .invalid(field: "duplicate_id", reason: "names an account, not a contact"))
            #expect(await error(a.id, hidden.id)?.fields == ["duplicate_id"])
            #expect(await error(hidden.id, a.id)?.kind == "notFound")
            #expect(await error(a.id, b.id, by: f.viewer)?.kind == "forbidden")
            #expect(await error(a.id, b.id, by: f.outsider)?.kind == "notFound")
            // Taking the duplicate's empty first name and keeping the survivor's empty last name leaves no name.
            let nameless = await error(firstOnly.id, lastOnly.id, ["first_name": .duplicate, "last_name": .survivor])
            #expect(nameless?.fields == ["fields.last_name"])
            do {
                _ = try MergePlan.readChoices(
                    .object(JSONObject(["title": .string("both"), "colour": .string("survivor"), "city": .string("mine")])),
                    for: Contact.self)
                Issue.record("expected invalid choices")
            } catch let error as RapportError {
                #expect(Set(error.fields) == ["fields.title", "fields.colour", "fields.city"])
            }
            #expect(try MergePlan.readChoices(.object(JSONObject(["tags": .string("both")])), for: Contact.self) == ["tags": .both])
            #expect(try await f.eventCount() == events)
        }
    }

    @Test(arguments: TestDatabase.all)
    func repsMergeWhatTheyMaySeeAndChange(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            // A teammate's record is visible to the rep through the team; a shared one through sharing.
            let mine = try await f.duplicateContact(["first_name": .string("Li"), "last_name": .string("Wei")], by: f.rep)
            let teams = try await f.duplicateContact(["first_name": .string("Li"), "last_name": .string("Wei")], by: f.teammate)
            let shared = try await f.duplicateContact(
                ["first_name": .string("Li"), "last_name": .string("Wei"), "shared": .bool(true)], by: f.outsider)
            let first = try await f.store.merges.merge(
                mine.id, with: teams.id, choices: [:], survivorVersion: 1, duplicateVersion: 1, by: f.rep)
            let second = try await f.store.merges.merge(
                mine.id, with: shared.id, choices: [:], survivorVersion: 2, duplicateVersion: 1, by: f.rep)
            #expect(try await f.store.merges.merges(of: mine.id.uuid, by: f.rep).map(\.id) == [second.merge.id, first.merge.id])
            // The outsider sees the merge of their shared record, not the other one.
            #expect(try await f.store.merges.merges(of: mine.id.uuid, by: f.outsider).map(\.id) == [second.merge.id])
            #expect(await rapportError { try await f.store.merges.get(first.merge.id, by: f.outsider) }?.kind == "notFound")
            #expect(await rapportError { try await f.store.merges.undo(first.merge.id, by: f.outsider) }?.kind == "notFound")
            #expect(await rapportError { try await f.store.merges.undo(first.merge.id, by: f.viewer) }?.kind == "forbidden")
            // Undoing the older merge first works; the survivor keeps what the later one brought.
            _ = try await f.store.merges.undo(first.merge.id, by: f.rep)
            #expect(try await f.contacts.get(teams.id, by: f.rep).deletedAt == nil)
            #expect(try await f.contacts.get(shared.id, by: f.rep).deletedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMergeCanBeUndoneFor30DaysThenHousekeepingDropsItsSnapshot(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let a = try await f.duplicateAccount(["name": .string("Initech")], by: f.rep)
            let b = try await f.duplicateAccount(["name": .string("Initech Ltd")], by: f.rep)
            let c = try await f.duplicateAccount(["name": .string("Initech Group")], by: f.rep)
            let outcome = try await f.store.merges.merge(
                a.id, with: b.id, choices: [:], survivorVersion: 1, duplicateVersion: 1, by: f.rep)
            let later = outcome.merge.mergedAt.adding(seconds: 30 * 24 * 3600 + 1)
            // Each error is bound before it is checked (see `rapportError`): a closure inside #expect
            // can be confused with the next one by this compiler.
            let tooLate = await rapportError { try await f.store.merges.undo(outcome.merge.id, by: f.rep, now: later) }
            #expect(tooLate == .conflict("This merge can no longer be undone: a merge can be undone for 30 days."))
            // A merge the survivor took part in later must be undone first.
            let onward = try await f.store.merges.merge(
                c.id, with: a.id, choices: [:], survivorVersion: 1, duplicateVersion: 2, by: f.rep)
            let blocked = await rapportError { try await f.store.merges.undo(outcome.merge.id, by: f.rep) }
            #expect(blocked?.kind == "conflict")
            #expect(blocked != tooLate)
            _ = try await f.store.merges.undo(onward.merge.id, by: f.rep)

            let removed = try await Housekeeping.run(f.db, now: later)
            #expect(removed >= 1)
            let error = await rapportError { try await f.store.merges.undo(outcome.merge.id, by: f.rep) }
            #expect(error == .conflict("This merge can no longer be undone: a merge can be undone for 30 days."))
            // The merge stays on record: the merged account still says where it went.
            let kept = try await f.store.merges.get(outcome.merge.id, by: f.rep)
            #expect(kept.canUndo(at: later) == false)
            #expect(try await f.store.merges.mergedInto(b.id.uuid, by: f.rep)?.survivorTitle == "Initech")
        }
    }
}

extension Fixture {
    /// A contact created although it looks like one that exists (merging needs such pairs).
    func duplicateContact(_ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Contact> {
        var object = JSONObject(pairs)
        if Contact.flags.contains("allow_duplicate") { object["allow_duplicate"] = .bool(true) }
        var input = Input(object)
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        try input.finish()
        return try await contacts.create(changes, by: principal)
    }

    func duplicateAccount(_ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Account> {
        var object = JSONObject(pairs)
        if Account.flags.contains("allow_duplicate") { object["allow_duplicate"] = .bool(true) }
        var input = Input(object)
        let changes = RecordChanges<Account>.read(&input, defaultCountry: "US")
        try input.finish()
        return try await accounts.create(changes, by: principal)
    }

    /// How many duplicate-detection keys a record has (none while it is deleted).
    func matchKeys(_ id: UUID) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM match_keys WHERE record_id = \(bind: id)").first()?
                .decode(column: "n", as: Int.self) ?? -1
        }
    }

    /// How many contact points (emails, phones, domains) index a record.
    func contactPoints(_ id: UUID) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM contact_points WHERE record_id = \(bind: id)").first()?
                .decode(column: "n", as: Int.self) ?? -1
        }
    }
}
