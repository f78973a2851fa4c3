import Foundation
import RapportCore
import SQLKit

/// Leads that missed the first-touch SLA, among those the principal may see: open leads past their
/// deadline and still untouched, and leads touched after it; with the tally per owner and team.
public struct FirstTouchBreaches: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Kind: String, Sendable, CaseIterable {
        /// Open, past due, not touched yet.
        case overdue
        /// Touched, but after the deadline.
        case late
    }

    public struct Filter: Sendable {
        public var ownerID: User.ID?
        public var teamID: Team.ID?
        /// Only leads due at or after this (late ones, and the tally); overdue ones are always listed.
        public var since: Timestamp
        public var kind: Kind?
        public var limit: Int

        public init(ownerID: User.ID? = nil, teamID: Team.ID? = nil, since: Timestamp, kind: Kind? = nil, limit: Int = 100) {
            self.ownerID = ownerID
            self.teamID = teamID
            self.since = since
            self.kind = kind
            self.limit = limit
        }
    }

    public struct Row: Sendable {
        public var lead: Record<Lead>
        public var kind: Kind
        public var dueAt: Timestamp
        public var touchedAt: Timestamp?
    }

    /// One owner's record: how many of their leads are overdue, were touched late, or on time.
    public struct Tally: Sendable, Equatable {
        public var ownerID: User.ID?
        public var teamID: Team.ID?
        public var overdue: Int
        public var late: Int
        public var onTime: Int
    }

    public struct Report: Sendable {
        public var rows: [Row]
        public var tallies: [Tally]
        public var overdueCount: Int
        public var lateCount: Int
    }

    public func report(_ filter: Filter, by principal: Principal, now: Timestamp = .now()) async throws -> Report {
        var conditions: [SQLQueryString] = ["workspace_id = \(bind: principal.workspaceID.uuid)", "deleted_at IS NULL"]
        if !principal.seesEverything { conditions.append(RecordStore<Lead>.visibility(principal)) }
        if let owner = filter.ownerID { conditions.append("owner_id = \(bind: owner.uuid)") }
        if let team = filter.teamID { conditions.append("team_id = \(bind: team.uuid)") }
        let base = conditions.joined(separator: " AND ")
        let open: SQLQueryString = "status IN ('new', 'working', 'nurturing', 'qualified')"
        let overdue: SQLQueryString = "\(open) AND first_touched_at IS NULL AND first_touch_due_at < \(bind: now.micros)"
        let late: SQLQueryString =
            "first_touched_at > first_touch_due_at AND first_touch_due_at >= \(bind: filter.since.micros)"
        let onTime: SQLQueryString =
            "first_touched_at <= first_touch_due_at AND first_touch_due_at >= \(bind: filter.since.micros)"
        let limit = max(1, min(filter.limit, 500))
        let columns = RecordStore<Lead>.columnList
        return try await db.read { sql in
            var rows: [Row] = []
            if filter.kind != .late {
                rows += try await sql.raw(
                    "SELECT \(unsafeRaw: columns) FROM leads WHERE \(base) AND \(overdue) ORDER BY first_touch_due_at, id LIMIT \(literal: limit)"
                ).all().map { try Self.row($0, kind: .overdue) }
            }
            if filter.kind != .overdue {
                rows += try await sql.raw(
                    "SELECT \(unsafeRaw: columns) FROM leads WHERE \(base) AND \(late) ORDER BY first_touch_due_at DESC, id LIMIT \(literal: limit)"
                ).all().map { try Self.row($0, kind: .late) }
            }
            let tallyRows = try await sql.raw(
                """
                SELECT owner_id, team_id,
                    SUM(CASE WHEN \(overdue) THEN 1 ELSE 0 END) AS overdue,
                    SUM(CASE WHEN \(late) THEN 1 ELSE 0 END) AS late,
                    SUM(CASE WHEN \(onTime) THEN 1 ELSE 0 END) AS on_time
                FROM leads WHERE \(base) AND first_touch_due_at IS NOT NULL
                GROUP BY owner_id, team_id
                """
            ).all()
            var tallies = try tallyRows.map { row in
                Tally(
                    ownerID: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
                    teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
                    overdue: try row.decode(column: "overdue", as: Int?.self) ?? 0, late: try row.decode(column: "late", as: Int?.self) ?? 0,
                    onTime: try row.decode(column: "on_time", as: Int?.self) ?? 0)
            }.filter { $0.overdue + $0.late + $0.onTime > 0 }
            tallies.sort { ($0.overdue + $0.late, $0.overdue) > ($1.overdue + $1.late, $1.overdue) }
            return Report(
                rows: rows, tallies: tallies, overdueCount: tallies.reduce(0) { $0 + $1.overdue },
                lateCount: tallies.reduce(0) { $0 + $1.late })
        }
    }

    /// How many open leads the principal may see are past their first-touch deadline (for the
    /// Leads list), counting at most `cap`.
    public func overdueCount(by principal: Principal, now: Timestamp = .now(), cap: Int = 1000) async throws -> Int {
        var conditions: [SQLQueryString] = [
            "workspace_id = \(bind: principal.workspaceID.uuid)", "deleted_at IS NULL",
            "status IN ('new', 'working', 'nurturing', 'qualified')", "first_touched_at IS NULL",
            "first_touch_due_at < \(bind: now.micros)",
        ]
        if !principal.seesEverything { conditions.append(RecordStore<Lead>.visibility(principal)) }
        let query: SQLQueryString = """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM leads WHERE \(conditions.joined(separator: " AND ")) LIMIT \(literal: max(1, cap))) capped
            """
        return try await db.read { sql in try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    static func row(_ row: any SQLRow, kind: Kind) throws -> Row {
        let lead = try RecordCodec.record(row, as: Lead.self)
        return Row(
            lead: lead, kind: kind, dueAt: lead["first_touch_due_at"]?.time ?? lead.createdAt, touchedAt: lead["first_touched_at"]?.time)
    }
}
