import Foundation

/// Writes each table of a walk as JSON Lines (and CSV) into a directory, with `manifest.json`.
final class ArchiveWriter: TableVisitor, @unchecked Sendable {
    let directory: URL
    let engine: String
    let csv: Bool
    private var schemaVersion = 0
    private var entries: [ArchiveManifest.Entry] = []
    private var jsonSink: FileSink?
    private var csvSink: FileSink?
    private var names: [[UInt8]] = []
    private var digest = TableDigest()

    init(directory: URL, engine: String, csv: Bool) {
        self.directory = directory
        self.engine = engine
        self.csv = csv
    }

    func start(schemaVersion: Int, tables: [ArchiveTable]) throws {
        self.schemaVersion = schemaVersion
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tables"), withIntermediateDirectories: true)
    }

    func beginTable(_ table: ArchiveTable) throws {
        guard ArchiveFiles.isSafeName(table.name) else { throw ArchiveError.mismatch("the table name \(table.name) is not allowed") }
        digest = TableDigest()
        names = ArchiveRowCodec.jsonNames(table)
        jsonSink = try FileSink(directory.appendingPathComponent(ArchiveFiles.jsonl(table.name)))
        if csv {
            let sink = try FileSink(directory.appendingPathComponent(ArchiveFiles.csv(table.name)))
            ArchiveRowCodec.writeCSVHeader(table, into: &sink.buffer)
            csvSink = sink
        }
    }

    func row(_ values: [ArchiveValue]) throws {
        digest.add(values)
        if let jsonSink {
            ArchiveRowCodec.writeJSON(values, names: names, into: &jsonSink.buffer)
            try jsonSink.flushIfFull()
        }
        if let csvSink {
            ArchiveRowCodec.writeCSV(values, into: &csvSink.buffer)
            try csvSink.flushIfFull()
        }
    }

    func endTable(_ table: ArchiveTable) throws {
        try jsonSink?.close()
        try csvSink?.close()
        jsonSink = nil
        csvSink = nil
        entries.append(
            ArchiveManifest.Entry(
                name: table.name, columns: table.columns, primaryKey: table.primaryKey, rows: digest.rows,
                checksum: digest.checksum, jsonl: ArchiveFiles.jsonl(table.name), csv: csv ? ArchiveFiles.csv(table.name) : nil))
    }

    /// Writes the manifest; call after the walk.
    func finish() throws -> ArchiveManifest {
        let manifest = ArchiveManifest(
            schemaVersion: schemaVersion, engine: engine, createdAt: ArchiveFiles.timestamp(), tables: entries)
        try manifest.write(to: directory)
        return manifest
    }
}

/// `rapport export`: every table of the database, in one consistent snapshot, as an open archive.
public enum Export {
    /// Writes the archive into `destination`: a directory (created; must be empty if it exists) or,
    /// when the name ends in `.tar`, one tar file.
    @discardableResult
    public static func run(_ db: Database, to destination: URL, csv: Bool = true) async throws -> ArchiveManifest {
        let fm = FileManager.default
        if destination.pathExtension == "tar" {
            let staging = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
            defer { try? fm.removeItem(at: staging) }
            let manifest = try await run(db, to: staging, csv: csv)
            try Tar.pack(staging, into: destination)
            return manifest
        }
        if fm.fileExists(atPath: destination.path), !((try? fm.contentsOfDirectory(atPath: destination.path)) ?? ["?"]).isEmpty {
            throw ArchiveError.mismatch("\(destination.path) exists and is not an empty directory")
        }
        try fm.createDirectory(at: destination, withIntermediateDirectories: true)
        let writer = ArchiveWriter(directory: destination, engine: db.dialect.rawValue, csv: csv)
        try await TableWalker.walk(db, writer)
        return try writer.finish()
    }
}
