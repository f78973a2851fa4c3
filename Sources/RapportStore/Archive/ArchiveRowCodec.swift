import Foundation
import RapportCore

/// How a row is written to and read from an archive's JSON Lines and CSV files.
///
/// JSON Lines: one object per row, keyed by column name. Integers are JSON integers (exact to 64
/// bits: money in minor units, microsecond timestamps), text is a string, NULL is `null` (never
/// confused with `""`), a UUID is its lower-case text, a blob `{"$base64": "…"}`.
/// CSV: a header of column names; text and blobs (base64) always quoted, so an empty string is `""`
/// and NULL an empty field, as PostgreSQL's `COPY … CSV` writes them.
enum ArchiveRowCodec {
    static func writeJSON(_ values: [ArchiveValue], names: [[UInt8]], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: names[i])
            out.append(UInt8(ascii: ":"))
            switch value {
            case .null: out.append(contentsOf: Array("null".utf8))
            case .integer(let n): JSONWriter.writeInt(n, into: &out)
            case .real(let d):
                if d.isFinite {
                    out.append(contentsOf: Array("\(d)".utf8))
                } else {
                    out.append(contentsOf: Array("{\"$real\":".utf8))
                    JSONWriter.writeString("\(d)", into: &out)
                    out.append(UInt8(ascii: "}"))
                }
            case .text(let s): JSONWriter.writeString(s, into: &out)
            case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
            case .uuid(let u): JSONWriter.writeString(UUIDText.lowercased(u), into: &out)
            case .blob(let b):
                out.append(contentsOf: Array("{\"$base64\":".utf8))
                JSONWriter.writeString(Data(b).base64EncodedString(), into: &out)
                out.append(UInt8(ascii: "}"))
            }
        }
        out.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "\n")])
    }

    /// Column names as JSON keys, written once per table.
    static func jsonNames(_ table: ArchiveTable) -> [[UInt8]] {
        table.columns.map { column in
            var out: [UInt8] = []
            JSONWriter.writeString(column.name, into: &out)
            return out
        }
    }

    /// A JSON Lines row, its values in the order of `columns` (`nil` for a column the row lacks).
    static func readJSON(_ line: UnsafeBufferPointer<UInt8>, columns: [String]) throws -> [ArchiveValue?] {
        guard case .object(let object)? = JSONParser.parse(utf8: line) else {
            throw ArchiveError.unreadable("a line is not a JSON object")
        }
        return try columns.map { name in try object[name].map(value) }
    }

    static func value(_ json: JSONValue) throws -> ArchiveValue {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .integer(n)
        case .double(let d): return .real(d)
        case .string(let s): return .text(s)
        case .object(let o):
            if case .string(let b64)? = o["$base64"], let data = Data(base64Encoded: b64) { return .blob(Array(data)) }
            if case .string(let r)? = o["$real"], let d = Double(r) { return .real(d) }
            throw ArchiveError.unreadable("a value is an object that is neither $base64 nor $real")
        case .array: throw ArchiveError.unreadable("a value is an array")
        }
    }

    static func writeCSVHeader(_ table: ArchiveTable, into out: inout [UInt8]) {
        writeCSV(table.columns.map { .text($0.name) }, into: &out)
    }

    static func writeCSV(_ values: [ArchiveValue], into out: inout [UInt8]) {
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            switch value {
            case .null: break
            case .integer(let n): JSONWriter.writeInt(n, into: &out)
            case .real(let d): out.append(contentsOf: Array("\(d)".utf8))
            case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
            case .uuid(let u): out.append(contentsOf: Array(UUIDText.lowercased(u).utf8))
            case .text(let s): quoted(s, into: &out)
            case .blob(let b): quoted(Data(b).base64EncodedString(), into: &out)
            }
        }
        out.append(UInt8(ascii: "\n"))
    }

    private static func quoted(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            if c == UInt8(ascii: "\"") { out.append(c) }
            out.append(c)
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Appends bytes to a file through a buffer.
final class FileSink {
    private let handle: FileHandle
    var buffer: [UInt8] = []

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ArchiveError.unreadable("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20)
    }

    func flushIfFull() throws { if buffer.count >= 1 << 20 { try flush() } }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
    }
}

/// Reads a file line by line in large chunks, never the whole file at once.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(_ url: URL) throws {
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw ArchiveError.unreadable("cannot read \(url.lastPathComponent)")
        }
    }

    /// The next non-empty line without its newline, or `nil` at the end (the file is closed then).
    mutating func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                if line.isEmpty { continue }
                return line
            }
            if atEnd {
                try? handle.close()
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                atEnd = true
            }
        }
    }
}
