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
    func write(_ row: ColumnRow, into out: inout [UInt8]) throws {
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

    private func writeRequiredInt(_ row: ColumnRow, _ index: Int, into out: inout [UInt8]) throws {
        guard let value = try row.int64(index) else { throw ColumnError.type(index, "an integer, not NULL") }
        JSONWriter.writeInt(value, into: &out)
    }

    private func writeTime(_ row: ColumnRow, _ index: Int, required: Bool, into out: inout [UInt8]) throws {
        guard let micros = try row.int64(index) else {
            if required { throw ColumnError.type(index, "a time, not NULL") }
            return JSONWriter.writeNull(into: &out)
        }
        Timestamp(micros: micros).writeQuotedISO8601(into: &out)
    }

    /// One field, as `RecordCodec.decode` then `FieldValue.writeJSON` (or the empty value) would write it.
    private func writeField(_ spec: FieldSpec, _ row: ColumnRow, _ index: Int, into out: inout [UInt8]) throws {
        switch spec.kind {
        case .text, .longText, .choice, .url, .country, .timeZone:
            let s = try row.string(index)
            if s.isEmpty { JSONWriter.writeNull(into: &out) } else { JSONWriter.writeString(s, into: &out) }
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
        case .date, .emails, .phones, .tags, .references:
            // Rare or list-valued: read as the codec reads them, then written as the value writes itself.
            if let value = try RecordCodec.decode(spec, from: PositionalColumns(row: row), at: index) {
                value.writeJSON(into: &out)
            } else {
                spec.writeEmptyJSON(into: &out)
            }
        }
    }
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
