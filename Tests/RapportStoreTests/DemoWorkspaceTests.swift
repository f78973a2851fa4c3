import Foundation
import Logging
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

/// The demo workspace loads what it says, once, identically everywhere, and shows what a trainer
/// needs: every account type, accented names found without accents, histories with several actors.
///
/// Self-contained (its own databases rather than the shared fixture), because a demo load is big
/// and slow next to the other store tests. SQLite always; PostgreSQL too when
/// `RAPPORT_TEST_POSTGRES_URL` names a server.
@Suite struct DemoWorkspaceTests {
    @Test(arguments: DemoDatabase.all)
    func loadsWhatItReportsOnceWithStoryAndSearch(_ engine: DemoDatabase) async throws {
        try await engine.withDemo { store, workspace, summary in
            #expect(!summary.alreadyLoaded)
            #expect(summary.teams == 6)
            #expect(summary.users == 11)
            #expect((280...320).contains(summary.accounts))
            #expect((900...1_100).contains(summary.contacts))
            #expect(summary.relations >= 40)

            let admin = try await DemoDatabase.principal(DemoWorkspace.adminEmail, store)
            #expect(admin.role == .admin)
            let accounts = try await DemoDatabase.all(store.accounts, by: admin)
            let contacts = try await DemoDatabase.all(store.contacts, by: admin)
            #expect(accounts.count == summary.accounts)
            #expect(contacts.count == summary.contacts)
            #expect(try await store.directory.users(in: workspace.id).count == summary.users)
            let teams = try await store.directory.teams(in: workspace.id)
            #expect(teams.count == summary.teams)
            let sales = try #require(teams.first { $0.name == "Sales" })
            #expect(
                teams.filter { $0.parentID == sales.id }.map(\.name).sorted() == ["Sales — Americas", "Sales — EMEA"])
            var links = 0
            for account in accounts { links += try await store.relations.links(of: account.id, by: admin).count }
            #expect(links == 2 * summary.relations)

            // Every account type and every relation kind is there to show.
            #expect(Set(accounts.compactMap { $0["type"]?.text }) == Set(Account.types))
            for type in Account.types {
                let page = try await store.accounts.list(ListQuery(filters: ["type": type], limit: 1), by: admin)
                #expect(page.items.count == 1, "no \(type) account")
            }
            // Records are owned by the people who work them, in their teams; some are shared.
            #expect(Set(accounts.compactMap(\.ownerID)).count >= 6)
            #expect(accounts.contains { $0.shared } && accounts.contains { !$0.shared })
            #expect(contacts.filter { $0["email_opt_out"] == .bool(true) }.count > contacts.count / 30)
            #expect(contacts.allSatisfy { $0["account_id"] != nil && $0["time_zone"] != nil })
            #expect(accounts.contains { $0["parent_id"] != nil })

            // A rep sees less than the admin: their own, their team's and shared records.
            let sophie = try await DemoDatabase.principal("sophie.laurent@demo.rapport.test", store)
            let visible = try await DemoDatabase.all(store.accounts, by: sophie)
            #expect(visible.count < accounts.count)
            #expect(visible.allSatisfy { sophie.canSee(owner: $0.ownerID, team: $0.teamID, shared: $0.shared) })

            // Accented names are found typed without accents.
            for (query, title) in [
                ("zoe", "Zoë Adeyemi"), ("jurgen kohler", "Jürgen Köhler"), ("lukasz", "Łukasz Wójcik"),
                ("soren", "Søren Østergaard"), ("jose martin", "José Martín"), ("lemanique", "Lémanique Eaux SA"),
            ] {
                let hits = try await store.search(query, by: admin)
                #expect(hits.contains { $0.title == title }, "\(query) should find \(title)")
            }

            // The won deal's history shows the people who worked on it.
            let helix = try #require(accounts.first { $0.title == "Helix Biologics Inc." })
            #expect(helix["type"]?.text == "customer")
            let history = try await store.accounts.history(helix.id, by: admin)
            #expect(Set(history.map(\.actorName)).isSuperset(of: ["Ethan Brooks", "Daniel Okafor", "Hannah Schmidt"]))
            #expect(history.contains { $0.changes.contains { $0.field == "type" && $0.after == .string("customer") } })
            // Service's change to a phone list with an extension read the stored form back.
            let wei = try #require(contacts.first { $0.title == "Wei Zhang" })
            #expect(wei["phones"]?.phones.contains { $0.number.extensionDigits != nil } == true)
            #expect(wei["phones"]?.phones.contains { $0.label == "mobile" } == true)
            #expect(try await store.contacts.history(wei.id, by: admin).first?.actorName == "Lucas Moreau")
            let jose = try #require(contacts.first { $0.title == "José Martín" })
            #expect(try await store.contacts.history(jose.id, by: admin).first?.actorName == "Maya Chen")

            // Loading again does nothing.
            let again = try await DemoWorkspace.load(into: store, workspace: workspace, passwordHash: "unused")
            #expect(again.alreadyLoaded)
            #expect(try await DemoDatabase.all(store.accounts, by: admin).count == accounts.count)
            #expect(try await DemoDatabase.all(store.contacts, by: admin).count == contacts.count)
        }
    }

    @Test func twoFreshDatabasesGetIdenticalData() async throws {
        var engines = [DemoDatabase.sqlite, DemoDatabase.sqlite]
        if let postgres = DemoDatabase.all.first(where: \.isPostgres) { engines[1] = postgres }
        var snapshots: [DemoSnapshot] = []
        for engine in engines {
            try await engine.withDemo { store, _, _ in
                let admin = try await DemoDatabase.principal(DemoWorkspace.adminEmail, store)
                snapshots.append(
                    DemoSnapshot(
                        accounts: try await DemoDatabase.all(store.accounts, by: admin).map(DemoSnapshot.Row.init),
                        contacts: try await DemoDatabase.all(store.contacts, by: admin).map(DemoSnapshot.Row.init),
                        users: try await store.directory.users(in: admin.workspaceID).map { "\($0.id) \($0.email)" },
                        teams: try await store.directory.teams(in: admin.workspaceID).map { "\($0.id) \($0.name)" }))
            }
        }
        try #require(snapshots.count == 2)
        #expect(snapshots[0].accounts.prefix(50).map(\.title) == snapshots[1].accounts.prefix(50).map(\.title))
        #expect(snapshots[0].accounts.prefix(50).map(\.id) == snapshots[1].accounts.prefix(50).map(\.id))
        #expect(snapshots[0] == snapshots[1])
    }
}

/// What two loads are compared by: every record's ID, title, values, ownership and version.
struct DemoSnapshot: Equatable {
    struct Row: Equatable {
        let id: String
        let title: String
        let values: FieldValues
        let owner: String?
        let team: String?
        let shared: Bool
        let version: Int

        init<E: Entity>(_ record: Record<E>) {
            id = record.id.description
            title = record.title
            values = record.values
            owner = record.ownerID?.description
            team = record.teamID?.description
            shared = record.shared
            version = record.version
        }
    }
    let accounts: [Row]
    let contacts: [Row]
    let users: [String]
    let teams: [String]
}

/// A fresh database for a demo load: a temporary SQLite file, or a new PostgreSQL database on the
/// server `RAPPORT_TEST_POSTGRES_URL` names, dropped afterwards.
struct DemoDatabase: Sendable, CustomTestStringConvertible {
    let postgresURL: String?

    static let sqlite = DemoDatabase(postgresURL: nil)

    static var all: [DemoDatabase] {
        let url = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? [sqlite] : [sqlite, DemoDatabase(postgresURL: url)]
    }

    var isPostgres: Bool { postgresURL != nil }
    var testDescription: String { isPostgres ? "PostgreSQL" : "SQLite" }

    static let logger: Logger = {
        var logger = Logger(label: "rapport.tests.demo")
        logger.logLevel = .error
        return logger
    }()

    /// Migrates a fresh database, loads the demo (timing it), and runs `body` with the result.
    func withDemo(_ body: (Store, Workspace, DemoSummary) async throws -> Void) async throws {
        try await withFreshDatabase { db in
            try await Migrator.migrate(db)
            let store = Store(db)
            let workspace = try await store.directory.defaultWorkspace()
            let clock = ContinuousClock()
            let start = clock.now
            let summary = try await DemoWorkspace.load(
                into: store, workspace: workspace, passwordHash: "not-a-real-hash")
            let elapsed = clock.now - start
            print("DemoWorkspace.load on \(testDescription): \(elapsed) for \(summary)")
            try await body(store, workspace, summary)
        }
    }

    private func withFreshDatabase(_ body: (Database) async throws -> Void) async throws {
        guard let postgresURL else {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("rapport-demo-\(UUID().uuidString.lowercased())")
            defer { try? FileManager.default.removeItem(at: directory) }
            let db = try await Database.open(
                .sqlite(path: directory.appendingPathComponent("demo.sqlite").path), logger: Self.logger)
            try await Self.using(db, body)
            return
        }
        let name = "demo_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.onServer(postgresURL, "CREATE DATABASE \(name)")
        let result: Result<Void, any Error>
        do {
            guard var components = URLComponents(string: postgresURL) else { throw RapportError.malformed(postgresURL) }
            components.path = "/" + name
            let db = try await Database.open(.postgres(url: components.string ?? postgresURL), logger: Self.logger)
            result = .success(try await Self.using(db, body))
        } catch {
            result = .failure(error)
        }
        try await Self.onServer(postgresURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try result.get()
    }

    private static func using(_ db: Database, _ body: (Database) async throws -> Void) async throws {
        do {
            try await body(db)
            await db.close()
        } catch {
            await db.close()
            throw error
        }
    }

    private static func onServer(_ url: String, _ statement: String) async throws {
        let db = try await Database.open(.postgres(url: url), logger: logger)
        try await using(db) { db in try await db.read { sql in try await sql.raw(SQLQueryString(statement)).run() } }
    }

    /// The signed-in view of a demo user.
    static func principal(_ email: String, _ store: Store) async throws -> Principal {
        let (user, _) = try #require(try await store.directory.credentials(email: try EmailAddress(email)))
        return try await store.directory.principal(for: user)
    }

    /// Every record the principal sees, sorted by name, read page by page.
    static func all<E: Entity>(_ records: RecordStore<E>, by principal: Principal) async throws -> [Record<E>] {
        var result: [Record<E>] = []
        var cursor: Cursor?
        repeat {
            let page = try await records.list(ListQuery(limit: 200, cursor: cursor), by: principal)
            result += page.items
            cursor = try page.nextCursor.map { try Cursor(decoding: $0) }
        } while cursor != nil
        return result
    }
}
