import Foundation
import RapportCore
import SQLKit

/// One entry of a record's timeline.
public enum TimelineItem: Sendable {
    case activity(Record<Activity>)
    /// A finished task, at the time it was completed.
    case task(Record<Todo>)
    /// A change to the record itself, from the event log.
    case change(Event)

    public var at: Timestamp {
        switch self {
        case .activity(let a): a["occurred_at"]?.time ?? a.createdAt
        case .task(let t): t["completed_at"]?.time ?? t.updatedAt
        case .change(let e): e.at
        }
    }

    /// Orders entries that share a time: changes, then tasks, then activities.
    var rank: Int {
        switch self {
        case .change: 0
        case .task: 1
        case .activity: 2
        }
    }

    /// The tie-breaker within a source: the row's ID, or the event's sequence number.
    var key: String {
        switch self {
        case .activity(let a): a.id.description
        case .task(let t): t.id.description
        case .change(let e): e.id.description
        }
    }
}

/// What a timeline shows: every kind, or some; one purpose; one team.
public struct TimelineFilter: Sendable, Equatable {
    /// `call`, `meeting`, `email`, `note`, `task`, `change`; empty means all.
    public var kinds: Set<String> = []
    public var purposeID: UUID?
    public var teamID: UUID?
    public var limit = 50
    public var cursor: String?

    public init(kinds: Set<String> = [], purposeID: UUID? = nil, teamID: UUID? = nil, limit: Int = 50, cursor: String? = nil) {
        self.kinds = kinds
        self.purposeID = purposeID
        self.teamID = teamID
        self.limit = limit
        self.cursor = cursor
    }

    public static let allKinds = ["call", "meeting", "email", "note", "task", "change"]

    func wants(_ kind: String) -> Bool { kinds.isEmpty || kinds.contains(kind) }
}

/// The one timeline of an account or a contact: its activities, its finished tasks and its own
/// changes, newest first, paged by a keyset cursor so 10,000 entries open as fast as 10. An
/// account's timeline includes what happened with its contacts (activities carry the account).
public struct Timeline: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The page of entries; the subject must be visible to the principal.
    public func page<E: Entity>(
        of subject: Record<E>, filter: TimelineFilter, by principal: Principal
    ) async throws -> Page<TimelineItem> {
        guard let column = TimelineSubject.column(E.self) else { return Page(items: [], nextCursor: nil, previousCursor: nil) }
        let limit = max(1, min(filter.limit, 200))
        let after = try filter.cursor.map(TimelineCursor.init(encoded:))
        let activityKinds = ["call", "meeting", "email", "note"].filter(filter.wants)
        return try await db.read { sql in
            var items: [TimelineItem] = []
            if !activityKinds.isEmpty {
                var conditions: [SQLQueryString] = [
                    "\(unsafeRaw: column) = \(bind: subject.id.uuid)", "workspace_id = \(bind: principal.workspaceID.uuid)",
                    "deleted_at IS NULL",
                ]
                if activityKinds.count < 4 {
                    let kinds: [any Encodable & Sendable] = activityKinds
                    conditions.append("kind IN (\(binds: kinds))")
                }
                if let purpose = filter.purposeID { conditions.append("purpose_id = \(bind: purpose)") }
                if let team = filter.teamID { conditions.append("team_id = \(bind: team)") }
                if let after { conditions.append(after.condition(rank: 2, time: "occurred_at", key: "id")) }
                let rows = try await sql.raw(
                    """
                    SELECT \(unsafeRaw: RecordStore<Activity>.columnList) FROM activities WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY occurred_at DESC, id DESC LIMIT \(literal: limit + 1)
                    """
                ).all()
                items += try rows.map { .activity(try RecordCodec.record($0, as: Activity.self)) }
            }
            if filter.wants("task") {
                var conditions: [SQLQueryString] = [
                    "\(unsafeRaw: column) = \(bind: subject.id.uuid)", "workspace_id = \(bind: principal.workspaceID.uuid)",
                    "deleted_at IS NULL", "completed_at IS NOT NULL",
                ]
                if let purpose = filter.purposeID { conditions.append("purpose_id = \(bind: purpose)") }
                if let team = filter.teamID { conditions.append("team_id = \(bind: team)") }
                if let after { conditions.append(after.condition(rank: 1, time: "completed_at", key: "id")) }
                let rows = try await sql.raw(
                    """
                    SELECT \(unsafeRaw: RecordStore<Todo>.columnList) FROM tasks WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY completed_at DESC, id DESC LIMIT \(literal: limit + 1)
                    """
                ).all()
                items += try rows.map { .task(try RecordCodec.record($0, as: Todo.self)) }
            }
            // Changes have no purpose; a purpose filter leaves them out. A team filter keeps
            // those made by that team's people.
            if filter.wants("change"), filter.purposeID == nil {
                var conditions: [SQLQueryString] = [
                    "e.workspace_id = \(bind: principal.workspaceID.uuid)", "e.record_id = \(bind: subject.id.description)",
                ]
                if let team = filter.teamID {
                    conditions.append("e.actor_id IN (SELECT id FROM users WHERE team_id = \(bind: team))")
                }
                if let after { conditions.append(after.condition(rank: 0, time: "e.at", key: "e.id")) }
                let rows = try await sql.raw(
                    """
                    SELECT e.id, e.workspace_id, e.at, e.actor_id, e.actor_name, e.entity, e.record_id, e.action, e.changes, e.version
                    FROM events e WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY e.at DESC, e.id DESC LIMIT \(literal: limit + 1)
                    """
                ).all()
                items += try rows.map { .change(try EventLog.decode($0)) }
            }
            items.sort { a, b in
                if a.at != b.at { return a.at > b.at }
                if a.rank != b.rank { return a.rank > b.rank }
                return a.key > b.key
            }
            let hasMore = items.count > limit
            let page = Array(items.prefix(limit))
            let next = hasMore ? page.last.map { TimelineCursor(item: $0).encoded } : nil
            return Page(items: page, nextCursor: next, previousCursor: nil)
        }
    }
}

/// Where a timeline page ends: the last entry's time, source rank and key. Each source continues
/// strictly after it in the order (time desc, rank desc, key desc), so pages never skip or repeat.
struct TimelineCursor {
    var at: Int64
    var rank: Int
    var key: String

    init(item: TimelineItem) {
        at = item.at.micros
        rank = item.rank
        key = item.key
    }

    /// The time and rank travel together as the sort value (`"at:rank"`); the key, always a UUID,
    /// is the cursor's ID, which `Cursor` insists on.
    init(encoded: String) throws(RapportError) {
        let cursor = try Cursor(decoding: encoded)
        guard case .string(let position) = cursor.sortValue, let separator = position.firstIndex(of: ":"),
            let at = Int64(position[..<separator]), let rank = Int(position[position.index(after: separator)...]),
            (0...2).contains(rank)
        else { throw RapportError.invalid(field: "cursor", reason: "is not a cursor this server made") }
        self.at = at
        self.rank = rank
        self.key = cursor.id
    }

    var encoded: String { Cursor(sortValue: .string("\(at):\(rank)"), id: key, backwards: false).encoded }

    /// The condition for a source of `rank` to continue after this cursor.
    func condition(rank source: Int, time: String, key column: String) -> SQLQueryString {
        if source < rank { return "\(unsafeRaw: time) <= \(bind: at)" }
        if source > rank { return "\(unsafeRaw: time) < \(bind: at)" }
        guard let id = UUID(uuidString: key) else { return "\(unsafeRaw: time) < \(bind: at)" }
        return "(\(unsafeRaw: time) < \(bind: at) OR (\(unsafeRaw: time) = \(bind: at) AND \(unsafeRaw: column) < \(bind: id)))"
    }
}
