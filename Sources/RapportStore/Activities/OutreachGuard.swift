import Foundation
import RapportCore
import SQLKit

/// Gathers what the outreach rules need (touches of the contact and its account, open follow-ups,
/// the opt-out, the purpose and the cap) with index seeks, and applies `OutreachRules`.
public struct OutreachGuard: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// "May we contact X about P?" without creating anything.
    public func check(_ request: OutreachRequest, by principal: Principal) async throws -> [Conflict] {
        try await db.read { sql in try await Self.conflicts(request, workspace: principal.workspaceID, on: sql) }
    }

    static func conflicts(_ request: OutreachRequest, workspace: Workspace.ID, on sql: any SQLDatabase) async throws
        -> [Conflict]
    {
        var request = request
        var contactName: String?
        var optOut = false
        if let contactID = request.contactID {
            guard let row = try await sql.raw(
                """
                SELECT first_name, last_name, account_id, email_opt_out FROM contacts
                WHERE id = \(bind: contactID) AND workspace_id = \(bind: workspace.uuid)
                """
            ).first() else { throw RapportError.invalid(field: "contact_id", reason: "does not name a contact") }
            let name = [try row.decode(column: "first_name", as: String.self), try row.decode(column: "last_name", as: String.self)]
                .filter { !$0.isEmpty }.joined(separator: " ")
            contactName = name.isEmpty ? nil : name
            optOut = try row.decode(column: "email_opt_out", as: Bool.self)
            if request.accountID == nil { request.accountID = try row.decode(column: "account_id", as: UUID?.self) }
        }
        var purpose: Purpose?
        if let purposeID = request.purposeID {
            purpose = try await sql.raw(
                "SELECT id, name, quiet_days, retired, position FROM purposes WHERE id = \(bind: purposeID) AND workspace_id = \(bind: workspace.uuid)"
            ).first().map(PurposeStore.decode)
        }
        let cap = try await PurposeStore.cap(workspace, on: sql)
        let windowDays = max(purpose?.quietDays ?? 0, cap.days)
        let span = Int64(windowDays) * 86_400 * 1_000_000
        var touches: [UUID: OutreachTouch] = [:]
        for (column, id) in [("contact_id", request.contactID), ("account_id", request.accountID)] {
            guard let id else { continue }
            let rows = try await sql.raw(
                """
                SELECT a.id, a.kind, a.direction, a.purpose_id, a.contact_id, a.team_id, a.occurred_at,
                       p.name AS purpose_name, t.name AS team_name, u.name AS user_name, c.first_name, c.last_name
                FROM activities a
                LEFT JOIN purposes p ON p.id = a.purpose_id
                LEFT JOIN teams t ON t.id = a.team_id
                LEFT JOIN users u ON u.id = a.owner_id
                LEFT JOIN contacts c ON c.id = a.contact_id
                WHERE a.\(unsafeRaw: column) = \(bind: id) AND a.workspace_id = \(bind: workspace.uuid)
                  AND a.occurred_at > \(bind: request.at.micros - span) AND a.occurred_at < \(bind: request.at.micros + span)
                  AND a.deleted_at IS NULL AND a.kind <> 'note' AND a.status <> 'cancelled'
                ORDER BY a.occurred_at DESC LIMIT 500
                """
            ).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let name = [try row.decode(column: "first_name", as: String?.self), try row.decode(column: "last_name", as: String?.self)]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                touches[id] = OutreachTouch(
                    activityID: id, kind: try row.decode(column: "kind", as: String.self),
                    outbound: try row.decode(column: "direction", as: String.self) == "outbound",
                    purposeID: try row.decode(column: "purpose_id", as: UUID?.self),
                    purposeName: try row.decode(column: "purpose_name", as: String?.self),
                    contactID: try row.decode(column: "contact_id", as: UUID?.self), contactName: name.isEmpty ? nil : name,
                    teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
                    teamName: try row.decode(column: "team_name", as: String?.self),
                    userName: try row.decode(column: "user_name", as: String?.self),
                    at: Timestamp(micros: try row.decode(column: "occurred_at", as: Int64.self)))
            }
        }
        var followUps: [UUID: OpenFollowUp] = [:]
        if let purposeID = request.purposeID {
            for (column, id) in [("contact_id", request.contactID), ("account_id", request.accountID)] {
                guard let id else { continue }
                let rows = try await sql.raw(
                    """
                    SELECT k.id, k.title, k.purpose_id, k.owner_id, k.due_at, u.name AS owner_name, t.name AS team_name
                    FROM tasks k
                    LEFT JOIN users u ON u.id = k.owner_id
                    LEFT JOIN teams t ON t.id = k.team_id
                    WHERE k.\(unsafeRaw: column) = \(bind: id) AND k.workspace_id = \(bind: workspace.uuid) AND k.status = 'open'
                      AND k.purpose_id = \(bind: purposeID) AND k.deleted_at IS NULL
                    LIMIT 100
                    """
                ).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: UUID.self)
                    followUps[id] = OpenFollowUp(
                        taskID: id, title: try row.decode(column: "title", as: String.self),
                        purposeID: try row.decode(column: "purpose_id", as: UUID?.self),
                        ownerID: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
                        ownerName: try row.decode(column: "owner_name", as: String?.self),
                        teamName: try row.decode(column: "team_name", as: String?.self),
                        dueAt: try row.decode(column: "due_at", as: Int64?.self).map(Timestamp.init(micros:)))
                }
            }
        }
        return OutreachRules.conflicts(
            request, purpose: purpose, touches: Array(touches.values), followUps: followUps.values.sorted { $0.title < $1.title },
            cap: cap, emailOptOut: optOut, contactName: contactName)
    }

    static let title = "This customer was contacted recently"

    /// Holds back an outbound activity that conflicts, unless it carries an override reason.
    static var activityCheck: WriteCheck<Activity> {
        WriteCheck { record, _, principal, sql in
            guard Activity.isTouch(record.values), record["override_reason"] == nil else { return }
            let request = OutreachRequest(
                contactID: record["contact_id"]?.uuid, accountID: record["account_id"]?.uuid,
                purposeID: record["purpose_id"]?.uuid, channel: record["kind"]?.text ?? "call",
                outbound: Activity.isOutbound(record.values), at: record["occurred_at"]?.time ?? .now(),
                userID: record.ownerID, teamID: record.teamID)
            // Inbound contacts are the customer's own doing: only our outreach is held back.
            guard request.outbound else { return }
            let conflicts = try await conflicts(request, workspace: principal.workspaceID, on: sql)
            if !conflicts.isEmpty {
                throw RapportError.needsConfirmation(
                    Confirmation(kind: "outreach_conflict", title: title, field: OutreachRules.confirmationField, conflicts: conflicts))
            }
        }
    }

    /// Holds back a new task that another team's recent contact or open follow-up already covers.
    /// The follow-up of an activity is not checked again: the activity itself was.
    static var taskCheck: WriteCheck<Todo> {
        WriteCheck { record, flags, principal, sql in
            guard !flags.contains("override"), record["activity_id"] == nil, Todo.isOpen(record.values), record["purpose_id"] != nil,
                record["contact_id"] != nil || record["account_id"] != nil
            else { return }
            let request = OutreachRequest(
                contactID: record["contact_id"]?.uuid, accountID: record["account_id"]?.uuid,
                purposeID: record["purpose_id"]?.uuid, channel: "task", outbound: false,
                at: record["due_at"]?.time ?? .now(), userID: record.ownerID, teamID: record.teamID)
            let conflicts = try await conflicts(request, workspace: principal.workspaceID, on: sql)
            if !conflicts.isEmpty {
                throw RapportError.needsConfirmation(
                    Confirmation(kind: "outreach_conflict", title: title, field: "override", conflicts: conflicts))
            }
        }
    }
}
