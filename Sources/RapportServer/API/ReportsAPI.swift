import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// What a report request asks for: the period (a name such as 2026-Q4, or from and to dates),
/// a team, an owner, an industry, and the grouping.
struct ReportRequest: Sendable {
    var filter: ReportFilter
    var by: String
    var periodName: String?

    static func read(_ params: Hummingbird.Parameters, definition: ReportDefinition, store: Store, principal: Principal, zone: TimeZone)
        async throws -> ReportRequest
    {
        var issues: [FieldIssue] = []
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        var from: LocalDate?
        var to: LocalDate?
        var periodName: String?
        if let raw = params.get("from"), !raw.isEmpty {
            do { from = try LocalDate(raw) } catch { issues.append(FieldIssue(field: "from", reason: "must be a date written YYYY-MM-DD")) }
        }
        if let raw = params.get("to"), !raw.isEmpty {
            do { to = try LocalDate(raw) } catch { issues.append(FieldIssue(field: "to", reason: "must be a date written YYYY-MM-DD")) }
        }
        if from == nil || to == nil {
            let period: ForecastPeriod
            if let raw = params.get("period"), !raw.isEmpty {
                do { period = try ForecastPeriod(parsing: raw, fiscalStart: fiscal) } catch {
                    issues.append(FieldIssue(field: "period", reason: "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)"))
                    period = ForecastPeriod(.quarter, containing: LocalDate.today(in: zone))
                }
            } else {
                period = ForecastPeriod(.quarter, containing: LocalDate.today(in: zone), fiscalStart: fiscal)
            }
            from = from ?? period.first
            to = to ?? period.last
            periodName = period.name(fiscalStart: fiscal)
        }
        let today = LocalDate.today(in: zone)
        var filter = ReportFilter(from: from ?? today, to: to ?? today)
        if filter.to < filter.from { issues.append(FieldIssue(field: "to", reason: "must not be before from")) }
        if filter.days > 3700 { issues.append(FieldIssue(field: "from", reason: "a report covers at most ten years")) }
        for (key, assign) in [("team_id", 0), ("owner_id", 1)] {
            guard let raw = params.get(key), !raw.isEmpty else { continue }
            guard let id = UUID(uuidString: raw) else {
                issues.append(FieldIssue(field: key, reason: "must be an ID"))
                continue
            }
            if assign == 0 { filter.teamID = Team.ID(id) } else { filter.ownerID = User.ID(id) }
        }
        if let industry = params.get("industry"), !industry.isEmpty { filter.industry = String(industry.prefix(100)) }
        var by = definition.groupings.first ?? ""
        if let raw = params.get("by"), !raw.isEmpty {
            if definition.groupings.contains(raw) { by = raw } else {
                issues.append(
                    FieldIssue(
                        field: "by", reason: definition.groupings.isEmpty ? "this report has no groupings" : "must be one of: \(definition.groupings.joined(separator: ", "))"))
            }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return ReportRequest(filter: filter, by: by, periodName: periodName)
    }
}

/// `GET /api/v1/reports` (the list) and `GET /api/v1/reports/{name}`: the same tables the report
/// pages show, as JSON.
struct ReportsAPI: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/reports") { _, context -> Response in
            _ = try context.requirePrincipal()
            return .json(
                .object(
                    JSONObject([
                        "data": .array(
                            ReportCatalog.all.map {
                                .object(
                                    JSONObject([
                                        "name": .string($0.name), "title": .string($0.title), "summary": .string($0.summary),
                                        "groupings": .array($0.groupings.map { .string($0) }),
                                    ]))
                            })
                    ])))
        }
        group.get("/api/v1/market-sizes") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let sizes = try await store.reports.marketSizes(in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(sizes.map(\.json))])))
        }
        group.put("/api/v1/market-sizes") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins record market sizes.") }
            var request = request
            var input = Input(try await request.jsonObject(limit: 1 << 16))
            let industry = input.text("industry", max: 100)
            let country = input.text("country", max: 2)
            let year = input.int("year", in: 1990...2100)
            let amount = input.money("amount")
            let source = input.text("source", max: 300)
            for (key, present) in [("industry", industry.value != nil), ("year", year.value != nil), ("amount", amount.value != nil)] where !present {
                input.fail(key, "is required")
            }
            try input.finish()
            guard case .set(let name?) = industry, case .set(let y?) = year, case .set(let value?) = amount, case .money(let money) = value else {
                throw RapportError.invalid(field: "amount", reason: "is required")
            }
            let size = try await store.reports.setMarketSize(
                industry: name, country: (country.value ?? nil) ?? "", year: Int(y), amount: money, source: (source.value ?? nil) ?? "",
                by: principal)
            return .json(size.json)
        }
        group.delete("/api/v1/market-sizes/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(MarketSize.ID.init) else {
                throw RapportError.notFound(entity: "market size", id: context.parameters.get("id") ?? "")
            }
            try await store.reports.removeMarketSize(id, by: principal)
            return Response(status: .noContent)
        }
        group.get("/api/v1/reports/:name") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let name = context.parameters.get("name") ?? ""
            guard let definition = ReportCatalog.named(name) else { throw RapportError.notFound(entity: "report", id: name) }
            let query = try await ReportRequest.read(
                request.uri.queryParameters, definition: definition, store: store, principal: principal, zone: context.zone)
            let table = try await definition.run(store, query.filter, query.by, principal)
            var object = JSONObject([
                "report": .string(definition.name), "title": .string(definition.title), "from": .string(query.filter.from.description),
                "to": .string(query.filter.to.description), "by": query.by.isEmpty ? .null : .string(query.by),
                "currency": .string(try await store.forecasts.settings.rates(in: principal.workspaceID).base),
            ])
            if case .object(let t) = table.json { for (key, value) in t { object[key] = value } }
            return .json(.object(object))
        }
    }
}
