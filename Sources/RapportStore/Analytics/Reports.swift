import Foundation
import RapportCore
import SQLKit

/// The reports: customers by type, industry, country and size; revenue by month, rep and team;
/// the funnel from lead to won deal with its times and the sales velocity; activity by team, rep
/// and purpose with follow-ups on time; lead sources; wins and losses against competitors. Each
/// answers with a `ReportTable` in the workspace's currency, counting only what the principal
/// may see, grouped in SQL over indexed ranges.
public struct Reports: Sendable {
    let db: Database
    let settings: ForecastSettings

    public init(_ db: Database) {
        self.db = db
        settings = ForecastSettings(db)
    }

    /// The names the reports are asked for by.
    public static let names = ["customers", "revenue", "funnel", "activity", "sources", "competitors"]

    /// The conditions every report puts on a record table (alias `t`): workspace, not deleted,
    /// visible, and the filter's owner, team (with sub-teams) and industry where they apply.
    func scope(
        _ table: String, alias: String = "t", filter: ReportFilter, principal: Principal, teams: [Team], industryColumn: String? = nil
    ) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = [
            "\(unsafeRaw: alias).workspace_id = \(bind: principal.workspaceID.uuid)", "\(unsafeRaw: alias).deleted_at IS NULL",
        ]
        if !principal.seesEverything {
            conditions.append(Visibility.predicate(principal, prefix: alias + "."))
        }
        if let owner = filter.ownerID { conditions.append("\(unsafeRaw: alias).owner_id = \(bind: owner.uuid)") }
        if let team = filter.teamID {
            var ids: [any Encodable & Sendable] = [team.uuid]
            var frontier = [team]
            while let next = frontier.popLast() {
                for child in teams where child.parentID == next {
                    ids.append(child.id.uuid)
                    frontier.append(child.id)
                }
            }
            conditions.append("\(unsafeRaw: alias).team_id IN (\(binds: ids))")
        }
        if let industry = filter.industry, let column = industryColumn {
            conditions.append("\(unsafeRaw: column) = \(bind: industry)")
        }
        return conditions
    }

    /// Sums per group and currency converted into the workspace's currency; amounts in a currency
    /// without a rate are left out and counted.
    static func convert(_ rows: [(group: String, currency: String, minor: Int64)], rates: ExchangeRates) -> (sums: [String: Int64], unconverted: Int) {
        var sums: [String: Int64] = [:]
        var unconverted = 0
        for row in rows where !row.currency.isEmpty {
            if let money = rates.convert(Money(minor: row.minor, currency: row.currency)) {
                sums[row.group, default: 0] += money.minor
            } else {
                unconverted += 1
            }
        }
        return (sums, unconverted)
    }

    static func percent(_ part: Int64, _ whole: Int64) -> ReportCell {
        whole > 0 ? .percent(Int((Double(part) / Double(whole) * 10_000).rounded())) : .percent(nil)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }
}

extension Reports {
    /// The industries accounts are in, for the segment filter (at most 200, most common first).
    public func industries(in workspace: Workspace.ID) async throws -> [String] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT industry, COUNT(*) AS n FROM accounts WHERE workspace_id = \(bind: workspace.uuid) AND deleted_at IS NULL AND industry <> ''
                GROUP BY industry ORDER BY n DESC, industry LIMIT 200
                """
            ).all().map { try $0.decode(column: "industry", as: String.self) }.sorted()
        }
    }
}
