import Foundation
import RapportCore
import SQLKit

/// An index of who attends which meeting, so a contact's timeline and a user's calendar find
/// meetings they attend with an index seek (the attendee lists themselves live on the activity).
enum ActivityAttendees {
    /// Rewrites a meeting's attendees; `isNew` says it was just created, so there are none to delete.
    static func replace(_ activity: Record<Activity>, isNew: Bool = false, on sql: any SQLDatabase) async throws {
        if !isNew { try await sql.raw("DELETE FROM activity_attendees WHERE activity_id = \(bind: activity.id.uuid)").run() }
        guard activity.deletedAt == nil else { return }
        var rows: [SQLQueryString] = []
        for (kind, field) in [("user", "attendee_user_ids"), ("contact", "attendee_contact_ids")] {
            for attendee in activity[field]?.uuids ?? [] {
                rows.append("(\(bind: activity.workspaceID.uuid), \(bind: activity.id.uuid), \(bind: kind), \(bind: attendee))")
            }
        }
        guard !rows.isEmpty else { return }
        try await sql.raw(
            "INSERT INTO activity_attendees (workspace_id, activity_id, kind, attendee_id) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }
}

/// What activities and tasks take from the records around them.
enum ActivityDerivations {
    /// The account comes from the contact (or the deal) when none is given; the team is the owner's department.
    static func relatedAccountAndTeam<E: Entity>() -> WriteDerivation<E> {
        WriteDerivation { record, previous, principal, sql in
            if let contact = record["contact_id"]?.uuid, record["account_id"] == nil
                || (previous != nil && previous?["contact_id"]?.uuid != contact && previous?["account_id"] == record["account_id"])
            {
                let account = try await sql.raw(
                    "SELECT account_id FROM contacts WHERE id = \(bind: contact) AND workspace_id = \(bind: principal.workspaceID.uuid)"
                ).first()?.decode(column: "account_id", as: UUID?.self)
                record.values["account_id"] = account.map(FieldValue.id)
            }
            if E.self != Deal.self, let deal = record["deal_id"]?.uuid, record["account_id"] == nil {
                let account = try await sql.raw(
                    "SELECT account_id FROM deals WHERE id = \(bind: deal) AND workspace_id = \(bind: principal.workspaceID.uuid)"
                ).first()?.decode(column: "account_id", as: UUID?.self)
                record.values["account_id"] = account.map(FieldValue.id)
            }
            if previous == nil, let owner = record.ownerID, owner != principal.userID, record.teamID == principal.teamID {
                let team = try await sql.raw("SELECT team_id FROM users WHERE id = \(bind: owner.uuid)").first()?
                    .decode(column: "team_id", as: UUID?.self)
                record.teamID = team.map(Team.ID.init)
            }
        }
    }
}
