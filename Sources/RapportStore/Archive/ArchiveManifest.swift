import Foundation

/// `manifest.json` of an archive: the schema description (tables, columns, types, keys, the schema
/// version) and each table's row count and checksum.
public struct ArchiveManifest: Codable, Sendable {
    public static let formatName = "rapport-archive"
    /// The layout this build writes and reads.
    public static let currentFormatVersion = 1

    public var format = ArchiveManifest.formatName
    public var formatVersion = ArchiveManifest.currentFormatVersion
    /// The newest migration applied to the database it came from.
    public var schemaVersion: Int
    /// `sqlite` or `postgres`.
    public var engine: String
    /// ISO 8601, UTC.
    public var createdAt: String
    public var tables: [Entry]

    /// One table: its description, its figures and its files (paths relative to the archive).
    public struct Entry: Codable, Sendable {
        public var name: String
        public var columns: [ArchiveColumn]
        public var primaryKey: [String]
        public var rows: Int
        public var checksum: String
        public var jsonl: String
        public var csv: String?

        var table: ArchiveTable { ArchiveTable(name: name, columns: columns, primaryKey: primaryKey) }
        var digest: TableDigest { get throws { try TableDigest(rows: rows, checksum: checksum) } }
    }

    static let fileName = "manifest.json"

    func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: directory.appendingPathComponent(Self.fileName), options: .atomic)
    }

    /// Reads and checks the manifest of an unpacked archive.
    static func read(from directory: URL) throws -> ArchiveManifest {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ArchiveError.unreadable("\(url.path) is missing: this is not a Rapport archive")
        }
        let manifest: ArchiveManifest
        do {
            manifest = try JSONDecoder().decode(ArchiveManifest.self, from: data)
        } catch {
            throw ArchiveError.unreadable("\(fileName) is not a Rapport archive manifest (\(error))")
        }
        guard manifest.format == formatName else { throw ArchiveError.unreadable("\(fileName) is not a Rapport archive manifest") }
        guard manifest.formatVersion <= currentFormatVersion else {
            throw ArchiveError.newer("the archive's format version is \(manifest.formatVersion); this Rapport reads up to \(currentFormatVersion)")
        }
        // Names become SQL identifiers and file paths: nothing but the plain forms is read.
        for entry in manifest.tables where !ArchiveFiles.isSafeName(entry.name) || entry.jsonl != ArchiveFiles.jsonl(entry.name) {
            throw ArchiveError.unreadable("the table \(entry.name) (\(entry.jsonl)) is not a name this format allows")
        }
        return manifest
    }
}

/// Why an archive, a backup or a restore could not go on; each says what to do.
public enum ArchiveError: Error, CustomStringConvertible, Equatable {
    /// Not an archive or backup, damaged, or its checksum does not match.
    case unreadable(String)
    /// Written by a newer Rapport (schema or format).
    case newer(String)
    /// The target database already holds data.
    case notEmpty(String)
    /// The data does not fit the target (a missing table or column, a value of the wrong type).
    case mismatch(String)

    public var description: String {
        switch self {
        case .unreadable(let s): "Cannot use this file: \(s)."
        case .newer(let s): "Written by a newer Rapport: \(s). Upgrade Rapport first."
        case .notEmpty(let s): "The target database is not empty: \(s)."
        case .mismatch(let s): "The data does not fit the target database: \(s)."
        }
    }
}

/// Paths inside an archive.
enum ArchiveFiles {
    static func jsonl(_ table: String) -> String { "tables/\(table).jsonl" }
    static func csv(_ table: String) -> String { "tables/\(table).csv" }

    /// Letters, digits and underscores: names that are safe as file names.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
