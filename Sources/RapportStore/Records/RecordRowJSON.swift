import Foundation
import RapportCore

/// Writes a record's API JSON straight from its table row, for lists: no `Record`, no `FieldValues`
/// dictionary, no `JSONObject`. Driven by the entity's field specs like everything else, so a new
/// entity gets it without code of its own.
///
/// The bytes are exactly `JSONWriter.bytes(.object(RecordCodec.record(row).json()))`: members in
/// `RecordJSONLayout`'s order, each value as `RecordCodec.decode` reads it and `FieldValue.json`
/// writes it (the tests compare the two on every field kind).
struct RecordRowJSON {
    let json: RecordJSONLayout
    let columns: RecordColumnLayout
    let fields: [FieldSpec]

    init<E: Entity>(_ entity: E.Type) {
        json = RecordJSONLayout.of(E.self)
        columns = RecordColumnLayout.of(E.self)
        fields = E.fields
    }

    /// Appends one record's JSON object.
    func write(_ row: some ColumnAccess, into out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "{"))
        for member in json.members {
            out.append(contentsOf: member.prefix)
            switch member.source {
            case .id: JSONWriter.writeUUID(try row.requiredUUID(0), into: &out)
            case .field(let index): try writeField(fields[index], row, columns.fields[index], into: &out)
            case .ownerID: JSONWriter.writeUUID(try row.uuid(columns.ownerID), into: &out)
            case .teamID: JSONWriter.writeUUID(try row.uuid(columns.teamID), into: &out)
            case .shared: JSONWriter.writeBool(try row.bool(columns.shared), into: &out)
            case .version: try writeRequiredInt(row, columns.version, into: &out)
            case .createdAt: try writeTime(row, columns.createdAt, required: true, into: &out)
            case .updatedAt: try writeTime(row, columns.updatedAt, required: true, into: &out)
            case .createdBy: JSONWriter.writeUUID(try row.uuid(columns.createdBy), into: &out)
            case .updatedBy: JSONWriter.writeUUID(try row.uuid(columns.updatedBy), into: &out)
            case .deletedAt: try writeTime(row, columns.deletedAt, required: false, into: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private func writeRequiredInt(_ row: some ColumnAccess, _ index: Int, into out: inout [UInt8]) throws {
        guard let value = try row.int64(index) else { throw ColumnError.type(index, "an integer, not NULL") }
        JSONWriter.writeInt(value, into: &out)
    }

    private func writeTime(_ row: some ColumnAccess, _ index: Int, required: Bool, into out: inout [UInt8]) throws {
        guard let micros = try row.int64(index) else {
            if required { throw ColumnError.type(index, "a time, not NULL") }
            return JSONWriter.writeNull(into: &out)
        }
        Timestamp(micros: micros).writeQuotedISO8601(into: &out)
    }

    /// One field, as `RecordCodec.decode` then `FieldValue.writeJSON` (or the empty value) would write it.
    private func writeField(_ spec: FieldSpec, _ row: some ColumnAccess, _ index: Int, into out: inout [UInt8]) throws {
        switch spec.kind {
        case .text, .longText, .choice, .url, .country, .timeZone:
            try row.withUTF8(index) { text in
                if text.isEmpty { JSONWriter.writeNull(into: &out) } else { JSONWriter.writeString(utf8: text, into: &out) }
            }
        case .integer:
            if let i = try row.int64(index) { JSONWriter.writeInt(i, into: &out) } else { JSONWriter.writeNull(into: &out) }
        case .money:
            if let minor = try row.int64(index) {
                JSONWriter.writeMoney(minor: minor, currency: try row.string(index + 1), into: &out)
            } else {
                JSONWriter.writeNull(into: &out)
            }
        case .bool:
            JSONWriter.writeBool(try row.bool(index), into: &out)
        case .reference, .picklist:
            JSONWriter.writeUUID(try row.uuid(index), into: &out)
        case .dateTime:
            try writeTime(row, index, required: false, into: &out)
        case .emails, .phones, .tags:
            // Lines of `label<TAB>value` (or tags), written straight from their bytes when plain;
            // anything unusual goes the codec's way below.
            let written = try row.withUTF8(index) { ListLines.writeJSON($0, kind: spec.kind, into: &out) }
            if !written { try writeDecoded(spec, row, index, into: &out) }
        case .date, .references:
            try writeDecoded(spec, row, index, into: &out)
        }
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
