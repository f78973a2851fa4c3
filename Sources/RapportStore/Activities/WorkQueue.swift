import Foundation
import RapportCore
import SQLKit

/// A person's (or a team's) tasks grouped the way "My work" shows them.
public struct WorkQueue: Sendable {
    public var overdue: [Record<Todo>] = []
    public var today: [Record<Todo>] = []
    public var upcoming: [Record<Todo>] = []
    /// Open tasks without a due time.
    public var someday: [Record<Todo>] = []
    /// Recently completed.
    public var done: [Record<Todo>] = []

    public var dueCount: Int { overdue.count + today.count }
}

/// Tasks by assignee and by team, and the open tasks of a record.
public struct TaskQueries: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The open and recently done tasks of one user (`assignee`), or of every user in the teams a
    /// manager sees (`team: true`). "Today" ends at midnight in `zone`.
    public func queue(
        for assignee: User.ID?, teamOf principal: Principal, team: Bool, now: Timestamp = .now(), zone: TimeZone
    ) async throws -> WorkQueue {
        var owner: [SQLQueryString] = ["workspace_id = \(bind: principal.workspaceID.uuid)", "deleted_at IS NULL"]
        if team {
            guard !principal.visibleTeams.isEmpty || principal.seesEverything else { return WorkQueue() }
            if !principal.seesEverything {
                let teams: [any Encodable & Sendable] = principal.visibleTeams.sorted().map(\.uuid)
                owner.append("team_id IN (\(binds: teams))")
            }
        } else {
            guard let assignee else { return WorkQueue() }
            owner.append("owner_id = \(bind: assignee.uuid)")
        }
        let endOfToday = Self.endOfDay(now, in: zone)
        let ownerCondition = owner.joined(separator: " AND ")
        return try await db.read { sql in
            func fetch(_ extra: SQLQueryString, order: String, limit: Int = 200) async throws -> [Record<Todo>] {
                try await sql.raw(
                    """
                    SELECT \(unsafeRaw: RecordStore<Todo>.columnList) FROM tasks WHERE \(ownerCondition) AND \(extra)
                    ORDER BY \(unsafeRaw: order) LIMIT \(literal: limit)
                    """
                ).all().map { try RecordCodec.record($0, as: Todo.self) }
            }
            var queue = WorkQueue()
            queue.overdue = try await fetch("status = 'open' AND due_at < \(bind: now.micros)", order: "due_at, id")
            queue.today = try await fetch(
                "status = 'open' AND due_at >= \(bind: now.micros) AND due_at < \(bind: endOfToday.micros)", order: "due_at, id")
            queue.upcoming = try await fetch("status = 'open' AND due_at >= \(bind: endOfToday.micros)", order: "due_at, id", limit: 100)
            queue.someday = try await fetch("status = 'open' AND due_at IS NULL", order: "created_at DESC, id", limit: 100)
            queue.done = try await fetch(
                "status = 'done' AND completed_at >= \(bind: now.micros - 7 * 86_400 * 1_000_000)", order: "completed_at DESC, id",
                limit: 50)
            return queue
        }
    }

    /// How many of a user's open tasks are overdue or due today (the badge in the navigation).
    public func dueCount(for user: User.ID, in workspace: Workspace.ID, now: Timestamp = .now(), zone: TimeZone) async throws -> Int {
        let end = Self.endOfDay(now, in: zone)
        return try await db.read { sql in
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM tasks WHERE workspace_id = \(bind: workspace.uuid) AND owner_id = \(bind: user.uuid)
                AND status = 'open' AND due_at < \(bind: end.micros) AND deleted_at IS NULL
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The open tasks about a record (account, contact, lead, deal), soonest first, undated last (SQLite would
    /// put NULLs first and PostgreSQL last, so the order says it).
    public func open<E: Entity>(about subject: Record<E>, by principal: Principal, limit: Int = 50) async throws -> [Record<Todo>] {
        guard let column = TimelineSubject.column(E.self) else { return [] }
        return try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: RecordStore<Todo>.columnList) FROM tasks
                WHERE \(unsafeRaw: column) = \(bind: subject.id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                  AND status = 'open' AND deleted_at IS NULL
                ORDER BY due_at IS NULL, due_at, id LIMIT \(literal: limit)
                """
            ).all().map { try RecordCodec.record($0, as: Todo.self) }
        }
    }

    /// Midnight after `time` in a zone.
    static func endOfDay(_ time: Timestamp, in zone: TimeZone) -> Timestamp {
        let offset = Int64(zone.secondsFromGMT(for: time.date))
        let local = time.micros / 1_000_000 + offset
        let midnight = (local / 86_400 + 1) * 86_400
        return Timestamp(micros: (midnight - offset) * 1_000_000)
    }
}
