import Crypto
import Foundation

/// `FILE.manifest.json`, written beside every backup: what the file is, its SHA-256, and each
/// table's row count and checksum at the moment of the backup (what `backup --verify` compares).
public struct BackupManifest: Codable, Sendable {
    public static let formatName = "rapport-backup"

    /// What the backup file holds.
    public enum Kind: String, Codable, Sendable {
        /// A copy of an SQLite database file (SQLite's online backup).
        case sqlite
        /// A tar archive of every table (`rapport export`'s format), from a PostgreSQL snapshot.
        case archive
    }

    public var format = BackupManifest.formatName
    public var formatVersion = 1
    public var kind: Kind
    public var file: String
    public var bytes: Int64
    public var sha256: String
    public var engine: String
    public var schemaVersion: Int
    public var createdAt: String
    public var tables: [Figures]

    /// A table's figures.
    public struct Figures: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var checksum: String
    }

    /// Where the manifest of `file` is.
    public static func url(for file: URL) -> URL {
        file.deletingLastPathComponent().appendingPathComponent(file.lastPathComponent + ".manifest.json")
    }

    func write(beside file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: Self.url(for: file), options: .atomic)
    }

    /// The manifest beside `file`, or `nil` when there is none.
    static func read(beside file: URL) throws -> BackupManifest? {
        guard let data = FileManager.default.contents(atPath: url(for: file).path) else { return nil }
        guard let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data), manifest.format == formatName else {
            throw ArchiveError.unreadable("\(url(for: file).lastPathComponent) is not a Rapport backup manifest")
        }
        return manifest
    }

    /// Checks the file against the manifest's SHA-256 and size.
    func check(_ file: URL) throws {
        let (digest, size) = try FileDigest.sha256(file)
        guard digest == sha256, size == bytes else {
            throw ArchiveError.unreadable(
                "\(file.lastPathComponent) is damaged: its SHA-256 is \(digest.prefix(12))… (\(size) bytes) but its manifest says "
                    + "\(sha256.prefix(12))… (\(bytes) bytes)")
        }
    }
}

/// SHA-256 of a file, read in chunks.
enum FileDigest {
    static func sha256(_ file: URL) throws -> (hex: String, bytes: Int64) {
        guard let input = try? FileHandle(forReadingFrom: file) else { throw ArchiveError.unreadable("cannot read \(file.path)") }
        defer { try? input.close() }
        var hasher = SHA256()
        var bytes: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        return (hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined(), bytes)
    }
}
