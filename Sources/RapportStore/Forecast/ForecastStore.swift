import Foundation
import RapportCore
import SQLKit

/// Forecasts: the deals expected to close in a period, added up per person, team and workspace
/// by category, weighted by probability and by the workspace's own measured win rates, against
/// quotas and with managers' adjustments. "As of" a past moment reads the deal history instead
/// of the deals.
public struct ForecastStore: Sendable {
    let db: Database
    public let settings: ForecastSettings

    /// Win rates are measured on at most this many of the latest closed deals of the last year.
    public static let measuredDealsLimit = 5000

    public init(_ db: Database) {
        self.db = db
        settings = ForecastSettings(db)
    }

    /// The forecast of a period, optionally within one pipeline and as of a past moment.
    public func report(_ period: ForecastPeriod, pipeline: Pipeline.ID? = nil, asOf: Timestamp? = nil, by principal: Principal)
        async throws -> ForecastReport
    {
        let workspace = principal.workspaceID
        let fiscal = try await settings.fiscalStart(in: workspace)
        let rates = try await settings.rates(in: workspace)
        let pipelines = try await PipelineStore(db).all(in: workspace)
        var stageProbability: [UUID: Int] = [:]
        for p in pipelines { for s in p.stages { stageProbability[s.id.uuid] = s.probability } }
        let now = asOf ?? .now()
        let states: [DealState]
        if let asOf {
            states = try await DealHistory(db).asOf(asOf, pipeline: pipeline, by: principal).filter {
                $0.closeDate.map(period.contains) ?? false
            }
        } else {
            states = try await openAndClosed(in: period, pipeline: pipeline, by: principal)
        }
        var deals: [ForecastDeal] = []
        var unconverted: [String: Int] = [:]
        for state in states {
            guard let category = state.category else { continue }
            var amount: Int64 = 0
            if let money = state.amount {
                guard let converted = rates.convert(money) else {
                    unconverted[money.currency, default: 0] += 1
                    continue
                }
                amount = converted.minor
            }
            let stageDefault = state.stageID.flatMap { stageProbability[$0] } ?? 0
            deals.append(
                ForecastDeal(
                    id: state.dealID, ownerID: state.ownerID, amount: amount, probability: state.probability ?? stageDefault,
                    category: category, stageID: state.stageID, stageProbability: stageDefault,
                    daysInStage: Int(max(0, now.micros - state.stageEnteredAt.micros) / 86_400_000_000)))
        }
        let winRates = try await measuredWinRates(in: workspace, before: now)
        let users = try await Directory(db).users(in: workspace)
        let teams = try await Directory(db).teams(in: workspace)
        let quotas = try await quotas(for: period, in: workspace)
        let adjustments = try await adjustments(for: period, in: workspace, before: asOf)
        return ForecastReport(
            period: period, periodName: period.name(fiscalStart: fiscal), currency: rates.base,
            lines: ForecastRollup.lines(deals: deals, users: users, teams: teams, rates: winRates, quotas: quotas, adjustments: adjustments),
            unconverted: unconverted, measuredDeals: winRates.closedDeals, asOf: asOf)
    }

    /// Every deal the principal may see whose expected close date is in the period, as it is now.
    func openAndClosed(in period: ForecastPeriod, pipeline: Pipeline.ID?, by principal: Principal) async throws -> [DealState] {
        var conditions: [SQLQueryString] = [
            "workspace_id = \(bind: principal.workspaceID.uuid)", "deleted_at IS NULL",
            "close_date >= \(bind: period.first.description)", "close_date <= \(bind: period.last.description)",
        ]
        if let pipeline { conditions.append("pipeline_id = \(bind: pipeline.uuid)") }
        if !principal.seesEverything { conditions.append(RecordStore<Deal>.visibility(principal)) }
        let condition = conditions.joined(separator: " AND ")
        return try await db.read { sql in
            try await sql.raw(
                """
                SELECT id AS deal_id, pipeline_id, stage_id, COALESCE(stage_entered_at, created_at) AS stage_entered_at, amount,
                       amount_currency, probability, forecast_category, close_date, owner_id, team_id
                FROM deals WHERE \(condition)
                """
            ).all().map(DealHistory.decodeState)
        }
    }

    /// Win rates measured on the latest closed deals of the year before `moment`.
    public func measuredWinRates(in workspace: Workspace.ID, before moment: Timestamp = .now()) async throws -> WinRates {
        let since = moment.adding(seconds: -365 * 86_400).micros
        return try await db.read { sql in
            let closed = try await sql.raw(
                """
                SELECT id, forecast_category FROM deals
                WHERE workspace_id = \(bind: workspace.uuid) AND closed_at >= \(bind: since) AND closed_at <= \(bind: moment.micros)
                  AND deleted_at IS NULL
                ORDER BY closed_at DESC LIMIT \(literal: Self.measuredDealsLimit)
                """
            ).all()
            var won: [UUID: Bool] = [:]
            for row in closed { won[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "forecast_category", as: String.self) == "won" }
            guard !won.isEmpty else { return WinRates() }
            var stays: [UUID: [(stage: UUID, days: Int)]] = [:]
            let ids = Array(won.keys)
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk: [any Encodable & Sendable] = Array(ids[start..<min(ids.count, start + 500)])
                let rows = try await sql.raw(
                    """
                    SELECT deal_id, stage_id, stage_entered_at, valid_to FROM deal_history
                    WHERE workspace_id = \(bind: workspace.uuid) AND deal_id IN (\(binds: chunk)) ORDER BY deal_id, valid_from
                    """
                ).all()
                // Consecutive rows of one stay share its stage and entry time; the stay lasted until the last one ended.
                var last: (deal: UUID, stage: UUID, entered: Int64)?
                for row in rows {
                    let deal = try row.decode(column: "deal_id", as: UUID.self)
                    guard let stage = try row.decode(column: "stage_id", as: UUID?.self) else { continue }
                    let entered = try row.decode(column: "stage_entered_at", as: Int64.self)
                    let end = try row.decode(column: "valid_to", as: Int64?.self) ?? moment.micros
                    let days = Int(max(0, end - entered) / 86_400_000_000)
                    if let previous = last, previous.deal == deal, previous.stage == stage, previous.entered == entered,
                        var path = stays[deal], !path.isEmpty
                    {
                        path[path.count - 1].days = days
                        stays[deal] = path
                    } else {
                        stays[deal, default: []].append((stage, days))
                    }
                    last = (deal, stage, entered)
                }
            }
            // The closed stage itself says nothing about winning; the stays before it do.
            return WinRates(
                won.map { id, isWon in
                    ClosedDealPath(stays: Array((stays[id] ?? []).dropLast()), won: isWon)
                })
        }
    }
}
