import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ImportModeTests {
    /// Updates change the one record their key finds: lists gain items, blank cells change nothing,
    /// rows finding no record are skipped, several records or hidden ones are refused.
    @Test(arguments: TestDatabase.all)
    func updatesChangeTheRecordTheirEmailFinds(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Lima"), "title": .string("CFO"), "emails": .array([.string("ana@x.example")]),
                 "phones": .array([.string("+1 415 555 0100")]), "tags": .array([.string("vip")])], by: f.rep)
            let same = try await f.contact(["first_name": .string("Bo"), "last_name": .string("Ray"), "emails": .array([.string("bo@x.example")]), "title": .string("CEO")], by: f.rep)
            try await f.contact(["first_name": .string("Twin"), "last_name": .string("One"), "emails": .array([.string("twin@x.example")])], by: f.rep)
            var flags = RecordChanges<Contact>()
            flags.values = ["first_name": .text("Twin"), "last_name": .text("Two"), "emails": .emails([LabeledEmail(try EmailAddress("twin@x.example"))])]
            flags.flags = ["allow_duplicate"]
            _ = try await f.contacts.create(flags, by: f.rep)
            try await f.contact(["first_name": .string("Hidden"), "last_name": .string("Person"), "emails": .array([.string("hid@x.example")])], by: f.outsider)
            let csv = """
                Email,Job Title,Mobile,Tags,Last Name
                ANA@x.example,Chief Financial Officer,+44 7700 900123,board,
                bo@x.example,CEO,,,
                nobody@x.example,Intern,,,
                twin@x.example,Twin,,,
                hid@x.example,Spy,,,
                ,Blank key,,,
                ana@x.example,Again,,,
                """
            let batch = try await f.importCSV(csv, into: "contacts", settings: ["mode": "update", "match_key": "email"], by: f.rep)
            #expect(batch.counts.updated == 1)
            #expect(batch.counts.unchanged == 1)
            #expect(batch.counts.skipped == 2)
            #expect(batch.counts.rejected == 3)
            #expect(batch.counts.created == 0)
            let updated = try await f.contacts.get(ana.id, by: f.rep)
            #expect(updated["title"] == .text("Chief Financial Officer"))
            #expect(updated["last_name"] == .text("Lima"))
            #expect(updated["phones"]?.phones.map(\.number.e164) == ["+14155550100", "+447700900123"])
            #expect(updated["tags"] == .tags(["vip", "board"]))
            #expect(updated.version == 2)
            #expect(try await f.contacts.get(same.id, by: f.rep).version == 1)
            let history = try await f.contacts.history(ana.id, by: f.rep)
            #expect(history.first?.action == .updated)
            #expect(Set(history.first?.changes.map(\.field) ?? []) == ["title", "phones", "tags"])
            // Updated records keep the import that created them (none): the import is in its changes.
            #expect(try await f.importID(of: ana.id.uuid, in: "contacts") == nil)
            #expect(try await f.count("import_changes", "import_id = '\(db.isPostgres ? batch.id.description : batch.id.uuid.uuidString)'") == 1)
            let issues = try await f.imports.issues(batch.id, pass: "run", by: f.rep)
            let reasons = Dictionary(uniqueKeysWithValues: issues.map { ($0.row, $0.reason) })
            #expect(reasons[4] == "No contact has this email address (nobody@x.example).")
            #expect(reasons[5]?.hasPrefix("Its email address matches 2 contacts") == true)
            #expect(reasons[6] == "Its email address belongs to a contact you cannot see.")
            #expect(reasons[7] == "Email: is empty, and the email address is how rows find the contact to update.")
            #expect(reasons[8] == "Row 2 of this file already updates this contact (same email address).")
        }
    }

    /// Every match key finds its records: phone, external ID, Rapport ID, and for accounts name and domain.
    @Test(arguments: TestDatabase.all)
    func everyMatchKeyFindsItsRecords(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let zoe = try await f.contact(
                ["first_name": .string("Zoë"), "last_name": .string("Müller"), "phones": .array([.string("+49 30 1234567")]),
                 "external_id": .string("sf-0031")], by: f.rep)
            let acme = try await f.account(["name": .string("Acme Rockets GmbH"), "website": .string("https://www.acme.example")], by: f.rep)
            func run(_ csv: String, _ table: String, _ key: String) async throws -> ImportBatch {
                try await f.importCSV(csv, into: table, settings: ["mode": "update", "match_key": .string(key)], by: f.rep)
            }
            #expect(try await run("Phone,Title\n030 1234567,Phone match\n", "contacts", "phone").counts.updated == 0)
            // Without a country code the workspace's (US) is assumed: that is another number.
            #expect(try await run("Phone,Title\n+49 30 1234567,Phone match\n", "contacts", "phone").counts.updated == 1)
            #expect(try await f.contacts.get(zoe.id, by: f.rep)["title"] == .text("Phone match"))
            #expect(try await run("Contact ID,Title\nsf-0031,External match\n", "contacts", "external_id").counts.updated == 1)
            #expect(try await run("Id,Title\n\(zoe.id),Rapport ID match\n", "contacts", "id").counts.updated == 1)
            #expect(try await f.contacts.get(zoe.id, by: f.rep)["title"] == .text("Rapport ID match"))
            #expect(try await run("Account Name,Industry\nACME ROCKETS GMBH,Aerospace\n", "accounts", "name").counts.updated == 1)
            #expect(try await run("Domain,Industry\nwww.ACME.example,Rockets\n", "accounts", "domain").counts.updated == 1)
            let updated = try await f.accounts.get(acme.id, by: f.rep)
            #expect(updated["industry"] == .text("Rockets"))
            #expect(updated.version == 3)
        }
    }

    /// Upserts update what their key finds and create the rest; a row repeating an earlier row's
    /// key is not imported twice, however far apart the rows are.
    @Test(arguments: TestDatabase.all)
    func upsertsUpdateOrCreateAndNeverDoubleARow(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Lima"), "emails": .array([.string("ana@x.example")])], by: f.rep)
            var rows = ["Email,First Name,Last Name,Title", "ana@x.example,Ana,Lima,CFO"]
            for n in 0..<9 { rows.append("new\(n)@x.example,New\(n),Person,") }
            rows.append("new1@x.example,Newer,Person,Repeat far away")
            rows.append("ana@x.example,Ana,Lima,Repeat of an update")
            let batch = try await f.importCSV(
                rows.joined(separator: "\n"), into: "contacts", settings: ["mode": "upsert", "match_key": "email"], chunk: 3, by: f.rep)
            #expect(batch.counts.updated == 1)
            #expect(batch.counts.created == 9)
            #expect(batch.counts.skipped == 2)
            #expect(try await f.contacts.get(ana.id, by: f.rep)["title"] == .text("CFO"))
            let contacts = try await f.contactsByEmail()
            #expect(contacts.count == 10)
            #expect(contacts["new1@x.example"]?.title == "New1 Person")
            let reasons = try await f.imports.issues(batch.id, pass: "run", by: f.rep).map(\.reason)
            #expect(reasons == [
                "It repeats the email address of an earlier row of this file, which created that contact.",
                "Row 2 of this file already updated this contact (same email address).",
            ])
            // Flagging look-alikes never makes a second record for a repeated key, however close the rows.
            let flagged = try await f.importCSV(
                "Email,First Name,Last Name\nz@x.example,Zed,One\nz@x.example,Zed,Two\n", into: "contacts",
                settings: ["mode": "upsert", "match_key": "email", "duplicates": "flag"], by: f.rep)
            #expect(flagged.counts.created == 1)
            #expect(flagged.counts.skipped == 1)
            #expect(try await f.imports.issues(flagged.id, pass: "run", by: f.rep).map(\.reason) == [
                "It repeats the email address of row 2 of this file, which created that contact."
            ])
        }
    }

    /// Rows that look like existing records or earlier rows are skipped with the look-alike named,
    /// or, when the import says so, imported and listed as possible duplicates to review.
    @Test(arguments: TestDatabase.all)
    func lookAlikesAreSkippedOrFlagged(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let bill = try await f.contact(
                ["first_name": .string("William"), "last_name": .string("Gates"), "emails": .array([.string("bill@msft.example")])], by: f.rep)
            try await f.contact(["first_name": .string("Secret"), "last_name": .string("Agent"), "emails": .array([.string("007@mi6.example")])], by: f.outsider)
            let csv = """
                First Name,Last Name,Email
                Bill,Gates,bill@msft.example
                Jim,Bond,007@mi6.example
                Grace,Hopper,grace@navy.example
                Ada,Lovelace,ada@engine.example
                Ada,Lovelace,ada@engine.example
                Alan,Turing,alan@bletchley.example
                Emmy,Noether,emmy@math.example
                Gracie,Hopper,grace@navy.example
                """
            let skipped = try await f.importCSV(csv, into: "contacts", chunk: 2, by: f.rep)
            #expect(skipped.counts.created == 4)
            #expect(skipped.counts.skipped == 4)
            let issues = try await f.imports.issues(skipped.id, pass: "run", by: f.rep)
            #expect(issues.map(\.row) == [2, 3, 6, 9])
            #expect(issues[0].recordID == bill.id.uuid)
            #expect(issues[0].reason.hasPrefix("Looks like William Gates, already in Rapport (same email"))
            #expect(issues[1].reason == "Looks like a contact you cannot see; ask your manager or an admin.")
            #expect(issues[1].recordID == nil)
            // Rows 5 and 6 are in neighbouring chunks: the run remembers the one being written.
            #expect(issues[2].reason.hasPrefix("Looks like row 5 of this file, Ada Lovelace (same email"))
            // Rows 4 and 9 are chunks apart: the later one finds the earlier in the database.
            #expect(issues[3].reason.hasPrefix("Looks like Grace Hopper, imported from an earlier row of this file"))
            #expect(try await f.count("contacts") == 6)

            let flagged = try await f.importCSV(
                "First Name,Last Name,Email\nBill,Gates,bill@msft.example\n", into: "contacts", settings: ["duplicates": "flag"], by: f.rep)
            #expect(flagged.counts.created == 1)
            #expect(flagged.counts.flagged == 1)
            let pairs = try await f.store.duplicates.pairs(Contact.self, by: f.rep)
            #expect(pairs.items.count == 1)
            #expect(Set([pairs.items[0].a.id, pairs.items[0].b.id]).contains(bill.id))
            #expect(pairs.items[0].reasons.contains("same email"))
        }
    }

    /// Accounts link to their parents by name, contacts to accounts by ID; an ID naming nothing visible is refused.
    @Test(arguments: TestDatabase.all)
    func referencesAreFoundByNameOrID(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let group = try await f.account(["name": .string("Globex Group")], by: f.rep)
            let hidden = try await f.account(["name": .string("Hidden Holdings")], by: f.outsider)
            let accounts = try await f.importCSV(
                "Account Name,Parent Account\nZurich Optics,Globex Group\nParis Instruments,globex group\nOrphan,Hidden Holdings\n",
                into: "accounts", by: f.rep)
            #expect(accounts.counts.created == 3)
            #expect(accounts.counts.warnings == 1)
            let page = try await f.accounts.list(ListQuery(filters: ["parent_id": group.id.description]), by: f.rep)
            #expect(Set(page.items.map(\.title)) == ["Zurich Optics", "Paris Instruments"])
            let contacts = try await f.importCSV(
                "Name,Account\nJo Bloggs,\(group.id)\nNo Way,\(hidden.id)\n", into: "contacts", by: f.rep)
            #expect(contacts.counts.created == 1)
            #expect(contacts.counts.rejected == 1)
            #expect(try await f.imports.issues(contacts.id, pass: "run", by: f.rep).first?.reason == "Account: does not name an account you can see.")
        }
    }
}
