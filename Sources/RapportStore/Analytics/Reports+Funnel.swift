import Foundation
import RapportCore
import SQLKit

/// The funnel of a period and how fast deals move through it.
public struct Funnel: Sendable, Equatable {
    public var leads: Int64
    public var qualified: Int64
    public var converted: Int64
    public var deals: Int64
    public var won: Int64
    public var lost: Int64
    /// Median days from a lead coming in to its conversion, and from a deal opening to its win.
    public var medianDaysToConvert: Double?
    public var medianDaysToWin: Double?
    /// Revenue per day the open pipeline should bring: open deals × average won deal × win rate
    /// ÷ average days from opening to winning.
    public var velocityPerDay: Int64?
    public var currency: String
}

extension Reports {
    /// Leads that came in during the period and how far they got (qualified, converted, won), and
    /// the deals opened in it; with the median times and the sales velocity.
    public func funnel(filter: ReportFilter, principal: Principal) async throws -> Funnel {
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let rates = try await settings.rates(in: principal.workspaceID)
        let (start, end) = filter.range
        var leadConditions = scope("leads", filter: filter, principal: principal, teams: teams, industryColumn: "t.industry")
        leadConditions += ["t.created_at >= \(bind: start)", "t.created_at < \(bind: end)"]
        var dealConditions = scope("deals", filter: filter, principal: principal, teams: teams)
        dealConditions += ["t.created_at >= \(bind: start)", "t.created_at < \(bind: end)"]
        var openConditions = scope("deals", filter: filter, principal: principal, teams: teams)
        openConditions.append("t.closed_at IS NULL")
        if let industry = filter.industry {
            let accounts: SQLQueryString = "t.account_id IN (SELECT id FROM accounts WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND industry = \(bind: industry))"
            dealConditions.append(accounts)
            openConditions.append(accounts)
        }
        let leadCondition = leadConditions.joined(separator: " AND ")
        let dealCondition = dealConditions.joined(separator: " AND ")
        let openCondition = openConditions.joined(separator: " AND ")
        return try await db.read { sql in
            let leads = try await sql.raw(
                """
                SELECT COUNT(*) AS n, SUM(CASE WHEN t.status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified,
                       SUM(CASE WHEN t.converted_at IS NOT NULL THEN 1 ELSE 0 END) AS converted
                FROM leads t WHERE \(leadCondition)
                """
            ).first()
            var toConvert: [Double] = []
            for row in try await sql.raw("SELECT t.created_at, t.converted_at FROM leads t WHERE \(leadCondition) AND t.converted_at IS NOT NULL").all() {
                let days = Double(try row.decode(column: "converted_at", as: Int64.self) - row.decode(column: "created_at", as: Int64.self)) / 86_400_000_000
                toConvert.append(max(0, days))
            }
            var deals: Int64 = 0
            var won: Int64 = 0
            var lost: Int64 = 0
            var toWin: [Double] = []
            var wonAmounts: [Int64] = []
            for row in try await sql.raw(
                "SELECT t.created_at, t.closed_at, t.forecast_category, t.amount, t.amount_currency FROM deals t WHERE \(dealCondition)"
            ).all() {
                deals += 1
                switch try row.decode(column: "forecast_category", as: String.self) {
                case "won":
                    won += 1
                    if let closed = try row.decode(column: "closed_at", as: Int64?.self) {
                        toWin.append(max(0, Double(closed - (try row.decode(column: "created_at", as: Int64.self))) / 86_400_000_000))
                    }
                    if let minor = try row.decode(column: "amount", as: Int64?.self),
                        let money = rates.convert(Money(minor: minor, currency: try row.decode(column: "amount_currency", as: String.self)))
                    {
                        wonAmounts.append(money.minor)
                    }
                case "lost": lost += 1
                default: break
                }
            }
            let open = try await sql.raw("SELECT COUNT(*) AS n FROM deals t WHERE \(openCondition)").first()?.decode(column: "n", as: Int64.self) ?? 0
            var velocity: Int64?
            if won + lost > 0, !wonAmounts.isEmpty, !toWin.isEmpty {
                let average = Double(wonAmounts.reduce(0, +)) / Double(wonAmounts.count)
                let winRate = Double(won) / Double(won + lost)
                let cycle = max(1, toWin.reduce(0, +) / Double(toWin.count))
                velocity = Int64((Double(open) * average * winRate / cycle).rounded())
            }
            return Funnel(
                leads: try leads?.decode(column: "n", as: Int64.self) ?? 0, qualified: try leads?.decode(column: "qualified", as: Int64?.self) ?? 0,
                converted: try leads?.decode(column: "converted", as: Int64?.self) ?? 0, deals: deals, won: won, lost: lost,
                medianDaysToConvert: Self.median(toConvert), medianDaysToWin: Self.median(toWin), velocityPerDay: velocity,
                currency: rates.base)
        }
    }

    /// The funnel as a table: each step, how many reached it, and the share kept from the step before.
    public func funnelTable(filter: ReportFilter, principal: Principal) async throws -> (ReportTable, Funnel) {
        let f = try await funnel(filter: filter, principal: principal)
        let steps: [(String, Int64, Int64?)] = [
            ("Leads in", f.leads, nil), ("Qualified", f.qualified, f.leads), ("Converted to deals", f.converted, f.qualified),
            ("Deals opened", f.deals, nil), ("Won", f.won, f.deals),
        ]
        let rows = steps.map { step -> [ReportCell] in
            [.text(step.0), .count(step.1), step.2.map { Self.percent(step.1, $0) } ?? .percent(nil)]
        }
        let table = ReportTable(
            columns: [.init("step", "Step", numeric: false), .init("count", "Count"), .init("rate", "From the step before")], rows: rows,
            facts: [
                .init("win_rate", "Win rate of closed deals", Self.percent(f.won, f.won + f.lost)),
                .init("median_days_to_convert", "Median time from lead to conversion", .days(f.medianDaysToConvert)),
                .init("median_days_to_win", "Median time from deal to win", .days(f.medianDaysToWin)),
                .init("velocity_per_day", "Sales velocity per day", f.velocityPerDay.map { .money($0, f.currency) } ?? .text("—")),
            ])
        return (table, f)
    }
}
