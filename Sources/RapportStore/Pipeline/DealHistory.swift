import Foundation
import RapportCore
import SQLKit

/// The deal history projection: one row per stretch of time in which a deal's stage, amount,
/// probability, category, close date and owner stayed the same.
///
/// The event log is the record of what happened; this table is an index of it, written in the
/// same transaction as each deal write and rebuildable from the log (`rebuild`). Stage history,
/// time in stage and "the pipeline as it stood on date X" are index reads here instead of replays.
public struct DealHistory: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Keeps the projection in step with a deal write (create, update, delete, restore).
    static func record(
        _ deal: Record<Deal>, previous: Record<Deal>?, at: Timestamp, by principal: Principal, on sql: any SQLDatabase
    ) async throws {
        let state = DealState(deal)
        let live = deal.deletedAt == nil
        if let previous, previous.deletedAt == nil, live, DealState(previous) == state { return }
        try await sql.raw(
            "UPDATE deal_history SET valid_to = \(bind: at.micros) WHERE deal_id = \(bind: deal.id.uuid) AND valid_to IS NULL"
        ).run()
        if live { try await insert(state, workspace: deal.workspaceID, from: at, by: principal.userID, on: sql) }
    }

    static func insert(_ state: DealState, workspace: Workspace.ID, from: Timestamp, by user: User.ID?, on sql: any SQLDatabase)
        async throws
    {
        try await sql.raw(
            """
            INSERT INTO deal_history (workspace_id, deal_id, valid_from, valid_to, pipeline_id, stage_id, stage_entered_at,
                amount, amount_currency, probability, forecast_category, close_date, owner_id, team_id, changed_by)
            VALUES (\(bind: workspace.uuid), \(bind: state.dealID), \(bind: from.micros), NULL, \(bind: state.pipelineID),
                \(bind: state.stageID), \(bind: state.stageEnteredAt.micros), \(bind: state.amount?.minor),
                \(bind: state.amount?.currency ?? ""), \(bind: state.probability.map(Int64.init)),
                \(bind: state.category?.rawValue ?? ""), \(bind: state.closeDate?.description ?? ""),
                \(bind: state.ownerID?.uuid), \(bind: state.teamID?.uuid), \(bind: user?.uuid))
            """
        ).run()
    }

    // MARK: Reading

    /// The stages a deal has been in, oldest first; the principal must see the deal.
    public func stages(of id: Record<Deal>.ID, by principal: Principal) async throws -> [StageSpan] {
        try await db.read { sql in
            _ = try await RecordStore<Deal>.visible(id, by: principal, on: sql)
            let rows = try await sql.raw(
                """
                SELECT valid_from, valid_to, pipeline_id, stage_id, stage_entered_at, changed_by FROM deal_history
                WHERE deal_id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid) ORDER BY valid_from
                """
            ).all()
            var spans: [StageSpan] = []
            for row in rows {
                guard let stage = try row.decode(column: "stage_id", as: UUID?.self),
                    let pipeline = try row.decode(column: "pipeline_id", as: UUID?.self)
                else { continue }
                let entered = Timestamp(micros: try row.decode(column: "stage_entered_at", as: Int64.self))
                let validTo = try row.decode(column: "valid_to", as: Int64?.self).map(Timestamp.init(micros:))
                if var last = spans.last, last.stageID.uuid == stage, last.enteredAt == entered {
                    // The same stay in the stage; another value changed.
                    last.leftAt = validTo
                    spans[spans.count - 1] = last
                    continue
                }
                if var last = spans.popLast() {
                    // Leaving one stage is entering the next, unless the deal was away (deleted) in between.
                    let from = try row.decode(column: "valid_from", as: Int64.self)
                    if last.leftAt == nil || last.leftAt?.micros == from { last.leftAt = entered }
                    spans.append(last)
                }
                spans.append(
                    StageSpan(
                        stageID: .init(stage), pipelineID: .init(pipeline), enteredAt: entered, leftAt: validTo,
                        movedBy: try row.decode(column: "changed_by", as: UUID?.self).map(User.ID.init)))
            }
            return spans
        }
    }

    /// Every deal as it stood at `time` (deleted ones and ones not yet made are absent), among
    /// those the principal may see now, optionally within one pipeline.
    public func asOf(_ time: Timestamp, pipeline: Pipeline.ID?, by principal: Principal) async throws -> [DealState] {
        let visibility = RecordStore<Deal>.visibility(principal)
        return try await db.read { sql in
            var conditions: [SQLQueryString] = [
                "h.workspace_id = \(bind: principal.workspaceID.uuid)", "h.valid_from <= \(bind: time.micros)",
                "(h.valid_to IS NULL OR h.valid_to > \(bind: time.micros))",
            ]
            if let pipeline { conditions.append("h.pipeline_id = \(bind: pipeline.uuid)") }
            if !principal.seesEverything {
                conditions.append("h.deal_id IN (SELECT id FROM deals WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND \(visibility))")
            }
            return try await sql.raw(
                """
                SELECT h.deal_id, h.pipeline_id, h.stage_id, h.stage_entered_at, h.amount, h.amount_currency, h.probability,
                    h.forecast_category, h.close_date, h.owner_id, h.team_id
                FROM deal_history h WHERE \(conditions.joined(separator: " AND ")) ORDER BY h.deal_id
                """
            ).all().map(Self.decodeState)
        }
    }

    static func decodeState(_ row: any SQLRow) throws -> DealState {
        let amount = try row.decode(column: "amount", as: Int64?.self).map {
            Money(minor: $0, currency: try row.decode(column: "amount_currency", as: String.self))
        }
        let closeDate = try row.decode(column: "close_date", as: String.self)
        return DealState(
            dealID: try row.decode(column: "deal_id", as: UUID.self), pipelineID: try row.decode(column: "pipeline_id", as: UUID?.self),
            stageID: try row.decode(column: "stage_id", as: UUID?.self),
            stageEnteredAt: Timestamp(micros: try row.decode(column: "stage_entered_at", as: Int64.self)), amount: amount,
            probability: try row.decode(column: "probability", as: Int64?.self).map { Int($0) },
            category: ForecastCategory(rawValue: try row.decode(column: "forecast_category", as: String.self)),
            closeDate: closeDate.isEmpty ? nil : try? LocalDate(closeDate),
            ownerID: try row.decode(column: "owner_id", as: UUID?.self).map(User.ID.init),
            teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init))
    }
}
