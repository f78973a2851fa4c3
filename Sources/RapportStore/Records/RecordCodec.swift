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
        let name = spec.name
        switch spec.kind {
        case .text, .longText, .choice, .url, .country, .timeZone:
            let s = try row.decode(column: name, as: String.self)
            return s.isEmpty ? nil : .text(s)
        case .integer:
            return try row.decode(column: name, as: Int64?.self).map(FieldValue.int)
        case .money:
            guard let minor = try row.decode(column: name, as: Int64?.self) else { return nil }
            return .money(Money(minor: minor, currency: try row.decode(column: name + "_currency", as: String.self)))
        case .date:
            let s = try row.decode(column: name, as: String.self)
            return s.isEmpty ? nil : (try? LocalDate(s)).map(FieldValue.date)
        case .bool:
            return .bool(try row.decode(column: name, as: Bool.self))
        case .emails:
            let pairs = pairs(try row.decode(column: name, as: String.self))
            return pairs.isEmpty ? nil : .emails(pairs.map { LabeledEmail(EmailAddress(trusted: $0.1), label: $0.0) })
        case .phones:
            let pairs = pairs(try row.decode(column: name, as: String.self))
            return pairs.isEmpty ? nil : .phones(pairs.map { LabeledPhone(PhoneNumber(trusted: $0.1), label: $0.0) })
        case .tags:
            let items = try row.decode(column: name, as: String.self).split(separator: "\n").map(String.init)
            return items.isEmpty ? nil : .tags(items)
        case .reference, .picklist:
            return try row.decode(column: name, as: UUID?.self).map(FieldValue.id)
        case .references:
            let ids = try row.decode(column: name, as: String.self).split(separator: "\n").compactMap { UUID(uuidString: String($0)) }
            return ids.isEmpty ? nil : .ids(ids)
        case .dateTime:
            return try row.decode(column: name, as: Int64?.self).map { .time(Timestamp(micros: $0)) }
        }
    }

    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
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
        var values: FieldValues = [:]
        for spec in E.fields {
            if let value = try decode(spec, from: row) { values[spec.name] = value }
        }
        return Record<E>(
            id: .init(try row.decode(column: "id", as: UUID.self)),
            workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
            values: values,
            ownerID: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
            teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
            shared: try row.decode(column: "shared", as: Bool.self),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(micros: try row.decode(column: "updated_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: UUID?.self).map(User.ID.init),
            updatedBy: try row.decode(column: "updated_by", as: UUID?.self).map(User.ID.init),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Timestamp.init(micros:))
        )
    }
}
