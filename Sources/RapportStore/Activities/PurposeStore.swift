import Foundation
import RapportCore
import SQLKit

/// The workspace's list of contact purposes, and its outreach cap. Admins manage both.
public struct PurposeStore: Sendable {
    let db: Database
    let cache: AuthCache

    /// Purposes in `db`; `cache` is shared with the other stores of the same instance (see `AuthCache`).
    public init(_ db: Database, cache: AuthCache = AuthCache(seconds: 0)) {
        self.db = db
        self.cache = cache
    }

    /// Every purpose, retired ones included, in the order people arranged them. A workspace
    /// without any gets the standard list first. Remembered for a few seconds (record pages, the
    /// outreach check and the activity form all read it); a change made here is seen at once.
    public func all(in workspace: Workspace.ID) async throws -> [Purpose] {
        let now = Timestamp.now().micros
        if let purposes = cache.purposes(in: workspace, now: now) { return purposes }
        let ticket = cache.ticket()
        var purposes = try await db.read { sql in try await Self.all(workspace, on: sql) }
        if purposes.isEmpty {
            try await db.write { sql in try await Self.seed(workspace, on: sql) }
            purposes = try await db.read { sql in try await Self.all(workspace, on: sql) }
        }
        cache.remember(purposes, in: workspace, now: now, ticket: ticket)
        return purposes
    }

    /// The purposes that may be chosen for new activities.
    public func active(in workspace: Workspace.ID) async throws -> [Purpose] {
        try await all(in: workspace).filter { !$0.retired }
    }

    public func get(_ id: Purpose.ID, in workspace: Workspace.ID) async throws -> Purpose {
        guard let purpose = try await all(in: workspace).first(where: { $0.id == id }) else {
            throw RapportError.notFound(entity: "purpose", id: id.description)
        }
        return purpose
    }

    static func all(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [Purpose] {
        try await sql.raw(
            """
            SELECT id, name, quiet_days, retired, position FROM purposes
            WHERE workspace_id = \(bind: workspace.uuid) ORDER BY position, name_key
            """
        ).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> Purpose {
        Purpose(
            id: .init(try row.decode(column: "id", as: UUID.self)), name: try row.decode(column: "name", as: String.self),
            quietDays: try row.decode(column: "quiet_days", as: Int.self),
            retired: try row.decode(column: "retired", as: Bool.self), position: try row.decode(column: "position", as: Int.self))
    }

    static func seed(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws {
        let now = Timestamp.now().micros
        for (index, seed) in Purpose.seeds.enumerated() {
            try await sql.raw(
                """
                INSERT INTO purposes (id, workspace_id, name, name_key, quiet_days, retired, position, created_at, updated_at)
                VALUES (\(bind: UUIDv7.make()), \(bind: workspace.uuid), \(bind: seed.name), \(bind: key(seed.name)),
                        \(bind: seed.quietDays), \(bind: false), \(bind: index + 1), \(bind: now), \(bind: now))
                ON CONFLICT (workspace_id, name_key) DO NOTHING
                """
            ).run()
        }
    }

    static func key(_ name: String) -> String { SearchText.fold(name) }

    /// Adds a purpose at the end of the list.
    public func add(name: String, quietDays: Int, by principal: Principal) async throws -> Purpose {
        try requireAdmin(principal)
        let name = try Self.validName(name)
        try Self.validQuietDays(quietDays)
        _ = try await all(in: principal.workspaceID)
        defer { cache.forget(purposesOf: principal.workspaceID) }
        return try await db.write { sql in
            try await Self.requireUnique(name, except: nil, in: principal.workspaceID, on: sql)
            let position = try await sql.raw(
                "SELECT COALESCE(MAX(position), 0) AS p FROM purposes WHERE workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()?.decode(column: "p", as: Int.self) ?? 0
            let purpose = Purpose(id: .make(), name: name, quietDays: quietDays, retired: false, position: position + 1)
            let now = Timestamp.now().micros
            try await sql.raw(
                """
                INSERT INTO purposes (id, workspace_id, name, name_key, quiet_days, retired, position, created_at, updated_at)
                VALUES (\(bind: purpose.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: name), \(bind: Self.key(name)),
                        \(bind: quietDays), \(bind: false), \(bind: purpose.position), \(bind: now), \(bind: now))
                """
            ).run()
            try await EventLog.append(
                EventLog.event(
                    .created, entity: "purpose", recordID: purpose.id.description,
                    changes: [
                        FieldChange(field: "name", before: .null, after: .string(name)),
                        FieldChange(field: "quiet_days", before: .null, after: .int(Int64(quietDays))),
                    ], version: 1, by: principal, at: .now()), on: sql)
            return purpose
        }
    }

    /// Renames, changes the quiet window, retires or brings back a purpose. Old activities keep it.
    public func update(
        _ id: Purpose.ID, name: String?, quietDays: Int?, retired: Bool?, by principal: Principal
    ) async throws -> Purpose {
        try requireAdmin(principal)
        let name = try name.map(Self.validName)
        if let quietDays { try Self.validQuietDays(quietDays) }
        defer { cache.forget(purposesOf: principal.workspaceID) }
        return try await db.write { sql in
            guard let current = try await Self.all(principal.workspaceID, on: sql).first(where: { $0.id == id }) else {
                throw RapportError.notFound(entity: "purpose", id: id.description)
            }
            if let name { try await Self.requireUnique(name, except: id, in: principal.workspaceID, on: sql) }
            var next = current
            next.name = name ?? current.name
            next.quietDays = quietDays ?? current.quietDays
            next.retired = retired ?? current.retired
            var changes: [FieldChange] = []
            if next.name != current.name { changes.append(FieldChange(field: "name", before: .string(current.name), after: .string(next.name))) }
            if next.quietDays != current.quietDays {
                changes.append(FieldChange(field: "quiet_days", before: .int(Int64(current.quietDays)), after: .int(Int64(next.quietDays))))
            }
            if next.retired != current.retired { changes.append(FieldChange(field: "retired", before: .bool(current.retired), after: .bool(next.retired))) }
            if changes.isEmpty { return current }
            try await sql.raw(
                """
                UPDATE purposes SET name = \(bind: next.name), name_key = \(bind: Self.key(next.name)), quiet_days = \(bind: next.quietDays),
                    retired = \(bind: next.retired), updated_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
            try await EventLog.append(
                EventLog.event(.updated, entity: "purpose", recordID: id.description, changes: changes, version: 1, by: principal, at: .now()),
                on: sql)
            return next
        }
    }

    // MARK: The frequency cap

    public func cap(in workspace: Workspace.ID) async throws -> OutreachCap {
        try await db.read { sql in try await Self.cap(workspace, on: sql) }
    }

    static func cap(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> OutreachCap {
        guard let row = try await sql.raw(
            "SELECT outreach_cap_touches, outreach_cap_days FROM workspaces WHERE id = \(bind: workspace.uuid)"
        ).first() else { return .standard }
        return OutreachCap(
            touches: try row.decode(column: "outreach_cap_touches", as: Int.self),
            days: try row.decode(column: "outreach_cap_days", as: Int.self))
    }

    /// Sets the cap; 0 touches turns it off.
    public func setCap(_ cap: OutreachCap, by principal: Principal) async throws {
        try requireAdmin(principal)
        var issues: [FieldIssue] = []
        if !(0...100).contains(cap.touches) { issues.append(FieldIssue(field: "cap_touches", reason: "must be from 0 to 100")) }
        if !(1...365).contains(cap.days) { issues.append(FieldIssue(field: "cap_days", reason: "must be from 1 to 365")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        try await db.write { sql in
            let before = try await Self.cap(principal.workspaceID, on: sql)
            try await sql.raw(
                """
                UPDATE workspaces SET outreach_cap_touches = \(bind: cap.touches), outreach_cap_days = \(bind: cap.days)
                WHERE id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "workspace", recordID: principal.workspaceID.description,
                    changes: [
                        FieldChange(field: "outreach_cap_touches", before: .int(Int64(before.touches)), after: .int(Int64(cap.touches))),
                        FieldChange(field: "outreach_cap_days", before: .int(Int64(before.days)), after: .int(Int64(cap.days))),
                    ].filter { $0.before != $0.after }, version: 1, by: principal, at: .now()), on: sql)
        }
    }

    // MARK: Rules

    func requireAdmin(_ principal: Principal) throws {
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins manage purposes and the outreach cap.") }
    }

    static func validName(_ raw: String) throws -> String {
        let name = raw.trimmingWhitespace()
        if name.isEmpty { throw RapportError.invalid(field: "name", reason: "is required") }
        if name.count > 60 { throw RapportError.invalid(field: "name", reason: "must be at most 60 characters") }
        if name.hasControlCharacters { throw RapportError.invalid(field: "name", reason: "must not contain control characters") }
        return name
    }

    static func validQuietDays(_ days: Int) throws {
        guard Purpose.quietDaysRange.contains(Int64(days)) else {
            throw RapportError.invalid(field: "quiet_days", reason: "must be from 0 to 365")
        }
    }

    static func requireUnique(_ name: String, except: Purpose.ID?, in workspace: Workspace.ID, on sql: any SQLDatabase) async throws {
        let row = try await sql.raw(
            "SELECT id FROM purposes WHERE workspace_id = \(bind: workspace.uuid) AND name_key = \(bind: key(name))"
        ).first()
        if let row, try row.decode(column: "id", as: UUID.self) != except?.uuid {
            throw RapportError.invalid(field: "name", reason: "is already a purpose")
        }
    }
}
