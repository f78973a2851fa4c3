import RapportCore
import Logging
import SQLKit

/// One forward-only schema step. Its number orders it; once released, a migration never changes.
struct Migration: Sendable {
    let number: Int
    let name: String
    /// Statements with `{uuid}`, `{bool}`, `{serial}` placeholders; `sqliteOnly`/`postgresOnly` for the rest.
    let statements: @Sendable (Dialect) -> [String]
    /// Rows computed in Swift for data that exists when the migration runs, in the same transaction.
    var backfill: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
}

/// Runs pending migrations at start-up, each in its own transaction, and records them.
public enum Migrator {
    static let all: [Migration] = [
        Schema001.migration, Schema003.migration, Schema004.migration, Schema005.migration, Schema006.migration,
        Schema007.migration, Schema008.migration, Schema009.migration, Schema010.migration, Schema011.migration,
        Schema012.migration, Schema013.migration, Schema014.migration, Schema016.migration, Schema017.migration,
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.map(\.number).max() ?? 0 }

    /// Applies every migration not yet applied, up to `version` (an archive of an older schema is
    /// imported into that schema, then migrated like any database); returns the numbers it applied.
    @discardableResult
    public static func migrate(_ db: Database, upTo version: Int = .max) async throws -> [Int] {
        try await db.write { sql in
            try await lockAgainstOtherInstances(db, sql)
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
        }
        let applied = try await appliedVersions(db)
        var ran: [Int] = []
        for migration in all.sorted(by: { $0.number < $1.number }) where !applied.contains(migration.number) && migration.number <= version {
            let dialect = db.dialect
            do {
                let skipped = try await db.write { sql -> Bool in
                    // Another instance starting at the same time may have applied it while this one waited.
                    try await lockAgainstOtherInstances(db, sql)
                    let done = try await sql.raw(
                        "SELECT number FROM schema_migrations WHERE number = \(bind: migration.number)"
                    ).first()
                    if done != nil { return true }
                    for statement in migration.statements(dialect) {
                        try await sql.raw(SQLQueryString(dialect.ddl(statement))).run()
                    }
                    try await migration.backfill?(sql)
                    try await sql.raw(
                        "INSERT INTO schema_migrations (number, name, applied_at) VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: Timestamp.now().micros))"
                    ).run()
                    return false
                }
                if skipped { continue }
            } catch {
                throw DatabaseError.migration("\(migration.number) \(migration.name): \(String(reflecting: error))")
            }
            db.logger.info("Applied migration \(migration.number) \(migration.name)")
            ran.append(migration.number)
        }
        return ran
    }

    /// On PostgreSQL, waits for any other instance migrating the same database (a transaction-scoped
    /// advisory lock); SQLite's write transaction is exclusive already.
    static func lockAgainstOtherInstances(_ db: Database, _ sql: any SQLDatabase) async throws {
        guard db.dialect == .postgres else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(7270010)").run()
    }

    /// Numbers of the migrations already applied.
    public static func appliedVersions(_ db: Database) async throws -> Set<Int> {
        try await db.read { sql in
            let rows = try await sql.raw("SELECT number FROM schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "number", as: Int.self) })
        }
    }
}
