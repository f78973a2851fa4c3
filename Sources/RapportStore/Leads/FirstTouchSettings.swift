import Foundation
import RapportCore
import SQLKit

/// The workspace's first-touch service level (hours, business hours, time zone), kept on the
/// workspace row. Everyone reads it; admins change it.
public struct FirstTouchSettings: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func policy(in workspace: Workspace.ID) async throws -> FirstTouchPolicy {
        try await db.read { sql in try await Self.policy(workspace, on: sql) }
    }

    /// Changes the policy. Deadlines already set stay as they were: a lead is held to the promise
    /// made when it arrived.
    public func set(_ policy: FirstTouchPolicy, by principal: Principal) async throws {
        try principal.requireAdmin()
        guard FirstTouchPolicy.hoursRange.contains(policy.hours) else {
            throw RapportError.invalid(field: "hours", reason: "must be between 0 and \(FirstTouchPolicy.hoursRange.upperBound)")
        }
        guard TimeZone(identifier: policy.timeZone) != nil else {
            throw RapportError.invalid(field: "time_zone", reason: "must be a time zone name such as Europe/Berlin")
        }
        guard policy.businessHours.isOpenAtAll else {
            throw RapportError.invalid(field: "business_hours", reason: "must open on at least one day")
        }
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE workspaces SET lead_first_touch_hours = \(bind: policy.hours),
                    business_hours = \(bind: policy.businessHours.description), time_zone = \(bind: policy.timeZone)
                WHERE id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
        }
    }

    static func policy(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> FirstTouchPolicy {
        guard
            let row = try await sql.raw(
                "SELECT lead_first_touch_hours, business_hours, time_zone FROM workspaces WHERE id = \(bind: workspace.uuid)"
            ).first()
        else { return FirstTouchPolicy(hours: 0, businessHours: .standard, timeZone: "UTC") }
        let text = try row.decode(column: "business_hours", as: String.self)
        // A value this build cannot read (written by hand) falls back to the standard week.
        let hours = (try? BusinessHours(parsing: text)) ?? .standard
        return FirstTouchPolicy(
            hours: try row.decode(column: "lead_first_touch_hours", as: Int.self), businessHours: hours,
            timeZone: try row.decode(column: "time_zone", as: String.self))
    }
}
