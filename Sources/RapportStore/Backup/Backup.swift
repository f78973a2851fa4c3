import Foundation
import Logging

/// `rapport backup`: a consistent copy of the whole database while the server runs.
///
/// SQLite: the online backup API copies the file in one read transaction (writers go on in the
/// WAL), then the copy is switched to a rollback journal so it is one self-contained file.
/// PostgreSQL: every table exported from one `REPEATABLE READ` snapshot into a tar archive (the
/// export format without CSV), which restores into either engine and needs no `pg_dump` of a
/// matching version. Either way a manifest with the SHA-256 and each table's figures goes beside it.
public enum Backup {
    /// The file name a backup taken now gets by default.
    public static func defaultName(for dialect: Dialect, at date: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return "rapport-\(f.string(from: date)).\(dialect == .sqlite ? "sqlite" : "tar")"
    }

    /// Backs up the database at `location` into `file`: an SQLite file is read on connections of the
    /// backup's own (nothing else is opened next to a running server), PostgreSQL through a pool.
    @discardableResult
    public static func run(_ location: Database.Location, to file: URL, logger: Logger) async throws -> BackupManifest {
        switch location {
        case .sqlite(let path): try await run(sqlite: path, to: file, logger: logger)
        case .postgres:
            try await Database.open(location, logger: logger).closing { db in try await run(db, to: file) }
        }
    }

    /// Backs up `db` into `file` (and `file.manifest.json`); an existing file is replaced only once
    /// the new one is complete.
    @discardableResult
    public static func run(_ db: Database, to file: URL) async throws -> BackupManifest {
        switch db.location {
        case .sqlite(let path): try await run(sqlite: path, to: file, logger: db.logger)
        case .postgres:
            try await write(to: file, engine: .postgres) { partial in
                let tar = partial.appendingPathExtension("tar")
                defer { try? FileManager.default.removeItem(at: tar) }
                let archive = try await Export.run(db, to: tar, csv: false)
                try FileManager.default.moveItem(at: tar, to: partial)
                return (.archive, archive.schemaVersion, archive.tables.map { .init(name: $0.name, rows: $0.rows, checksum: $0.checksum) })
            }
        }
    }

    static func run(sqlite path: String, to file: URL, logger: Logger) async throws -> BackupManifest {
        try await write(to: file, engine: .sqlite) { partial in
            let digests = try await copySQLite(path, to: partial, logger: logger)
            let figures = digests.tables.map { table in
                let d = digests.digests[table.name] ?? TableDigest()
                return BackupManifest.Figures(name: table.name, rows: d.rows, checksum: d.checksum)
            }
            return (.sqlite, digests.schemaVersion, figures)
        }
    }

    /// Lets `make` write the backup to a partial file, then hashes it, moves it into place and writes
    /// the manifest beside it.
    private static func write(
        to file: URL, engine: Dialect,
        _ make: (URL) async throws -> (BackupManifest.Kind, Int, [BackupManifest.Figures])
    ) async throws -> BackupManifest {
        let fm = FileManager.default
        try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial")
        try? fm.removeItem(at: partial)
        defer { try? fm.removeItem(at: partial) }
        let (kind, schemaVersion, figures) = try await make(partial)
        let (sha256, bytes) = try FileDigest.sha256(partial)
        if fm.fileExists(atPath: file.path) { try fm.removeItem(at: file) }
        try fm.moveItem(at: partial, to: file)
        let manifest = BackupManifest(
            kind: kind, file: file.lastPathComponent, bytes: bytes, sha256: sha256, engine: engine.rawValue,
            schemaVersion: schemaVersion, createdAt: ArchiveFiles.timestamp(), tables: figures)
        try manifest.write(beside: file)
        return manifest
    }

    /// Copies the live SQLite file at `path` into `partial` and reads the copy's figures.
    static func copySQLite(_ path: String, to partial: URL, logger: Logger) async throws -> DigestVisitor {
        guard FileManager.default.fileExists(atPath: path) else { throw ArchiveError.unreadable("\(path) does not exist") }
        let source = try SQLiteConnectionHandle(path: path, name: "rapport-backup-source", logger: logger)
        let copy = try SQLiteConnectionHandle(path: partial.path, name: "rapport-backup", logger: logger)
        let visitor = DigestVisitor()
        do {
            try await copy.run { copy in
                try source.execute("PRAGMA busy_timeout=10000", []) { _ in }
                try copy.copy(from: source)
                try copy.execute("PRAGMA journal_mode=DELETE", []) { _ in }
                try TableWalker.walk(copy, visitor)
            }
        } catch {
            source.close()
            copy.close()
            throw error
        }
        source.close()
        copy.close()
        return visitor
    }
}
