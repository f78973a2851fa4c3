import Foundation

/// The members of a record's JSON form in the order the API writes them — `id`, the entity's fields,
/// then ownership, version and times — with each key's `"name":` bytes made once.
///
/// `Record.json()` builds a `JSONObject`, where a later assignment to a key keeps the key's first
/// position; the layout reproduces exactly that, so writers that stream a record straight to bytes
/// (`Record.writeJSON`, the store's list path) give byte-for-byte what `JSONWriter.bytes(.object(record.json()))`
/// gives, for any entity, including one that names a field like a shared member.
public struct RecordJSONLayout: Sendable {
    /// Where a member's value comes from.
    public enum Source: Sendable, Equatable {
        case id
        /// The entity's field at this index of `E.fields`.
        case field(Int)
        case ownerID, teamID, shared, version, createdAt, updatedAt, createdBy, updatedBy, deletedAt
    }

    /// One member: its key as `"key":` bytes (with the comma before it unless it is first) and its source.
    public struct Member: Sendable {
        public let prefix: [UInt8]
        public let source: Source
    }

    public let members: [Member]

    /// The layout of an entity's records.
    public init<E: Entity>(_ entity: E.Type) {
        var keys: [String] = []
        var sources: [String: Source] = [:]
        func assign(_ key: String, _ source: Source) {
            if sources.updateValue(source, forKey: key) == nil { keys.append(key) }
        }
        assign("id", .id)
        for (index, spec) in E.fields.enumerated() { assign(spec.name, .field(index)) }
        assign("owner_id", .ownerID)
        assign("team_id", .teamID)
        assign("shared", .shared)
        assign("version", .version)
        assign("created_at", .createdAt)
        assign("updated_at", .updatedAt)
        assign("created_by", .createdBy)
        assign("updated_by", .updatedBy)
        assign("deleted_at", .deletedAt)
        members = keys.enumerated().map { index, key in
            var prefix: [UInt8] = index == 0 ? [] : [UInt8(ascii: ",")]
            JSONWriter.writeString(key, into: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return Member(prefix: prefix, source: sources[key] ?? .id)
        }
    }

    private static let cache = LayoutCache()

    /// The layout of an entity, made once per entity.
    public static func of<E: Entity>(_ entity: E.Type) -> RecordJSONLayout { cache.layout(E.self) }
}

/// Layouts by entity type; generic types cannot hold static stored properties.
private final class LayoutCache: @unchecked Sendable {
    private let lock = NSLock()
    private var layouts: [ObjectIdentifier: RecordJSONLayout] = [:]

    func layout<E: Entity>(_ entity: E.Type) -> RecordJSONLayout {
        let key = ObjectIdentifier(E.self)
        lock.lock()
        defer { lock.unlock() }
        if let layout = layouts[key] { return layout }
        let layout = RecordJSONLayout(E.self)
        layouts[key] = layout
        return layout
    }
}

extension Record {
    /// Appends the record's JSON form: the same bytes as `JSONWriter.bytes(.object(json()))`, without
    /// building the `JSONObject` (which costs a dictionary insert and an allocation per member).
    public func writeJSON(into out: inout [UInt8]) {
        let fields = E.fields
        out.append(UInt8(ascii: "{"))
        for member in RecordJSONLayout.of(E.self).members {
            out.append(contentsOf: member.prefix)
            switch member.source {
            case .id: JSONWriter.writeUUID(id.uuid, into: &out)
            case .field(let index):
                let spec = fields[index]
                if let value = values[spec.name] { value.writeJSON(into: &out) } else { spec.writeEmptyJSON(into: &out) }
            case .ownerID: JSONWriter.writeUUID(ownerID?.uuid, into: &out)
            case .teamID: JSONWriter.writeUUID(teamID?.uuid, into: &out)
            case .shared: JSONWriter.writeBool(shared, into: &out)
            case .version: JSONWriter.writeInt(Int64(version), into: &out)
            case .createdAt: createdAt.writeQuotedISO8601(into: &out)
            case .updatedAt: updatedAt.writeQuotedISO8601(into: &out)
            case .createdBy: JSONWriter.writeUUID(createdBy?.uuid, into: &out)
            case .updatedBy: JSONWriter.writeUUID(updatedBy?.uuid, into: &out)
            case .deletedAt:
                if let deletedAt { deletedAt.writeQuotedISO8601(into: &out) } else { JSONWriter.writeNull(into: &out) }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The record's JSON form as bytes.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        writeJSON(into: &out)
        return out
    }
}

extension FieldValue {
    /// Appends the value's JSON form (`json`) without building a `JSONValue`.
    public func writeJSON(into out: inout [UInt8]) {
        switch self {
        case .text(let s): JSONWriter.writeString(s, into: &out)
        case .int(let i): JSONWriter.writeInt(i, into: &out)
        case .money(let m): JSONWriter.writeMoney(minor: m.minor, currency: m.currency, into: &out)
        case .date(let d): JSONWriter.writeString(d.description, into: &out)
        case .bool(let b): JSONWriter.writeBool(b, into: &out)
        case .emails(let list):
            out.append(UInt8(ascii: "["))
            for (i, email) in list.enumerated() {
                JSONWriter.writeLabeled("address", email.address.value, label: email.label, first: i == 0, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .phones(let list):
            out.append(UInt8(ascii: "["))
            for (i, phone) in list.enumerated() {
                JSONWriter.writeLabeled("number", phone.number.description, label: phone.label, first: i == 0, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .tags(let tags): JSONWriter.writeStrings(tags, into: &out)
        case .id(let u): JSONWriter.writeUUID(u, into: &out)
        case .time(let t): t.writeQuotedISO8601(into: &out)
        case .ids(let ids):
            out.append(UInt8(ascii: "["))
            for (i, id) in ids.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeUUID(id, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}

extension FieldSpec {
    /// Appends the JSON of an empty value (`emptyJSON`): `[]` for lists, `null` otherwise.
    public func writeEmptyJSON(into out: inout [UInt8]) {
        switch kind {
        case .emails, .phones, .tags, .references: out.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")])
        default: JSONWriter.writeNull(into: &out)
        }
    }
}

extension JSONWriter {
    /// Appends `null`.
    public static func writeNull(into out: inout [UInt8]) { out.append(contentsOf: [110, 117, 108, 108]) }

    /// Appends `true` or `false`.
    public static func writeBool(_ value: Bool, into out: inout [UInt8]) {
        if value { out.append(contentsOf: [116, 114, 117, 101]) } else { out.append(contentsOf: [102, 97, 108, 115, 101]) }
    }

    /// Appends a UUID as a quoted lower-case string, or `null`.
    public static func writeUUID(_ uuid: UUID?, into out: inout [UInt8]) {
        guard let uuid else { return writeNull(into: &out) }
        out.append(UInt8(ascii: "\""))
        UUIDText.write(uuid, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `{"amount_minor":…,"currency":"…"}`, a money value's JSON form.
    public static func writeMoney(minor: Int64, currency: String, into out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"amount_minor":"#.utf8))
        writeInt(minor, into: &out)
        out.append(contentsOf: Array(#","currency":"#.utf8))
        writeString(currency, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `{"<name>":"<value>","label":"<label>"}`, one labelled email or phone, after a comma unless first.
    public static func writeLabeled(_ name: String, _ value: String, label: String, first: Bool, into out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "{"))
        writeString(name, into: &out)
        out.append(UInt8(ascii: ":"))
        writeString(value, into: &out)
        out.append(contentsOf: Array(#","label":"#.utf8))
        writeString(label, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Appends an array of strings.
    public static func writeStrings<S: Sequence>(_ items: S, into out: inout [UInt8]) where S.Element: StringProtocol {
        out.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            writeString(String(item), into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
