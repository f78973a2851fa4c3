import Foundation
import Logging
import RapportCore
import RapportStore
import SQLKit
import Testing

/// A database engine the store tests run on: SQLite always, PostgreSQL when
/// `RAPPORT_TEST_POSTGRES_URL` names a server (`postgres://user@host:port/db?sslmode=disable`).
///
/// Each test gets a fresh, empty database: a temporary SQLite file, or a new PostgreSQL database
/// created on that server and dropped afterwards. With `CI=true` and no PostgreSQL URL, every
/// store test fails rather than silently covering SQLite only.
public struct TestDatabase: Sendable, CustomTestStringConvertible {
    public enum Engine: Sendable {
        case sqlite
        case postgres(url: String)
        /// CI asked for both engines but did not say where PostgreSQL is.
        case postgresMissing
    }

    public let engine: Engine

    public static let postgresURLVariable = "RAPPORT_TEST_POSTGRES_URL"

    /// SQLite, plus PostgreSQL when configured (or a failing stand-in for it on CI).
    public static var all: [TestDatabase] {
        let environment = ProcessInfo.processInfo.environment
        var engines = [TestDatabase(engine: .sqlite)]
        if let url = environment[postgresURLVariable], !url.isEmpty {
            engines.append(TestDatabase(engine: .postgres(url: url)))
        } else if environment["CI"] == "true" {
            engines.append(TestDatabase(engine: .postgresMissing))
        }
        return engines
    }

    public var testDescription: String {
        switch engine {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .postgresMissing: "PostgreSQL (not configured)"
        }
    }

    public var isPostgres: Bool { if case .sqlite = engine { false } else { true } }

    public static let logger: Logger = {
        var logger = Logger(label: "rapport.tests")
        logger.logLevel = .error
        return logger
    }()

    /// Caps how many tests hold a database at once, so a parallel run stays within PostgreSQL's
    /// connection limit and does not thrash two cores.
    static let sqliteSlots = AsyncSemaphore(permits: 8)
    static let postgresSlots = AsyncSemaphore(permits: 6)

    /// Opens a fresh, empty database (not migrated), runs `body`, then throws the database away.
    public func withEmptyDatabase<R>(_ body: (Database) async throws -> R) async throws -> R {
        try await withEmptyLocation { location in
            let db = try await Database.open(location, logger: Self.logger)
            return try await Self.using(db, body)
        }
    }

    /// Makes a fresh, empty database and hands over where it is, so a test can open it several
    /// times (as several server instances would); it is thrown away afterwards.
    public func withEmptyLocation<R>(_ body: (Database.Location) async throws -> R) async throws -> R {
        switch engine {
        case .sqlite:
            return try await Self.sqliteSlots.withPermit {
                let directory = FileManager.default.temporaryDirectory
                    .appendingPathComponent("rapport-test-\(UUID().uuidString.lowercased())")
                defer { try? FileManager.default.removeItem(at: directory) }
                return try await body(.sqlite(path: directory.appendingPathComponent("rapport.sqlite").path))
            }
        case .postgres(let url):
            return try await Self.postgresSlots.withPermit {
                let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                try await Self.onServer(url, "CREATE DATABASE \(name)")
                let result: Result<R, any Error>
                do {
                    result = .success(try await body(.postgres(url: try Self.url(url, database: name))))
                } catch {
                    result = .failure(error)
                }
                // FORCE ends connections the closed pools may still be winding down.
                try await Self.onServer(url, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                return try result.get()
            }
        case .postgresMissing:
            Issue.record(
                "CI=true but \(Self.postgresURLVariable) is not set: the tests must also run on PostgreSQL.")
            throw TestDatabaseError.postgresNotConfigured
        }
    }

    public static func using<R>(_ db: Database, _ body: (Database) async throws -> R) async throws -> R {
        do {
            let result = try await body(db)
            await db.close()
            return result
        } catch {
            await db.close()
            throw error
        }
    }

    /// Runs one statement on the server's own database (outside any transaction).
    private static func onServer(_ url: String, _ statement: String) async throws {
        let admin = try await Database.open(.postgres(url: url), logger: logger)
        try await using(admin) { db in
            try await db.read { sql in try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    /// The server URL with another database name.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestDatabaseError.badURL(url) }
        components.path = "/" + database
        guard let result = components.string else { throw TestDatabaseError.badURL(url) }
        return result
    }
}

public enum TestDatabaseError: Error {
    case postgresNotConfigured
    case badURL(String)
}
