import Foundation

/// One record of a CSV file, with where it was found.
public struct CSVRecord: Sendable, Equatable {
    /// The record's values, quotes removed and doubled quotes undone; line ends inside quoted values
    /// read as `\n`.
    public var fields: [String]
    /// The physical line (1-based) the record starts on; a quoted value with line breaks makes a
    /// record span several lines.
    public var line: Int
    /// The byte offset where the record starts, and where the next one does.
    public var offset: Int64
    public var endOffset: Int64
    /// What was wrong with the record's text, if anything; its fields are then what could be read.
    public var problem: CSVProblem?

    /// An empty line, or a line of separators only (spreadsheets write those for blank rows).
    public var isBlank: Bool { fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// Why a record's text could not be read as written.
public enum CSVProblem: Sendable, Equatable {
    /// A quoted value is still open at the end of the file.
    case unterminatedQuote
    /// The record is longer than the reader accepts (usually a quote that is never closed); the
    /// reader skipped to the next physical line.
    case tooLong(limit: Int)

    /// The problem in words a user can act on.
    public var message: String {
        switch self {
        case .unterminatedQuote: "has a quoted value that is never closed (a \" is missing)"
        case .tooLong(let limit):
            "is longer than \(limit / 1024) KB, probably because a quote is never closed; the rest of its line was skipped"
        }
    }
}

/// Reads CSV records from bytes as they arrive: append chunks of any size, take records until it
/// asks for more. It keeps only the record being read and what follows it, so a file of any size
/// streams through in bounded memory.
///
/// Tolerant of what real files hold: `,` `;` tab or `|` separators, CRLF, LF or CR line ends,
/// quoted values with separators, line breaks and doubled quotes, a quote inside an unquoted value
/// (kept as written), text after a closing quote (kept), UTF-8 and Windows-1252 text (see
/// `CSVFormat.Encoding`). A quote that is never closed ends the record at the end of the file, or
/// after `maxRecordBytes`, with the record's `problem` saying so; reading then goes on.
public struct CSVParser: Sendable {
    public let separator: UInt8
    public let encoding: CSVFormat.Encoding
    /// The longest record accepted; longer ones are reported and skipped to the end of their line.
    public var maxRecordBytes: Int

    private var buffer: [UInt8] = []
    /// Where the next record starts in `buffer`.
    private var position = 0
    /// The file offset of `buffer[0]`.
    private var bufferOffset: Int64
    private var line: Int
    private var finished = false
    /// Skipping the rest of an overlong record's line, which started on `skippingLine`.
    private var skipping: (line: Int, offset: Int64)?
    private var fieldCountHint = 8

    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// A reader whose first byte is at `offset` in the file, on physical line `line`.
    public init(
        separator: UInt8, encoding: CSVFormat.Encoding, offset: Int64 = 0, line: Int = 1, maxRecordBytes: Int = 1 << 20
    ) {
        self.separator = separator
        self.encoding = encoding
        self.bufferOffset = offset
        self.line = line
        self.maxRecordBytes = maxRecordBytes
    }

    /// The file offset of the next unread byte that is not part of a returned record.
    public var offset: Int64 { bufferOffset + Int64(position) }

    /// The physical line the next record starts on.
    public var lineNumber: Int { line }

    /// Adds the next bytes of the file.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if position > 0 && (position == buffer.count || position >= 1 << 16) {
            buffer.removeFirst(position)
            bufferOffset += Int64(position)
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Says that no more bytes will come: the last record may end without a line break.
    public mutating func finish() { finished = true }

    /// Whether every byte given has been read into records.
    public var isAtEnd: Bool { finished && position >= buffer.count && skipping == nil }

    /// The next record, or `nil` when more bytes are needed (or, after `finish`, when none are left).
    public mutating func next() -> CSVRecord? {
        while true {
            if let skip = skipping {
                guard skipRestOfLine() else { return nil }
                skipping = nil
                return CSVRecord(
                    fields: [], line: skip.line, offset: skip.offset, endOffset: offset,
                    problem: .tooLong(limit: maxRecordBytes))
            }
            if position >= buffer.count { return nil }
            switch parseRecord() {
            case .record(let record): return record
            case .needMore:
                if buffer.count - position > maxRecordBytes {
                    skipping = (line, offset)
                    continue
                }
                return nil
            }
        }
    }

    private enum Outcome {
        case record(CSVRecord)
        case needMore
    }

    /// Drops bytes up to and including the next line end; `false` when it is not in the buffer yet.
    private mutating func skipRestOfLine() -> Bool {
        var i = position
        while i < buffer.count {
            let b = buffer[i]
            if b == Self.lf {
                position = i + 1
                line += 1
                return true
            }
            if b == Self.cr {
                if i + 1 < buffer.count {
                    position = buffer[i + 1] == Self.lf ? i + 2 : i + 1
                    line += 1
                    return true
                }
                if finished {
                    position = i + 1
                    line += 1
                    return true
                }
                position = i
                return false
            }
            i += 1
        }
        position = i
        return finished
    }

    private mutating func parseRecord() -> Outcome {
        let start = position
        let end = buffer.count
        let sep = separator
        var fields: [String] = []
        fields.reserveCapacity(fieldCountHint)
        var lines = 0
        var problem: CSVProblem?
        var i = start
        let result: Int? = buffer.withUnsafeBufferPointer { bytes -> Int? in
            while true {
                if i < end && bytes[i] == Self.quote {
                    // A quoted value: up to the quote that is not doubled.
                    i += 1
                    let valueStart = i
                    var escaped = false
                    var closed = false
                    while i < end {
                        let b = bytes[i]
                        if b == Self.quote {
                            if i + 1 < end {
                                if bytes[i + 1] == Self.quote {
                                    escaped = true
                                    i += 2
                                    continue
                                }
                                closed = true
                                break
                            }
                            if !finished { return nil }
                            closed = true
                            break
                        }
                        if b == Self.lf {
                            lines += 1
                        } else if b == Self.cr {
                            escaped = true
                            if i + 1 < end {
                                if bytes[i + 1] != Self.lf { lines += 1 }
                            } else if !finished {
                                return nil
                            } else {
                                lines += 1
                            }
                        }
                        i += 1
                    }
                    if !closed {
                        if !finished { return nil }
                        problem = .unterminatedQuote
                        fields.append(decode(bytes, valueStart, end, unescape: escaped))
                        i = end
                        break
                    }
                    let valueEnd = i
                    i += 1
                    // Text after the closing quote is kept, as spreadsheets do.
                    let tailStart = i
                    while i < end, bytes[i] != sep, bytes[i] != Self.lf, bytes[i] != Self.cr { i += 1 }
                    if i == end && !finished { return nil }
                    if tailStart < i {
                        fields.append(
                            decode(bytes, valueStart, valueEnd, unescape: escaped) + decode(bytes, tailStart, i, unescape: false))
                    } else {
                        fields.append(decode(bytes, valueStart, valueEnd, unescape: escaped))
                    }
                } else {
                    let valueStart = i
                    while i < end {
                        let b = bytes[i]
                        if b == sep || b == Self.lf || b == Self.cr { break }
                        i += 1
                    }
                    if i == end && !finished { return nil }
                    fields.append(decode(bytes, valueStart, i, unescape: false))
                }
                // After a value: a separator, a line end, or the end of the file.
                if i >= end { break }
                let b = bytes[i]
                if b == sep {
                    i += 1
                    if i == end {
                        if !finished { return nil }
                        fields.append("")
                        break
                    }
                    continue
                }
                if b == Self.lf {
                    i += 1
                    lines += 1
                    break
                }
                // CR, alone or before LF.
                if i + 1 < end {
                    i += bytes[i + 1] == Self.lf ? 2 : 1
                } else {
                    if !finished { return nil }
                    i += 1
                }
                lines += 1
                break
            }
            return i
        }
        guard let next = result else { return .needMore }
        let record = CSVRecord(
            fields: fields, line: line, offset: bufferOffset + Int64(start), endOffset: bufferOffset + Int64(next),
            problem: problem)
        position = next
        line += lines
        fieldCountHint = max(fieldCountHint, fields.count)
        return .record(record)
    }

    /// The text of bytes `from..<to`; `unescape` undoes doubled quotes and turns CR and CRLF into LF.
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, unescape: Bool) -> String {
        if from >= to { return "" }
        if !unescape { return CSVText.decode(UnsafeBufferPointer(rebasing: bytes[from..<to]), encoding) }
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var i = from
        while i < to {
            let b = bytes[i]
            if b == Self.quote, i + 1 < to, bytes[i + 1] == Self.quote {
                out.append(Self.quote)
                i += 2
            } else if b == Self.cr {
                out.append(Self.lf)
                i += (i + 1 < to && bytes[i + 1] == Self.lf) ? 2 : 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return out.withUnsafeBufferPointer { CSVText.decode($0, encoding) }
    }
}
