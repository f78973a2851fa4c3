import Foundation

/// How a CSV file is written: its text encoding and separator, and where its header starts.
/// `sniff` works it out from the file's first bytes; a person may correct it.
public struct CSVFormat: Sendable, Hashable {
    /// The text encodings Rapport reads.
    public enum Encoding: String, Sendable, CaseIterable {
        /// UTF-8, with or without a byte-order mark; a value that is not valid UTF-8 is read as
        /// Windows-1252, so one stray Latin-1 byte never loses a row.
        case utf8 = "utf-8"
        /// Windows-1252, the superset of Latin-1 (ISO 8859-1) that Excel and older systems write.
        case windows1252 = "windows-1252"

        /// The name shown to people.
        public var label: String { self == .utf8 ? "UTF-8" : "Windows-1252 (Latin-1)" }
    }

    /// The separators Rapport recognises, by the names the API uses.
    public static let separators: [(name: String, byte: UInt8, label: String)] = [
        ("comma", UInt8(ascii: ","), "Comma (,)"), ("semicolon", UInt8(ascii: ";"), "Semicolon (;)"),
        ("tab", UInt8(ascii: "\t"), "Tab"), ("pipe", UInt8(ascii: "|"), "Pipe (|)"),
    ]

    public var encoding: Encoding
    public var separator: UInt8
    /// Bytes before the header row: a UTF-8 byte-order mark, Excel's `sep=;` line.
    public var headerOffset: Int64
    /// The physical line the header row is on.
    public var headerLine: Int
    public var hasBOM: Bool

    public init(encoding: Encoding, separator: UInt8, headerOffset: Int64 = 0, headerLine: Int = 1, hasBOM: Bool = false) {
        self.encoding = encoding
        self.separator = separator
        self.headerOffset = headerOffset
        self.headerLine = headerLine
        self.hasBOM = hasBOM
    }

    /// The separator's API name (`comma`, `semicolon`, `tab`, `pipe`).
    public var separatorName: String { Self.separators.first { $0.byte == separator }?.name ?? "comma" }

    /// The separator byte an API name stands for.
    public static func separator(named name: String) -> UInt8? { separators.first { $0.name == name }?.byte }

    /// Works out the format from the start of a file (`sample`; `isWholeFile` when that is all of it).
    /// Refuses what is not CSV text: a spreadsheet workbook, UTF-16 text, binary data, nothing at all.
    public static func sniff(_ sample: [UInt8], isWholeFile: Bool) throws(RapportError) -> CSVFormat {
        func refuse(_ reason: String) -> RapportError { .invalid(field: "file", reason: reason) }
        if sample.isEmpty || sample.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw refuse("is empty")
        }
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw refuse("is a spreadsheet workbook (.xlsx), not CSV; save it as “CSV UTF-8” and import that")
        }
        if sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw refuse("is an Excel 97–2003 workbook (.xls), not CSV; save it as “CSV UTF-8” and import that")
        }
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) {
            throw refuse("is UTF-16 text (Excel’s “Unicode text”); save it as “CSV UTF-8” and import that")
        }
        let nulls = sample.prefix(64 * 1024).lazy.filter { $0 == 0 }.count
        if nulls > 0 { throw refuse("holds binary data, not CSV text") }

        var format = CSVFormat(encoding: .utf8, separator: UInt8(ascii: ","))
        var start = 0
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            format.hasBOM = true
            start = 3
        }
        if !CSVText.isValidUTF8(sample[start...], truncated: !isWholeFile) { format.encoding = .windows1252 }

        // Excel's `sep=;` first line names the separator and is not part of the data.
        let rest = sample[start...]
        if rest.count >= 5, String(decoding: rest.prefix(4), as: UTF8.self).lowercased() == "sep=" {
            let byte = rest[rest.startIndex + 4]
            var end = rest.startIndex + 5
            let lineEnds = end == rest.endIndex || rest[end] == 0x0D || rest[end] == 0x0A
            if end < rest.endIndex, rest[end] == 0x0D { end += 1 }
            if end < rest.endIndex, rest[end] == 0x0A { end += 1 }
            if lineEnds, byte != 0x0A, byte != 0x0D, byte != UInt8(ascii: "\"") {
                format.separator = byte
                format.headerOffset = Int64(end)
                format.headerLine = 2
                return format
            }
        }
        format.headerOffset = Int64(start)
        format.separator = bestSeparator(sample, from: start, isWholeFile: isWholeFile, encoding: format.encoding)
        return format
    }

    /// The separator that splits the sample's first records into the most consistent number of
    /// values (more than one); ties go to the more usual separator, then to more columns.
    static func bestSeparator(_ sample: [UInt8], from start: Int, isWholeFile: Bool, encoding: Encoding) -> UInt8 {
        var best: (score: Int, columns: Int, byte: UInt8)?
        for candidate in separators {
            var parser = CSVParser(separator: candidate.byte, encoding: encoding)
            parser.append(sample[start...])
            if isWholeFile { parser.finish() }
            var counts: [Int: Int] = [:]
            var records = 0
            while records < 50, let record = parser.next() {
                if record.isBlank { continue }
                counts[record.fields.count, default: 0] += 1
                records += 1
            }
            guard records > 0, let (columns, agreeing) = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }),
                columns > 1
            else { continue }
            let score = agreeing * 1000 / records
            if let current = best, (score, columns) <= (current.score, current.columns) { continue }
            best = (score, columns, candidate.byte)
        }
        return best?.byte ?? UInt8(ascii: ",")
    }
}
