import Foundation
import RapportCore
import SQLKit

/// Logs an activity together with its follow-up task, in one transaction: both are stored or neither.
public struct ActivityLog: Sendable {
    let db: Database
    let activities: RecordStore<Activity>
    let tasks: RecordStore<Todo>

    public init(_ db: Database, activities: RecordStore<Activity>, tasks: RecordStore<Todo>) {
        self.db = db
        self.activities = activities
        self.tasks = tasks
    }

    /// The follow-up inherits the activity's purpose, contact and account unless it names its own;
    /// an override of the outreach guard covers the follow-up too.
    public func log(
        _ changes: RecordChanges<Activity>, id: Record<Activity>.ID? = nil, followUp: RecordChanges<Todo>?, by principal: Principal
    ) async throws -> (Record<Activity>, Record<Todo>?) {
        let activity = try activities.draft(changes, id: id, by: principal)
        var task: Record<Todo>?
        if var followUp {
            for field in ["purpose_id", "contact_id", "account_id"] where followUp.values[field] == nil {
                if let value = activity[field] { followUp.values[field] = .some(value) }
            }
            followUp.values["activity_id"] = .some(.id(activity.id.uuid))
            task = try tasks.draft(followUp, by: principal)
        }
        let taskDraft = task
        return try await db.write { sql in
            let stored = try await activities.insert(activity, flags: changes.flags, by: principal, on: sql)
            guard let taskDraft else { return (stored, nil) }
            var flags = followUp?.flags ?? []
            if stored["override_reason"] != nil { flags.insert("override") }
            let storedTask = try await tasks.insert(taskDraft, flags: flags, by: principal, on: sql)
            return (stored, storedTask)
        }
    }
}

/// One overridden warning: who went ahead anyway, about what, and why.
public struct OverrideRow: Sendable {
    public var activity: Record<Activity>
    public var teamName: String?
    public var userName: String?
    public var purposeName: String?
    public var contactName: String?
}

/// Overrides of the outreach guard by team and purpose, for managers to see where departments collide.
public struct OverrideReport: Sendable {
    public struct Group: Sendable {
        public var teamID: UUID?
        public var teamName: String?
        public var purposeID: UUID?
        public var purposeName: String?
        public var count: Int
    }

    public var groups: [Group]
    public var recent: [OverrideRow]

    /// Overrides made between `from` and `to`.
    public static func load(
        _ db: Database, from: Timestamp, to: Timestamp, by principal: Principal
    ) async throws -> OverrideReport {
        let visibility = RecordStore<Activity>.visibility(principal)
        return try await db.read { sql in
            let groups = try await sql.raw(
                """
                SELECT a.team_id, t.name AS team_name, a.purpose_id, p.name AS purpose_name, COUNT(*) AS n
                FROM activities a LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN purposes p ON p.id = a.purpose_id
                WHERE a.workspace_id = \(bind: principal.workspaceID.uuid) AND a.override_reason <> ''
                  AND a.occurred_at >= \(bind: from.micros) AND a.occurred_at < \(bind: to.micros) AND a.deleted_at IS NULL
                  AND a.id IN (SELECT id FROM activities WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND \(visibility))
                GROUP BY a.team_id, t.name, a.purpose_id, p.name
                ORDER BY n DESC, team_name, purpose_name
                """
            ).all().map { row in
                Group(
                    teamID: try row.decode(column: "team_id", as: UUID?.self),
                    teamName: try row.decode(column: "team_name", as: String?.self),
                    purposeID: try row.decode(column: "purpose_id", as: UUID?.self),
                    purposeName: try row.decode(column: "purpose_name", as: String?.self),
                    count: try row.decode(column: "n", as: Int.self))
            }
            let columns = RecordCodec.columns(Activity.self).map { "a." + $0 }.joined(separator: ", ")
            let recent = try await sql.raw(
                """
                SELECT \(unsafeRaw: columns), t.name AS team_name, u.name AS user_name, p.name AS purpose_name,
                       c.first_name AS c_first, c.last_name AS c_last
                FROM activities a LEFT JOIN teams t ON t.id = a.team_id LEFT JOIN users u ON u.id = a.owner_id
                LEFT JOIN purposes p ON p.id = a.purpose_id LEFT JOIN contacts c ON c.id = a.contact_id
                WHERE a.workspace_id = \(bind: principal.workspaceID.uuid) AND a.override_reason <> ''
                  AND a.occurred_at >= \(bind: from.micros) AND a.occurred_at < \(bind: to.micros) AND a.deleted_at IS NULL
                  AND a.id IN (SELECT id FROM activities WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND \(visibility))
                ORDER BY a.occurred_at DESC LIMIT 100
                """
            ).all().map { row in
                let name = [try row.decode(column: "c_first", as: String?.self), try row.decode(column: "c_last", as: String?.self)]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                return OverrideRow(
                    activity: try RecordCodec.record(row, as: Activity.self),
                    teamName: try row.decode(column: "team_name", as: String?.self),
                    userName: try row.decode(column: "user_name", as: String?.self),
                    purposeName: try row.decode(column: "purpose_name", as: String?.self), contactName: name.isEmpty ? nil : name)
            }
            return OverrideReport(groups: groups, recent: recent)
        }
    }
}
