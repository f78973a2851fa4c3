import Foundation
import RapportCore
import SQLKit

extension Reports {
    /// The market sizes recorded, newest year first.
    public func marketSizes(in workspace: Workspace.ID) async throws -> [MarketSize] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT id, industry, country, year, amount, currency, source FROM market_sizes WHERE workspace_id = \(bind: workspace.uuid)
                ORDER BY year DESC, industry, country
                """
            ).all().map { row in
                MarketSize(
                    id: .init(try row.decode(column: "id", as: UUID.self)), industry: try row.decode(column: "industry", as: String.self),
                    country: try row.decode(column: "country", as: String.self), year: try row.decode(column: "year", as: Int.self),
                    amount: Money(minor: try row.decode(column: "amount", as: Int64.self), currency: try row.decode(column: "currency", as: String.self)),
                    source: try row.decode(column: "source", as: String.self))
            }
        }
    }

    /// Records (or replaces) the size of a market in a year. Admins and managers.
    public func setMarketSize(industry: String, country: String, year: Int, amount: Money, source: String, by principal: Principal)
        async throws -> MarketSize
    {
        guard principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins record market sizes.") }
        let industry = industry.trimmingWhitespace()
        let country = country.trimmingWhitespace().uppercased()
        let source = source.trimmingWhitespace()
        try MarketSize.validate(industry: industry, country: country, year: year, amount: amount, source: source)
        let size = MarketSize(id: .make(), industry: industry, country: country, year: year, amount: amount, source: source)
        try await db.write { sql in
            try await sql.raw(
                """
                DELETE FROM market_sizes WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND year = \(bind: year)
                  AND industry = \(bind: industry) AND country = \(bind: country)
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO market_sizes (id, workspace_id, industry, country, year, amount, currency, source, updated_at)
                VALUES (\(bind: size.id.uuid), \(bind: principal.workspaceID.uuid), \(bind: industry), \(bind: country), \(bind: year),
                        \(bind: amount.minor), \(bind: amount.currency), \(bind: source), \(bind: Timestamp.now().micros))
                """
            ).run()
        }
        return size
    }

    public func removeMarketSize(_ id: MarketSize.ID, by principal: Principal) async throws {
        guard principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins record market sizes.") }
        try await db.write { sql in
            try await sql.raw("DELETE FROM market_sizes WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)").run()
        }
    }

    /// For each market recorded for a year in the period: its size, what was won there (deals of
    /// accounts in that industry and country, closed in the period), and the share.
    public func marketShare(filter: ReportFilter, principal: Principal) async throws -> ReportTable {
        let rates = try await settings.rates(in: principal.workspaceID)
        let teams = try await Directory(db).teams(in: principal.workspaceID)
        let sizes = try await marketSizes(in: principal.workspaceID).filter {
            $0.year >= filter.from.year && $0.year <= filter.to.year && (filter.industry == nil || filter.industry == $0.industry)
        }
        let (start, end) = filter.range
        var conditions = scope("deals", filter: filter, principal: principal, teams: teams)
        conditions += ["t.forecast_category = 'won'", "t.closed_at >= \(bind: start)", "t.closed_at < \(bind: end)"]
        let condition = conditions.joined(separator: " AND ")
        let won = try await db.read { sql in
            try await sql.raw(
                """
                SELECT a.industry, a.country, t.closed_at, t.amount, t.amount_currency FROM deals t JOIN accounts a ON a.id = t.account_id
                WHERE \(condition)
                """
            ).all()
        }
        var revenue: [String: Int64] = [:]
        for row in won {
            guard let minor = try row.decode(column: "amount", as: Int64?.self),
                let money = rates.convert(Money(minor: minor, currency: try row.decode(column: "amount_currency", as: String.self)))
            else { continue }
            let year = Int(Timestamp(micros: try row.decode(column: "closed_at", as: Int64.self)).iso8601.prefix(4)) ?? 0
            let industry = try row.decode(column: "industry", as: String.self)
            let country = try row.decode(column: "country", as: String.self)
            revenue["\(year)|\(industry)|\(country)", default: 0] += money.minor
            revenue["\(year)|\(industry)|", default: 0] += money.minor
        }
        let rows = sizes.map { size -> [ReportCell] in
            let market = rates.convert(size.amount)?.minor
            let own = revenue["\(size.year)|\(size.industry)|\(size.country)"] ?? 0
            return [
                .text(String(size.year)), .text(size.industry), .text(size.country.isEmpty ? "Everywhere" : size.country),
                market.map { .money($0, rates.base) } ?? .text("\(size.amount) (no rate)"), .money(own, rates.base),
                market.map { Self.percent(own, $0) } ?? .percent(nil), .text(size.source),
            ]
        }
        return ReportTable(
            columns: [
                .init("year", "Year", numeric: false), .init("industry", "Industry", numeric: false), .init("country", "Country", numeric: false),
                .init("market", "Market size"), .init("won", "We won"), .init("share", "Share"), .init("source", "Source", numeric: false),
            ], rows: rows)
    }
}
