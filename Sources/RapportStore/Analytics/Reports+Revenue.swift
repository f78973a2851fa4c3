import Foundation
import RapportCore
import SQLKit

extension Reports {
    /// How won revenue is grouped.
    public enum RevenueGrouping: String, Sendable, CaseIterable {
        case month, rep, team
    }

    /// Deals won in the period (by the day they closed), per month, rep or team: how many, how
    /// much, and the average deal.
    public func revenue(by grouping: RevenueGrouping, filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let users = try await Directory(db).users(in: principal.workspaceID)
        let rates = try await settings.rates(in: principal.workspaceID)
        let (start, end) = filter.range
        var conditions = scope("deals", filter: filter, principal: principal, teams: teams)
        conditions += ["t.forecast_category = 'won'", "t.closed_at >= \(bind: start)", "t.closed_at < \(bind: end)"]
        if let industry = filter.industry {
            conditions.append("t.account_id IN (SELECT id FROM accounts WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND industry = \(bind: industry))")
        }
        let condition = conditions.joined(separator: " AND ")
        let rows = try await db.read { sql in
            try await sql.raw(
                "SELECT t.closed_at, t.owner_id, t.team_id, t.amount, t.amount_currency FROM deals t WHERE \(condition)"
            ).all()
        }
        var sums: [String: (deals: Int64, amount: Int64)] = [:]
        var unconverted = 0
        for row in rows {
            let key: String
            switch grouping {
            case .month:
                let closed = Timestamp(micros: try row.decode(column: "closed_at", as: Int64.self))
                key = String(closed.iso8601.prefix(7))
            case .rep: key = try row.decode(column: "owner_id", as: UUID?.self)?.uuidString ?? ""
            case .team: key = try row.decode(column: "team_id", as: UUID?.self)?.uuidString ?? ""
            }
            var amount: Int64 = 0
            if let minor = try row.decode(column: "amount", as: Int64?.self) {
                guard let money = rates.convert(Money(minor: minor, currency: try row.decode(column: "amount_currency", as: String.self))) else {
                    unconverted += 1
                    continue
                }
                amount = money.minor
            }
            sums[key, default: (0, 0)].deals += 1
            sums[key, default: (0, 0)].amount += amount
        }
        var keys = Array(sums.keys)
        if grouping == .month {
            // Every month of the period, empty ones too, so a chart reads as a timeline.
            var month = ForecastPeriod(.month, containing: filter.from)
            var all: [String] = []
            while month.first <= filter.to {
                all.append(String(month.first.description.prefix(7)))
                month = month.next()
            }
            keys = all
        } else {
            keys.sort { (sums[$0]?.amount ?? 0) > (sums[$1]?.amount ?? 0) }
        }
        func name(_ key: String) -> String {
            switch grouping {
            case .month: return key
            case .rep: return users.first { $0.id.uuid.uuidString == key }?.name ?? "No owner"
            case .team: return teams.first { $0.id.uuid.uuidString == key }?.name ?? "No team"
            }
        }
        let table = keys.map { key -> [ReportCell] in
            let s = sums[key] ?? (0, 0)
            return [.text(name(key)), .count(s.deals), .money(s.amount, rates.base), .money(s.deals > 0 ? s.amount / s.deals : 0, rates.base)]
        }
        let deals = sums.values.reduce(0) { $0 + $1.deals }
        let amount = sums.values.reduce(0) { $0 + $1.amount }
        var columns: [ReportTable.Column] = [
            .init("group", grouping == .month ? "Month" : grouping == .rep ? "Rep" : "Team", numeric: false), .init("deals", "Deals won"),
            .init("revenue", "Revenue"), .init("average", "Average deal"),
        ]
        if unconverted > 0 { columns[2].label += " (\(unconverted) deals without a rate left out)" }
        return ReportTable(
            columns: columns, rows: table,
            total: [.text("Total"), .count(deals), .money(amount, rates.base), .money(deals > 0 ? amount / deals : 0, rates.base)])
    }
}
