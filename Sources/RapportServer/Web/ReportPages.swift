import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

struct ReportCellView {
    var text: String
    var numeric: Bool
    var label: String
}

/// A row of cells (the total line).
struct ReportRowView {
    var cells: [ReportCellView]
}

struct ReportPageView {
    var name: String
    var title: String
    var summary: String
    var tabs: [TabView]
    var periods: [OptionView]
    var from: String
    var to: String
    var teams: [OptionView]
    var owners: [OptionView]
    var industries: [OptionView]
    var by: String
    var chart: String?
    var columns: [ColumnView]
    var rows: [[ReportCellView]]
    var total: ReportRowView?
    var isEmpty: Bool
    var facts: [FactView]
    var csvHref: String
    var currency: String
    var range: String
    var markets: MarketSizesView?
}

/// The market sizes a market share report rests on, and the form to record one.
struct MarketSizesView {
    struct Row {
        var year: Int
        var industry: String
        var country: String
        var amount: String
        var source: String
        var removeAction: String
    }

    var rows: [Row]
    var industries: [OptionView]
    var currencies: [OptionView]
    var year: Int
    var canEdit: Bool
}

struct ReportIndexView {
    struct Card {
        var title: String
        var summary: String
        var href: String
    }

    var cards: [Card]
}

/// The reports in the web UI: an index, and one page per report with its filters, chart, table
/// and CSV export — every report through the same page.
struct ReportPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/reports/market/sizes") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let form = try await request.form(limit: 1 << 16)
            let currency = (form["currency"] ?? "USD").uppercased()
            do {
                let amount = try Money.parse(form["amount"] ?? "", currency: currency)
                guard let year = form["year"].flatMap({ Int($0) }) else { throw RapportError.invalid(field: "year", reason: "must be a year") }
                let size = try await store.reports.setMarketSize(
                    industry: form["industry"] ?? "", country: form["country"] ?? "", year: year, amount: amount, source: form["source"] ?? "",
                    by: principal)
                return .seeOther("/reports/market?period=\(size.year)", flash: "Recorded the \(size.industry) market for \(size.year).")
            } catch let error as RapportError {
                let reason = error.fieldIssues.map { "\(ChoiceLabel.text($0.field)): \($0.reason)" }.joined(separator: "; ")
                if case .forbidden = error { throw error }
                return .seeOther("/reports/market", flash: reason.isEmpty ? "That market size was not saved." : "Not saved — \(reason)", kind: "error")
            }
        }
        group.post("/reports/market/sizes/:id/delete") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(MarketSize.ID.init) else {
                throw RapportError.notFound(entity: "market size", id: context.parameters.get("id") ?? "")
            }
            try await store.reports.removeMarketSize(id, by: principal)
            return .seeOther("/reports/market", flash: "Removed.")
        }
        group.get("/reports") { request, context -> Response in
            _ = try context.requirePrincipal()
            var cards = ReportCatalog.all.map { ReportIndexView.Card(title: $0.title, summary: $0.summary, href: "/reports/\($0.name)") }
            cards.insert(
                ReportIndexView.Card(
                    title: "Forecast", summary: "This quarter by team and person: won, commit, best case, weighted and historical, against quota.",
                    href: "/forecast"), at: 0)
            cards.append(
                ReportIndexView.Card(
                    title: "Forecast accuracy", summary: "What the weekly forecasts said each finished quarter would bring, against what was won.",
                    href: "/forecast/accuracy"))
            if (context.user?.role ?? .viewer) >= .manager {
                cards.append(
                    ReportIndexView.Card(
                        title: "Outreach guard overrides", summary: "Who went ahead although another team had just contacted the customer, and why.",
                        href: "/reports/outreach-overrides"))
            }
            return pages.render("reports", title: "Reports", content: ReportIndexView(cards: cards), context: context, request: request)
        }
        group.get("/reports/:name") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var name = context.parameters.get("name") ?? ""
            let csv = name.hasSuffix(".csv")
            if csv { name.removeLast(4) }
            guard let definition = ReportCatalog.named(name) else { throw RapportError.notFound(entity: "report", id: name) }
            let params = request.uri.queryParameters
            let query = try await ReportRequest.read(params, definition: definition, store: store, principal: principal, zone: context.zone)
            let table = try await definition.run(store, query.filter, query.by, principal)
            if csv {
                let file = "\(definition.name)-\(query.filter.from)-\(query.filter.to).csv"
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\"", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + table.csv)))
            }
            let view = try await page(definition, query: query, table: table, params: params, principal: principal, zone: context.zone)
            return pages.render("report", title: definition.title, content: view, context: context, request: request)
        }
    }

    func page(
        _ definition: ReportDefinition, query: ReportRequest, table: ReportTable, params: Hummingbird.Parameters, principal: Principal,
        zone: TimeZone
    ) async throws -> ReportPageView {
        let currency = try await store.forecasts.settings.rates(in: principal.workspaceID).base
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        let today = LocalDate.today(in: zone)
        let quarter = ForecastPeriod(.quarter, containing: today, fiscalStart: fiscal)
        let choices: [(String, String)] = [
            (ForecastPeriod(.month, containing: today, fiscalStart: fiscal).name(fiscalStart: fiscal), "This month"),
            (quarter.name(fiscalStart: fiscal), "This quarter"), (quarter.previous(fiscalStart: fiscal).name(fiscalStart: fiscal), "Last quarter"),
            (ForecastPeriod(.year, containing: today, fiscalStart: fiscal).name(fiscalStart: fiscal), "This year"),
            (ForecastPeriod(.year, containing: today, fiscalStart: fiscal).previous(fiscalStart: fiscal).name(fiscalStart: fiscal), "Last year"),
        ]
        var periods = choices.map { OptionView(value: $0.0, label: "\($0.1) (\($0.0))", selected: $0.0 == query.periodName) }
        if query.periodName == nil { periods.insert(OptionView(value: "", label: "Chosen dates", selected: true), at: 0) }
        let teams = try await store.directory.teams(in: principal.workspaceID)
        let users = try await store.directory.users(in: principal.workspaceID)
        let industries = try await store.reports.industries(in: principal.workspaceID)
        func link(by: String) -> String {
            var pairs: [(String, String?)] = [("by", by)]
            for key in ["period", "from", "to", "team_id", "owner_id", "industry"] { pairs.append((key, params.get(key))) }
            return "/reports/\(definition.name)" + FormData.query(pairs)
        }
        var csvPairs: [(String, String?)] = [("by", query.by.isEmpty ? nil : query.by)]
        for key in ["period", "from", "to", "team_id", "owner_id", "industry"] { csvPairs.append((key, params.get(key))) }
        func cells(_ row: [ReportCell]) -> [ReportCellView] {
            zip(row, table.columns).map { ReportCellView(text: $0.display, numeric: $1.numeric, label: $1.label) }
        }
        return ReportPageView(
            name: definition.name, title: definition.title, summary: definition.summary,
            tabs: definition.groupings.map { TabView(text: "By \($0)", href: link(by: $0), current: $0 == query.by) },
            periods: periods, from: query.filter.from.description, to: query.filter.to.description,
            teams: [OptionView(value: "", label: "All teams", selected: query.filter.teamID == nil)]
                + teams.sorted { $0.name < $1.name }.map { OptionView(value: $0.id.description, label: $0.name, selected: $0.id == query.filter.teamID) },
            owners: [OptionView(value: "", label: "Anyone", selected: query.filter.ownerID == nil)]
                + users.filter(\.active).sorted { $0.name < $1.name }.map {
                    OptionView(value: $0.id.description, label: $0.name, selected: $0.id == query.filter.ownerID)
                },
            industries: [OptionView(value: "", label: "Every industry", selected: query.filter.industry == nil)]
                + industries.map { OptionView(value: $0, label: $0, selected: $0 == query.filter.industry) },
            by: query.by, chart: ReportCatalog.chart(definition, by: query.by, table: table, currency: currency),
            columns: table.columns.map { ColumnView(label: $0.label, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: $0.numeric) },
            rows: table.rows.map(cells), total: table.total.map { ReportRowView(cells: cells($0)) }, isEmpty: table.rows.isEmpty,
            facts: table.facts.map { FactView(label: $0.label, value: $0.value.display) },
            csvHref: "/reports/\(definition.name).csv" + FormData.query(csvPairs), currency: currency,
            range: "\(DateText.dayOf(query.filter.from)) – \(DateText.dayOf(query.filter.to))",
            markets: definition.name == "market"
                ? MarketSizesView(
                    rows: try await store.reports.marketSizes(in: principal.workspaceID).map {
                        MarketSizesView.Row(
                            year: $0.year, industry: $0.industry, country: $0.country.isEmpty ? "Everywhere" : $0.country,
                            amount: $0.amount.description, source: $0.source, removeAction: "/reports/market/sizes/\($0.id)/delete")
                    },
                    industries: industries.map { OptionView(value: $0, label: $0, selected: false) },
                    currencies: ([currency] + Money.common.filter { $0 != currency }).map { OptionView(value: $0, label: $0, selected: $0 == currency) },
                    year: query.filter.to.year, canEdit: principal.role >= .manager)
                : nil)
    }
}
