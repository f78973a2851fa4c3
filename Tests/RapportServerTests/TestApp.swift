import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// A running application over a fresh database, with a small cast of users and their API tokens.
struct TestApp {
    let store: Store
    let workspace: Workspace
    let sales: Team
    let service: Team
    let admin: User
    let salesRep: User
    let serviceRep: User
    let salesManager: User
    let viewer: User
    /// API tokens by user email.
    let tokens: [String: String]
    /// The data folder the application writes files to (CSV uploads).
    var dataDirectory = ""
    static let password = "correct horse battery"

    /// Runs `body` against the router of a fresh application on the given database.
    static func run(
        _ database: TestDatabase, _ body: @Sendable (TestApp, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await database.withEmptyDatabase { db in
            try await Migrator.migrate(db)
            let store = Store(db)
            var app = try await TestApp.make(store)
            var config = AppConfig()
            config.bcryptCost = 4
            // Uploads (CSV imports) go to a folder of this test's own.
            config.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-app-\(UUID().uuidString)").path
            app.dataDirectory = config.dataDirectory
            let ready = app
            let application = try await buildApplication(config: config, store: store, logger: TestDatabase.logger)
            try await application.test(.router) { client in try await body(ready, client) }
        }
    }

    static func make(_ store: Store) async throws -> TestApp {
        let workspace = try await store.directory.defaultWorkspace()
        let sales = try await store.directory.team(named: "Sales", in: workspace.id)
        let service = try await store.directory.team(named: "Service", in: workspace.id)
        let hash = try await Passwords(cost: 4).hash(password)
        func user(_ email: String, _ name: String, _ role: Role, _ team: Team?) async throws -> User {
            try await store.directory.createUser(
                email: try EmailAddress(email), name: name, passwordHash: hash, role: role, team: team?.id, in: workspace.id)
        }
        let admin = try await user("admin@example.com", "Ada Admin", .admin, nil)
        let salesRep = try await user("sam@example.com", "Sam Sales", .rep, sales)
        let serviceRep = try await user("sue@example.com", "Sue Service", .rep, service)
        let salesManager = try await user("max@example.com", "Max Manager", .manager, sales)
        let viewer = try await user("vic@example.com", "Vic Viewer", .viewer, sales)
        var tokens: [String: String] = [:]
        for u in [admin, salesRep, serviceRep, salesManager, viewer] {
            tokens[u.email.value] = try await store.tokens.create(for: u, name: "test").1
        }
        return TestApp(
            store: store, workspace: workspace, sales: sales, service: service, admin: admin, salesRep: salesRep,
            serviceRep: serviceRep, salesManager: salesManager, viewer: viewer, tokens: tokens)
    }

    func auth(_ user: User, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        headers[.authorization] = "Bearer \(tokens[user.email.value]!)"
        headers[.contentType] = "application/json"
        return headers
    }
}

extension TestResponse {
    /// The body parsed as a JSON object.
    var object: JSONObject {
        get throws {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
            guard case .object(let o) = value else { throw TestFailure("body is not a JSON object: \(String(buffer: body))") }
            return o
        }
    }

    var text: String { String(buffer: body) }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension JSONObject {
    func string(_ key: String) -> String? { self[key]?.stringValue }
    func int(_ key: String) -> Int64? { if case .int(let i)? = self[key] { i } else { nil } }
    func array(_ key: String) -> [JSONValue] { if case .array(let a)? = self[key] { a } else { [] } }
}

extension JSONValue {
    var object: JSONObject? { if case .object(let o) = self { o } else { nil } }
}

/// A JSON request body.
func body(_ value: JSONValue) -> ByteBuffer { ByteBuffer(bytes: JSONWriter.bytes(value)) }
