import Foundation
import RapportCore
import RapportStore

/// One card of a dashboard: a chart (or a single number) with the same figures as a table beside it.
struct DashboardCardView {
    var title: String
    var chart: String?
    var number: String?
    var note: String?
    var columns: [ColumnView]
    var rows: [[ReportCellView]]
    var href: String
    var linkText: String
}

struct DashboardView {
    var heading: String
    var cards: [DashboardCardView]
}

/// The home dashboard per role, built from the reports and the forecast: a rep sees their own
/// pipeline, tasks and forecast; a manager their team's forecast, attainment and funnel; an admin
/// the company: revenue month by month, customers, the funnel and activity by team.
enum Dashboard {
    static func make(for principal: Principal, store: Store, zone: TimeZone) async throws -> DashboardView? {
        guard let userID = principal.userID else { return nil }
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        let today = LocalDate.today(in: zone)
        let quarter = ForecastPeriod(.quarter, containing: today, fiscalStart: fiscal)
        let quarterFilter = ReportFilter(from: quarter.first, to: quarter.last)
        let currency = try await store.forecasts.settings.rates(in: principal.workspaceID).base
        switch principal.role {
        case .admin:
            let year = ForecastPeriod(.year, containing: today, fiscalStart: fiscal)
            let yearFilter = ReportFilter(from: year.first, to: year.last)
            return DashboardView(
                heading: "The company this year",
                cards: [
                    try await card("revenue", by: "month", filter: yearFilter, title: "Revenue by month", store: store, principal: principal, currency: currency),
                    try await card("customers", by: "type", filter: yearFilter, title: "Customers by type", store: store, principal: principal, currency: currency),
                    try await card("funnel", by: "", filter: yearFilter, title: "Funnel this year", store: store, principal: principal, currency: currency),
                    try await card("activity", by: "team", filter: quarterFilter, title: "Contacts made this quarter", store: store, principal: principal, currency: currency),
                ])
        case .manager:
            let report = try await store.forecasts.report(quarter, by: principal)
            let teamLines = report.lines.filter { $0.scope.kind == .team && principal.visibleTeams.contains(Team.ID($0.scope.id ?? UUID())) }
            let people = report.lines.filter { line in line.scope.kind == .user && line.scope.id != nil && line.depth > 1 }
            return DashboardView(
                heading: "Your teams this quarter (\(report.periodName))",
                cards: [
                    forecastCard(
                        title: "Team forecast", lines: Array(teamLines.prefix(8)), currency: currency, href: "/forecast?period=\(report.periodName)"),
                    attainmentCard(people: Array(people.prefix(12)), currency: currency, period: report.periodName),
                    try await card("funnel", by: "", filter: quarterFilter, title: "Funnel this quarter", store: store, principal: principal, currency: currency),
                ])
        default:
            var cards: [DashboardCardView] = []
            cards.append(try await pipelineCard(for: userID, store: store, principal: principal, currency: currency))
            let report = try await store.forecasts.report(quarter, by: principal)
            if let mine = report.lines.first(where: { $0.scope.id == userID.uuid }) {
                cards.append(forecastCard(title: "My forecast (\(report.periodName))", lines: [mine], currency: currency, href: "/forecast?period=\(report.periodName)"))
            }
            let due = try await store.taskQueries.dueCount(for: userID, in: principal.workspaceID, zone: zone)
            cards.append(
                DashboardCardView(
                    title: "My tasks", chart: nil, number: due.formatted(), note: due == 1 ? "task overdue or due today" : "tasks overdue or due today",
                    columns: [], rows: [], href: "/work", linkText: "Open My work"))
            return DashboardView(heading: "Your quarter", cards: cards)
        }
    }

    /// A card from one of the reports: its chart and its table.
    static func card(
        _ name: String, by: String, filter: ReportFilter, title: String, store: Store, principal: Principal, currency: String
    ) async throws -> DashboardCardView {
        guard let definition = ReportCatalog.named(name) else {
            return DashboardCardView(title: title, chart: nil, number: nil, note: nil, columns: [], rows: [], href: "/reports", linkText: "Reports")
        }
        let table = try await definition.run(store, filter, by, principal)
        let rows = (table.rows + (table.total.map { [$0] } ?? [])).prefix(13)
        var query: [(String, String?)] = [("from", filter.from.description), ("to", filter.to.description)]
        if !by.isEmpty { query.insert(("by", by), at: 0) }
        return DashboardCardView(
            title: title, chart: ReportCatalog.chart(definition, by: by, table: table, currency: currency), number: nil,
            note: table.rows.isEmpty ? "Nothing yet in this period." : nil,
            columns: table.columns.prefix(4).map { ColumnView(label: $0.label, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: $0.numeric) },
            rows: rows.map { row in zip(row.prefix(4), table.columns.prefix(4)).map { ReportCellView(text: $0.display, numeric: $1.numeric, label: $1.label) } },
            href: "/reports/\(name)" + FormData.query(query), linkText: "Open the report")
    }

    static func forecastCard(title: String, lines: [ForecastLine], currency: String, href: String) -> DashboardCardView {
        let money: (Int64) -> String = { WholeAmount.text($0, currency: currency) }
        return DashboardCardView(
            title: title,
            chart: lines.isEmpty
                ? nil
                : SVGChart.stackedBars(
                    title: title, description: "Won, then committed, then best case, in \(currency), against quota.", categories: lines.map(\.scope.name),
                    series: [
                        ChartSeries(name: "Won", values: lines.map(\.figures.won)), ChartSeries(name: "Commit", values: lines.map(\.figures.commit)),
                        ChartSeries(name: "Best case", values: lines.map(\.figures.bestCase)),
                    ], marker: lines.map(\.quota), format: { CompactAmount.text($0, currency: currency) }),
            number: nil, note: lines.isEmpty ? "No deals expected to close this quarter." : nil,
            columns: ["Who", "Won", "Commit", "Quota"].enumerated().map { ColumnView(label: $1, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: $0 > 0) },
            rows: lines.map { line in
                [
                    ReportCellView(text: line.scope.name, numeric: false, label: "Who"),
                    ReportCellView(text: money(line.figures.won), numeric: true, label: "Won"),
                    ReportCellView(text: money(line.figures.commitTotal), numeric: true, label: "Commit"),
                    ReportCellView(text: line.quota.map(money) ?? "—", numeric: true, label: "Quota"),
                ]
            }, href: href, linkText: "Open the forecast")
    }

    static func attainmentCard(people: [ForecastLine], currency: String, period: String) -> DashboardCardView {
        let withQuota = people.filter { $0.quota != nil }
        return DashboardCardView(
            title: "Attainment",
            chart: withQuota.isEmpty
                ? nil
                : SVGChart.stackedBars(
                    title: "Attainment", description: "What each person has won this quarter, in percent of their quota.",
                    categories: withQuota.map(\.scope.name), series: [ChartSeries(name: "Of quota", values: withQuota.map { Int64($0.attainment ?? 0) })],
                    marker: withQuota.map { _ in 10_000 }, markerName: "100%", format: { String(format: "%.0f%%", Double($0) / 100) }),
            number: nil, note: withQuota.isEmpty ? "No quotas set for this quarter. Set them on the forecast page." : nil,
            columns: ["Who", "Won", "Quota", "Attainment"].enumerated().map { ColumnView(label: $1, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: $0 > 0) },
            rows: withQuota.map { line in
                [
                    ReportCellView(text: line.scope.name, numeric: false, label: "Who"),
                    ReportCellView(text: WholeAmount.text(line.figures.won, currency: currency), numeric: true, label: "Won"),
                    ReportCellView(text: line.quota.map { WholeAmount.text($0, currency: currency) } ?? "—", numeric: true, label: "Quota"),
                    ReportCellView(text: line.attainment.map { "\($0 / 100)%" } ?? "—", numeric: true, label: "Attainment"),
                ]
            }, href: "/forecast?period=\(period)", linkText: "Open the forecast")
    }

    /// A rep's open deals by stage of the default pipeline.
    static func pipelineCard(for user: User.ID, store: Store, principal: Principal, currency: String) async throws -> DashboardCardView {
        let pipeline = try await store.pipelines.defaultPipeline(in: principal.workspaceID)
        let totals = try await store.dealBoard.totals(of: pipeline, by: principal, owner: user)
        let stages = pipeline.activeStages.filter { !$0.category.isClosed }
        let rates = try await store.forecasts.settings.rates(in: principal.workspaceID)
        let amounts = stages.map { stage in (totals[stage.id]?.amounts ?? []).compactMap { rates.convert($0)?.minor }.reduce(0, +) }
        return DashboardCardView(
            title: "My pipeline",
            chart: amounts.allSatisfy { $0 == 0 }
                ? nil
                : SVGChart.stackedBars(
                    title: "My pipeline", description: "My open deals by stage, in \(currency).", categories: stages.map(\.name),
                    series: [ChartSeries(name: "Open", values: amounts)], format: { CompactAmount.text($0, currency: currency) }),
            number: nil, note: amounts.allSatisfy { $0 == 0 } ? "No open deals. Convert a lead or add a deal." : nil,
            columns: ["Stage", "Deals", "Amount"].enumerated().map { ColumnView(label: $1, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: $0 > 0) },
            rows: zip(stages, amounts).map { stage, amount in
                [
                    ReportCellView(text: stage.name, numeric: false, label: "Stage"),
                    ReportCellView(text: String(totals[stage.id]?.count ?? 0), numeric: true, label: "Deals"),
                    ReportCellView(text: WholeAmount.text(amount, currency: currency), numeric: true, label: "Amount"),
                ]
            }, href: "/deals/board?pipeline=\(pipeline.id)", linkText: "Open the board")
    }
}
