import Foundation
import RapportCore
import SQLKit

/// What the activity log says about leads: engagement counts for scoring and the first touch for
/// the first-touch SLA. Only activities that took place count (done, not deleted).
enum LeadActivityFacts {
    /// Kinds of activity that count as engagement.
    static let engagingKinds = ["call", "meeting", "email"]

    /// A lead's engagement.
    static func engagement(of lead: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> LeadEngagement {
        try await engagement(of: [lead], workspace: workspace, on: sql)[lead] ?? LeadEngagement()
    }

    /// Engagement of many leads at once (training reads every closed lead's).
    static func engagement(of leads: [UUID], workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [UUID: LeadEngagement] {
        var result: [UUID: LeadEngagement] = [:]
        for chunk in stride(from: 0, to: leads.count, by: 500).map({ Array(leads[$0..<min($0 + 500, leads.count)]) }) {
            let binds: [any Encodable & Sendable] = chunk
            for row in try await sql.raw(
                """
                SELECT lead_id, kind, direction, COUNT(*) AS n FROM activities
                WHERE workspace_id = \(bind: workspace.uuid) AND lead_id IN (\(binds: binds)) AND deleted_at IS NULL
                  AND status = 'done' AND kind IN ('call', 'meeting', 'email')
                GROUP BY lead_id, kind, direction
                """
            ).all() {
                let lead = try row.decode(column: "lead_id", as: UUID.self)
                let n = try row.decode(column: "n", as: Int.self)
                var e = result[lead] ?? LeadEngagement()
                switch try row.decode(column: "kind", as: String.self) {
                case "call": e.calls += n
                case "meeting": e.meetings += n
                default: e.emails += n
                }
                if try row.decode(column: "direction", as: String.self) == "inbound" { e.inbound += n }
                result[lead] = e
            }
            for row in try await sql.raw(
                """
                SELECT lead_id, COUNT(*) AS n FROM lead_form_submissions
                WHERE workspace_id = \(bind: workspace.uuid) AND lead_id IN (\(binds: binds)) GROUP BY lead_id
                """
            ).all() {
                let lead = try row.decode(column: "lead_id", as: UUID.self)
                result[lead, default: LeadEngagement()].formSubmissions += try row.decode(column: "n", as: Int.self)
            }
        }
        return result
    }

    /// When the lead was first touched: the earliest call, meeting or email that took place and was
    /// ours to make (outbound), or a call or meeting they started (someone spoke with them). An
    /// email they sent, a note or a web form is not a touch. Each counts from when it happened, but
    /// never later than when it was logged nor earlier than the lead itself.
    static func firstTouch(of lead: Record<Lead>, on sql: any SQLDatabase) async throws -> Timestamp? {
        let row = try await sql.raw(
            """
            SELECT MIN(CASE WHEN occurred_at < created_at THEN occurred_at ELSE created_at END) AS first FROM activities
            WHERE workspace_id = \(bind: lead.workspaceID.uuid) AND lead_id = \(bind: lead.id.uuid) AND deleted_at IS NULL
              AND status = 'done'
              AND (kind IN ('call', 'meeting', 'email') AND direction = 'outbound' OR kind IN ('call', 'meeting') AND direction = 'inbound')
            """
        ).first()
        guard let micros = try row?.decode(column: "first", as: Int64?.self) else { return nil }
        return Timestamp(micros: max(micros, lead.createdAt.micros))
    }
}
