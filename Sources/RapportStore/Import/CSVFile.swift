import Foundation
import RapportCore

/// A CSV file on disk, read in chunks through a `CSVParser`: the whole file never sits in memory.
///
/// Used strictly by one task at a time (the import hands it from one chunk's task to the next),
/// which is why it may cross tasks although it holds a file handle.
final class CSVFile: @unchecked Sendable {
    let path: String
    private let handle: FileHandle
    private(set) var parser: CSVParser
    static let readSize = 1 << 20

    /// Opens `path` for reading records from byte `offset` (a record's start), on physical line `line`.
    init(path: String, format: CSVFormat, offset: Int64, line: Int) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RapportError.invalid(field: "file", reason: "cannot be read: \(path) is missing")
        }
        self.handle = handle
        try handle.seek(toOffset: UInt64(offset))
        parser = CSVParser(separator: format.separator, encoding: format.encoding, offset: offset, line: line)
    }

    deinit { try? handle.close() }

    /// The next record, reading more of the file when needed; `nil` at the end.
    func next() throws -> CSVRecord? {
        while true {
            if let record = parser.next() { return record }
            if parser.isAtEnd { return nil }
            let data = try handle.read(upToCount: Self.readSize) ?? Data()
            if data.isEmpty { parser.finish() } else { parser.append(data) }
        }
    }

    /// The first bytes of a file (up to `limit`), and whether that is all of it.
    static func sample(path: String, limit: Int = 256 * 1024) throws -> (bytes: [UInt8], whole: Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RapportError.invalid(field: "file", reason: "cannot be read")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        return (Array(data.prefix(limit)), data.count <= limit)
    }

    /// The file's size in bytes.
    static func size(path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// What the start of a CSV file holds: how it is written, its header, its first rows.
struct CSVPeek: Sendable {
    var format: CSVFormat
    var headers: [String]
    /// The first data rows (blank ones left out), for previews and mapping suggestions.
    var rows: [[String]]

    /// Reads the header and up to `rows` data rows with `format` (sniffed when `nil`).
    static func read(path: String, format known: CSVFormat? = nil, rows limit: Int = 5) throws -> CSVPeek {
        let (bytes, whole) = try CSVFile.sample(path: path)
        let format = try known ?? CSVFormat.sniff(bytes, isWholeFile: whole)
        var parser = CSVParser(separator: format.separator, encoding: format.encoding, offset: 0, line: 1)
        parser.append(bytes[Int(format.headerOffset)...])
        if whole { parser.finish() }
        var header: [String]?
        var rows: [[String]] = []
        while rows.count < limit, let record = parser.next() {
            if header == nil {
                if record.isBlank { continue }
                header = record.fields
                continue
            }
            if !record.isBlank { rows.append(record.fields) }
        }
        guard let header, header.contains(where: { !$0.trimmingWhitespace().isEmpty }) else {
            throw RapportError.invalid(field: "file", reason: "has no header row naming its columns")
        }
        return CSVPeek(format: format, headers: header, rows: rows)
    }
}
