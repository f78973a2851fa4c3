import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ImportTests {
    /// A created row is a record like any other: the same values, event, contact points, blocking
    /// keys and search entry the record store writes, and it remembers its import.
    @Test(arguments: TestDatabase.all)
    func importedRecordsAreWhatACreateWrites(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme Rockets")], by: f.rep)
            let csv = """
                First Name,Last Name,Email Address,Mobile Phone,Company,Job Title,Country,Tags
                Zoë,Müller,zoe@acme.example,+49 171 1234567,Acme Rockets,Head of R&D,Germany,"vip, board"
                Ana,Lima,ana@initech.example,,Initech,CFO,Brazil,
                Bo,Ray,bo@acme.example,(415) 555-0100,acme rockets,,US,newsletter

                """
            let batch = try await f.importCSV(csv, into: "contacts", settings: ["list_name": "Trade fair 2026", "list_cost": "450"], by: f.rep)
            #expect(batch.status == .done)
            #expect(batch.counts.created == 3)
            #expect(batch.counts.rows == 3)
            #expect(batch.counts.warnings == 1)
            #expect(batch.settings.listName == "Trade fair 2026")
            #expect(batch.settings.listCost == Money(minor: 45_000, currency: "USD"))

            let contacts = try await f.contactsByEmail()
            let zoe = try #require(contacts["zoe@acme.example"])
            #expect(zoe["first_name"] == .text("Zoë"))
            #expect(zoe["account_id"] == .id(acme.id.uuid))
            #expect(zoe["country"] == .text("DE"))
            #expect(zoe["tags"] == .tags(["vip", "board"]))
            #expect(zoe["phones"]?.phones.first?.label == "mobile")
            #expect(zoe.ownerID == f.rep.userID)
            #expect(zoe.teamID == f.east.id)
            #expect(zoe.version == 1)
            // The account's name matches whatever its case.
            #expect(contacts["bo@acme.example"]?["account_id"] == .id(acme.id.uuid))
            // No account is named Initech: created without one, with a warning.
            let ana = try #require(contacts["ana@initech.example"])
            #expect(ana["account_id"] == nil)
            let warnings = try await f.imports.issues(batch.id, pass: "run", by: f.rep)
            #expect(warnings.map(\.kind) == ["warning"])
            #expect(warnings.first?.row == 3)
            #expect(warnings.first?.reason.contains("Company: no account you can see is named “Initech”") == true)

            for contact in contacts.values {
                #expect(try await f.importID(of: contact.id.uuid, in: "contacts") == batch.id.uuid)
                let history = try await f.contacts.history(contact.id, by: f.rep)
                #expect(history.map(\.action) == [.created])
                #expect(history.first?.actorID == f.rep.userID)
                #expect(Set(history.first?.changes ?? []) == Set(Record<Contact>.diff(nil, contact)))
            }
            // Search finds them by name and by their account's name, and the duplicate check knows them.
            #expect(try await f.store.search("muller", by: f.rep).contains { $0.id == zoe.id.description })
            #expect(try await f.store.search("acme rockets", by: f.rep).filter { $0.entity == "contact" }.count == 2)
            let again = await rapportError {
                try await f.contact(["first_name": .string("Zoe"), "last_name": .string("Muller"), "emails": .array([.string("zoe@acme.example")])], by: f.rep)
            }
            #expect(again?.conflictCodes == ["possible_duplicate"])

            // Rewriting their index entries through the stores' own code changes nothing.
            let before = try await indexSnapshot(f.db)
            try await f.db.write { sql in
                for contact in contacts.values {
                    try await ContactPoints.replace(contact, on: sql)
                    try await sql.raw("DELETE FROM match_keys WHERE record_id = \(bind: contact.id.uuid)").run()
                    try await MatchKeys.replace(contact, previous: nil, on: sql)
                    try await RecordIndexing.index(contact, previous: nil, on: sql)
                }
            }
            #expect(try await indexSnapshot(f.db) == before)
        }
    }

    /// Rows that cannot be imported are rejected with reasons naming their columns; the others go in.
    @Test(arguments: TestDatabase.all)
    func badRowsAreRejectedWithReasonsAndTheRestImported(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let csv = """
                First Name,Last Name,Email,Owner,Birthday
                Ana,Lima,ana@x.example,teammate@rapport.test,1990-05-01
                Bad,Email,not-an-email,,
                ,,,,
                Too,Many,bo@x.example,,,surplus
                No,Owner,no@x.example,nobody@nowhere.example,
                ,,cy@x.example,,
                Bad,Date,dd@x.example,,1990-02-30
                Ok,Padded,ok@x.example
                Last,Quote,"lq@x.example
                """
            let batch = try await f.importCSV(csv, into: "contacts", by: f.rep)
            #expect(batch.counts.rows == 9)
            #expect(batch.counts.blank == 1)
            #expect(batch.counts.created == 2)
            #expect(batch.counts.rejected == 6)
            let issues = try await f.imports.issues(batch.id, pass: "run", by: f.rep)
            #expect(issues.map(\.row) == [3, 5, 6, 7, 8, 10])
            #expect(issues.allSatisfy { $0.kind == "rejected" })
            let reasons = Dictionary(uniqueKeysWithValues: issues.map { ($0.row, $0.reason) })
            #expect(reasons[3] == "Email: 'not-an-email' is not a valid email address.")
            #expect(reasons[5]?.contains("has 6 values but the header names 5 columns") == true)
            #expect(reasons[6] == "Owner: no active user has the email address or name 'nobody@nowhere.example'.")
            #expect(reasons[7] == "Last Name: a first or last name is required.")
            #expect(reasons[8] == "Birthday: must be a real date written YYYY-MM-DD.")
            #expect(reasons[10]?.contains("never closed") == true)
            // The rejected rows keep their values, to be fixed and imported again.
            #expect(issues.first?.values == ["Bad", "Email", "not-an-email", "", ""])
            let contacts = try await f.contactsByEmail()
            #expect(Set(contacts.keys) == ["ana@x.example", "ok@x.example"])
            #expect(contacts["ana@x.example"]?.ownerID == f.teammate.userID)
            #expect(contacts["ana@x.example"]?.teamID == f.east.id)
        }
    }

    /// A dry run writes no record and no event, and counts exactly what the run then does.
    @Test(arguments: TestDatabase.all)
    func aDryRunCountsWhatTheRunWillDoAndWritesNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.contact(["first_name": .string("Jane"), "last_name": .string("Doe"), "emails": .array([.string("jane@acme.example")])], by: f.rep)
            var rows = ["First Name,Last Name,Email"]
            for n in 0..<25 { rows.append("Person\(n),Tester,p\(n)@acme.example") }
            rows += ["Jane,Doe,jane@acme.example", "Zed,Quill,p3@acme.example", "Bad,Row,nope"]
            let draft = try await f.draft(rows.joined(separator: "\n"), into: "contacts", by: f.rep)
            let events = try await f.eventCount()
            let dry = try await f.run(draft, dryRun: true, chunk: 4, by: f.rep)
            #expect(dry.status == .draft)
            let counts = try #require(dry.dryCounts)
            #expect(counts.created == 25)
            #expect(counts.skipped == 2)
            #expect(counts.rejected == 1)
            #expect(try await f.eventCount() == events)
            #expect(try await f.count("contacts") == 1)
            let dryIssues = try await f.imports.issues(draft.id, pass: "dry", by: f.rep)
            #expect(dryIssues.map(\.kind) == ["skipped", "skipped", "rejected"])
            #expect(dryIssues[0].reason.hasPrefix("Looks like Jane Doe, already in Rapport"))
            #expect(dryIssues[1].reason == "Repeats row 5 of this file (same email).")

            let run = try await f.run(draft, chunk: 4, by: f.rep)
            #expect(run.counts.created == counts.created)
            #expect(run.counts.skipped == counts.skipped)
            #expect(run.counts.rejected == counts.rejected)
            #expect(try await f.count("contacts") == 26)
            #expect(try await f.imports.issues(draft.id, pass: "run", by: f.rep).map(\.row) == dryIssues.map(\.row))
        }
    }

    /// The preview reads the first rows as the run will, without writing.
    @Test(arguments: TestDatabase.all)
    func thePreviewShowsEachRowsOutcome(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let existing = try await f.account(["name": .string("Globex"), "website": .string("globex.example")], by: f.rep)
            let csv = "Company,Website,Employees\nGlobex Corp,www.globex.example,10\nInitech,initech.example,many\nHooli,hooli.example,250\n"
            let draft = try await f.draft(csv, into: "accounts", by: f.rep)
            let preview = try await f.imports.preview(draft.id, by: f.rep)
            #expect(preview.rows.map(\.outcome) == ["skip", "reject", "create"])
            #expect(preview.rows[0].recordID == existing.id.uuid)
            #expect(preview.rows[0].messages.first?.contains("Globex") == true)
            #expect(preview.rows[1].messages == ["Employees: must be a whole number."])
            #expect(preview.rows[2].values["domain"] == "hooli.example")
            #expect(preview.rows[2].values["employees"] == "250")
            #expect(preview.fields.map(\.name).prefix(2) == ["name", "website"])
            #expect(try await f.count("accounts") == 1)
        }
    }

    /// Latin-1 and UTF-8 with a byte-order mark, `;` and tab separators, CRLF: the same records.
    @Test(arguments: TestDatabase.all)
    func filesInEveryEncodingAndSeparatorImportAlike(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let latin1: [UInt8] = Array("Vorname;Nachname;E-Mail;Ort\r\n".utf8)
                + [0x4A, 0xFC, 0x72, 0x67, 0x65, 0x6E] + Array(";".utf8) + [0x53, 0x74, 0xF6, 0xDF, 0x65, 0x6C]
                + Array(";jurgen@x.example;".utf8) + [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E] + Array("\r\n".utf8)
            let file = try TempCSV(bytes: latin1)
            let batch = try await f.draft(file, into: "contacts", by: f.rep)
            #expect(batch.settings.format.encoding == .windows1252)
            #expect(batch.settings.format.separator == UInt8(ascii: ";"))
            let done = try await f.run(batch, by: f.rep)
            #expect(done.counts.created == 1)
            let bom = try TempCSV(bytes: [0xEF, 0xBB, 0xBF] + Array("First Name\tLast Name\tEmail\tCity\nZoë\tMüller\tzoe@x.example\tZürich\n".utf8))
            let second = try await f.run(try await f.draft(bom, into: "contacts", by: f.rep), by: f.rep)
            #expect(second.counts.created == 1)
            #expect(second.settings.mapping.columns.first?.target == "first_name")
            let contacts = try await f.contactsByEmail()
            #expect(contacts["jurgen@x.example"]?.title == "Jürgen Stößel")
            #expect(contacts["jurgen@x.example"]?["city"] == .text("München"))
            #expect(contacts["zoe@x.example"]?.title == "Zoë Müller")
        }
    }

    /// Templates are saved per entity and applied to the next file with the same headers.
    @Test(arguments: TestDatabase.all)
    func templatesRememberAMapping(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let kind = try #require(f.imports.kind("contacts"))
            let template = try await f.imports.saveTemplate(
                kind, name: "Vendor list", mapping: ["Kunde": "full_name", "Mail": "emails:home", "Ignored": nil], by: f.rep)
            #expect(try await f.imports.templates(kind, by: f.manager).map(\.name) == ["Vendor list"])
            let bad = await rapportError {
                try await f.imports.saveTemplate(kind, name: " ", mapping: ["Kunde": "frist_name"], by: f.rep)
            }
            #expect(bad?.fields == ["name", "mapping.Kunde"])
            let file = try TempCSV("Kunde,Mail,Ignored\nJo Bloggs,jo@x.example,x\n")
            let batch = try await f.imports.createDraft(kind, path: file.path, fileName: "v.csv", template: "Vendor list", by: f.rep)
            #expect(batch.settings.mapping.columns.map(\.target) == ["full_name", "emails:home", nil])
            let done = try await f.run(batch, by: f.rep)
            #expect(done.counts.created == 1)
            let jo = try #require(try await f.contactsByEmail()["jo@x.example"])
            #expect(jo.title == "Jo Bloggs")
            #expect(jo["emails"]?.emails.first?.label == "home")
            // Saving under the same name replaces it.
            let replaced = try await f.imports.saveTemplate(kind, name: "Vendor list", mapping: ["Kunde": "last_name"], by: f.rep)
            #expect(replaced.id == template.id)
            #expect(try await f.imports.templates(kind, by: f.rep).first?.mapping == ["Kunde": "last_name"])
            try await f.imports.deleteTemplate(template.id, by: f.rep)
            #expect(try await f.imports.templates(kind, by: f.rep).isEmpty)
        }
    }

    /// Imports are seen by their maker and by managers; others get `notFound`.
    @Test(arguments: TestDatabase.all)
    func importsAreSeenByTheirMakerAndManagers(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let batch = try await f.draft("Name\nAcme\n", into: "accounts", by: f.rep)
            #expect(try await f.imports.get(batch.id, by: f.manager).id == batch.id)
            #expect(try await f.imports.list(by: f.admin).items.map(\.id) == [batch.id])
            #expect(try await f.imports.list(by: f.teammate).items.isEmpty)
            let hidden = await rapportError { try await f.imports.get(batch.id, by: f.teammate) }
            #expect(hidden?.kind == "notFound")
            let viewer = await rapportError { try await f.draft("Name\nAcme\n", into: "accounts", by: f.viewer) }
            #expect(viewer?.kind == "forbidden")
        }
    }
}
