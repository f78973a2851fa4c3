import Foundation
import RapportCore
import SQLKit

extension Reports {
    /// Leads that came in during the period per source and list (a bought list's name, the fair):
    /// how many, how many qualified and converted, and what their deals won. What a bought list
    /// cost comes from its import (`imports.list_cost`) when the list was imported.
    public func sources(filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let rates = try await settings.rates(in: principal.workspaceID)
        let (start, end) = filter.range
        var conditions = scope("leads", filter: filter, principal: principal, teams: teams, industryColumn: "t.industry")
        conditions += ["t.created_at >= \(bind: start)", "t.created_at < \(bind: end)"]
        let condition = conditions.joined(separator: " AND ")
        return try await db.read { sql in
            var groups: [String: (source: String, detail: String, leads: Int64, qualified: Int64, converted: Int64)] = [:]
            for row in try await sql.raw(
                """
                SELECT t.source, t.source_detail, COUNT(*) AS n,
                       SUM(CASE WHEN t.status IN ('qualified', 'converted') THEN 1 ELSE 0 END) AS qualified,
                       SUM(CASE WHEN t.converted_at IS NOT NULL THEN 1 ELSE 0 END) AS converted
                FROM leads t WHERE \(condition) GROUP BY t.source, t.source_detail
                """
            ).all() {
                let source = try row.decode(column: "source", as: String.self)
                let detail = try row.decode(column: "source_detail", as: String.self)
                groups[source + "\u{1F}" + detail] = (
                    source, detail, try row.decode(column: "n", as: Int64.self), try row.decode(column: "qualified", as: Int64?.self) ?? 0,
                    try row.decode(column: "converted", as: Int64?.self) ?? 0
                )
            }
            let wonRows = try await sql.raw(
                """
                SELECT t.source, t.source_detail, d.amount_currency AS currency, CAST(SUM(d.amount) AS BIGINT) AS total, COUNT(*) AS n
                FROM deals d JOIN leads t ON t.id = d.lead_id
                WHERE d.workspace_id = \(bind: principal.workspaceID.uuid) AND d.deleted_at IS NULL AND d.forecast_category = 'won' AND \(condition)
                GROUP BY t.source, t.source_detail, d.amount_currency
                """
            ).all()
            var wonDeals: [String: Int64] = [:]
            let revenue = Self.convert(
                try wonRows.map { row in
                    let key = try row.decode(column: "source", as: String.self) + "\u{1F}" + row.decode(column: "source_detail", as: String.self)
                    wonDeals[key, default: 0] += try row.decode(column: "n", as: Int64.self)
                    return (group: key, currency: try row.decode(column: "currency", as: String.self), minor: try row.decode(column: "total", as: Int64?.self) ?? 0)
                }, rates: rates
            ).sums
            // What the lists cost: each import of the group's leads counted once (reverted ones not at all).
            let costRows = try await sql.raw(
                """
                SELECT g.source, g.source_detail, i.list_cost_currency AS currency, CAST(SUM(i.list_cost) AS BIGINT) AS total
                FROM imports i JOIN (SELECT DISTINCT t.import_id, t.source, t.source_detail FROM leads t WHERE \(condition) AND t.import_id IS NOT NULL) g
                  ON g.import_id = i.id
                WHERE i.workspace_id = \(bind: principal.workspaceID.uuid) AND i.list_cost IS NOT NULL AND i.reverted_at IS NULL
                GROUP BY g.source, g.source_detail, i.list_cost_currency
                """
            ).all()
            let cost = Self.convert(
                try costRows.map { row in
                    let key = try row.decode(column: "source", as: String.self) + "\u{1F}" + row.decode(column: "source_detail", as: String.self)
                    return (group: key, currency: try row.decode(column: "currency", as: String.self), minor: try row.decode(column: "total", as: Int64?.self) ?? 0)
                }, rates: rates
            ).sums
            let keys = groups.keys.sorted { (groups[$0]?.leads ?? 0, $1) > (groups[$1]?.leads ?? 0, $0) }
            let rows = keys.map { key -> [ReportCell] in
                let g = groups[key] ?? ("", "", 0, 0, 0)
                return [
                    .text(g.source.isEmpty ? "Not recorded" : ChoiceText.label(g.source)), .text(g.detail), .count(g.leads), .count(g.qualified),
                    .count(g.converted), Self.percent(g.converted, g.leads), .count(wonDeals[key] ?? 0), .money(revenue[key] ?? 0, rates.base),
                    cost[key].map { .money($0, rates.base) } ?? .text(""), Self.returnOn(cost[key], revenue[key] ?? 0),
                ]
            }
            let leads = groups.values.reduce(0) { $0 + $1.leads }
            let converted = groups.values.reduce(0) { $0 + $1.converted }
            return ReportTable(
                columns: [
                    .init("source", "Source", numeric: false), .init("detail", "List, event or form", numeric: false), .init("leads", "Leads"),
                    .init("qualified", "Qualified"), .init("converted", "Converted"), .init("conversion_rate", "Conversion"),
                    .init("won_deals", "Deals won"), .init("won_revenue", "Won revenue"), .init("cost", "List cost"),
                    .init("return", "Revenue per cost"),
                ], rows: rows,
                total: [
                    .text("Total"), .text(""), .count(leads), .count(groups.values.reduce(0) { $0 + $1.qualified }), .count(converted),
                    Self.percent(converted, leads), .count(wonDeals.values.reduce(0, +)), .money(revenue.values.reduce(0, +), rates.base),
                    .money(cost.values.reduce(0, +), rates.base),
                    Self.returnOn(cost.isEmpty ? nil : cost.values.reduce(0, +), revenue.filter { cost[$0.key] != nil }.values.reduce(0, +)),
                ])
        }
    }

    /// Won revenue for each unit of cost (`3.2×`), or nothing when nothing was paid.
    static func returnOn(_ cost: Int64?, _ revenue: Int64) -> ReportCell {
        guard let cost, cost > 0 else { return .text("") }
        return .text(QuoteArithmetic.tenthsText(QuoteArithmetic.tenths(revenue, of: cost, scale: 10)) + "×")
    }

    /// Deals closed in the period that named competitors: per competitor, how many were won and
    /// lost against them, the win rate, and the money won and lost.
    public func competitors(filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let rates = try await settings.rates(in: principal.workspaceID)
        let (start, end) = filter.range
        var conditions = scope("deals", filter: filter, principal: principal, teams: teams)
        conditions += ["t.closed_at >= \(bind: start)", "t.closed_at < \(bind: end)", "t.competitor_ids <> ''"]
        let condition = conditions.joined(separator: " AND ")
        return try await db.read { sql in
            var tally: [UUID: (won: Int64, lost: Int64, wonAmount: Int64, lostAmount: Int64)] = [:]
            for row in try await sql.raw(
                "SELECT t.competitor_ids, t.forecast_category, t.amount, t.amount_currency FROM deals t WHERE \(condition)"
            ).all() {
                let won = try row.decode(column: "forecast_category", as: String.self) == "won"
                var amount: Int64 = 0
                if let minor = try row.decode(column: "amount", as: Int64?.self) {
                    amount = rates.convert(Money(minor: minor, currency: try row.decode(column: "amount_currency", as: String.self)))?.minor ?? 0
                }
                for line in try row.decode(column: "competitor_ids", as: String.self).split(separator: "\n") {
                    guard let id = UUID(uuidString: String(line)) else { continue }
                    var t = tally[id] ?? (0, 0, 0, 0)
                    if won {
                        t.won += 1
                        t.wonAmount += amount
                    } else {
                        t.lost += 1
                        t.lostAmount += amount
                    }
                    tally[id] = t
                }
            }
            var names: [UUID: String] = [:]
            if !tally.isEmpty {
                let ids: [any Encodable & Sendable] = Array(tally.keys)
                for row in try await sql.raw("SELECT id, name FROM accounts WHERE id IN (\(binds: ids))").all() {
                    names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
                }
            }
            let rows = tally.sorted { ($0.value.won + $0.value.lost) > ($1.value.won + $1.value.lost) }.map { id, t -> [ReportCell] in
                [
                    .text(names[id] ?? "A competitor no longer recorded"), .count(t.won + t.lost), .count(t.won), .count(t.lost),
                    Self.percent(t.won, t.won + t.lost), .money(t.wonAmount, rates.base), .money(t.lostAmount, rates.base),
                ]
            }
            return ReportTable(
                columns: [
                    .init("competitor", "Competitor", numeric: false), .init("deals", "Deals"), .init("won", "Won"), .init("lost", "Lost"),
                    .init("win_rate", "Win rate"), .init("won_amount", "Won"), .init("lost_amount", "Lost to them"),
                ], rows: rows)
        }
    }
}
