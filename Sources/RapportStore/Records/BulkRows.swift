import Foundation
import RapportCore
import SQLKit

/// The rows `RecordStore.create` writes — the record, its `created` event, contact points,
/// duplicate blocking keys, search document and title keys, a meeting's attendees — for many new records at once, rendered as
/// multi-row INSERT statements with SQL literals: the one connection that writes only executes
/// them, with no per-value bind encoding. The bulk loader and CSV imports write through here.
///
/// A record is added as built in memory (validated, derived, its owner and ID set); what the
/// single-record path computes from the database (a contact's account name for its search entry)
/// comes in with it.
struct BulkRows: Sendable {
    /// Record rows by table, tables in the order first added (referenced tables first).
    private(set) var records: [(table: String, columns: [String], rows: [[any Encodable & Sendable]])] = []
    var contactPoints: [[any Encodable & Sendable]] = []
    var matchKeys: [[any Encodable & Sendable]] = []
    var searchDocs: [[any Encodable & Sendable]] = []
    var titleKeys: [[any Encodable & Sendable]] = []
    var attendees: [[any Encodable & Sendable]] = []
    var events: [[any Encodable & Sendable]] = []

    /// Record rows added.
    var recordCount: Int { records.reduce(0) { $0 + $1.rows.count } }
    /// Rows of every table added.
    var rowCount: Int {
        recordCount + contactPoints.count + matchKeys.count + searchDocs.count + titleKeys.count + attendees.count + events.count
    }
    /// Record rows of one table.
    func count(of table: String) -> Int { records.first { $0.table == table }?.rows.count ?? 0 }

    /// Adds a new record and everything a create writes with it. `extra` are columns beyond the
    /// entity's own (an import's ID); every record of a table must name the same ones.
    mutating func add<E: Entity>(
        _ record: Record<E>, accountName: String, actor: String, eventID: Event.ID,
        extra: [(column: String, value: any Encodable & Sendable)] = []
    ) {
        var row = RecordCodec.values(record)
        row.append(contentsOf: extra.map(\.value))
        if let index = records.firstIndex(where: { $0.table == E.table }) {
            records[index].rows.append(row)
        } else {
            records.append((E.table, RecordCodec.columns(E.self) + extra.map(\.column), [row]))
        }
        let recordID = record.id.uuid
        let workspace = record.workspaceID.uuid
        // ContactPoints.replace
        for email in record.values["emails"]?.emails ?? [] {
            contactPoints.append([workspace, E.name, recordID, "email", email.address.value])
        }
        for phone in record.values["phones"]?.phones ?? [] {
            contactPoints.append([workspace, E.name, recordID, "phone", phone.number.e164])
        }
        if let domain = record.values["domain"]?.text { contactPoints.append([workspace, E.name, recordID, "domain", domain]) }
        // MatchKeys.replace
        for key in MatchKeys.keys(record) { matchKeys.append([workspace, E.name, recordID, key]) }
        // RecordIndexing.index → SearchIndex.upsert
        if let entry = RecordIndexing.entry(record, accountName: accountName) {
            var doc = SearchText.document(for: record.values, of: E.self)
            if !entry.extraText.isEmpty { doc += " " + SearchText.tokens(entry.extraText).joined(separator: " ") }
            searchDocs.append([
                workspace, E.name, recordID, record.title, entry.subtitle, doc, record.ownerID?.uuid, record.teamID?.uuid,
                record.shared, record.deletedAt != nil,
            ])
            for key in SearchText.titleKeys(title: record.title, document: doc) { titleKeys.append([workspace, key, recordID]) }
        }
        // ActivityAttendees.replace: a meeting's people.
        if E.self == Activity.self {
            for (kind, field) in [("user", "attendee_user_ids"), ("contact", "attendee_contact_ids")] {
                for attendee in record.values[field]?.uuids ?? [] { attendees.append([workspace, recordID, kind, attendee]) }
            }
        }
        // EventLog.append of the `created` event RecordStore.afterWrite makes.
        events.append([
            eventID.uuid, workspace, record.createdAt.micros, record.createdBy?.uuid, actor, E.name, record.id.description,
            EventAction.created.rawValue, Self.createdChanges(record), record.version,
        ])
    }

    /// The stored changes of a record's `created` event — what `Record.diff(nil, record)` gives, as
    /// `Event.changesJSON` writes it — made straight from the record: every set value from `null`,
    /// without comparing with an empty record field by field (a large share of a bulk write's time).
    static func createdChanges<E: Entity>(_ record: Record<E>) -> String {
        var object = JSONObject()
        if let owner = record.ownerID { object["owner_id"] = .array([.null, .string(owner.description)]) }
        if let team = record.teamID { object["team_id"] = .array([.null, .string(team.description)]) }
        object["shared"] = .array([.null, .bool(record.shared)])
        for spec in E.fields {
            guard let value = record.values[spec.name] else { continue }
            let json = value.json
            if json != .null && json != .array([]) { object[spec.name] = .array([.null, json]) }
        }
        return JSONWriter.string(.object(object))
    }

    /// The INSERT statements, at most `rowsPerStatement` rows each, records first.
    func statements(dialect: Dialect, rowsPerStatement: Int) -> [String] {
        var sql: [String] = []
        for table in records {
            sql += BulkSQL.inserts(into: table.table, table.columns, table.rows, dialect: dialect, rowsPerStatement: rowsPerStatement)
        }
        sql += BulkSQL.inserts(
            into: "contact_points", ["workspace_id", "entity", "record_id", "kind", "value"], contactPoints, dialect: dialect,
            rowsPerStatement: rowsPerStatement)
        sql += BulkSQL.inserts(
            into: "match_keys", ["workspace_id", "entity", "record_id", "key"], matchKeys, dialect: dialect,
            rowsPerStatement: rowsPerStatement)
        sql += BulkSQL.inserts(
            into: "search_docs",
            ["workspace_id", "entity", "record_id", "title", "subtitle", "doc", "owner_id", "team_id", "shared", "deleted"],
            searchDocs, dialect: dialect, rowsPerStatement: rowsPerStatement)
        sql += BulkSQL.inserts(
            into: "search_title_keys", ["workspace_id", "key", "record_id"], titleKeys, dialect: dialect,
            rowsPerStatement: rowsPerStatement)
        sql += BulkSQL.inserts(
            into: "activity_attendees", ["workspace_id", "activity_id", "kind", "attendee_id"], attendees, dialect: dialect,
            rowsPerStatement: rowsPerStatement)
        sql += BulkSQL.inserts(
            into: "events",
            ["id", "workspace_id", "at", "actor_id", "actor_name", "entity", "record_id", "action", "changes", "version"],
            events, dialect: dialect, rowsPerStatement: rowsPerStatement)
        return sql
    }
}

/// SQL literals for the values the stores bind, stored exactly as the binds would be: on SQLite a UUID
/// is its upper-case text (its `Encodable` form) and a Bool the integer 1 or 0; on PostgreSQL quoted
/// text is cast to the column's type (uuid, boolean…).
enum BulkSQL {
    /// Multi-row INSERT statements of `rows` (values in `columns` order), `rowsPerStatement` at a time.
    static func inserts(
        into table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]], dialect: Dialect, rowsPerStatement: Int,
        suffix: String = ""
    ) -> [String] {
        var sql: [String] = []
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + max(1, rowsPerStatement))
            var text = head
            text.reserveCapacity(head.utf8.count + (end - start) * columns.count * 24)
            for i in start..<end {
                text += i == start ? "(" : ", ("
                for (n, value) in rows[i].enumerated() {
                    if n > 0 { text += ", " }
                    literal(value, dialect: dialect, into: &text)
                }
                text += ")"
            }
            sql.append(text + suffix)
            start = end
        }
        return sql
    }

    static func literal(_ value: any Encodable & Sendable, dialect: Dialect, into text: inout String) {
        // Concrete types first, optionals as such: a cast to a concrete type is cheap, a protocol
        // conformance check (the fallback) is not, and a bulk write renders tens of values a row.
        switch value {
        case let s as String: quoted(s, into: &text)
        case let i as Int64: text += String(i)
        case let u as UUID: quoted(dialect == .sqlite ? UUIDText.uppercased(u) : UUIDText.lowercased(u), into: &text)
        case let b as Bool: text += dialect == .sqlite ? (b ? "1" : "0") : (b ? "TRUE" : "FALSE")
        case let i as Int: text += String(i)
        case let u as UUID?:
            if let u { quoted(dialect == .sqlite ? UUIDText.uppercased(u) : UUIDText.lowercased(u), into: &text) } else { text += "NULL" }
        case let i as Int64?: text += i.map { String($0) } ?? "NULL"
        default:
            guard let optional = value as? any BulkOptional, optional.isNil else {
                preconditionFailure("BulkSQL cannot write a \(type(of: value))")
            }
            text += "NULL"
        }
    }

    /// A string literal: single quotes doubled (both engines read backslashes literally).
    static func quoted(_ s: String, into text: inout String) {
        text += "'"
        if s.utf8.contains(UInt8(ascii: "'")) {
            text += s.replacingOccurrences(of: "'", with: "''")
        } else {
            text += s
        }
        text += "'"
    }
}

protocol BulkOptional { var isNil: Bool { get } }

extension Optional: BulkOptional {
    var isNil: Bool { self == nil }
}
