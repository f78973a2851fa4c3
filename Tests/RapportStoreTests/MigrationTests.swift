import Foundation
import RapportCore
@testable import RapportStore
import SQLKit
import RapportTesting
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabase.all)
    func migrationsApplyToAnEmptyDatabaseOnce(_ db: TestDatabase) async throws {
        try await db.withEmptyDatabase { database async throws in
            let every = Migrator.all.map(\.number).sorted()
            #expect(!every.isEmpty)
            #expect(try await Migrator.migrate(database) == every)
            #expect(try await Migrator.appliedVersions(database) == Set(every))
            #expect(try await Migrator.migrate(database) == [])
            #expect(try await Migrator.appliedVersions(database) == Set(every))
            #expect(Migrator.latestVersion == every.last)
        }
    }

    /// Instances started together both migrate: each migration is applied once, neither fails.
    @Test(arguments: TestDatabase.all)
    func instancesMigratingTogetherApplyEachMigrationOnce(_ db: TestDatabase) async throws {
        try await db.withEmptyLocation { location in
            let first = try await Database.open(location, logger: TestDatabase.logger)
            let second = try await Database.open(location, logger: TestDatabase.logger)
            try await TestDatabase.using(first) { _ in
                try await TestDatabase.using(second) { _ in
                    async let a = Migrator.migrate(first)
                    async let b = Migrator.migrate(second)
                    let (ranA, ranB) = try await (a, b)
                    let every = Migrator.all.map(\.number).sorted()
                    #expect((ranA + ranB).sorted() == every)
                    #expect(try await Migrator.appliedVersions(first) == Set(every))
                }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func everyFieldHasItsColumns(_ db: TestDatabase) async throws {
        try await db.withEmptyDatabase { database in
            try await Migrator.migrate(database)
            try await Self.checkColumns(Account.self, on: database)
            try await Self.checkColumns(Contact.self, on: database)
            // The check itself can fail: a column that is not there is an error on both engines.
            await #expect(throws: (any Error).self) {
                try await database.read { sql in
                    try await sql.raw("SELECT no_such_column FROM contacts WHERE 1 = 0").all()
                }
            }
        }
    }

    static func checkColumns<E: Entity>(_ entity: E.Type, on database: Database) async throws {
        for column in RecordCodec.columns(E.self) {
            do {
                try await database.read { sql in
                    _ = try await sql.raw("SELECT \(ident: column) FROM \(ident: E.table) WHERE 1 = 0").all()
                }
            } catch {
                Issue.record("\(E.table).\(column) is missing: \(String(reflecting: error))")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func everyFieldRoundTripsThroughItsColumns(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let parent = try await f.account(["name": .string("Globex Holdings")], by: f.rep)
            let account = try await f.account(
                [
                    "name": .string("Globex Zürich AG"), "type": .string("customer"), "industry": .string("Manufacturing"),
                    "website": .string("www.globex.ch/en"), "phones": .array([.string("+41 44 668 18 00 ext. 12")]),
                    "emails": .array([.object(JSONObject(["address": .string("Info@Globex.ch"), "label": .string("other")]))]),
                    "street": .string("Bahnhofstrasse 1\nPostfach"), "city": .string("Zürich"), "region": .string("ZH"),
                    "postal_code": .string("8001"), "country": .string("ch"), "employees": .int(1200),
                    "annual_revenue": .object(JSONObject(["amount_minor": .int(999_999_999_999_999), "currency": .string("CHF")])),
                    "parent_id": .string(parent.id.description), "description": .string("<b>Key</b> account; 'quoted' \"text\""),
                    "external_id": .string("0015g00000ABCdefAAA"),
                ], by: f.rep)
            let contact = try await f.contact(
                [
                    "prefix": .string("Dr."), "first_name": .string("Zoë"), "middle_name": .string("Q."),
                    "last_name": .string("Müller"), "suffix": .string("PhD"), "title": .string("Head of R&D"),
                    "account_id": .string(account.id.description),
                    "emails": .array([.string("zoe@globex.ch"), .object(JSONObject(["address": .string("zoe@home.example"), "label": .string("home")]))]),
                    "phones": .array([.string("(415) 555-0100"), .object(JSONObject(["number": .string("+44 20 7946 0958 x7"), "label": .string("mobile")]))]),
                    "birthday": .string("1992-02-29"), "time_zone": .string("Europe/Zurich"), "email_opt_out": .bool(true),
                    "tags": .array([.string("VIP"), .string("board member")]), "street": .string("Seestrasse 5"),
                    "city": .string("Küsnacht"), "region": .string("ZH"), "postal_code": .string("8700"), "country": .string("CH"),
                    "description": .string(String(repeating: "ü", count: 10_000)), "external_id": .string("hubspot-1042"),
                ], by: f.rep)
            let account2 = try await f.accounts.get(account.id, by: f.rep)
            let contact2 = try await f.contacts.get(contact.id, by: f.rep)
            #expect(account2.values == account.values)
            #expect(contact2.values == contact.values)
            #expect(account2.values.count == Account.fields.count)
            #expect(contact2.values.count == Contact.fields.count)
            for record in [account2.json(), account.json()] { #expect(record["domain"] == .string("globex.ch")) }
            #expect(contact2.createdAt == contact.createdAt)
            #expect(contact2.ownerID == f.rep.userID)
            #expect(contact2.teamID == f.east.id)
            #expect(contact2.createdBy == f.rep.userID)
            #expect(contact2.json() == contact.json())
        }
    }

    @Test(arguments: TestDatabase.all)
    func aFailedWriteLeavesNothingBehind(_ db: TestDatabase) async throws {
        struct Boom: Error {}
        try await db.withFixture { f in
            let teams = try await f.store.directory.teams(in: f.workspace.id).count
            await #expect(throws: Boom.self) {
                try await f.db.write { sql in
                    try await sql.raw(
                        """
                        INSERT INTO teams (id, workspace_id, name, parent_id, created_at)
                        VALUES (\(bind: UUID()), \(bind: f.workspace.id.uuid), \(bind: "Ghosts"), NULL, \(bind: Int64(0)))
                        """
                    ).run()
                    throw Boom()
                }
            }
            #expect(try await f.store.directory.teams(in: f.workspace.id).count == teams)
            // The connection is usable afterwards: the transaction was rolled back, not left open.
            _ = try await f.store.directory.team(named: "Marketing", in: f.workspace.id)
            #expect(try await f.store.directory.teams(in: f.workspace.id).map(\.name).contains("Marketing"))
        }
    }
}
