import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

/// A CSV file in a temporary folder, for one test.
struct TempCSV {
    let path: String

    init(_ text: String) throws { try self.init(bytes: Array(text.utf8)) }

    init(bytes: [UInt8]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-import-tests")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension Fixture {
    var imports: ImportStore { store.imports }

    /// A draft import of `text` into `table`, with `settings` applied.
    func draft(_ text: String, into table: String, settings: JSONObject = [:], by principal: Principal) async throws -> ImportBatch {
        let file = try TempCSV(text)
        return try await draft(file, into: table, settings: settings, by: principal)
    }

    func draft(_ file: TempCSV, into table: String, settings: JSONObject = [:], by principal: Principal) async throws -> ImportBatch {
        let kind = try #require(imports.kind(table))
        var batch = try await imports.createDraft(kind, path: file.path, fileName: "test.csv", by: principal)
        if settings.count > 0 { batch = try await imports.update(batch.id, with: settings, by: principal) }
        return batch
    }

    /// Imports `text` into `table` to the end (as the job worker would), `chunk` rows per transaction.
    @discardableResult
    func importCSV(
        _ text: String, into table: String, settings: JSONObject = [:], dryRun: Bool = false, chunk: Int = 2_000,
        by principal: Principal
    ) async throws -> ImportBatch {
        let batch = try await draft(text, into: table, settings: settings, by: principal)
        return try await run(batch, dryRun: dryRun, chunk: chunk, by: principal)
    }

    func run(_ batch: ImportBatch, dryRun: Bool = false, chunk: Int = 2_000, by principal: Principal) async throws -> ImportBatch {
        _ = try await imports.start(batch.id, dryRun: dryRun, by: principal)
        var options = ImportRunOptions()
        options.rowsPerChunk = chunk
        return try await imports.run(batch.id, options: options)
    }

    /// Reverts an import to the end (as the job worker would).
    func revert(_ batch: ImportBatch, chunk: Int = 2_000, by principal: Principal) async throws -> ImportBatch {
        _ = try await imports.requestRevert(batch.id, by: principal)
        var options = ImportRunOptions()
        options.rowsPerChunk = chunk
        return try await imports.revert(batch.id, options: options)
    }

    /// Every live contact, by email address (the first one).
    func contactsByEmail() async throws -> [String: Record<Contact>] {
        var result: [String: Record<Contact>] = [:]
        var cursor: Cursor?
        repeat {
            let page = try await contacts.list(ListQuery(limit: 200, cursor: cursor), by: admin)
            for contact in page.items { result[contact["emails"]?.emails.first?.address.value ?? contact.title] = contact }
            cursor = try page.nextCursor.map { try Cursor(decoding: $0) }
        } while cursor != nil
        return result
    }

    /// How many rows of a table a condition selects.
    func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()?
                .decode(column: "n", as: Int.self) ?? -1
        }
    }

    /// The import a record remembers.
    func importID(of id: UUID, in table: String) async throws -> UUID? {
        try await db.read { sql in
            try await sql.raw("SELECT import_id FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first()?
                .decode(column: "import_id", as: UUID?.self)
        }
    }
}

/// Contact points, search documents and blocking keys of every record, in a comparable form.
func indexSnapshot(_ db: Database) async throws -> [String] {
    try await db.read { sql in
        let points = try await sql.raw("SELECT entity, record_id, kind, value FROM contact_points ORDER BY record_id, kind, value")
            .all().map { row in
                [
                    try row.decode(column: "entity", as: String.self), try row.decode(column: "record_id", as: UUID.self).uuidString,
                    try row.decode(column: "kind", as: String.self), try row.decode(column: "value", as: String.self),
                ].joined(separator: "|")
            }
        let docs = try await sql.raw(
            "SELECT record_id, entity, title, subtitle, doc, owner_id, team_id, shared, deleted FROM search_docs ORDER BY record_id"
        ).all().map { row in
            [
                try row.decode(column: "record_id", as: UUID.self).uuidString, try row.decode(column: "entity", as: String.self),
                try row.decode(column: "title", as: String.self), try row.decode(column: "subtitle", as: String.self),
                try row.decode(column: "doc", as: String.self), try row.decode(column: "owner_id", as: UUID?.self)?.uuidString ?? "-",
                try row.decode(column: "team_id", as: UUID?.self)?.uuidString ?? "-",
                String(try row.decode(column: "shared", as: Bool.self)), String(try row.decode(column: "deleted", as: Bool.self)),
            ].joined(separator: "|")
        }
        let keys = try await sql.raw("SELECT entity, record_id, key FROM match_keys ORDER BY record_id, key").all().map { row in
            [
                try row.decode(column: "entity", as: String.self), try row.decode(column: "record_id", as: UUID.self).uuidString,
                try row.decode(column: "key", as: String.self),
            ].joined(separator: "|")
        }
        return points + docs + keys
    }
}

@Suite struct BulkRowsTests {
    /// A created event's changes written straight from the record are what the record store writes.
    @Test func createdChangesAreTheDiffFromNothing() throws {
        let owner = User.ID(UUID(uuidString: "01900000-0000-7000-8000-0000000000aa")!)
        var values: FieldValues = [
            "name": .text("Acme “Rockets” \\ GmbH"), "type": .text("customer"), "employees": .int(0), "website": .text("https://acme.example"),
            "domain": .text("acme.example"), "annual_revenue": .money(Money(minor: -5, currency: "EUR")),
            "emails": .emails([LabeledEmail(try EmailAddress("info@acme.example"), label: "other")]),
            "phones": .phones([LabeledPhone(try PhoneNumber("+49 30 1234567"), label: "main")]),
        ]
        for shared in [false, true] {
            for (ownerID, teamID) in [(nil, nil), (owner, Team.ID(UUID()))] as [(User.ID?, Team.ID?)] {
                let record = Record<Account>(
                    id: .make(), workspaceID: .make(), values: values, ownerID: ownerID, teamID: teamID, shared: shared, version: 1,
                    createdAt: .now(), updatedAt: .now(), createdBy: ownerID, updatedBy: ownerID, deletedAt: nil)
                let expected = Event(
                    id: .make(), workspaceID: record.workspaceID, at: record.createdAt, actorID: nil, actorName: "", entity: "account",
                    recordID: "", action: .created, changes: Record<Account>.diff(nil, record), version: 1)
                #expect(BulkRows.createdChanges(record) == JSONWriter.string(expected.changesJSON))
            }
            values["description"] = .text("line one\nline two")
        }
        let contact = Record<Contact>(
            id: .make(), workspaceID: .make(), values: ["last_name": .text("Ö"), "tags": .tags(["a"]), "email_opt_out": .bool(false),
                                                         "birthday": .date(try LocalDate("1990-02-28"))],
            ownerID: owner, teamID: nil, shared: false, version: 1, createdAt: .now(), updatedAt: .now(), createdBy: nil, updatedBy: nil,
            deletedAt: nil)
        let expected = Event(
            id: .make(), workspaceID: contact.workspaceID, at: contact.createdAt, actorID: nil, actorName: "", entity: "contact",
            recordID: "", action: .created, changes: Record<Contact>.diff(nil, contact), version: 1)
        #expect(BulkRows.createdChanges(contact) == JSONWriter.string(expected.changesJSON))
    }
}
