import Foundation
import RapportCore
import RapportStore

/// Every report the pages and the API offer: its name, what it answers, how it can be grouped,
/// how it is drawn, and how its table is made. One list, so a report is added in one place.
struct ReportDefinition: Sendable {
    enum Chart: Sendable {
        /// Horizontal bars of the named columns, stacked.
        case bars([String])
        /// A line of the named columns over the rows (months).
        case line([String])
        case funnel
    }

    let name: String
    let title: String
    let summary: String
    /// The `by` choices, first the default; empty when the report has none.
    let groupings: [String]
    let chart: @Sendable (String) -> Chart
    let run: @Sendable (Store, ReportFilter, String, Principal) async throws -> ReportTable
}

enum ReportCatalog {
    static let all: [ReportDefinition] = [
        ReportDefinition(
            name: "customers", title: "Customers",
            summary: "Accounts by type, industry, country or size: how many, new and lost in the period, and the revenue won from them.",
            groupings: Reports.CustomerGrouping.allCases.map(\.rawValue), chart: { _ in .bars(["accounts"]) },
            run: { store, filter, by, principal in
                try await store.reports.customers(by: Reports.CustomerGrouping(rawValue: by) ?? .type, filter: filter, principal: principal)
            }),
        ReportDefinition(
            name: "revenue", title: "Revenue",
            summary: "Deals won in the period by month, rep or team, in the workspace's currency.",
            groupings: Reports.RevenueGrouping.allCases.map(\.rawValue), chart: { by in by == "month" ? .line(["revenue"]) : .bars(["revenue"]) },
            run: { store, filter, by, principal in
                try await store.reports.revenue(by: Reports.RevenueGrouping(rawValue: by) ?? .month, filter: filter, principal: principal)
            }),
        ReportDefinition(
            name: "funnel", title: "Funnel",
            summary: "Leads that came in, how many qualified, converted and were won; deals opened and won; times and sales velocity.",
            groupings: [], chart: { _ in .funnel },
            run: { store, filter, _, principal in try await store.reports.funnelTable(filter: filter, principal: principal).0 }),
        ReportDefinition(
            name: "activity", title: "Activity",
            summary: "Calls, meetings and emails by team, rep or purpose; follow-ups done on time; outreach guard overrides.",
            groupings: Reports.ActivityGrouping.allCases.map(\.rawValue), chart: { _ in .bars(["outbound", "inbound"]) },
            run: { store, filter, by, principal in
                try await store.reports.activity(by: Reports.ActivityGrouping(rawValue: by) ?? .team, filter: filter, principal: principal)
            }),
        ReportDefinition(
            name: "sources", title: "Lead sources",
            summary: "Leads by source and list: how many came in, qualified, converted, and what their deals won.",
            groupings: [], chart: { _ in .bars(["leads"]) },
            run: { store, filter, _, principal in try await store.reports.sources(filter: filter, principal: principal) }),
        ReportDefinition(
            name: "market", title: "Market share",
            summary: "For each market recorded (an industry in a country, a year): its size, what we won there, and our share.",
            groupings: [], chart: { _ in .bars(["share"]) },
            run: { store, filter, _, principal in try await store.reports.marketShare(filter: filter, principal: principal) }),
        ReportDefinition(
            name: "competitors", title: "Competitors",
            summary: "Deals closed against each competitor: won, lost, win rate and the money on either side.",
            groupings: [], chart: { _ in .bars(["won", "lost"]) },
            run: { store, filter, _, principal in try await store.reports.competitors(filter: filter, principal: principal) }),
    ]

    static func named(_ name: String) -> ReportDefinition? { all.first { $0.name == name } }

    /// The SVG chart of a report's table.
    static func chart(_ definition: ReportDefinition, by: String, table: ReportTable, currency: String) -> String? {
        guard !table.rows.isEmpty else { return nil }
        let labels = table.rows.map { $0.first?.display ?? "" }
        func column(_ key: String) -> [Int64] {
            guard let index = table.columns.firstIndex(where: { $0.key == key }) else { return [] }
            return table.rows.map { $0[safe: index]?.number ?? 0 }
        }
        func label(_ key: String) -> String { table.columns.first { $0.key == key }?.label ?? key }
        let money = table.rows.first.map { row in row.contains { if case .money = $0 { true } else { false } } } ?? false
        let format: (Int64) -> String = { money ? CompactAmount.text($0, currency: currency) : $0.formatted() }
        switch definition.chart(by) {
        case .bars(let keys):
            let rows = min(table.rows.count, 15)
            let first = table.rows.first?[safe: table.columns.firstIndex { $0.key == keys.first } ?? -1]
            let format: (Int64) -> String =
                switch first {
                case .money?: { CompactAmount.text($0, currency: currency) }
                case .percent?: { String(format: "%.1f%%", Double($0) / 100) }
                default: { $0.formatted() }
                }
            return SVGChart.stackedBars(
                title: definition.title, description: definition.summary,
                categories: table.rows.prefix(rows).map { row in
                    row.prefix(3).filter { if case .text = $0 { true } else { false } }.map(\.display).joined(separator: " · ")
                },
                series: keys.map { ChartSeries(name: label($0), values: Array(column($0).prefix(rows))) }, format: format)
        case .line(let keys):
            return SVGChart.lines(
                title: definition.title, description: definition.summary, labels: labels,
                series: keys.map { ChartSeries(name: label($0), values: column($0)) }, format: format)
        case .funnel:
            return SVGChart.funnel(
                title: definition.title, description: definition.summary,
                steps: table.rows.map { ($0.first?.display ?? "", $0[safe: 1]?.number ?? 0) },
                rates: table.rows.map { row in if case .percent(let bp)? = row[safe: 2] { bp } else { nil } }, format: { $0.formatted() })
        }
    }
}
