import Foundation
import RapportCore
import SQLKit

extension Reports {
    /// How activity is grouped.
    public enum ActivityGrouping: String, Sendable, CaseIterable {
        case team, rep, purpose
    }

    /// Contacts made in the period (calls, meetings, emails; notes left out) per team, rep or
    /// purpose, outbound and inbound; follow-ups due in it and how many were done on time; and
    /// how often someone went ahead although the outreach guard warned.
    public func activity(by grouping: ActivityGrouping, filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let directory = Directory(db)
        let teams = try await directory.teams(in: principal.workspaceID)
        let users = try await directory.users(in: principal.workspaceID)
        let purposes = try await PurposeStore(db).all(in: principal.workspaceID)
        let (start, end) = filter.range
        let column: String =
            switch grouping {
            case .team: "t.team_id"
            case .rep: "t.owner_id"
            case .purpose: "t.purpose_id"
            }
        var activityConditions = scope("activities", filter: filter, principal: principal, teams: teams)
        activityConditions += ["t.kind <> 'note'", "t.status <> 'cancelled'", "t.occurred_at >= \(bind: start)", "t.occurred_at < \(bind: end)"]
        // Activities and tasks are visible through what they are about, as on their lists.
        if !principal.seesEverything { activityConditions[2] = RecordStore<Activity>.visibility(principal) }
        var taskConditions = scope("tasks", filter: filter, principal: principal, teams: teams)
        taskConditions += ["t.due_at >= \(bind: start)", "t.due_at < \(bind: end)"]
        if !principal.seesEverything { taskConditions[2] = RecordStore<Todo>.visibility(principal) }
        let activityCondition = activityConditions.joined(separator: " AND ")
        let taskCondition = taskConditions.joined(separator: " AND ")
        return try await db.read { sql in
            var counts: [String: (outbound: Int64, inbound: Int64, overrides: Int64)] = [:]
            for row in try await sql.raw(
                """
                SELECT \(unsafeRaw: column) AS g, SUM(CASE WHEN t.direction = 'outbound' THEN 1 ELSE 0 END) AS outbound,
                       SUM(CASE WHEN t.direction = 'inbound' THEN 1 ELSE 0 END) AS inbound,
                       SUM(CASE WHEN t.override_reason <> '' THEN 1 ELSE 0 END) AS overrides
                FROM activities t WHERE \(activityCondition) GROUP BY \(unsafeRaw: column)
                """
            ).all() {
                counts[try row.decode(column: "g", as: UUID?.self)?.uuidString ?? ""] = (
                    try row.decode(column: "outbound", as: Int64?.self) ?? 0, try row.decode(column: "inbound", as: Int64?.self) ?? 0,
                    try row.decode(column: "overrides", as: Int64?.self) ?? 0
                )
            }
            var tasks: [String: (due: Int64, onTime: Int64)] = [:]
            for row in try await sql.raw(
                """
                SELECT \(unsafeRaw: column) AS g, COUNT(*) AS due,
                       SUM(CASE WHEN t.completed_at IS NOT NULL AND t.completed_at <= t.due_at THEN 1 ELSE 0 END) AS on_time
                FROM tasks t WHERE \(taskCondition) GROUP BY \(unsafeRaw: column)
                """
            ).all() {
                tasks[try row.decode(column: "g", as: UUID?.self)?.uuidString ?? ""] = (
                    try row.decode(column: "due", as: Int64.self), try row.decode(column: "on_time", as: Int64?.self) ?? 0
                )
            }
            func name(_ key: String) -> String {
                switch grouping {
                case .team: teams.first { $0.id.uuid.uuidString == key }?.name ?? "No team"
                case .rep: users.first { $0.id.uuid.uuidString == key }?.name ?? "No one"
                case .purpose: purposes.first { $0.id.uuid.uuidString == key }?.name ?? "No purpose"
                }
            }
            let keys = Set(counts.keys).union(tasks.keys).sorted {
                ((counts[$0]?.outbound ?? 0) + (counts[$0]?.inbound ?? 0), name($1)) > ((counts[$1]?.outbound ?? 0) + (counts[$1]?.inbound ?? 0), name($0))
            }
            let rows = keys.map { key -> [ReportCell] in
                let c = counts[key] ?? (0, 0, 0)
                let t = tasks[key] ?? (0, 0)
                return [
                    .text(name(key)), .count(c.outbound), .count(c.inbound), .count(t.due), .count(t.onTime), Self.percent(t.onTime, t.due),
                    .count(c.overrides),
                ]
            }
            let out = counts.values.reduce(0) { $0 + $1.outbound }
            let inb = counts.values.reduce(0) { $0 + $1.inbound }
            let due = tasks.values.reduce(0) { $0 + $1.due }
            let onTime = tasks.values.reduce(0) { $0 + $1.onTime }
            return ReportTable(
                columns: [
                    .init("group", ChoiceText.label(grouping.rawValue), numeric: false), .init("outbound", "Outbound"), .init("inbound", "Inbound"),
                    .init("follow_ups_due", "Follow-ups due"), .init("follow_ups_on_time", "Done on time"), .init("on_time_rate", "On time"),
                    .init("overrides", "Guard overrides"),
                ], rows: rows,
                total: [
                    .text("Total"), .count(out), .count(inb), .count(due), .count(onTime), Self.percent(onTime, due),
                    .count(counts.values.reduce(0) { $0 + $1.overrides }),
                ])
        }
    }
}
