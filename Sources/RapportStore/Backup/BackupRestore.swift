import Foundation
import Logging

/// `rapport restore`: puts a backup (or an export archive) back, into either engine.
extension Backup {
    /// What a restore did.
    public struct Restored: Sendable {
        public var kind: BackupManifest.Kind
        public var schemaVersion: Int
        /// Whether the file's SHA-256 was checked (false only when it came without a manifest).
        public var checked: Bool
        /// Where the database that was replaced (`force`) was moved, on SQLite.
        public var movedAside: String?
    }

    /// Restores `file` into the database at `location`. A target that holds data is refused unless
    /// `force`; then an SQLite file is moved aside (not deleted) and a PostgreSQL database emptied in
    /// the restoring transaction. The server must not be running on the target meanwhile.
    public static func restore(_ file: URL, into location: Database.Location, force: Bool, logger: Logger) async throws -> Restored {
        guard FileManager.default.fileExists(atPath: file.path) else { throw ArchiveError.unreadable("\(file.path) does not exist") }
        let manifest = try BackupManifest.read(beside: file)
        try manifest?.check(file)
        let kind = try manifest?.kind ?? sniff(file)
        if let version = manifest?.schemaVersion, version > Migrator.latestVersion {
            throw ArchiveError.newer("the backup's schema version is \(version); this Rapport knows up to \(Migrator.latestVersion)")
        }
        var restored = Restored(kind: kind, schemaVersion: manifest?.schemaVersion ?? 0, checked: manifest != nil)
        switch (kind, location) {
        case (.sqlite, .sqlite(let path)):
            let target = URL(fileURLWithPath: path)
            let incoming = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).restoring")
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: incoming)
            try FileManager.default.copyItem(at: file, to: incoming)
            do {
                restored.schemaVersion = try await SQLiteFile.check(incoming.path, logger: logger)
                guard restored.schemaVersion <= Migrator.latestVersion else {
                    throw ArchiveError.newer(
                        "the backup's schema version is \(restored.schemaVersion); this Rapport knows up to \(Migrator.latestVersion)")
                }
                restored.movedAside = try await makeRoom(at: path, force: force, logger: logger)
                try FileManager.default.moveItem(at: incoming, to: target)
            } catch {
                try? FileManager.default.removeItem(at: incoming)
                throw error
            }
        case (.sqlite, .postgres):
            // Through the archive format: the backup file's tables written out, then imported.
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-restore-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: scratch) }
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            let copy = scratch.appendingPathComponent("backup.sqlite")
            try FileManager.default.copyItem(at: file, to: copy)
            restored.schemaVersion = try await SQLiteFile.check(copy.path, logger: logger)
            let archive = scratch.appendingPathComponent("archive")
            let writer = ArchiveWriter(directory: archive, engine: "sqlite", csv: false)
            try await SQLiteFile.with(copy.path, logger: logger) { connection in try TableWalker.walk(connection, writer) }
            _ = try writer.finish()
            let db = try await Database.open(location, logger: logger)
            _ = try await db.closing { db in try await ArchiveImport.load(archive, into: db, replace: force) }
        case (.archive, _):
            if case .sqlite(let path) = location { restored.movedAside = try await makeRoom(at: path, force: force, logger: logger) }
            let db = try await Database.open(location, logger: logger)
            let summary = try await db.closing { db in try await ArchiveImport.run(from: file, into: db, replace: force) }
            restored.schemaVersion = summary.schemaVersion
        }
        return restored
    }

    /// Makes sure nothing is at an SQLite path, or only an empty database: one with data is moved
    /// aside (with its WAL files) when `force`, else refused. Returns where it went.
    static func makeRoom(at path: String, force: Bool, logger: Logger) async throws -> String? {
        let fm = FileManager.default
        guard fm.fileExists(atPath: path) else { return nil }
        if !force {
            let db = try await Database.open(.sqlite(path: path), logger: logger)
            try await db.closing { db in try await TargetCheck.requireEmpty(db, atMost: .max, replace: false) }
        }
        let aside = path + ".before-restore-" + Backup.defaultName(for: .sqlite).dropFirst("rapport-".count).dropLast(".sqlite".count)
        try fm.moveItem(atPath: path, toPath: aside)
        for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            try fm.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
        return aside
    }

    /// What a file without a manifest is, from its first bytes.
    static func sniff(_ file: URL) throws -> BackupManifest.Kind {
        guard let handle = try? FileHandle(forReadingFrom: file) else { throw ArchiveError.unreadable("cannot read \(file.path)") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
        if head.starts(with: Array("SQLite format 3".utf8) + [0]) { return .sqlite }
        if head.count == 512, Array(head[257..<262]) == Array("ustar".utf8) { return .archive }
        throw ArchiveError.unreadable("\(file.lastPathComponent) is neither a Rapport backup (SQLite) nor an archive (tar)")
    }
}
