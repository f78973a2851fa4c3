import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

struct AccuracyRowView {
    var taken: String
    var commit: String
    var weighted: String
    var historical: String
    var bestCase: String
    var commitError: String
    var weightedError: String
    var historicalError: String
}

struct AccuracyPeriodView {
    var name: String
    var actual: String
    var rows: [AccuracyRowView]
    var chart: String?
}

struct AccuracyView {
    var kind: String
    var kinds: [TabView]
    var periods: [AccuracyPeriodView]
    var currency: String
}

/// The forecast's accuracy: for each finished period, what the weekly snapshots said it would
/// bring (commit, weighted, historical) against what was won, and by how much each was off.
struct ForecastAccuracyPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/forecast/accuracy") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            let kind = params.get("kind").flatMap(ForecastPeriod.Kind.init(rawValue:)) ?? .quarter
            let currency = try await store.forecasts.settings.rates(in: principal.workspaceID).base
            let periods = try await store.forecasts.accuracy(
                kind, scope: ForecastScope(kind: .workspace, id: nil, name: ""), count: kind == .month ? 6 : 4, by: principal)
            func money(_ minor: Int64) -> String { WholeAmount.text(minor, currency: currency) }
            func error(_ forecast: Int64, _ actual: Int64) -> String {
                guard actual != 0 else { return forecast == 0 ? "0%" : "—" }
                let percent = Int((Double(forecast - actual) / Double(actual) * 100).rounded())
                return (percent > 0 ? "+" : "") + "\(percent)%"
            }
            let view = AccuracyView(
                kind: kind.rawValue,
                kinds: ForecastPeriod.Kind.allCases.map {
                    TabView(text: ChoiceLabel.text($0.rawValue), href: "/forecast/accuracy?kind=\($0.rawValue)", current: $0 == kind)
                },
                periods: periods.map { period in
                    let labels = period.snapshots.map { DateText.day($0.takenAt, in: context.zone) }
                    let chart = period.snapshots.count < 2
                        ? nil
                        : SVGChart.lines(
                            title: "Forecasts for \(period.periodName) week by week",
                            description: "Commit, weighted and historical forecasts at each weekly snapshot, and what was won.",
                            labels: labels,
                            series: [
                                ChartSeries(name: "Won in the end", values: period.snapshots.map { _ in period.actual }),
                                ChartSeries(name: "Commit", values: period.snapshots.map(\.figures.commitTotal)),
                                ChartSeries(name: "Weighted", values: period.snapshots.map(\.figures.weighted)),
                                ChartSeries(name: "Historical", values: period.snapshots.map(\.figures.historical)),
                            ], format: { CompactAmount.text($0, currency: currency) })
                    return AccuracyPeriodView(
                        name: period.periodName, actual: money(period.actual),
                        rows: period.snapshots.map { s in
                            AccuracyRowView(
                                taken: DateText.day(s.takenAt, in: context.zone), commit: money(s.figures.commitTotal),
                                weighted: money(s.figures.weighted), historical: money(s.figures.historical),
                                bestCase: money(s.figures.bestCaseTotal), commitError: error(s.figures.commitTotal, period.actual),
                                weightedError: error(s.figures.weighted, period.actual),
                                historicalError: error(s.figures.historical, period.actual))
                        }, chart: chart)
                }, currency: currency)
            return pages.render("forecast-accuracy", title: "Forecast accuracy", content: view, context: context, request: request)
        }
    }
}
