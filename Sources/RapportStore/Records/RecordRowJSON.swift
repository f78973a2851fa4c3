import Foundation
import RapportCore

/// Writes a record's API JSON straight from its table row, for lists: no `Record`, no `FieldValues`
/// dictionary, no `JSONObject`. Driven by the entity's field specs like everything else, so a new
/// entity gets it without code of its own.
///
/// The bytes are exactly `JSONWriter.bytes(.object(RecordCodec.record(row).json()))`: members in
/// `RecordJSONLayout`'s order, each value as `RecordCodec.decode` reads it and `FieldValue.json`
/// writes it (the tests compare the two on every field kind).
struct RecordRowJSON: Sendable {
    let fields: [FieldSpec]
    /// Every member's `"key":` bytes, one after another; `steps[i]` writes member i's value after `ranges[i]`.
    private let prefixes: [UInt8]
    private let ranges: [Range<Int>]
    private let steps: [Step]

    /// What to write for a member, with the column to read it from. Plain values only, so the hot loop
    /// copies no strings or arrays (no reference counting per column).
    private enum Step: Sendable {
        case uuid(column: Int, required: Bool)
        case text(column: Int)
        case integer(column: Int, required: Bool)
        case money(column: Int)
        case bool(column: Int)
        case time(column: Int, required: Bool)
        case list(column: Int, field: Int)
        /// Read the codec's way (dates, references).
        case decoded(column: Int, field: Int)
    }

    init<E: Entity>(_ entity: E.Type) {
        let json = RecordJSONLayout.of(E.self)
        let columns = RecordColumnLayout.of(E.self)
        fields = E.fields
        var prefixes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var steps: [Step] = []
        for member in json.members {
            ranges.append(prefixes.count..<(prefixes.count + member.prefix.count))
            prefixes.append(contentsOf: member.prefix)
            switch member.source {
            case .id: steps.append(.uuid(column: 0, required: true))
            case .field(let index):
                let column = columns.fields[index]
                switch E.fields[index].kind {
                case .text, .longText, .choice, .url, .country, .timeZone: steps.append(.text(column: column))
                case .integer: steps.append(.integer(column: column, required: false))
                case .money: steps.append(.money(column: column))
                case .bool: steps.append(.bool(column: column))
                case .reference, .picklist: steps.append(.uuid(column: column, required: false))
                case .dateTime: steps.append(.time(column: column, required: false))
                case .emails, .phones, .tags: steps.append(.list(column: column, field: index))
                case .date, .references: steps.append(.decoded(column: column, field: index))
                }
            case .ownerID: steps.append(.uuid(column: columns.ownerID, required: false))
            case .teamID: steps.append(.uuid(column: columns.teamID, required: false))
            case .shared: steps.append(.bool(column: columns.shared))
            case .version: steps.append(.integer(column: columns.version, required: true))
            case .createdAt: steps.append(.time(column: columns.createdAt, required: true))
            case .updatedAt: steps.append(.time(column: columns.updatedAt, required: true))
            case .createdBy: steps.append(.uuid(column: columns.createdBy, required: false))
            case .updatedBy: steps.append(.uuid(column: columns.updatedBy, required: false))
            case .deletedAt: steps.append(.time(column: columns.deletedAt, required: false))
            }
        }
        self.prefixes = prefixes
        self.ranges = ranges
        self.steps = steps
    }

    /// Appends one record's JSON object.
    func write(_ row: some ColumnAccess, into out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "{"))
        try prefixes.withUnsafeBufferPointer { prefixes in
            try steps.withUnsafeBufferPointer { steps in
                try ranges.withUnsafeBufferPointer { ranges in
                    for i in 0..<steps.count {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: prefixes[ranges[i]]))
                        try write(steps[i], row, into: &out)
                    }
                }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private func write(_ step: Step, _ row: some ColumnAccess, into out: inout [UInt8]) throws {
        switch step {
        case .uuid(let column, let required):
            guard try row.writeQuotedUUID(column, into: &out) else {
                if required { throw ColumnError.type(column, "a UUID, not NULL") }
                return JSONWriter.writeNull(into: &out)
            }
        case .text(let column):
            try row.withUTF8(column) { text in
                if text.isEmpty { JSONWriter.writeNull(into: &out) } else { JSONWriter.writeString(utf8: text, into: &out) }
            }
        case .integer(let column, let required):
            if let i = try row.int64(column) {
                JSONWriter.writeInt(i, into: &out)
            } else if required {
                throw ColumnError.type(column, "an integer, not NULL")
            } else {
                JSONWriter.writeNull(into: &out)
            }
        case .money(let column):
            if let minor = try row.int64(column) {
                JSONWriter.writeMoney(minor: minor, currency: try row.string(column + 1), into: &out)
            } else {
                JSONWriter.writeNull(into: &out)
            }
        case .bool(let column): JSONWriter.writeBool(try row.bool(column), into: &out)
        case .time(let column, let required): try writeTime(row, column, required: required, into: &out)
        case .list(let column, let field):
            // Lines of `label<TAB>value` (or tags), written straight from their bytes when plain;
            // anything unusual goes the codec's way.
            let kind = fields[field].kind
            let written = try row.withUTF8(column) { ListLines.writeJSON($0, kind: kind, into: &out) }
            if !written { try writeDecoded(fields[field], row, column, into: &out) }
        case .decoded(let column, let field): try writeDecoded(fields[field], row, column, into: &out)
        }
    }

    private func writeTime(_ row: some ColumnAccess, _ index: Int, required: Bool, into out: inout [UInt8]) throws {
        guard let micros = try row.int64(index) else {
            if required { throw ColumnError.type(index, "a time, not NULL") }
            return JSONWriter.writeNull(into: &out)
        }
        Timestamp(micros: micros).writeQuotedISO8601(into: &out)
    }

    /// A field read as the codec reads it, then written as its value writes itself.
    private func writeDecoded(_ spec: FieldSpec, _ row: some ColumnAccess, _ index: Int, into out: inout [UInt8]) throws {
        if let value = try RecordCodec.decode(spec, from: PositionalColumns(row: row), at: index) {
            value.writeJSON(into: &out)
        } else {
            spec.writeEmptyJSON(into: &out)
        }
    }
}

/// The stored form of list fields (`\nlabel<TAB>value\n…` for emails and phones, `\ntag\n…` for tags),
/// written as the API's JSON straight from the bytes.
enum ListLines {
    /// Appends the JSON array and returns `true`; returns `false` (appending nothing) when a line is
    /// not plain — a tab where none belongs, a carriage return, an empty label or value — so the caller
    /// reads it the codec's way, which decides what such a line means.
    static func writeJSON(_ bytes: UnsafeBufferPointer<UInt8>, kind: FieldKind, into out: inout [UInt8]) -> Bool {
        let labelled: Bool
        switch kind {
        case .emails, .phones: labelled = true
        case .tags: labelled = false
        default: return false
        }
        let name = if case .emails = kind { addressKey } else { numberKey }
        let mark = out.count
        out.append(UInt8(ascii: "["))
        var first = true
        var start = 0
        var i = 0
        while i <= bytes.count {
            guard i == bytes.count || bytes[i] == 0x0A else {
                if bytes[i] == 0x0D {
                    out.removeSubrange(mark...)
                    return false
                }
                i += 1
                continue
            }
            if i > start {
                let line = UnsafeBufferPointer(rebasing: bytes[start..<i])
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                if labelled {
                    guard let tab = line.firstIndex(of: 0x09), tab > 0, tab < line.count - 1,
                        !line[(tab + 1)...].contains(0x09)
                    else {
                        out.removeSubrange(mark...)
                        return false
                    }
                    out.append(contentsOf: name)
                    JSONWriter.writeString(utf8: UnsafeBufferPointer(rebasing: line[(tab + 1)...]), into: &out)
                    out.append(contentsOf: labelKey)
                    JSONWriter.writeString(utf8: UnsafeBufferPointer(rebasing: line[..<tab]), into: &out)
                    out.append(UInt8(ascii: "}"))
                } else {
                    JSONWriter.writeString(utf8: line, into: &out)
                }
            }
            start = i + 1
            i += 1
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    static let addressKey: [UInt8] = Array(#"{"address":"#.utf8)
    static let numberKey: [UInt8] = Array(#"{"number":"#.utf8)
    static let labelKey: [UInt8] = Array(#","label":"#.utf8)
}

/// A page of records already written as the API's JSON array, with the cursors to page on.
public struct JSONPage: Sendable {
    /// `[{…},{…}]`, the records' JSON objects.
    public var data: [UInt8]
    /// How many records `data` holds.
    public var count: Int
    public var nextCursor: String?
    public var previousCursor: String?
}
