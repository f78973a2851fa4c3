import Foundation
import RapportCore
import SQLKit

extension DealHistory {
    /// Remakes a workspace's deal history from the event log alone, replaying every deal event in
    /// order. The projection kept at write time must equal what this makes (a test holds it to that).
    public func rebuild(workspace: Workspace.ID) async throws {
        try await db.write { sql in
            try await sql.raw("DELETE FROM deal_history WHERE workspace_id = \(bind: workspace.uuid)").run()
            let rows = try await sql.raw(
                """
                SELECT id, workspace_id, at, actor_id, actor_name, entity, record_id, action, changes, version FROM events
                WHERE workspace_id = \(bind: workspace.uuid) AND entity = \(bind: Deal.name) ORDER BY record_id, seq
                """
            ).all()
            var values: [String: JSONValue] = [:]
            var current: String?
            var live = false
            var last: DealState?
            for row in rows {
                let event = try EventLog.decode(row)
                guard let dealID = UUID(uuidString: event.recordID) else { continue }
                if current != event.recordID {
                    current = event.recordID
                    values = [:]
                    live = false
                    last = nil
                }
                for change in event.changes { values[change.field] = change.after }
                let wasLive = live
                switch event.action {
                case .created, .restored: live = true
                case .deleted: live = false
                default: break
                }
                let state = Self.state(dealID: dealID, values, createdAt: event.at)
                if wasLive, live, state == last { continue }
                if wasLive {
                    try await sql.raw(
                        "UPDATE deal_history SET valid_to = \(bind: event.at.micros) WHERE deal_id = \(bind: dealID) AND valid_to IS NULL"
                    ).run()
                }
                if live { try await Self.insert(state, workspace: workspace, from: event.at, by: event.actorID, on: sql) }
                last = state
            }
        }
    }

    /// A deal's state from its fields in their API form (as events keep them).
    static func state(dealID: UUID, _ values: [String: JSONValue], createdAt: Timestamp) -> DealState {
        func uuid(_ name: String) -> UUID? { values[name]?.stringValue.flatMap(UUID.init(uuidString:)) }
        var amount: Money?
        if case .object(let money)? = values["amount"], case .int(let minor)? = money["amount_minor"],
            let currency = money["currency"]?.stringValue
        {
            amount = Money(minor: minor, currency: currency)
        }
        var probability: Int?
        if case .int(let p)? = values["probability"] { probability = Int(p) }
        let entered = values["stage_entered_at"]?.stringValue.flatMap { Timestamp.parse($0) } ?? createdAt
        return DealState(
            dealID: dealID, pipelineID: uuid("pipeline_id"), stageID: uuid("stage_id"),
            stageEnteredAt: Timestamp(micros: entered.micros / 1000 * 1000), amount: amount, probability: probability,
            category: values["forecast_category"]?.stringValue.flatMap(ForecastCategory.init(rawValue:)),
            closeDate: values["close_date"]?.stringValue.flatMap { try? LocalDate($0) },
            ownerID: uuid("owner_id").map(User.ID.init), teamID: uuid("team_id").map(Team.ID.init))
    }
}
