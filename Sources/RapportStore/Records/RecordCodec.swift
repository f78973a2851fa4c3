import Foundation
import RapportCore
import SQLKit

/// Converts field values to SQL column values and back, the same way on both databases.
///
/// Lists are stored as lines (`label<TAB>value`), wrapped in newlines so a tag can be matched with
/// `LIKE '%\nvip\n%'`; they parse back without a JSON decoder on the hot list path.
enum RecordCodec {
    static func binds(_ spec: FieldSpec, _ value: FieldValue?) -> [any Encodable & Sendable] {
        switch spec.kind {
        case .text, .longText, .choice, .url, .country, .timeZone:
            return [value?.text ?? ""]
        case .integer:
            if case .int(let i)? = value { return [i] }
            return [Int64?.none]
        case .money:
            if case .money(let m)? = value { return [m.minor, m.currency] }
            return [Int64?.none, ""]
        case .date:
            if case .date(let d)? = value { return [d.description] }
            return [""]
        case .bool:
            if case .bool(let b)? = value { return [b] }
            return [false]
        case .emails:
            return [lines(value?.emails.map { "\($0.label)\t\($0.address.value)" } ?? [])]
        case .phones:
            return [lines(value?.phones.map { "\($0.label)\t\($0.number.description)" } ?? [])]
        case .tags:
            return [lines(value?.tags ?? [])]
        case .reference, .picklist:
            return [value?.uuid]
        case .references:
            return [lines(value?.uuids.map { $0.uuidString.lowercased() } ?? [])]
        case .dateTime:
            return [value?.time?.micros]
        }
    }

    static func lines(_ items: [String]) -> String {
        items.isEmpty ? "" : "\n" + items.joined(separator: "\n") + "\n"
    }

    static func decode(_ spec: FieldSpec, from row: any SQLRow) throws -> FieldValue? {
        try decode(spec, from: NamedColumns(row: row), at: -1)
    }

    /// Reads a field's value from its column(s): by name from an `SQLRow`, or at `index` (the first
    /// of the field's columns) from a `ColumnRow`.
    static func decode(_ spec: FieldSpec, from row: some RecordColumns, at index: Int) throws -> FieldValue? {
        let name = spec.name
        switch spec.kind {
        case .text, .longText, .choice, .url, .country, .timeZone:
            let s = try row.string(name, index)
            return s.isEmpty ? nil : .text(s)
        case .integer:
            return try row.int64(name, index).map(FieldValue.int)
        case .money:
            guard let minor = try row.int64(name, index) else { return nil }
            return .money(Money(minor: minor, currency: try row.string(name + "_currency", index + 1)))
        case .date:
            let s = try row.string(name, index)
            return s.isEmpty ? nil : (try? LocalDate(s)).map(FieldValue.date)
        case .bool:
            return .bool(try row.bool(name, index))
        case .emails:
            let pairs = pairs(try row.string(name, index))
            return pairs.isEmpty ? nil : .emails(pairs.map { LabeledEmail(EmailAddress(trusted: $0.1), label: $0.0) })
        case .phones:
            let pairs = pairs(try row.string(name, index))
            return pairs.isEmpty ? nil : .phones(pairs.map { LabeledPhone(PhoneNumber(trusted: $0.1), label: $0.0) })
        case .tags:
            let items = try row.string(name, index).split(separator: "\n").map(String.init)
            return items.isEmpty ? nil : .tags(items)
        case .reference, .picklist:
            return try row.uuid(name, index).map(FieldValue.id)
        case .references:
            let ids = try row.string(name, index).split(separator: "\n").compactMap { UUIDText.parse(String($0)) }
            return ids.isEmpty ? nil : .ids(ids)
        case .dateTime:
            return try row.int64(name, index).map { .time(Timestamp(micros: $0)) }
        }
    }

    /// `label<TAB>value` lines, as `split` read them before: empty lines and tabs before the label
    /// are skipped, the value is everything after the label's tab, and a line without both is dropped.
    ///
    /// ASCII text by its bytes (splitting the `String` by `Character` cost more than the rest of
    /// decoding a duplicate-check candidate); anything else by `Character`, where `\r\n` or a tab
    /// followed by a combining mark is one character and no separator.
    static func pairs(_ text: String) -> [(String, String)] {
        asciiPairs(text)
            ?? text.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: "\t", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                return (String(parts[0]), String(parts[1]))
            }
    }

    static func asciiPairs(_ text: String) -> [(String, String)]? {
        var text = text
        return text.withUTF8 { bytes -> [(String, String)]? in
            var result: [(String, String)] = []
            var labelStart = -1
            var tab = -1
            func line(upTo end: Int) {
                if labelStart >= 0, tab > labelStart, tab + 1 < end {
                    result.append(
                        (String(decoding: UnsafeBufferPointer(rebasing: bytes[labelStart..<tab]), as: UTF8.self),
                         String(decoding: UnsafeBufferPointer(rebasing: bytes[(tab + 1)..<end]), as: UTF8.self)))
                }
                labelStart = -1
                tab = -1
            }
            for (i, byte) in bytes.enumerated() {
                if byte >= 0x80 || byte == UInt8(ascii: "\r") { return nil }
                if byte == UInt8(ascii: "\n") {
                    line(upTo: i)
                } else if byte == UInt8(ascii: "\t") {
                    if labelStart >= 0, tab < 0 { tab = i }
                } else if labelStart < 0 {
                    labelStart = i
                }
            }
            line(upTo: bytes.count)
            return result
        }
    }

    /// The columns of a record table, in a fixed order.
    static func columns<E: Entity>(_ entity: E.Type) -> [String] {
        ["id", "workspace_id"] + E.fields.flatMap(\.columns) + [
            "sort_name", "owner_id", "team_id", "shared", "version", "created_at", "updated_at", "created_by",
            "updated_by", "deleted_at",
        ]
    }

    /// The values for `columns(_:)`, in the same order.
    static func values<E: Entity>(_ record: Record<E>) -> [any Encodable & Sendable] {
        var result: [any Encodable & Sendable] = [record.id.uuid, record.workspaceID.uuid]
        for spec in E.fields { result.append(contentsOf: binds(spec, record.values[spec.name])) }
        result.append(sortName(record))
        result.append(record.ownerID?.uuid)
        result.append(record.teamID?.uuid)
        result.append(record.shared)
        result.append(record.version)
        result.append(record.createdAt.micros)
        result.append(record.updatedAt.micros)
        result.append(record.createdBy?.uuid)
        result.append(record.updatedBy?.uuid)
        result.append(record.deletedAt?.micros)
        return result
    }

    /// The case- and accent-insensitive key lists sort by: last name first for people.
    static func sortName<E: Entity>(_ record: Record<E>) -> String {
        let v = record.values
        let text: String
        if E.self == Contact.self {
            text = [v["last_name"]?.text, v["first_name"]?.text].compactMap { $0 }.joined(separator: " ")
        } else {
            text = E.title(of: v)
        }
        return String(SearchText.fold(text).prefix(120))
    }

    static func record<E: Entity>(_ row: any SQLRow, as entity: E.Type) throws -> Record<E> {
        try record(NamedColumns(row: row), layout: RecordColumnLayout.of(E.self), as: E.self)
    }

    /// A record from a row of `columns(_:)` read by position.
    static func record<E: Entity>(_ row: any ColumnAccess, layout: RecordColumnLayout, as entity: E.Type) throws -> Record<E> {
        try record(PositionalColumns(row: row), layout: layout, as: E.self)
    }

    static func record<E: Entity>(_ row: some RecordColumns, layout: RecordColumnLayout, as entity: E.Type) throws -> Record<E> {
        var values: FieldValues = [:]
        for (spec, index) in zip(E.fields, layout.fields) {
            if let value = try decode(spec, from: row, at: index) { values[spec.name] = value }
        }
        return Record<E>(
            id: .init(try row.requiredUUID("id", 0)),
            workspaceID: .init(try row.requiredUUID("workspace_id", 1)),
            values: values,
            ownerID: try row.uuid("owner_id", layout.ownerID).map(User.ID.init),
            teamID: try row.uuid("team_id", layout.teamID).map(Team.ID.init),
            shared: try row.bool("shared", layout.shared),
            version: Int(try row.requiredInt64("version", layout.version)),
            createdAt: Timestamp(micros: try row.requiredInt64("created_at", layout.createdAt)),
            updatedAt: Timestamp(micros: try row.requiredInt64("updated_at", layout.updatedAt)),
            createdBy: try row.uuid("created_by", layout.createdBy).map(User.ID.init),
            updatedBy: try row.uuid("updated_by", layout.updatedBy).map(User.ID.init),
            deletedAt: try row.int64("deleted_at", layout.deletedAt).map(Timestamp.init(micros:))
        )
    }
}

/// Where each part of a record sits in `RecordCodec.columns(_:)`, for reading rows by position.
struct RecordColumnLayout: Sendable {
    /// The first column of each field, in `E.fields` order (money takes two).
    let fields: [Int]
    let sortName: Int
    var ownerID: Int { sortName + 1 }
    var teamID: Int { sortName + 2 }
    var shared: Int { sortName + 3 }
    var version: Int { sortName + 4 }
    var createdAt: Int { sortName + 5 }
    var updatedAt: Int { sortName + 6 }
    var createdBy: Int { sortName + 7 }
    var updatedBy: Int { sortName + 8 }
    var deletedAt: Int { sortName + 9 }

    init<E: Entity>(_ entity: E.Type) {
        var next = 2
        var fields: [Int] = []
        for spec in E.fields {
            fields.append(next)
            next += spec.columns.count
        }
        self.fields = fields
        sortName = next
    }

    private static let cache = ColumnLayoutCache()

    /// The layout of an entity's table, made once per entity.
    static func of<E: Entity>(_ entity: E.Type) -> RecordColumnLayout { cache.layout(E.self) }
}

/// Layouts by entity type; generic types cannot hold static stored properties.
private final class ColumnLayoutCache: @unchecked Sendable {
    private let lock = NSLock()
    private var layouts: [ObjectIdentifier: RecordColumnLayout] = [:]

    func layout<E: Entity>(_ entity: E.Type) -> RecordColumnLayout {
        let key = ObjectIdentifier(E.self)
        lock.lock()
        defer { lock.unlock() }
        if let layout = layouts[key] { return layout }
        let layout = RecordColumnLayout(E.self)
        layouts[key] = layout
        return layout
    }
}

/// How `RecordCodec` reads columns: each call names the column and gives its position, and a
/// reader uses whichever it can (`NamedColumns` the name, `PositionalColumns` the index).
protocol RecordColumns {
    func string(_ name: String, _ index: Int) throws -> String
    func int64(_ name: String, _ index: Int) throws -> Int64?
    func bool(_ name: String, _ index: Int) throws -> Bool
    func uuid(_ name: String, _ index: Int) throws -> UUID?
}

extension RecordColumns {
    func requiredUUID(_ name: String, _ index: Int) throws -> UUID {
        guard let uuid = try uuid(name, index) else { throw ColumnError(index: index, expected: "a UUID in \(name), not NULL") }
        return uuid
    }

    func requiredInt64(_ name: String, _ index: Int) throws -> Int64 {
        guard let value = try int64(name, index) else { throw ColumnError(index: index, expected: "an integer in \(name), not NULL") }
        return value
    }
}

/// Columns of an `SQLRow`, by name.
struct NamedColumns: RecordColumns {
    let row: any SQLRow
    func string(_ name: String, _ index: Int) throws -> String { try row.decode(column: name, as: String.self) }
    func int64(_ name: String, _ index: Int) throws -> Int64? { try row.decode(column: name, as: Int64?.self) }
    func bool(_ name: String, _ index: Int) throws -> Bool { try row.decode(column: name, as: Bool.self) }
    func uuid(_ name: String, _ index: Int) throws -> UUID? { try row.decode(column: name, as: UUID?.self) }
}

/// Columns of a row read by position.
struct PositionalColumns: RecordColumns {
    let row: any ColumnAccess
    func string(_ name: String, _ index: Int) throws -> String { try row.string(index) }
    func int64(_ name: String, _ index: Int) throws -> Int64? { try row.int64(index) }
    func bool(_ name: String, _ index: Int) throws -> Bool { try row.bool(index) }
    func uuid(_ name: String, _ index: Int) throws -> UUID? { try row.uuid(index) }
}
