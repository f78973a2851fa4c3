import Foundation
import Logging
import RapportCore
import SQLKit

/// `rapport import-archive`: reads an archive back into an empty database, on either engine.
///
/// The target is migrated to the archive's schema version, every table is loaded in one transaction
/// (multi-row INSERTs, parents before children), row counts are checked before COMMIT, and the
/// migrations newer than the archive run afterwards. A failure anywhere rolls everything back and
/// leaves the target as empty as it was.
public enum ArchiveImport {
    /// What an import did.
    public struct Summary: Sendable {
        public var schemaVersion: Int
        public var tables: Int
        public var rows: Int
        public var seconds: Double
    }

    /// Imports the archive at `source` (a directory or a `.tar` file). `replace` empties a target that
    /// holds data first (in the same transaction); otherwise such a target is refused.
    public static func run(
        from source: URL, into db: Database, replace: Bool = false, progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Summary {
        try await ArchiveFiles.withUnpacked(source) { directory in
            try await load(directory, into: db, replace: replace, progress: progress)
        }
    }

    static func load(
        _ directory: URL, into db: Database, replace: Bool, migrateToLatest: Bool = true,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Summary {
        let started = Date()
        let manifest = try ArchiveManifest.read(from: directory)
        guard manifest.schemaVersion <= Migrator.latestVersion else {
            throw ArchiveError.newer(
                "the archive's schema version is \(manifest.schemaVersion); this Rapport knows up to \(Migrator.latestVersion)")
        }
        try await TargetCheck.requireEmpty(db, atMost: manifest.schemaVersion, replace: replace)
        try await Migrator.migrate(db, upTo: manifest.schemaVersion)
        let catalog = try await TargetCheck.catalog(db)
        let byName = Dictionary(uniqueKeysWithValues: catalog.map { ($0.name, $0) })
        for entry in manifest.tables {
            guard let target = byName[entry.name] else { throw ArchiveError.mismatch("the table \(entry.name) does not exist") }
            let known = Set(target.columns.map(\.name))
            if let missing = entry.columns.first(where: { !known.contains($0.name) }) {
                throw ArchiveError.mismatch("the table \(entry.name) has no column \(missing.name)")
            }
        }
        let entries = Dictionary(uniqueKeysWithValues: manifest.tables.map { ($0.name, $0) })
        let dialect = db.dialect
        let rows = try await db.write { sql in
            if dialect == .sqlite { try await sql.raw("PRAGMA defer_foreign_keys = ON").run() }
            if replace {
                for table in catalog.reversed() { try await sql.raw("DELETE FROM \(unsafeRaw: table.quoted)").run() }
            } else if entries["schema_migrations"] != nil {
                // The target's own record of its migrations gives way to the archive's (same numbers, first dates).
                try await sql.raw("DELETE FROM schema_migrations").run()
            }
            var total = 0
            for table in catalog {
                guard let entry = entries[table.name] else { continue }
                let loaded = try await TableLoader(table: table, entry: entry, dialect: dialect)
                    .load(from: directory.appendingPathComponent(entry.jsonl), on: sql)
                let counted = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table.quoted)").first()?
                    .decode(column: "n", as: Int.self) ?? -1
                guard loaded == entry.rows, counted == entry.rows else {
                    throw ArchiveError.mismatch(
                        "\(table.name): the manifest lists \(entry.rows) rows, the file held \(loaded), the table has \(counted)")
                }
                total += loaded
                progress?("  \(table.name): \(loaded) rows")
            }
            if dialect == .postgres {
                for table in catalog where entries[table.name] != nil {
                    for column in table.serialColumns {
                        let name = ArchiveTable.quote(column)
                        try await sql.raw(
                            """
                            SELECT setval(pg_get_serial_sequence(\(bind: table.quoted), \(bind: column)),
                                COALESCE((SELECT MAX(\(unsafeRaw: name)) FROM \(unsafeRaw: table.quoted)), 0) + 1, false)
                            """
                        ).run()
                    }
                }
            }
            return total
        }
        if migrateToLatest { try await Migrator.migrate(db) }
        if case .sqlite(let path) = db.location {
            // The load went to the WAL (as large as the data); fold it into the database file now, so
            // the file alone holds everything even if it is copied before the server next starts.
            // The server's checkpointer may be copying the same WAL already: wait for it (up to 2 min).
            let done = try await SQLiteFile.with(path, logger: db.logger) { connection in
                try connection.execute("PRAGMA busy_timeout=10000", []) { _ in }
                for _ in 0..<1_200 {
                    var busy = 1
                    try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)", []) { row in
                        busy = try row.decode(column: "busy", as: Int.self)
                    }
                    if busy == 0 { return true }
                    usleep(100_000)
                }
                return false
            }
            if !done { db.logger.warning("The write-ahead log of \(path) could not be folded in yet; it will be at the next start.") }
        }
        return Summary(
            schemaVersion: manifest.schemaVersion, tables: manifest.tables.count, rows: rows,
            seconds: Date().timeIntervalSince(started))
    }
}

/// Checks a database before anything is written into it.
enum TargetCheck {
    /// The target's tables (none for a database never migrated).
    static func catalog(_ db: Database) async throws -> [ArchiveTable] {
        switch db.backend {
        case .sqlite(let backend): try await backend.withReader { try TableCatalog.sqlite($0) }
        case .postgres: try await db.read { sql in try await TableCatalog.postgres(sql) }
        }
    }

    /// Refuses a target whose schema is newer than `version`, or (unless `replace`) one with rows.
    static func requireEmpty(_ db: Database, atMost version: Int, replace: Bool) async throws {
        let tables = try await catalog(db)
        guard tables.contains(where: { $0.name == "schema_migrations" }) else { return }
        let applied = try await Migrator.appliedVersions(db).max() ?? 0
        if applied > version {
            throw ArchiveError.mismatch(
                "the target database is at schema version \(applied) and the archive at \(version); use a new, empty database")
        }
        if replace { return }
        var filled: [String] = []
        for table in tables where table.name != "schema_migrations" {
            let row = try await db.read { sql in try await sql.raw("SELECT 1 AS one FROM \(unsafeRaw: table.quoted) LIMIT 1").first() }
            if row != nil { filled.append(table.name) }
        }
        if !filled.isEmpty {
            let shown = filled.prefix(5).joined(separator: ", ") + (filled.count > 5 ? " and \(filled.count - 5) more" : "")
            throw ArchiveError.notEmpty("\(shown) hold rows; use a new, empty database (or restore --force to replace everything)")
        }
    }
}

extension ArchiveFiles {
    /// Runs `body` with the archive's directory: `source` itself, or a `.tar` unpacked into a
    /// temporary directory that is removed afterwards.
    static func withUnpacked<R>(_ source: URL, _ body: (URL) async throws -> R) async throws -> R {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw ArchiveError.unreadable("\(source.path) does not exist")
        }
        if isDirectory.boolValue { return try await body(source) }
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-archive-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: staging) }
        try Tar.unpack(source, into: staging)
        return try await body(staging)
    }
}
