import Foundation
import RapportCore
import SQLKit

extension Reports {
    /// How customers are grouped.
    public enum CustomerGrouping: String, Sendable, CaseIterable {
        case type, industry, country, size
    }

    /// Accounts per group: how many, how many new in the period, how many stopped being customers
    /// in it, and the revenue won from them in it.
    public func customers(by grouping: CustomerGrouping, filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let rates = try await settings.rates(in: principal.workspaceID)
        let group: SQLQueryString =
            switch grouping {
            case .type: "t.type"
            case .industry: "t.industry"
            case .country: "t.country"
            case .size:
                """
                CASE WHEN t.employees IS NULL THEN 'Unknown' WHEN t.employees < 50 THEN '1–49' WHEN t.employees < 250 THEN '50–249'
                WHEN t.employees < 1000 THEN '250–999' WHEN t.employees < 5000 THEN '1,000–4,999' ELSE '5,000 and more' END
                """
            }
        let (start, end) = filter.range
        let accountScope = scope("accounts", filter: filter, principal: principal, teams: teams, industryColumn: "t.industry")
        let condition = accountScope.joined(separator: " AND ")
        return try await db.read { sql in
            var counts: [String: (all: Int64, new: Int64)] = [:]
            for row in try await sql.raw(
                """
                SELECT \(group) AS g, COUNT(*) AS n,
                       SUM(CASE WHEN t.created_at >= \(bind: start) AND t.created_at < \(bind: end) THEN 1 ELSE 0 END) AS fresh
                FROM accounts t WHERE \(condition) GROUP BY \(group)
                """
            ).all() {
                counts[try row.decode(column: "g", as: String.self)] = (
                    try row.decode(column: "n", as: Int64.self), try row.decode(column: "fresh", as: Int64?.self) ?? 0
                )
            }
            // Lost: accounts whose type changed away from customer in the period (the event log says when).
            var lost: [String: Int64] = [:]
            for row in try await sql.raw(
                """
                SELECT \(group) AS g, COUNT(DISTINCT e.record_id) AS n FROM events e JOIN accounts t ON e.record_id = \(unsafeRaw: Self.textID("t.id", db.dialect))
                WHERE e.workspace_id = \(bind: principal.workspaceID.uuid) AND e.entity = 'account' AND e.at >= \(bind: start) AND e.at < \(bind: end)
                  AND e.changes LIKE '%"type":["customer",%' AND \(condition)
                GROUP BY \(group)
                """
            ).all() { lost[try row.decode(column: "g", as: String.self)] = try row.decode(column: "n", as: Int64.self) }
            let revenueRows = try await sql.raw(
                """
                SELECT \(group) AS g, d.amount_currency AS currency, CAST(SUM(d.amount) AS BIGINT) AS total
                FROM deals d JOIN accounts t ON t.id = d.account_id
                WHERE d.workspace_id = \(bind: principal.workspaceID.uuid) AND d.deleted_at IS NULL AND d.forecast_category = 'won'
                  AND d.closed_at >= \(bind: start) AND d.closed_at < \(bind: end) AND \(condition)
                GROUP BY \(group), d.amount_currency
                """
            ).all().map { row in
                (try row.decode(column: "g", as: String.self), try row.decode(column: "currency", as: String.self),
                 try row.decode(column: "total", as: Int64?.self) ?? 0)
            }
            let revenue = Self.convert(revenueRows.map { (group: $0.0, currency: $0.1, minor: $0.2) }, rates: rates).sums
            let groups = Set(counts.keys).union(revenue.keys).sorted { (counts[$0]?.all ?? 0, $1) > (counts[$1]?.all ?? 0, $0) }
            let label: (String) -> String = { raw in
                raw.isEmpty ? "Not set" : grouping == .type ? ChoiceText.label(raw) : raw
            }
            let rows: [[ReportCell]] = groups.map { g in
                [.text(label(g)), .count(counts[g]?.all ?? 0), .count(counts[g]?.new ?? 0), .count(lost[g] ?? 0), .money(revenue[g] ?? 0, rates.base)]
            }
            let total: [ReportCell] = [
                .text("Total"), .count(counts.values.reduce(0) { $0 + $1.all }), .count(counts.values.reduce(0) { $0 + $1.new }),
                .count(lost.values.reduce(0, +)), .money(revenue.values.reduce(0, +), rates.base),
            ]
            return ReportTable(
                columns: [
                    .init("group", ChoiceText.label(grouping.rawValue), numeric: false), .init("accounts", "Accounts"),
                    .init("new", "New"), .init("lost", "No longer customers"), .init("revenue", "Won revenue"),
                ], rows: rows, total: total)
        }
    }

    /// A UUID column as the text the event log keeps record IDs in (lower case on both engines).
    static func textID(_ column: String, _ dialect: Dialect) -> String {
        switch dialect {
        case .sqlite: "lower(\(column))"
        case .postgres: "\(column)::text"
        }
    }
}

/// Choice values as labels, for reports (the server has its own for pages).
enum ChoiceText {
    static func label(_ raw: String) -> String {
        let words = raw.replacingAll("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A status in words, lower case: `partially_paid` → `partially paid`.
    static func words(_ raw: String) -> String { raw.replacingAll("_", with: " ") }
}
