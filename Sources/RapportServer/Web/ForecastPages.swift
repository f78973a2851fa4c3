import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

struct ForecastRowView {
    var name: String
    var depth: Int
    var scope: String
    var quota: String
    var won: String
    var commit: String
    var bestCase: String
    var open: String
    var weighted: String
    var historical: String
    var attainment: String
    var attainmentPercent: Int
    var adjusted: [AdjustedView]
    var canManage: Bool
    var quotaValue: String
}

struct AdjustedView {
    var figure: String
    var amount: String
    var computed: String
    var note: String
    var by: String
}

struct ForecastPageView {
    var periodName: String
    var periodRange: String
    var prevHref: String
    var nextHref: String
    var kinds: [TabView]
    var currentKind: String
    var pipelines: [OptionView]
    var asOf: String
    var asOfText: String?
    var currency: String
    var chart: String
    var rows: [ForecastRowView]
    var unconverted: String?
    var basis: String
    var settingsHref: String?
    var accuracyHref: String
    var figures: [OptionView]
    var canManage: Bool
    /// The lines the reader sets quotas for and adjusts.
    var scopes: [OptionView]
}

struct ForecastContent {
    var forecast: ForecastPageView
}

/// The forecast page: a period's lines per team and person with quotas and attainment, a chart
/// of won / commit / best case against quota, managers' quotas and adjustments in place.
struct ForecastPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/forecast") { request, context in try await page(request, context) }
        group.post("/forecast/adjust") { request, context in try await adjust(request, context) }
        group.post("/forecast/quota") { request, context in try await quota(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = request.uri.queryParameters
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        var period = try await ForecastAPI.period(params.get("period"), store: store, principal: principal, zone: context.zone)
        if let kind = params.get("kind").flatMap(ForecastPeriod.Kind.init(rawValue:)), kind != period.kind {
            period = ForecastPeriod(kind, containing: period.first, fiscalStart: fiscal)
        }
        let pipelineID = params.get("pipeline").flatMap(Pipeline.ID.init)
        let asOfText = params.get("as_of") ?? ""
        var asOf: Timestamp?
        if !asOfText.isEmpty {
            guard let moment = DealsAPI.moment(asOfText) else { throw RapportError.invalid(field: "as_of", reason: "must be a date") }
            asOf = moment
        }
        let report = try await store.forecasts.report(period, pipeline: pipelineID, asOf: asOf, by: principal)
        let pipelines = try await store.pipelines.all(in: principal.workspaceID)
        let currency = report.currency
        func money(_ minor: Int64) -> String { WholeAmount.text(minor, currency: currency) }
        func link(_ p: ForecastPeriod) -> String {
            "/forecast" + FormData.query([("period", p.name(fiscalStart: fiscal)), ("pipeline", pipelineID?.description), ("as_of", asOf == nil ? nil : asOfText)])
        }
        var rows: [ForecastRowView] = []
        var managed: [OptionView] = []
        // Teams and people with nothing in the period and no quota would only add empty lines.
        let shown = report.lines.filter { line in
            let f = line.figures
            return line.depth == 0 || line.quota != nil || f.openDeals + f.wonDeals + f.lostDeals > 0 || !line.adjustments.isEmpty
        }
        for line in shown {
            let f = line.figures
            let canManage = try await Self.manages(line.scope, principal: principal, store: store)
            if canManage, line.scope.id != nil || line.scope.kind == .workspace {
                managed.append(
                    OptionView(value: line.scope.key, label: String(repeating: "  ", count: max(0, line.depth - 1)) + line.scope.name, selected: false))
            }
            rows.append(
                ForecastRowView(
                    name: line.scope.name, depth: min(line.depth, 4), scope: line.scope.key, quota: line.quota.map(money) ?? "—",
                    won: money(f.won), commit: money(f.commitTotal), bestCase: money(f.bestCaseTotal), open: money(f.open),
                    weighted: money(f.weighted), historical: money(f.historical),
                    attainment: line.attainment.map { "\($0 / 100)%" } ?? "—", attainmentPercent: min(100, (line.attainment ?? 0) / 100),
                    adjusted: line.adjustments.sorted { $0.key.rawValue < $1.key.rawValue }.map { figure, adjustment in
                        AdjustedView(
                            figure: Self.label(figure), amount: money(adjustment.amount),
                            computed: money(figure == .commit ? f.commitTotal : figure == .bestCase ? f.bestCaseTotal : f.open),
                            note: adjustment.note, by: adjustment.by)
                    },
                    canManage: canManage && (line.scope.id != nil || line.scope.kind == .workspace),
                    quotaValue: line.quota.map { Money(minor: $0, currency: currency).formattedAmount } ?? ""))
        }
        let charted = shown.filter { $0.depth <= 2 && ($0.scope.id != nil || $0.scope.kind == .workspace) }.prefix(14)
        let chart = SVGChart.stackedBars(
            title: "Forecast for \(report.periodName)",
            description: "For each team and person: won, then committed, then best case, in \(currency), with the quota marked.",
            categories: charted.map { String(repeating: "  ", count: max(0, $0.depth - 1)) + $0.scope.name },
            series: [
                ChartSeries(name: "Won", values: charted.map(\.figures.won)),
                ChartSeries(name: "Commit", values: charted.map(\.figures.commit)),
                ChartSeries(name: "Best case", values: charted.map(\.figures.bestCase)),
            ],
            marker: charted.map(\.quota), format: { CompactAmount.text($0, currency: currency) })
        let unconverted = report.unconverted.isEmpty
            ? nil
            : report.unconverted.sorted { $0.key < $1.key }.map { "\($0.value) in \($0.key)" }.joined(separator: ", ")
        let view = ForecastPageView(
            periodName: report.periodName, periodRange: "\(DateText.dayOf(period.first)) – \(DateText.dayOf(period.last))",
            prevHref: link(period.previous(fiscalStart: fiscal)), nextHref: link(period.next(fiscalStart: fiscal)),
            kinds: ForecastPeriod.Kind.allCases.map {
                TabView(
                    text: ChoiceLabel.text($0.rawValue), href: "/forecast?kind=\($0.rawValue)&period=\(report.periodName)",
                    current: $0 == period.kind)
            },
            currentKind: ChoiceLabel.text(period.kind.rawValue),
            pipelines: [OptionView(value: "", label: "All pipelines", selected: pipelineID == nil)]
                + pipelines.filter { !$0.retired || $0.id == pipelineID }.map {
                    OptionView(value: $0.id.description, label: $0.name, selected: $0.id == pipelineID)
                },
            asOf: asOfText, asOfText: asOf.map { "As the deals stood at the end of \(DateText.day($0, in: .gmt))" }, currency: currency,
            chart: chart, rows: rows, unconverted: unconverted,
            basis: report.measuredDeals > 0
                ? "Historical: each open deal weighted by how often deals in its stage, that long, were won — measured on \(report.measuredDeals) closed deals of the last year."
                : "Historical: no deals closed in the last year yet, so each stage's own probability stands in.",
            settingsHref: principal.role == .admin ? "/settings/forecast" : nil,
            accuracyHref: "/forecast/accuracy?kind=\(period.kind.rawValue)",
            figures: AdjustableFigure.allCases.map { OptionView(value: $0.rawValue, label: Self.label($0), selected: $0 == .commit) },
            canManage: !managed.isEmpty, scopes: managed)
        return pages.render("forecast", title: "Forecast \(report.periodName)", content: ForecastContent(forecast: view), context: context, request: request)
    }

    func adjust(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = "/forecast?period=\(FormData.encode(form["period"] ?? ""))"
        let period = try await ForecastAPI.period(form["period"], store: store, principal: principal, zone: context.zone)
        let scope = try ForecastAPI.scope(form["scope"])
        guard let figure = form["figure"].flatMap(AdjustableFigure.init(rawValue:)) else {
            return .seeOther(back, flash: "Choose which number to adjust.", kind: "error")
        }
        let currency = try await store.forecasts.settings.rates(in: principal.workspaceID).base
        do {
            let amount = try Money.parse(form["amount"] ?? "", currency: currency)
            _ = try await store.forecasts.adjust(figure, of: scope, period: period, to: amount.minor, note: form["note"] ?? "", by: principal)
            return .seeOther(back, flash: "Adjusted: \(Self.label(figure).lowercased()) is now \(amount).")
        } catch let error as RapportError {
            let reason = error.fieldIssues.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
            return .seeOther(back, flash: reason.isEmpty ? "That adjustment was not saved." : "Not saved — \(reason)", kind: "error")
        }
    }

    func quota(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = "/forecast?period=\(FormData.encode(form["period"] ?? ""))"
        let period = try await ForecastAPI.period(form["period"], store: store, principal: principal, zone: context.zone)
        let scope = try ForecastAPI.scope(form["scope"])
        let currency = try await store.forecasts.settings.rates(in: principal.workspaceID).base
        let text = (form["amount"] ?? "").trimmingWhitespace()
        do {
            let amount = text.isEmpty ? nil : try Money.parse(text, currency: currency)
            try await store.forecasts.setQuota(amount?.minor, scope: scope, period: period, by: principal)
            return .seeOther(back, flash: amount.map { "Quota set to \($0)." } ?? "Quota removed.")
        } catch let error as RapportError {
            let reason = error.fieldIssues.map(\.reason).joined(separator: "; ")
            return .seeOther(back, flash: "The quota was not saved\(reason.isEmpty ? "." : ": " + reason)", kind: "error")
        }
    }

    static func label(_ figure: AdjustableFigure) -> String {
        switch figure {
        case .commit: "Commit"
        case .bestCase: "Best case"
        case .pipeline: "Pipeline"
        }
    }

    /// Whether the principal may set the quota of and adjust a line (as the store will check).
    static func manages(_ scope: ForecastScope, principal: Principal, store: Store) async throws -> Bool {
        switch principal.role {
        case .admin: return true
        case .manager:
            switch scope.kind {
            case .workspace: return false
            case .team: return scope.id.map { principal.visibleTeams.contains(Team.ID($0)) } ?? false
            case .user:
                guard let id = scope.id, let user = try await store.directory.user(User.ID(id)), let team = user.teamID else { return false }
                return principal.visibleTeams.contains(team)
            }
        default: return false
        }
    }
}

/// Amounts in whole units for dense tables whose heading names the currency: "1,513,819".
enum WholeAmount {
    static func text(_ minor: Int64, currency: String) -> String {
        let exponent = Money.exponent(of: currency)
        guard exponent > 0 else { return Money(minor: minor, currency: currency).formattedAmount }
        let scale = Int64(pow(10, Double(exponent)))
        let rounded = (minor + (minor >= 0 ? scale / 2 : -scale / 2)) / scale * scale
        let text = Money(minor: rounded, currency: currency).formattedAmount
        guard let dot = text.lastIndex(of: ".") else { return text }
        return String(text[..<dot])
    }
}
