import Foundation
import RapportCore
import SQLKit

extension CalendarFeedStore {
    /// Entries one feed carries at most of each kind; a feed is for looking ahead, not an archive.
    public static let maxEntries = 2_000

    /// Meetings the user owns or attends that start in `from..<to`, by start time. Two index seeks
    /// (owner and time; attendee), joined by UNION rather than an OR the planners cannot index.
    public func meetings(of user: User, from: Timestamp, to: Timestamp) async throws -> [Record<Activity>] {
        let columns = RecordStore<Activity>.columnList
        let workspace = user.workspaceID.uuid
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: columns) FROM activities
                WHERE workspace_id = \(bind: workspace) AND owner_id = \(bind: user.id.uuid)
                  AND occurred_at >= \(bind: from.micros) AND occurred_at < \(bind: to.micros)
                  AND kind = 'meeting' AND deleted_at IS NULL
                UNION
                SELECT \(unsafeRaw: columns) FROM activities
                WHERE id IN (
                    SELECT activity_id FROM activity_attendees
                    WHERE attendee_id = \(bind: user.id.uuid) AND kind = 'user' AND workspace_id = \(bind: workspace))
                  AND occurred_at >= \(bind: from.micros) AND occurred_at < \(bind: to.micros)
                  AND kind = 'meeting' AND deleted_at IS NULL
                ORDER BY occurred_at, id
                LIMIT \(literal: Self.maxEntries)
                """
            ).all()
        }
        return try rows.map { try RecordCodec.record($0, as: Activity.self) }
    }

    /// Tasks assigned to the user that are open, or were done since `doneSince`; by due time, undated last.
    public func tasks(of user: User, doneSince: Timestamp) async throws -> [Record<Todo>] {
        let columns = RecordStore<Todo>.columnList
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: columns) FROM tasks
                WHERE workspace_id = \(bind: user.workspaceID.uuid) AND owner_id = \(bind: user.id.uuid)
                  AND deleted_at IS NULL
                  AND (status = 'open' OR (status = 'done' AND completed_at >= \(bind: doneSince.micros)))
                ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, id
                LIMIT \(literal: Self.maxEntries)
                """
            ).all()
        }
        return try rows.map { try RecordCodec.record($0, as: Todo.self) }
    }
}
