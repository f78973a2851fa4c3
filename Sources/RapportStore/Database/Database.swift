import Foundation
import Logging
import NIOSSL
import PostgresKit
import SQLKit
import SQLiteKit

/// The connection to Rapport's database: SQLite (embedded, one file, WAL) or PostgreSQL (scale-out).
///
/// Reads run on a pool; writes run in a transaction. On SQLite there is one writer connection and a
/// pool of readers (WAL lets readers proceed while a write commits); on PostgreSQL both come from
/// one client pool.
public final class Database: Sendable {
    public let dialect: Dialect
    /// Where it was opened (backups of SQLite read the file on a connection of their own).
    public let location: Location
    let logger: Logger
    let backend: Backend

    enum Backend: Sendable {
        case sqlite(SQLiteBackend)
        case postgres(PostgresBackend)
    }

    /// Opens the database a location names: a `postgres://` URL, or else an SQLite file path.
    public static func open(_ location: Location, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            return Database(
                dialect: .sqlite, location: location, logger: logger, backend: .sqlite(try await SQLiteBackend(path: path, logger: logger)))
        case .postgres(let url):
            return Database(
                dialect: .postgres, location: location, logger: logger, backend: .postgres(try PostgresBackend(url: url, logger: logger)))
        }
    }

    private init(dialect: Dialect, location: Location, logger: Logger, backend: Backend) {
        self.dialect = dialect
        self.location = location
        self.logger = logger
        self.backend = backend
    }

    /// Where the data lives.
    public enum Location: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)

        /// `RAPPORT_DATABASE_URL` (or `--database-url`) when given, else `rapport.sqlite` in the data directory.
        public static func resolve(databaseURL: String?, dataDirectory: String) -> Location {
            if let url = databaseURL, !url.isEmpty {
                if url.hasPrefix("sqlite://") { return .sqlite(path: String(url.dropFirst("sqlite://".count))) }
                return .postgres(url: url)
            }
            return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("rapport.sqlite"))
        }
    }

    /// Runs `body` on a connection for reading.
    public func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let b): try await b.read(body)
        case .postgres(let b): try await b.read(body)
        }
    }

    /// Runs `body` in a transaction: all of its writes commit together, or none do.
    public func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        switch backend {
        case .sqlite(let b): try await b.write(body)
        case .postgres(let b): try await b.write(body)
        }
    }

    /// Closes every connection.
    public func close() async {
        switch backend {
        case .sqlite(let b): await b.close()
        case .postgres(let b): b.close()
        }
    }
}

/// A PostgresNIO client pool; its run loop lives in a task owned by the backend.
final class PostgresBackend: Sendable {
    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger: Logger

    init(url: String, logger: Logger) throws {
        self.logger = logger
        client = PostgresClient(configuration: try PostgresBackend.configuration(from: url), backgroundLogger: logger)
        let client = self.client
        runTask = Task { await client.run() }
    }

    /// Reads `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    static func configuration(from text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? ""),
            let user = url.user
        else {
            throw DatabaseError.badURL("expected postgres://user:password@host:port/database, got \(text.prefix(8))…")
        }
        let sslmode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslmode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        var config = PostgresClient.Configuration(
            host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: user,
            password: url.password?.removingPercentEncoding, database: database.isEmpty ? user : database, tls: tls)
        config.options.maximumConnections = 16
        return config
    }

    func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in try await body(connection.sql(queryLogLevel: nil)) }
    }

    func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await transaction(on: connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
        }
    }

    func close() { runTask.cancel() }
}

/// Runs `body` between `begin` and COMMIT on one connection, rolling back when it throws.
func transaction<R: Sendable>(
    on sql: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> R
) async throws -> R {
    try await sql.raw(SQLQueryString(begin)).run()
    do {
        let result = try await body(sql)
        try await sql.raw("COMMIT").run()
        return result
    } catch {
        try? await sql.raw("ROLLBACK").run()
        throw error
    }
}

/// Problems opening or migrating the database.
public enum DatabaseError: Error, CustomStringConvertible {
    case badURL(String)
    case migration(String)

    public var description: String {
        switch self {
        case .badURL(let s): "Bad database URL: \(s)"
        case .migration(let s): "Migration failed: \(s)"
        }
    }
}
