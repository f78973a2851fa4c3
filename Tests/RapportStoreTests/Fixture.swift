import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

/// A workspace with a small organisation, the same on every engine:
///
///     Sales (manager, repSales) ── East (rep, teammate, viewer)
///     Service (outsider)
///     admin, without a team
struct Fixture: Sendable {
    let db: Database
    let store: Store
    let workspace: Workspace
    let sales: Team
    let east: Team
    let service: Team
    let admin: Principal
    let manager: Principal
    let repSales: Principal
    let rep: Principal
    let teammate: Principal
    let viewer: Principal
    let outsider: Principal

    static func make(_ db: Database) async throws -> Fixture {
        let store = Store(db)
        let directory = store.directory
        let workspace = try await directory.defaultWorkspace()
        let sales = try await directory.team(named: "Sales", in: workspace.id)
        let east = try await directory.team(named: "East", in: workspace.id, parent: sales.id)
        let service = try await directory.team(named: "Service", in: workspace.id)
        func user(_ name: String, _ role: Role, _ team: Team?) async throws -> Principal {
            let user = try await directory.createUser(
                email: try EmailAddress("\(name)@rapport.test"), name: name.capitalized, passwordHash: "not-a-hash",
                role: role, team: team?.id, in: workspace.id)
            return try await directory.principal(for: user)
        }
        return Fixture(
            db: db, store: store, workspace: workspace, sales: sales, east: east, service: service,
            admin: try await user("admin", .admin, nil),
            manager: try await user("manager", .manager, sales),
            repSales: try await user("repsales", .rep, sales),
            rep: try await user("rep", .rep, east),
            teammate: try await user("teammate", .rep, east),
            viewer: try await user("viewer", .viewer, east),
            outsider: try await user("outsider", .rep, service))
    }

    var accounts: RecordStore<Account> { store.accounts }
    var contacts: RecordStore<Contact> { store.contacts }

    func user(_ principal: Principal) async throws -> User {
        let id = try #require(principal.userID)
        return try #require(try await store.directory.user(id))
    }

    @discardableResult
    func account(
        _ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal, id: Record<Account>.ID? = nil
    ) async throws -> Record<Account> {
        try await accounts.create(try changes(Account.self, pairs), id: id, by: principal)
    }

    @discardableResult
    func contact(
        _ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal, id: Record<Contact>.ID? = nil
    ) async throws -> Record<Contact> {
        try await contacts.create(try changes(Contact.self, pairs), id: id, by: principal)
    }

    var activities: RecordStore<Activity> { store.activities }
    var tasks: RecordStore<Todo> { store.tasks }

    @discardableResult
    func activity(
        _ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal, id: Record<Activity>.ID? = nil
    ) async throws -> Record<Activity> {
        try await activities.create(try changes(Activity.self, pairs), id: id, by: principal)
    }

    @discardableResult
    func task(_ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Todo> {
        try await tasks.create(try changes(Todo.self, pairs), by: principal)
    }

    /// One of the workspace's purposes by name (seeding the standard list on first use).
    func purpose(named name: String) async throws -> Purpose {
        try #require(try await store.purposes.all(in: workspace.id).first { $0.name == name })
    }

    /// How many events the log holds.
    func eventCount() async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM events").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }
}

/// Changes read from API-style input that must be valid.
func changes<E: Entity>(
    _ entity: E.Type, _ pairs: KeyValuePairs<String, JSONValue>, sourceLocation: SourceLocation = #_sourceLocation
) throws -> RecordChanges<E> {
    var input = Input(JSONObject(pairs))
    let changes = RecordChanges<E>.read(&input, defaultCountry: "US")
    try input.finish()
    return changes
}

/// Runs `body`, which must fail with a `RapportError`, and returns that error.
///
/// Bind the result with `let` and check it in a separate `#expect`: with Swift 6.3.1, inside another
/// closure (`withFixture { f in … }`), a closure written inside `#expect(…)` can be mixed up with
/// the next plain closure of the same type: calling the plain one then runs the other one's body.
func rapportError<T>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> RapportError? {
    do {
        let value = try await body()
        Issue.record("expected a RapportError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as RapportError {
        return error
    } catch {
        Issue.record("expected a RapportError, got \(String(reflecting: error))", sourceLocation: sourceLocation)
        return nil
    }
}

extension RapportError {
    /// The case's name, for checks that should not depend on message wording.
    var kind: String {
        switch self {
        case .notFound: "notFound"
        case .invalid: "invalid"
        case .malformed: "malformed"
        case .staleVersion: "staleVersion"
        case .conflict: "conflict"
        case .forbidden: "forbidden"
        case .unauthenticated: "unauthenticated"
        case .rateLimited: "rateLimited"
        case .tooLarge: "tooLarge"
        case .needsConfirmation: "needsConfirmation"
        }
    }

    /// The codes of the conflicts a held-back write lists, in order.
    var conflictCodes: [String] {
        if case .needsConfirmation(let confirmation) = self { return confirmation.conflicts.map(\.code) }
        return []
    }

    /// The fields a validation error names.
    var fields: [String] {
        if case .invalid(let issues) = self { return issues.map(\.field) }
        return []
    }
}

/// An ID with a recognisable, fixed value, so both engines hold the same records.
func fixedID<T>(_ n: Int) -> ID<T> {
    let hex = String(n, radix: 16)
    let tail = String(repeating: "0", count: 12 - hex.count) + hex
    return ID(UUID(uuidString: "01900000-0000-7000-8000-\(tail)")!)
}

extension TestDatabase {
    /// A fresh database, migrated and holding the standard fixture.
    func withFixture<R>(_ body: (Fixture) async throws -> R) async throws -> R {
        try await withEmptyDatabase { db in
            try await Migrator.migrate(db)
            return try await body(try await Fixture.make(db))
        }
    }
}
