import Foundation
import RapportCore
import SQLKit

/// Reads and writes the records of one entity (accounts, contacts…) with visibility, optimistic
/// concurrency, soft deletion, the event log and the search index handled in one place.
public struct RecordStore<E: Entity>: Sendable {
    let db: Database
    /// Checks that may hold a create back until a person confirms (duplicates, the outreach guard).
    let checks: [WriteCheck<E>]
    /// Values derived from other records before every create and update (an activity's account from its contact).
    let derivations: [WriteDerivation<E>]
    /// Writes to other records that follow from this one, after it is stored (a lead re-scored when
    /// an activity about it is logged).
    let effects: [WriteEffect<E>]
    /// Whether a new record without an owner is left for a derivation to assign (leads, by the
    /// assignment rules) instead of going to its creator.
    let ownerByDerivation: Bool

    public init(
        _ db: Database, checks: [WriteCheck<E>] = [], derivations: [WriteDerivation<E>] = [], effects: [WriteEffect<E>] = [],
        ownerByDerivation: Bool = false
    ) {
        self.db = db
        self.checks = checks
        self.derivations = derivations
        self.effects = effects
        self.ownerByDerivation = ownerByDerivation
    }

    static var columnList: String { RecordCodec.columns(E.self).joined(separator: ", ") }

    // MARK: Reading

    /// A record the principal may see, deleted or not; `notFound` otherwise.
    public func get(_ id: Record<E>.ID, by principal: Principal) async throws -> Record<E> {
        let rows = try await db.readRows(
            "SELECT \(unsafeRaw: Self.columnList) FROM \(unsafeRaw: E.table) WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
        )
        guard let row = rows.first else { throw RapportError.notFound(entity: E.name, id: id.description) }
        let record = try RecordCodec.record(row, layout: RecordColumnLayout.of(E.self), as: E.self)
        if principal.canSee(owner: record.ownerID, team: record.teamID, shared: record.shared) { return record }
        guard !E.visibleThrough.isEmpty, try await db.read({ sql in try await Self.canSee(record, by: principal, on: sql) }) else {
            throw RapportError.notFound(entity: E.name, id: id.description)
        }
        return record
    }

    /// Whether the principal may see a record: by its owner, team or sharing, or through what it is about.
    static func canSee(_ record: Record<E>, by principal: Principal, on sql: any SQLDatabase) async throws -> Bool {
        if principal.canSee(owner: record.ownerID, team: record.teamID, shared: record.shared) { return true }
        for name in E.visibleThrough {
            guard let spec = E.field(name), case .reference(let table) = spec.kind, let target = record.values[name]?.uuid else {
                continue
            }
            if try await visibleRecord(table: table, id: target, live: false, by: principal, on: sql) { return true }
        }
        return false
    }

    /// The SQL form of `canSee` for lists.
    static func visibility(_ principal: Principal) -> SQLQueryString {
        var parts: [SQLQueryString] = [Visibility.predicate(principal)]
        for name in E.visibleThrough {
            guard let spec = E.field(name), case .reference(let table) = spec.kind else { continue }
            parts.append(
                "\(ident: name) IN (SELECT id FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND \(Visibility.predicate(principal)))"
            )
        }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }

    static func fetch(_ id: Record<E>.ID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Record<E>? {
        let row = try await sql.raw(
            "SELECT \(unsafeRaw: columnList) FROM \(unsafeRaw: E.table) WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: workspace.uuid)"
        ).first()
        return try row.map { try RecordCodec.record($0, as: E.self) }
    }

    /// Several records by ID (those visible), in no particular order.
    public func get(many ids: [Record<E>.ID], by principal: Principal) async throws -> [Record<E>] {
        guard !ids.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = ids.map(\.uuid)
        return try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columnList) FROM \(unsafeRaw: E.table)
                WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND id IN (\(binds: binds)) AND \(Self.visibility(principal))
                """
            ).all().map { try RecordCodec.record($0, as: E.self) }
        }
    }

    /// A page of records, filtered, searched and sorted, with keyset cursors both ways.
    public func list(_ query: ListQuery, by principal: Principal) async throws -> Page<Record<E>> {
        guard let plan = try pagePlan(query, by: principal) else { return Page(items: [], nextCursor: nil, previousCursor: nil) }
        let layout = RecordColumnLayout.of(E.self)
        let rows = try await db.readRows(plan.sql)
        var page = PageRows(plan: plan)
        var items: [Record<E>] = []
        for row in rows.prefix(plan.limit) {
            items.append(try RecordCodec.record(row, layout: layout, as: E.self))
            try page.saw(row, layout: layout)
        }
        page.hasMore = rows.count > plan.limit
        if plan.backwards { items.reverse() }
        let (next, previous) = page.cursors()
        return Page(items: items, nextCursor: next, previousCursor: previous)
    }

    /// The same page as `list`, with the records already written as the API's JSON array: each row
    /// goes straight to bytes (`RecordRowJSON`; on SQLite read in place on the reader's thread), the hot
    /// path of `GET /api/v1/<entity>`.
    public func listJSON(_ query: ListQuery, by principal: Principal) async throws -> JSONPage {
        guard let plan = try pagePlan(query, by: principal) else {
            return JSONPage(data: Array("[]".utf8), count: 0, nextCursor: nil, previousCursor: nil)
        }
        let writer = RecordRowJSON(E.self)
        let layout = RecordColumnLayout.of(E.self)
        let limit = plan.limit
        let backwards = plan.backwards
        var state = ListJSONState(page: PageRows(plan: plan))
        state.data.reserveCapacity(min(limit, 50) * 900 + 2)
        state = try await db.reduceRows(plan.sql, into: state) { state, row in
            guard state.rows < limit else {
                state.page.hasMore = true
                return
            }
            if backwards {
                var object: [UInt8] = []
                try writer.write(row, into: &object)
                state.objects.append(object)
            } else {
                state.data.append(UInt8(ascii: state.rows == 0 ? "[" : ","))
                try writer.write(row, into: &state.data)
            }
            try state.page.saw(row, layout: layout)
            state.rows += 1
        }
        if backwards {
            state.data = [UInt8(ascii: "[")]
            for (i, object) in state.objects.reversed().enumerated() {
                if i > 0 { state.data.append(UInt8(ascii: ",")) }
                state.data.append(contentsOf: object)
            }
        } else if state.rows == 0 {
            state.data.append(UInt8(ascii: "["))
        }
        state.data.append(UInt8(ascii: "]"))
        let (next, previous) = state.page.cursors()
        return JSONPage(data: state.data, count: state.rows, nextCursor: next, previousCursor: previous)
    }

    /// What `listJSON` builds up while the rows go by.
    private struct ListJSONState: Sendable {
        var data: [UInt8] = []
        /// Backwards pages: the objects, to write in display order at the end.
        var objects: [[UInt8]] = []
        var rows = 0
        var page: PageRows
    }

    /// The SQL of a list page and how to read it; `nil` when nothing can match.
    private func pagePlan(_ query: ListQuery, by principal: Principal) throws -> PagePlan? {
        guard var conditions = try filterConditions(query, by: principal) else { return nil }
        let column = query.sort.column
        // Paging backwards flips the comparison and the order, then the page is flipped back.
        let backwards = query.cursor?.backwards ?? false
        let ascending = query.descending == backwards
        if let cursor = query.cursor {
            let op = ascending ? ">" : "<"
            let value: any Encodable & Sendable
            switch cursor.sortValue {
            case .int(let i) where query.sort != .name: value = i
            case .string(let s) where query.sort == .name: value = s
            default: throw RapportError.invalid(field: "cursor", reason: "does not belong to this sort order")
            }
            guard let cursorID = UUID(uuidString: cursor.id) else {
                throw RapportError.invalid(field: "cursor", reason: "is not a cursor this server made")
            }
            conditions.append(
                "(\(unsafeRaw: column) \(unsafeRaw: op) \(bind: value) OR (\(unsafeRaw: column) = \(bind: value) AND id \(unsafeRaw: op) \(bind: cursorID)))"
            )
        }
        let direction = ascending ? "ASC" : "DESC"
        let limit = max(1, min(query.limit, 200))
        let sqlQuery: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columnList) FROM \(unsafeRaw: E.table)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(unsafeRaw: column) \(unsafeRaw: direction), id \(unsafeRaw: direction)
            LIMIT \(literal: limit + 1)
            """
        return PagePlan(sql: sqlQuery, limit: limit, backwards: backwards, query: query)
    }

    private struct PagePlan: Sendable {
        var sql: SQLQueryString
        var limit: Int
        var backwards: Bool
        var query: ListQuery
    }

    /// A page's cursors, from the sort value and ID of its first and last rows as stored (the keyset
    /// condition compares the stored column, so the cursor carries exactly that value).
    private struct PageRows: Sendable {
        var plan: PagePlan
        var hasMore = false
        var first: (value: JSONValue, id: UUID)?
        var last: (value: JSONValue, id: UUID)?

        init(plan: PagePlan) { self.plan = plan }

        /// Notes a row of the page, in the order the query returned them.
        mutating func saw(_ row: some ColumnAccess, layout: RecordColumnLayout) throws {
            let value: JSONValue =
                switch plan.query.sort {
                case .name: .string(try row.string(layout.sortName))
                case .createdAt: .int(try row.int64(layout.createdAt) ?? 0)
                case .updatedAt: .int(try row.int64(layout.updatedAt) ?? 0)
                }
            let entry = (value, try row.requiredUUID(0))
            if first == nil { first = entry }
            last = entry
        }

        /// The next and previous cursors (a backwards page came in reverse, so its ends swap).
        func cursors() -> (next: String?, previous: String?) {
            guard let queryFirst = first, let queryLast = last else { return (nil, nil) }
            let (top, bottom) = plan.backwards ? (queryLast, queryFirst) : (queryFirst, queryLast)
            func cursor(_ end: (value: JSONValue, id: UUID), backwards: Bool) -> String {
                Cursor(sortValue: end.value, id: end.id.uuidString, backwards: backwards).encoded
            }
            let next = (plan.backwards ? true : hasMore) ? cursor(bottom, backwards: false) : nil
            let previous = (plan.backwards ? hasMore : plan.query.cursor != nil) ? cursor(top, backwards: true) : nil
            return (next, previous)
        }
    }

    /// How many records match, counting at most `cap` (a count is cheap only when bounded).
    public func count(_ query: ListQuery, by principal: Principal, cap: Int = 10_000) async throws -> Int {
        guard let conditions = try filterConditions(query, by: principal) else { return 0 }
        let sqlQuery: SQLQueryString = """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(unsafeRaw: E.table) WHERE \(conditions.joined(separator: " AND "))
            LIMIT \(literal: max(1, cap))) capped
            """
        return try await db.read { sql in try await sql.raw(sqlQuery).first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    /// The WHERE conditions of a list query; `nil` when nothing can match (a query of no words).
    func filterConditions(_ query: ListQuery, by principal: Principal) throws -> [SQLQueryString]? {
        var conditions: [SQLQueryString] = ["workspace_id = \(bind: principal.workspaceID.uuid)"]

        switch query.scope {
        case .active: conditions.append("deleted_at IS NULL")
        case .deleted: conditions.append("deleted_at IS NOT NULL")
        case .all: break
        }
        if !principal.seesEverything { conditions.append(Self.visibility(principal)) }
        for (field, value) in query.filters.sorted(by: { $0.key < $1.key }) {
            conditions.append(try Self.filterCondition(field: field, value: value))
        }
        if let tag = query.tag?.trimmingWhitespace().lowercased(), !tag.isEmpty, E.field("tags") != nil {
            let escaped = tag.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            conditions.append("tags LIKE \(bind: "%\n" + escaped + "\n%") ESCAPE '\\'")
        }
        if let q = query.q, !q.trimmingWhitespace().isEmpty {
            let terms = SearchText.queryTerms(q)
            if terms.isEmpty { return nil }
            if E.fields.contains(where: \.searchable) {
                conditions.append(
                    SearchIndex.matchingIDs(entity: E.name, terms: terms, workspace: principal.workspaceID, dialect: db.dialect))
            } else {
                // Not in the full-text index (activities, tasks): match the folded title, within the other filters.
                for term in terms.prefix(5) {
                    let escaped = term.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                        .replacingOccurrences(of: "_", with: "\\_")
                    conditions.append("sort_name LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'")
                }
            }
        }
        return conditions
    }

    static func filterCondition(field: String, value: String) throws(RapportError) -> SQLQueryString {
        let bad = RapportError.invalid(field: "filter[\(field)]", reason: "is not a filter this list offers")
        switch field {
        case "owner_id", "team_id":
            guard let id = UUID(uuidString: value) else {
                throw .invalid(field: "filter[\(field)]", reason: "must be an ID")
            }
            return "\(ident: field) = \(bind: id)"
        case "shared":
            return "shared = \(bind: value == "true")"
        default:
            guard let spec = E.field(field) else { throw bad }
            switch spec.kind {
            case .reference, .picklist:
                if value == "none" { return "\(ident: field) IS NULL" }
                guard let id = UUID(uuidString: value) else {
                    throw .invalid(field: "filter[\(field)]", reason: "must be an ID")
                }
                return "\(ident: field) = \(bind: id)"
            case .bool:
                return "\(ident: field) = \(bind: value == "true")"
            case .country:
                return "\(ident: field) = \(bind: value.uppercased())"
            case .choice(let options):
                guard options.contains(value) else {
                    throw .invalid(field: "filter[\(field)]", reason: "must be one of: \(options.joined(separator: ", "))")
                }
                return "\(ident: field) = \(bind: value)"
            case .text:
                return "\(ident: field) = \(bind: value)"
            default:
                throw bad
            }
        }
    }

    /// The record's history from the event log, newest first.
    public func history(_ id: Record<E>.ID, limit: Int = 100, by principal: Principal) async throws -> [Event] {
        _ = try await get(id, by: principal)
        return try await db.read { sql in
            try await EventLog.history(recordID: id.description, workspace: principal.workspaceID, limit: limit, on: sql)
        }
    }

    // MARK: Writing

    /// Throws unless the principal may change records of this entity (the catalog: managers and admins).
    static func requireWrite(_ principal: Principal) throws(RapportError) {
        try principal.requireWrite()
        if E.isCatalog, principal.role != .admin, principal.role != .manager {
            throw .forbidden("Only managers and admins change the catalog.")
        }
    }

    /// Creates a record from changes; the ID may come from the client (for idempotent creates).
    public func create(_ changes: RecordChanges<E>, id: Record<E>.ID? = nil, by principal: Principal) async throws
        -> Record<E>
    {
        let prepared = try draft(changes, id: id, by: principal)
        return try await db.write { sql in try await insert(prepared, flags: changes.flags, by: principal, on: sql) }
    }

    /// Inserts a new record inside the caller's transaction, with every check and side effect of `create`.
    public func insert(_ record: Record<E>, flags: Set<String>, by principal: Principal, on sql: any SQLDatabase)
        async throws -> Record<E>
    {
        var created = record
        for derivation in derivations { try await derivation.run(&created, nil, principal, sql) }
        try await Self.checkReferences(created, previous: nil, by: principal, on: sql)
        for check in checks { try await check.run(created, flags, principal, sql) }
        // One statement: a client-chosen ID that exists already inserts nothing and returns nothing.
        let inserted = try await sql.raw(
            """
            INSERT INTO \(unsafeRaw: E.table) (\(unsafeRaw: Self.columnList)) VALUES (\(binds: RecordCodec.values(created)))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
        ).first()
        if inserted == nil { throw RapportError.conflict("A record with id \(created.id) already exists.") }
        try await Self.afterWrite(created, previous: nil, action: .created, by: principal, at: created.createdAt, on: sql)
        for effect in effects { try await effect.run(created, nil, principal, sql) }
        return created
    }

    /// A new record made from changes by a principal, not yet stored.
    public func draft(_ changes: RecordChanges<E>, id: Record<E>.ID? = nil, by principal: Principal) throws -> Record<E> {
        try Self.requireWrite(principal)
        let values = try changes.apply(to: [:])
        let now = Timestamp.now()
        var record = Record<E>(
            id: id ?? .make(), workspaceID: principal.workspaceID, values: values,
            ownerID: changes.ownerID.applied(to: ownerByDerivation ? nil : principal.userID),
            teamID: changes.teamID.applied(to: principal.teamID),
            shared: E.isCatalog || changes.shared.applied(to: false), version: 1, createdAt: now, updatedAt: now,
            createdBy: principal.userID, updatedBy: principal.userID, deletedAt: nil)
        if record.ownerID == nil, principal.userID != nil, !ownerByDerivation { record.ownerID = principal.userID }
        return record
    }

    /// Applies changes to a record, provided its version is still `expecting`.
    public func update(
        _ id: Record<E>.ID, _ changes: RecordChanges<E>, expecting version: Int, by principal: Principal
    ) async throws -> Record<E> {
        try Self.requireWrite(principal)
        return try await db.write { sql in try await update(id, changes, expecting: version, by: principal, on: sql) }
    }

    /// `update` inside the caller's transaction; `version` nil changes whatever version is current
    /// (for writes that derive from another, such as a conversion moving a lead's activities).
    public func update(
        _ id: Record<E>.ID, _ changes: RecordChanges<E>, expecting version: Int?, by principal: Principal, on sql: any SQLDatabase
    ) async throws -> Record<E> {
        try Self.requireWrite(principal)
        let current = try await Self.visible(id, by: principal, on: sql)
        if let version, current.version != version {
            throw RapportError.staleVersion(entity: E.name, id: id.description, current: current.version)
        }
        guard current.deletedAt == nil else {
            throw RapportError.conflict("This \(E.name) is deleted; restore it before changing it.")
        }
        var next = current
        next.values = try changes.apply(to: current.values)
        next.ownerID = changes.ownerID.applied(to: current.ownerID)
        next.teamID = changes.teamID.applied(to: current.teamID)
        next.shared = E.isCatalog || changes.shared.applied(to: current.shared)
        for derivation in derivations { try await derivation.run(&next, current, principal, sql) }
        let diff = Record<E>.diff(current, next)
        if diff.isEmpty { return current }
        let now = Timestamp.now()
        next.version = current.version + 1
        next.updatedAt = now
        next.updatedBy = principal.userID
        try await Self.checkReferences(next, previous: current, by: principal, on: sql)
        try await Self.replace(next, expecting: current.version, on: sql)
        try await Self.afterWrite(next, previous: current, action: .updated, by: principal, at: now, on: sql)
        for effect in effects { try await effect.run(next, current, principal, sql) }
        return next
    }

    /// Soft-deletes a record (it can be restored).
    public func delete(_ id: Record<E>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<E> {
        try await setDeleted(id, true, expecting: version, by: principal)
    }

    /// Brings a soft-deleted record back.
    public func restore(_ id: Record<E>.ID, by principal: Principal) async throws -> Record<E> {
        try await setDeleted(id, false, expecting: nil, by: principal)
    }

    private func setDeleted(_ id: Record<E>.ID, _ deleted: Bool, expecting version: Int?, by principal: Principal)
        async throws -> Record<E>
    {
        try Self.requireWrite(principal)
        return try await db.write { sql in
            let current = try await Self.visible(id, by: principal, on: sql)
            if let version, version != current.version {
                throw RapportError.staleVersion(entity: E.name, id: id.description, current: current.version)
            }
            if (current.deletedAt != nil) == deleted { return current }
            if deleted, let refusal = E.deletionRefusal(current.values) { throw RapportError.conflict(refusal) }
            if !deleted, let merge = try await MergeStore.mergedInto(id.uuid, workspace: principal.workspaceID, on: sql) {
                throw RapportError.conflict("This \(E.name) was merged into \(merge.survivorTitle); undo the merge to bring it back.")
            }
            let now = Timestamp.now()
            var next = current
            next.deletedAt = deleted ? now : nil
            next.version += 1
            next.updatedAt = now
            next.updatedBy = principal.userID
            try await Self.replace(next, expecting: current.version, on: sql)
            let change = FieldChange(
                field: "deleted_at", before: .string(current.deletedAt?.iso8601), after: .string(next.deletedAt?.iso8601))
            try await Self.afterWrite(
                next, previous: current, action: deleted ? .deleted : .restored, by: principal, at: now, on: sql,
                changes: [change])
            for effect in effects { try await effect.run(next, current, principal, sql) }
            return next
        }
    }

    static func visible(_ id: Record<E>.ID, by principal: Principal, on sql: any SQLDatabase) async throws -> Record<E> {
        guard let record = try await fetch(id, workspace: principal.workspaceID, on: sql),
            try await canSee(record, by: principal, on: sql)
        else { throw RapportError.notFound(entity: E.name, id: id.description) }
        return record
    }

    /// Rewrites every column of a record, guarded by its previous version.
    static func replace(_ record: Record<E>, expecting version: Int, on sql: any SQLDatabase) async throws {
        let columns = RecordCodec.columns(E.self)
        let values = RecordCodec.values(record)
        var sets: [SQLQueryString] = []
        for (column, value) in zip(columns, values) where column != "id" && column != "workspace_id" {
            sets.append("\(unsafeRaw: column) = \(bind: value)")
        }
        let rows = try await sql.raw(
            """
            UPDATE \(unsafeRaw: E.table) SET \(sets.joined(separator: ", "))
            WHERE id = \(bind: record.id.uuid) AND version = \(bind: version) RETURNING id
            """
        ).all()
        guard !rows.isEmpty else {
            throw RapportError.staleVersion(entity: E.name, id: record.id.description, current: version + 1)
        }
    }

    /// Referenced records must exist in the workspace and be visible; an account may not be its own ancestor.
    static func checkReferences(_ record: Record<E>, previous: Record<E>?, by principal: Principal, on sql: any SQLDatabase)
        async throws
    {
        var issues: [FieldIssue] = []
        for spec in E.fields {
            switch spec.kind {
            case .picklist(let table):
                guard let target = record.values[spec.name]?.uuid, previous?.values[spec.name]?.uuid != target else { continue }
                let row = try await sql.raw(
                    "SELECT retired FROM \(unsafeRaw: table) WHERE id = \(bind: target) AND workspace_id = \(bind: principal.workspaceID.uuid)"
                ).first()
                if row == nil {
                    issues.append(FieldIssue(field: spec.name, reason: "is not one of this workspace's choices"))
                } else if try row?.decode(column: "retired", as: Bool.self) == true {
                    issues.append(FieldIssue(field: spec.name, reason: "has been retired; choose another"))
                }
                continue
            case .references(let table, _):
                let before = Set(previous?.values[spec.name]?.uuids ?? [])
                for (i, target) in (record.values[spec.name]?.uuids ?? []).enumerated() where !before.contains(target) {
                    if table == "users" {
                        let row = try await sql.raw(
                            "SELECT active FROM users WHERE id = \(bind: target) AND workspace_id = \(bind: principal.workspaceID.uuid)"
                        ).first()
                        if try row?.decode(column: "active", as: Bool.self) != true {
                            issues.append(FieldIssue(field: "\(spec.name)[\(i)]", reason: "must be an active user of this workspace"))
                        }
                    } else if !(try await Self.visibleLiveRecord(table: table, id: target, by: principal, on: sql)) {
                        issues.append(FieldIssue(field: "\(spec.name)[\(i)]", reason: "does not name a record you can see"))
                    }
                }
                continue
            default: break
            }
            guard case .reference(let table) = spec.kind, let target = record.values[spec.name]?.uuid else { continue }
            if previous?.values[spec.name]?.uuid == target { continue }
            guard try await visibleLiveRecord(table: table, id: target, by: principal, on: sql) else {
                issues.append(FieldIssue(field: spec.name, reason: "does not name a record you can see"))
                continue
            }
            if table == E.table {
                // Walk up the chain: a record cannot sit below itself.
                var cursor: UUID? = target
                var steps = 0
                while let current = cursor, steps < 100 {
                    if current == record.id.uuid {
                        issues.append(FieldIssue(field: spec.name, reason: "would make a loop"))
                        break
                    }
                    cursor = try await sql.raw(
                        "SELECT \(ident: spec.name) AS ref FROM \(unsafeRaw: table) WHERE id = \(bind: current)"
                    ).first()?.decode(column: "ref", as: UUID?.self)
                    steps += 1
                }
            }
        }
        // The principal's own user and team were checked when it signed in (and are re-read within
        // seconds, see `AuthCache`): only someone else's needs a lookup.
        if let owner = record.ownerID, owner != previous?.ownerID, owner != principal.userID {
            let row = try await sql.raw(
                "SELECT active FROM users WHERE id = \(bind: owner.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()
            if try row?.decode(column: "active", as: Bool.self) != true {
                issues.append(FieldIssue(field: "owner_id", reason: "must be an active user of this workspace"))
            }
        }
        if let team = record.teamID, team != previous?.teamID, team != principal.teamID {
            let row = try await sql.raw(
                "SELECT id FROM teams WHERE id = \(bind: team.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()
            if row == nil { issues.append(FieldIssue(field: "team_id", reason: "must be a team of this workspace")) }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
    }

    /// Whether a record of another table exists in the workspace, is not deleted and is visible.
    static func visibleLiveRecord(table: String, id: UUID, by principal: Principal, on sql: any SQLDatabase) async throws
        -> Bool
    {
        try await visibleRecord(table: table, id: id, live: true, by: principal, on: sql)
    }

    /// Whether a record of a table exists in the workspace, is visible to the principal and, when
    /// `live`, is not deleted.
    static func visibleRecord(table: String, id: UUID, live: Bool, by principal: Principal, on sql: any SQLDatabase)
        async throws -> Bool
    {
        let row = try await sql.raw(
            """
            SELECT owner_id, team_id, shared, deleted_at FROM \(unsafeRaw: table)
            WHERE id = \(bind: id) AND workspace_id = \(bind: principal.workspaceID.uuid)
            """
        ).first()
        guard let row else { return false }
        if live, try row.decode(column: "deleted_at", as: Int64?.self) != nil { return false }
        return principal.canSee(
            owner: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
            team: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
            shared: try row.decode(column: "shared", as: Bool.self))
    }

    /// Everything a write must keep in step, in the same transaction: the event, contact points, search.
    static func afterWrite(
        _ record: Record<E>, previous: Record<E>?, action: EventAction, by principal: Principal, at: Timestamp,
        on sql: any SQLDatabase, changes: [FieldChange]? = nil
    ) async throws {
        let event = EventLog.event(
            action, entity: E.name, recordID: record.id.description, changes: changes ?? Record<E>.diff(previous, record),
            version: record.version, by: principal, at: at)
        try await EventLog.append(event, on: sql)
        try await ContactPoints.replace(record, isNew: previous == nil, on: sql)
        try await MatchKeys.replace(record, previous: previous, on: sql)
        try await RecordIndexing.index(record, previous: previous, on: sql)
        try await Projections.update(record, previous: previous, at: at, by: principal, on: sql)
    }
}

/// A check run inside a create's transaction, after validation and before the insert. It throws
/// `RapportError.needsConfirmation` when a person should look first; `flags` are the request's
/// acknowledgements (`allow_duplicate`).
public struct WriteCheck<E: Entity>: Sendable {
    public typealias Run = @Sendable (
        _ record: Record<E>, _ flags: Set<String>, _ principal: Principal, _ sql: any SQLDatabase
    ) async throws -> Void
    let run: Run

    public init(_ run: @escaping Run) { self.run = run }
}

/// A step run inside a write's transaction after the record is stored, bringing other records in
/// step with it (`previous` is nil on create).
public struct WriteEffect<E: Entity>: Sendable {
    public typealias Run = @Sendable (
        _ record: Record<E>, _ previous: Record<E>?, _ principal: Principal, _ sql: any SQLDatabase
    ) async throws -> Void
    let run: Run

    public init(_ run: @escaping Run) { self.run = run }
}

/// A step run inside a create's or update's transaction before the checks, filling values that
/// come from other records (`previous` is nil on create).
///
/// A bulk path that inserts new records itself (the CSV import) runs a derivation's `batch` form
/// inside the transaction that inserts them; a derivation without one it runs per record
/// beforehand, outside that transaction, so such a derivation must only read.
public struct WriteDerivation<E: Entity>: Sendable {
    public typealias Run = @Sendable (
        _ record: inout Record<E>, _ previous: Record<E>?, _ principal: Principal, _ sql: any SQLDatabase
    ) async throws -> Void
    /// The derivation of one new record of a batch, with what the batch shares already loaded.
    public typealias Step = @Sendable (_ record: inout Record<E>, _ principal: Principal, _ sql: any SQLDatabase) async throws -> Void
    /// Loads what a batch of new records shares, once, and gives the step for each of them.
    public typealias Batch = @Sendable (_ principal: Principal, _ sql: any SQLDatabase) async throws -> Step
    let run: Run
    /// For a derivation that writes, or that loads the same rules for every record (the lead
    /// automation): how a bulk path runs it over many new records in their insert's transaction.
    let batch: Batch?

    public init(_ run: @escaping Run) {
        self.run = run
        batch = nil
    }

    public init(_ run: @escaping Run, batch: @escaping Batch) {
        self.run = run
        self.batch = batch
    }
}
