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
            return Database(dialect: .sqlite, logger: logger, backend: .sqlite(try await SQLiteBackend(path: path, logger: logger)))
        case .postgres(let url):
            return Database(dialect: .postgres, logger: logger, backend: .postgres(try PostgresBackend(url: url, logger: logger)))
        }
    }

    private init(dialect: Dialect, logger: Logger, backend: Backend) {
        self.dialect = dialect
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

/// One writer and a small pool of readers over the same WAL-mode file.
final class SQLiteBackend: Sendable {
    let writer: SQLiteWriter
    let readers: [SQLiteConnection]
    let writeLock = AsyncSemaphore(permits: 1)
    let groupCommit = SQLiteGroupCommit(maxBatch: SQLiteBackend.groupCommitBatch)
    let readPool: ReaderPool
    let logger: Logger

    init(path: String, logger: Logger) async throws {
        self.logger = logger
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        writer = try SQLiteWriter(path: path, logger: logger)
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-32000", "PRAGMA temp_store=MEMORY",
        ] {
            try writer.execute(pragma, []) { _ in }
        }
        // Planner statistics. Without sqlite_stat1 SQLite takes `workspace_id = ?`, the leading column of
        // every index, for a selective condition and may scan a whole workspace through one of those
        // indexes instead of seeking by ID (`id IN (…)` took 11 s at 1M contacts). SQLite's advice for
        // long-lived connections: optimize at open; it analyzes (with a small sample) only tables that
        // have no statistics or have grown a lot since, so it is usually a no-op (the first start of a
        // 4 GB database without statistics took 3 s, later ones 0.1 s).
        try writer.execute("PRAGMA optimize=0x10002", []) { _ in }
        var readers: [SQLiteConnection] = []
        for _ in 0..<4 {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA cache_size=-32000", "PRAGMA query_only=1"] {
                _ = try await reader.query(pragma)
            }
            readers.append(reader)
        }
        self.readers = readers
        self.readPool = ReaderPool(count: readers.count)
    }

    func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let index = await readPool.take()
        do {
            let result = try await body(readers[index].sql(queryLogLevel: nil))
            readPool.give(index)
            return result
        } catch {
            readPool.give(index)
            throw error
        }
    }

    /// Writes of one group commit at most (`RAPPORT_SQLITE_GROUP_COMMIT`, default 32; 1 commits every
    /// write on its own).
    static let groupCommitBatch = max(
        1, ProcessInfo.processInfo.environment["RAPPORT_SQLITE_GROUP_COMMIT"].flatMap(Int.init) ?? 32)

    func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let sql = writer.sql(eventLoop: readers[0].eventLoop)
        // The transaction (BEGIN IMMEDIATE: the file's write lock up front, so it never fails half-way
        // on a busy lock) runs on the writer's thread, no hop per statement, and is shared with the
        // writes queued behind it (`SQLiteGroupCommit`).
        await writeLock.acquire()
        return try await withTaskExecutorPreference(writer.thread) {
            try await groupCommit.run(body, writer: writer, sql: sql, lock: writeLock)
        }
    }

    func close() async {
        // An empty write returns once everything before it is committed.
        _ = try? await write { _ in () }
        for reader in readers { try? await reader.close() }
        _ = try? await writeLock.withPermit { writer.close() }
    }
}

/// Hands out reader connection indexes, waiting when all are busy. A lock, not an actor: a free
/// reader is taken without suspending.
final class ReaderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(count: Int) { free = Array(0..<count) }

    func take() async -> Int {
        if let index = takeFree() { return index }
        return await withCheckedContinuation { continuation in wait(continuation) }
    }

    private func takeFree() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast()
    }

    /// Hands a reader freed meanwhile at once, or queues the waiter.
    private func wait(_ continuation: CheckedContinuation<Int, Never>) {
        lock.lock()
        if let index = free.popLast() {
            lock.unlock()
            continuation.resume(returning: index)
        } else {
            waiters.append(continuation)
            lock.unlock()
        }
    }

    func give(_ index: Int) {
        lock.lock()
        guard !waiters.isEmpty else {
            free.append(index)
            lock.unlock()
            return
        }
        let next = waiters.removeFirst()
        lock.unlock()
        next.resume(returning: index)
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
private func transaction<R: Sendable>(
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
