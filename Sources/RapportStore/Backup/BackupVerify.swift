import Foundation
import Logging

/// What `rapport backup --verify` found: each table's figures in the manifest against those of the
/// backup restored into a temporary database.
public struct BackupVerification: Sendable {
    /// One table's comparison.
    public struct Table: Sendable {
        public var name: String
        public var expected: BackupManifest.Figures
        public var restored: BackupManifest.Figures?
        public var matches: Bool { restored == expected }
    }

    public var manifest: BackupManifest
    public var tables: [Table]
    public var seconds: Double
    public var ok: Bool { tables.allSatisfy(\.matches) }
}

extension Backup {
    /// Checks `file` against its manifest (SHA-256), restores it into a temporary SQLite database
    /// and compares every table's row count and checksum with the manifest's.
    public static func verify(_ file: URL, logger: Logger) async throws -> BackupVerification {
        let started = Date()
        guard let manifest = try BackupManifest.read(beside: file) else {
            throw ArchiveError.unreadable("\(BackupManifest.url(for: file).lastPathComponent) is missing, so there is nothing to verify against")
        }
        try manifest.check(file)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-verify-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let restoredPath = scratch.appendingPathComponent("rapport.sqlite").path
        var visitor = DigestVisitor()
        switch manifest.kind {
        case .sqlite:
            try FileManager.default.copyItem(atPath: file.path, toPath: restoredPath)
            visitor = try await SQLiteFile.digests(restoredPath, logger: logger)
        case .archive:
            try await ArchiveFiles.withUnpacked(file) { directory in
                let archive = try ArchiveManifest.read(from: directory)
                visitor = DigestVisitor(columnOrder: Dictionary(uniqueKeysWithValues: archive.tables.map { ($0.name, $0.columns.map(\.name)) }))
                let db = try await Database.open(.sqlite(path: restoredPath), logger: logger)
                try await db.closing { db in
                    _ = try await ArchiveImport.load(directory, into: db, replace: false, migrateToLatest: false)
                    try await TableWalker.walk(db, visitor)
                }
            }
        }
        let tables = manifest.tables.map { expected in
            BackupVerification.Table(
                name: expected.name, expected: expected,
                restored: visitor.digests[expected.name].map { .init(name: expected.name, rows: $0.rows, checksum: $0.checksum) })
        }
        return BackupVerification(manifest: manifest, tables: tables, seconds: Date().timeIntervalSince(started))
    }
}

/// An SQLite database file opened on its own connection (a backup, or its copy).
enum SQLiteFile {
    /// Checks the file's structure (`PRAGMA integrity_check`); a file that is not SQLite or is damaged
    /// is an `ArchiveError.unreadable`.
    static func check(_ path: String, logger: Logger) async throws -> Int {
        try await with(path, logger: logger) { connection in
            var problems: [String] = []
            do {
                try connection.execute("PRAGMA integrity_check", []) { row in
                    problems.append(try row.decode(column: "integrity_check", as: String.self))
                }
            } catch {
                throw ArchiveError.unreadable("\((path as NSString).lastPathComponent) is not an SQLite database, or it is damaged (\(error))")
            }
            guard problems == ["ok"] else {
                throw ArchiveError.unreadable("\((path as NSString).lastPathComponent) is damaged: \(problems.prefix(3).joined(separator: "; "))")
            }
            return try TableWalker.schemaVersion(connection)
        }
    }

    /// Checks the file, then counts and checksums every table.
    static func digests(_ path: String, logger: Logger) async throws -> DigestVisitor {
        _ = try await check(path, logger: logger)
        let visitor = DigestVisitor()
        try await with(path, logger: logger) { connection in try TableWalker.walk(connection, visitor) }
        return visitor
    }

    static func with<R: Sendable>(_ path: String, logger: Logger, _ body: @Sendable (SQLiteConnectionHandle) throws -> R) async throws -> R {
        let connection = try SQLiteConnectionHandle(path: path, name: "rapport-file", logger: logger)
        do {
            let result = try await connection.run(body)
            connection.close()
            return result
        } catch {
            connection.close()
            throw error
        }
    }
}

extension Database {
    /// Runs `body`, then closes the database, also when `body` throws.
    func closing<R>(_ body: (Database) async throws -> R) async throws -> R {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}
