import Foundation
import RapportCore
import SQLKit

/// Every column that points at an account or a contact, so a merge can move each pointer from the
/// duplicate to the survivor and an undo can move exactly those back.
///
/// A new table that points at a record is one line here: `FieldLink` for a reference field of an
/// entity (its rows are rewritten through the record write path, so versions, events, search
/// documents and derived indexes stay right), `RelationLink` for a relation table shaped like
/// `account_relations`. Links whose table the database does not have yet are skipped.
enum RecordLinks {
    static let all: [any RecordLink] = [
        FieldLink(Contact.self, "account_id", to: Account.self, noun: ("person", "people")),
        FieldLink(Account.self, "parent_id", to: Account.self, noun: ("subsidiary", "subsidiaries")),
        RelationLink(table: "account_relations", to: Account.self),
        FieldLink(Activity.self, "contact_id", to: Contact.self, noun: ("activity", "activities")),
        FieldLink(Activity.self, "account_id", to: Account.self, noun: ("activity", "activities")),
        FieldLink(
            Activity.self, "attendee_contact_ids", to: Contact.self, noun: ("meeting attended", "meetings attended"),
            index: .init(table: "activity_attendees", owner: "activity_id", entry: "attendee_id", condition: "kind = 'contact'")),
        FieldLink(Todo.self, "contact_id", to: Contact.self, noun: ("task", "tasks")),
        FieldLink(Todo.self, "account_id", to: Account.self, noun: ("task", "tasks")),
        FieldLink(Activity.self, "lead_id", to: Lead.self, noun: ("activity", "activities")),
        FieldLink(Todo.self, "lead_id", to: Lead.self, noun: ("task", "tasks")),
        FieldLink(Deal.self, "lead_id", to: Lead.self, noun: ("deal", "deals")),
        FieldLink(Deal.self, "account_id", to: Account.self, noun: ("deal", "deals")),
        FieldLink(Deal.self, "contact_id", to: Contact.self, noun: ("deal", "deals")),
        FieldLink(Quote.self, "account_id", to: Account.self, noun: ("quote", "quotes")),
        FieldLink(Quote.self, "contact_id", to: Contact.self, noun: ("quote", "quotes")),
        FieldLink(SalesOrder.self, "account_id", to: Account.self, noun: ("order", "orders")),
        FieldLink(SalesOrder.self, "contact_id", to: Contact.self, noun: ("order", "orders")),
        FieldLink(Invoice.self, "account_id", to: Account.self, noun: ("invoice", "invoices")),
        FieldLink(Invoice.self, "contact_id", to: Contact.self, noun: ("invoice", "invoices")),
    ]

    /// The entities whose records can be merged.
    static let mergeable: [any Entity.Type] = [Account.self, Contact.self]

    /// The links to records of `table` whose tables exist in this database.
    static func pointing(at table: String, dialect: Dialect, on sql: any SQLDatabase) async throws -> [any RecordLink] {
        let existing = try await tables(dialect: dialect, on: sql)
        return all.filter { $0.target == table && existing.contains($0.table) }
    }

    /// The link with a given name (as a merge's snapshot names it).
    static func named(_ name: String) -> (any RecordLink)? { all.first { $0.name == name } }

    static func tables(dialect: Dialect, on sql: any SQLDatabase) async throws -> Set<String> {
        let query: SQLQueryString =
            switch dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'"
            case .postgres: "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
            }
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }
}

/// Who moves links, and when: relinked records carry the merging user and time.
struct LinkContext: Sendable {
    var workspace: Workspace.ID
    var principal: Principal
    var at: Timestamp
}

/// What relinking did to one row, kept in the merge's snapshot so an undo can reverse exactly that.
struct LinkMove: Sendable, Equatable {
    var link: String
    var column: String
    var rowID: UUID
    /// The pointer was removed rather than moved: a relation that would have become a self-link or
    /// a repeat, or a list entry whose list already named the survivor.
    var dropped: Bool
    /// A removed row's columns, to insert it again on undo.
    var row: JSONObject?

    var json: JSONValue {
        var object = JSONObject([
            "link": .string(link), "column": .string(column), "id": .string(rowID.uuidString.lowercased()),
            "dropped": .bool(dropped),
        ])
        if let row { object["row"] = .object(row) }
        return .object(object)
    }

    init(link: String, column: String, rowID: UUID, dropped: Bool, row: JSONObject? = nil) {
        self.link = link
        self.column = column
        self.rowID = rowID
        self.dropped = dropped
        self.row = row
    }

    init?(_ value: JSONValue) {
        guard case .object(let o) = value, let link = o["link"]?.stringValue, let column = o["column"]?.stringValue,
            let id = o["id"]?.stringValue.flatMap(UUID.init(uuidString:))
        else { return nil }
        self.init(
            link: link, column: column, rowID: id, dropped: o["dropped"] == .bool(true),
            row: { if case .object(let row)? = o["row"] { row } else { nil } }())
    }
}

/// One kind of pointer at records of `target`.
protocol RecordLink: Sendable {
    /// `table.column`, or the table for links spanning columns; names the link in snapshots.
    var name: String { get }
    /// The table holding the pointers; the link is skipped while the database lacks it.
    var table: String { get }
    /// The table of the records pointed at (`accounts`, `contacts`).
    var target: String { get }
    /// How a summary names the rows: ("person", "people").
    var noun: (one: String, many: String) { get }
    /// How many rows point at a record.
    func count(pointingAt id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Int
    /// Points every row at `survivor` instead of `duplicate`.
    func move(from duplicate: UUID, to survivor: UUID, _ context: LinkContext, on sql: any SQLDatabase) async throws
        -> [LinkMove]
    /// The live rows pointing at any of `ids` (an import's revert keeps records others point at).
    func livePointers(at ids: [UUID], workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [LinkPointer]
    /// Reverses `moves` for the rows that still point at `survivor`; returns how many it reversed.
    func moveBack(_ moves: [LinkMove], from survivor: UUID, to duplicate: UUID, _ context: LinkContext, on sql: any SQLDatabase)
        async throws -> Int
}

/// A reference field of an entity: one ID, or a list of IDs found through an index table.
struct FieldLink<E: Entity>: RecordLink {
    let column: String
    let target: String
    let noun: (one: String, many: String)
    /// For a list field: the table indexing its entries (`activity_attendees`), the column naming
    /// the record that holds the list, the column naming the entry, and a condition on the kind.
    let index: ListIndex?

    struct ListIndex: Sendable {
        var table: String
        var owner: String
        var entry: String
        var condition: String
    }

    init<T: Entity>(_ entity: E.Type, _ column: String, to target: T.Type, noun: (String, String), index: ListIndex? = nil) {
        self.column = column
        self.target = T.table
        self.noun = noun
        self.index = index
    }

    var name: String { "\(E.table).\(column)" }
    var table: String { E.table }

    /// IDs of the rows pointing at `id`, deleted ones included, in a fixed order.
    func rows(pointingAt id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [UUID] {
        guard let index else {
            return try await sql.raw(
                """
                SELECT id FROM \(ident: E.table) WHERE \(ident: column) = \(bind: id) AND workspace_id = \(bind: workspace.uuid)
                ORDER BY id
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
        }
        let live = try await sql.raw(
            """
            SELECT \(ident: index.owner) AS id FROM \(ident: index.table)
            WHERE \(ident: index.entry) = \(bind: id) AND workspace_id = \(bind: workspace.uuid) AND \(unsafeRaw: index.condition)
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        // The index leaves deleted records out; their lists (stored as lines, see `RecordCodec`) are
        // searched directly, which reads the workspace's deleted rows of the table.
        let deleted = try await sql.raw(
            """
            SELECT id FROM \(ident: E.table) WHERE workspace_id = \(bind: workspace.uuid) AND deleted_at IS NOT NULL
            AND \(ident: column) LIKE \(bind: "%\n" + id.uuidString.lowercased() + "\n%")
            """
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
        return Set(live + deleted).sorted { $0.uuidString < $1.uuidString }
    }

    func count(pointingAt id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Int {
        try await rows(pointingAt: id, workspace: workspace, on: sql).count
    }

    func move(from duplicate: UUID, to survivor: UUID, _ context: LinkContext, on sql: any SQLDatabase) async throws
        -> [LinkMove]
    {
        var moves: [LinkMove] = []
        for rowID in try await rows(pointingAt: duplicate, workspace: context.workspace, on: sql) {
            guard let record = try await RecordStore<E>.fetch(.init(rowID), workspace: context.workspace, on: sql),
                let (value, dropped) = Self.replacing(duplicate, with: survivor, in: record.values[column])
            else { continue }
            try await rewrite(record, value: value, context, on: sql)
            moves.append(LinkMove(link: name, column: column, rowID: rowID, dropped: dropped))
        }
        return moves
    }

    func moveBack(_ moves: [LinkMove], from survivor: UUID, to duplicate: UUID, _ context: LinkContext, on sql: any SQLDatabase)
        async throws -> Int
    {
        var reversed = 0
        for move in moves {
            guard let record = try await RecordStore<E>.fetch(.init(move.rowID), workspace: context.workspace, on: sql),
                let value = Self.restoring(duplicate, over: survivor, in: record.values[column], dropped: move.dropped)
            else { continue }
            try await rewrite(record, value: value, context, on: sql)
            reversed += 1
        }
        return reversed
    }

    /// The field with `old` replaced by `new`, and whether `old` was only removed (a list already
    /// naming `new`); `nil` when the field does not name `old`.
    static func replacing(_ old: UUID, with new: UUID, in value: FieldValue?) -> (FieldValue?, Bool)? {
        switch value {
        case .id(old)?: return (.id(new), false)
        case .ids(let list)? where list.contains(old):
            if list.contains(new) { return (.ids(list.filter { $0 != old }), true) }
            return (.ids(list.map { $0 == old ? new : $0 }), false)
        default: return nil
        }
    }

    /// The field pointing at `old` again where it still names `current`; `nil` when there is
    /// nothing to restore (someone changed it since).
    static func restoring(_ old: UUID, over current: UUID, in value: FieldValue?, dropped: Bool) -> FieldValue? {
        switch value {
        case .id(current)? where !dropped: return .id(old)
        case .ids(let list)? where list.contains(current) && !list.contains(old):
            return .ids(dropped ? list + [old] : list.map { $0 == current ? old : $0 })
        default: return nil
        }
    }

    /// Writes one changed field through the record write path: new version, event, search, indexes.
    func rewrite(_ record: Record<E>, value: FieldValue?, _ context: LinkContext, on sql: any SQLDatabase) async throws {
        var next = record
        next.values[column] = value
        next.version += 1
        next.updatedAt = context.at
        next.updatedBy = context.principal.userID
        try await RecordStore<E>.replace(next, expecting: record.version, on: sql)
        try await RecordStore<E>.afterWrite(
            next, previous: record, action: .updated, by: context.principal, at: context.at, on: sql)
    }
}

/// A relation table shaped like `account_relations` (id, from_id, to_id, kind, note, created_at,
/// created_by; unique per workspace, from, to and kind). A relation that would link the survivor
/// to itself, or repeat one it already has, is deleted and kept in the snapshot.
struct RelationLink: RecordLink {
    let table: String
    let target: String
    var noun: (one: String, many: String) { ("relation", "relations") }
    var name: String { table }

    init<T: Entity>(table: String, to target: T.Type) {
        self.table = table
        self.target = T.table
    }

    struct Row {
        var id: UUID
        var from: UUID
        var to: UUID
        var kind: String
        var note: String
        var createdAt: Int64
        var createdBy: UUID?

        var json: JSONObject {
            JSONObject([
                "from_id": .string(from.uuidString.lowercased()), "to_id": .string(to.uuidString.lowercased()),
                "kind": .string(kind), "note": .string(note), "created_at": .int(createdAt),
                "created_by": .string(createdBy?.uuidString.lowercased()),
            ])
        }
    }

    func rows(pointingAt id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [Row] {
        var rows: [Row] = []
        // Two queries rather than an OR, so each uses its index.
        for column in ["from_id", "to_id"] {
            let found = try await sql.raw(
                """
                SELECT id, from_id, to_id, kind, note, created_at, created_by FROM \(ident: table)
                WHERE \(ident: column) = \(bind: id) AND workspace_id = \(bind: workspace.uuid) ORDER BY id
                """
            ).all()
            for row in found {
                rows.append(
                    Row(
                        id: try row.decode(column: "id", as: UUID.self), from: try row.decode(column: "from_id", as: UUID.self),
                        to: try row.decode(column: "to_id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                        note: try row.decode(column: "note", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Int64.self),
                        createdBy: try row.decode(column: "created_by", as: UUID?.self)))
            }
        }
        return rows
    }

    func count(pointingAt id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Int {
        try await rows(pointingAt: id, workspace: workspace, on: sql).count
    }

    func exists(from: UUID, to: UUID, kind: String, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            """
            SELECT id FROM \(ident: table) WHERE workspace_id = \(bind: workspace.uuid) AND from_id = \(bind: from)
            AND to_id = \(bind: to) AND kind = \(bind: kind)
            """
        ).first() != nil
    }

    func move(from duplicate: UUID, to survivor: UUID, _ context: LinkContext, on sql: any SQLDatabase) async throws
        -> [LinkMove]
    {
        var moves: [LinkMove] = []
        for row in try await rows(pointingAt: duplicate, workspace: context.workspace, on: sql) {
            let column = row.from == duplicate ? "from_id" : "to_id"
            let from = row.from == duplicate ? survivor : row.from
            let to = row.to == duplicate ? survivor : row.to
            let repeated = try await exists(from: from, to: to, kind: row.kind, workspace: context.workspace, on: sql)
            if from == to || repeated {
                try await sql.raw("DELETE FROM \(ident: table) WHERE id = \(bind: row.id)").run()
                moves.append(LinkMove(link: name, column: column, rowID: row.id, dropped: true, row: row.json))
            } else {
                try await sql.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: survivor) WHERE id = \(bind: row.id)").run()
                moves.append(LinkMove(link: name, column: column, rowID: row.id, dropped: false))
            }
        }
        return moves
    }

    func moveBack(_ moves: [LinkMove], from survivor: UUID, to duplicate: UUID, _ context: LinkContext, on sql: any SQLDatabase)
        async throws -> Int
    {
        var reversed = 0
        for move in moves {
            if move.dropped {
                guard let row = move.row, let from = row["from_id"]?.stringValue.flatMap(UUID.init(uuidString:)),
                    let to = row["to_id"]?.stringValue.flatMap(UUID.init(uuidString:)), let kind = row["kind"]?.stringValue,
                    case .int(let createdAt)? = row["created_at"],
                    try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: move.rowID)").first() == nil,
                    !(try await exists(from: from, to: to, kind: kind, workspace: context.workspace, on: sql))
                else { continue }
                let createdBy = row["created_by"]?.stringValue.flatMap(UUID.init(uuidString:))
                try await sql.raw(
                    """
                    INSERT INTO \(ident: table) (id, workspace_id, from_id, to_id, kind, note, created_at, created_by)
                    VALUES (\(bind: move.rowID), \(bind: context.workspace.uuid), \(bind: from), \(bind: to), \(bind: kind),
                            \(bind: row["note"]?.stringValue ?? ""), \(bind: createdAt), \(bind: createdBy))
                    """
                ).run()
                reversed += 1
                continue
            }
            guard move.column == "from_id" || move.column == "to_id",
                let current = try await sql.raw(
                    "SELECT from_id, to_id, kind FROM \(ident: table) WHERE id = \(bind: move.rowID) AND \(ident: move.column) = \(bind: survivor)"
                ).first()
            else { continue }
            var from = try current.decode(column: "from_id", as: UUID.self)
            var to = try current.decode(column: "to_id", as: UUID.self)
            if move.column == "from_id" { from = duplicate } else { to = duplicate }
            let kind = try current.decode(column: "kind", as: String.self)
            if from == to { continue }
            if try await exists(from: from, to: to, kind: kind, workspace: context.workspace, on: sql) { continue }
            try await sql.raw("UPDATE \(ident: table) SET \(ident: move.column) = \(bind: duplicate) WHERE id = \(bind: move.rowID)").run()
            reversed += 1
        }
        return reversed
    }
}

/// A row pointing at a record: what an import's revert must not leave dangling.
struct LinkPointer: Sendable, Equatable {
    /// The record pointed at.
    var target: UUID
    /// The row pointing (a record of `table`, or a relation).
    var row: UUID
    var table: String
}

extension FieldLink {
    func livePointers(at ids: [UUID], workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [LinkPointer] {
        let rows = try await ImportLookups.each(ids, on: sql) { list in
            if let index {
                """
                SELECT \(ident: index.owner) AS row_id, \(ident: index.entry) AS target FROM \(ident: index.table)
                WHERE workspace_id = \(bind: workspace.uuid) AND \(unsafeRaw: index.condition) AND \(ident: index.entry) IN (\(binds: list))
                """
            } else {
                """
                SELECT id AS row_id, \(ident: column) AS target FROM \(ident: E.table)
                WHERE workspace_id = \(bind: workspace.uuid) AND deleted_at IS NULL AND \(ident: column) IN (\(binds: list))
                """
            }
        }
        return try rows.map {
            LinkPointer(
                target: try $0.decode(column: "target", as: UUID.self), row: try $0.decode(column: "row_id", as: UUID.self), table: E.table)
        }
    }
}

extension RelationLink {
    func livePointers(at ids: [UUID], workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [LinkPointer] {
        var pointers: [LinkPointer] = []
        for column in ["from_id", "to_id"] {
            let rows = try await ImportLookups.each(ids, on: sql) { list in
                """
                SELECT id, \(ident: column) AS target FROM \(ident: table)
                WHERE workspace_id = \(bind: workspace.uuid) AND \(ident: column) IN (\(binds: list))
                """
            }
            pointers += try rows.map {
                LinkPointer(target: try $0.decode(column: "target", as: UUID.self), row: try $0.decode(column: "id", as: UUID.self), table: table)
            }
        }
        return pointers
    }
}
