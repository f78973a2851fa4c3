import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The forecast over the API: a period's lines, quotas, adjustments, the accuracy report and the
/// forecast settings (fiscal year start, exchange rates).
struct ForecastAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/forecast") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            let period = try await Self.period(params.get("period"), store: store, principal: principal, zone: context.zone)
            let pipeline = try params.get("pipeline_id").map { raw throws(RapportError) -> Pipeline.ID in
                guard let id = Pipeline.ID(raw) else { throw .invalid(field: "pipeline_id", reason: "must be an ID") }
                return id
            }
            var asOf: Timestamp?
            if let raw = params.get("as_of"), !raw.isEmpty {
                guard let moment = DealsAPI.moment(raw) else {
                    throw RapportError.invalid(field: "as_of", reason: "must be a date (the end of that day, UTC) or a date-time")
                }
                asOf = moment
            }
            let report = try await store.forecasts.report(period, pipeline: pipeline, asOf: asOf, by: principal)
            return .json(ForecastJSON.report(report))
        }
        group.put("/api/v1/forecast/quotas") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let periodText = input.text("period", max: 10)
            let scopeText = input.text("scope", max: 60)
            let amount = input.int("amount", in: 0...1_000_000_000_000_000)
            if input.object["amount"] == nil { input.fail("amount", "is required: minor units, or null to remove the quota") }
            try input.finish()
            let period = try await Self.period(periodText.value ?? nil, store: store, principal: principal, zone: context.zone)
            let scope = try Self.scope(scopeText.value ?? nil)
            try await store.forecasts.setQuota(amount.value ?? nil, scope: scope, period: period, by: principal)
            return Response(status: .noContent)
        }
        group.get("/api/v1/forecast/adjustments") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let period = try await Self.period(request.uri.queryParameters.get("period"), store: store, principal: principal, zone: context.zone)
            let adjustments = try await store.forecasts.adjustments(for: period, in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(adjustments.map(ForecastJSON.adjustment))])))
        }
        group.post("/api/v1/forecast/adjustments") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let periodText = input.text("period", max: 10)
            let scopeText = input.text("scope", max: 60)
            let figureText = input.text("figure", max: 20)
            let amount = input.int("amount", in: 0...1_000_000_000_000_000)
            let note = input.text("note", max: 500)
            if amount.value == nil || amount.value == .some(nil) { input.fail("amount", "is required: the number in minor units") }
            try input.finish()
            guard let figure = (figureText.value ?? nil).flatMap(AdjustableFigure.init(rawValue:)) else {
                throw RapportError.invalid(field: "figure", reason: "must be one of: commit, best_case, pipeline")
            }
            let period = try await Self.period(periodText.value ?? nil, store: store, principal: principal, zone: context.zone)
            let scope = try Self.scope(scopeText.value ?? nil)
            let adjustment = try await store.forecasts.adjust(
                figure, of: scope, period: period, to: (amount.value ?? nil) ?? 0, note: (note.value ?? nil) ?? "", by: principal)
            return .json(ForecastJSON.adjustment(adjustment), status: .created)
        }
        group.get("/api/v1/forecast/accuracy") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            let kind = try params.get("kind").map { raw throws(RapportError) -> ForecastPeriod.Kind in
                guard let kind = ForecastPeriod.Kind(rawValue: raw) else { throw .invalid(field: "kind", reason: "must be month, quarter or year") }
                return kind
            } ?? .quarter
            let scope = try Self.scope(params.get("scope") ?? "workspace")
            let count = try params.get("count").map { raw throws(RapportError) -> Int in
                guard let n = Int(raw), (1...12).contains(n) else { throw .invalid(field: "count", reason: "must be from 1 to 12") }
                return n
            } ?? 4
            let periods = try await store.forecasts.accuracy(kind, scope: scope, count: count, by: principal)
            return .json(.object(JSONObject(["data": .array(periods.map(ForecastJSON.accuracy))])))
        }
        group.get("/api/v1/settings/forecast") { _, context -> Response in
            let principal = try context.requirePrincipal()
            return .json(try await Self.settings(store, principal))
        }
        group.put("/api/v1/settings/forecast") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard principal.role == .admin else { throw RapportError.forbidden("Only admins change the fiscal year and exchange rates.") }
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            var input = Input(object)
            let fiscal = input.int("fiscal_year_start", in: 1...12)
            input.accept("rates")
            var rates: [(String, Decimal?)] = []
            switch object["rates"] {
            case nil: break
            case .object(let members)?:
                for (code, value) in members.sorted(by: { $0.key < $1.key }) {
                    switch value {
                    case .null: rates.append((code, nil))
                    case .string(let text):
                        if let rate = Decimal(string: text), rate > 0 { rates.append((code, rate)) } else {
                            input.fail("rates.\(code)", "must be a positive decimal number written as a string, e.g. \"1.08\"")
                        }
                    default: input.fail("rates.\(code)", "must be a decimal number written as a string, or null to remove it")
                    }
                }
            default: input.fail("rates", "must be an object of currency codes to rates")
            }
            // Every rate is checked before any is stored, so a bad one leaves the others as they were.
            let base = try await store.forecasts.settings.rates(in: principal.workspaceID).base
            for (code, rate) in rates {
                if !Money.isValidCurrency(code.uppercased()) { input.fail("rates.\(code)", "is not a three-letter currency code") }
                if code.uppercased() == base { input.fail("rates.\(code)", "is the workspace's own currency; it needs no rate") }
                if let rate { do { _ = try ExchangeRates.perMillion(rate: rate, of: code.uppercased(), base: base) } catch { input.fail("rates.\(code)", "is out of range") } }
            }
            try input.finish()
            if case .set(let month?) = fiscal { try await store.forecasts.settings.setFiscalStart(Int(month), by: principal) }
            for (code, rate) in rates { try await store.forecasts.settings.setRate(rate, of: code, by: principal) }
            return .json(try await Self.settings(store, principal))
        }
    }

    static func settings(_ store: Store, _ principal: Principal) async throws -> JSONValue {
        let rates = try await store.forecasts.settings.rates(in: principal.workspaceID)
        var object = JSONObject()
        for code in rates.perMillion.keys.sorted() { object[code] = rates.rate(of: code).map { .string("\($0)") } ?? .null }
        return .object(
            JSONObject([
                "fiscal_year_start": .int(Int64(try await store.forecasts.settings.fiscalStart(in: principal.workspaceID))),
                "currency": .string(rates.base), "rates": .object(object),
            ]))
    }

    /// The period named (the current quarter when none is).
    static func period(_ raw: String?, store: Store, principal: Principal, zone: TimeZone) async throws -> ForecastPeriod {
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        if let raw, !raw.isEmpty { return try ForecastPeriod(parsing: raw, fiscalStart: fiscal) }
        guard let today = LocalDate.of(.now(), in: zone) ?? LocalDate.of(.now(), in: .gmt) else {
            throw RapportError.invalid(field: "period", reason: "is required")
        }
        return ForecastPeriod(.quarter, containing: today, fiscalStart: fiscal)
    }

    /// `workspace`, `team:<id>` or `user:<id>`.
    static func scope(_ raw: String?) throws(RapportError) -> ForecastScope {
        let bad = RapportError.invalid(field: "scope", reason: "must be workspace, team:<id> or user:<id>")
        guard let raw else { throw bad }
        if raw == "workspace" { return ForecastScope(kind: .workspace, id: nil, name: "") }
        let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = ForecastScope.Kind(rawValue: parts[0]), kind != .workspace, let id = UUID(uuidString: parts[1]) else {
            throw bad
        }
        return ForecastScope(kind: kind, id: id, name: "")
    }
}

/// The forecast's JSON shapes.
enum ForecastJSON {
    static func report(_ report: ForecastReport) -> JSONValue {
        var unconverted = JSONObject()
        for (code, n) in report.unconverted.sorted(by: { $0.key < $1.key }) { unconverted[code] = .int(Int64(n)) }
        return .object(
            JSONObject([
                "period": .string(report.periodName), "first_day": .string(report.period.first.description),
                "last_day": .string(report.period.last.description), "currency": .string(report.currency),
                "as_of": .string(report.asOf?.iso8601), "measured_deals": .int(Int64(report.measuredDeals)),
                "unconverted": .object(unconverted), "lines": .array(report.lines.map(line)),
            ]))
    }

    static func line(_ line: ForecastLine) -> JSONValue {
        let f = line.figures
        var adjustments = JSONObject()
        for (figure, adjustment) in line.adjustments.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            adjustments[figure.rawValue] = self.adjustment(adjustment)
        }
        return .object(
            JSONObject([
                "scope": .string(line.scope.key), "name": .string(line.scope.name), "depth": .int(Int64(line.depth)),
                "won": .int(f.won), "commit": .int(f.commit), "best_case": .int(f.bestCase), "pipeline": .int(f.pipeline),
                "lost": .int(f.lost), "commit_total": .int(f.commitTotal), "best_case_total": .int(f.bestCaseTotal),
                "weighted": .int(f.weighted), "historical": .int(f.historical), "open_deals": .int(Int64(f.openDeals)),
                "won_deals": .int(Int64(f.wonDeals)), "lost_deals": .int(Int64(f.lostDeals)),
                "quota": line.quota.map { .int($0) } ?? .null,
                "attainment_basis_points": line.attainment.map { .int(Int64($0)) } ?? .null, "adjustments": .object(adjustments),
            ]))
    }

    static func adjustment(_ a: ForecastAdjustment) -> JSONValue {
        .object(
            JSONObject([
                "scope": .string(a.scopeKey), "figure": .string(a.figure.rawValue), "amount": .int(a.amount), "note": .string(a.note),
                "by": .string(a.by), "at": .string(a.at.iso8601),
            ]))
    }

    static func accuracy(_ a: ForecastAccuracy) -> JSONValue {
        .object(
            JSONObject([
                "period": .string(a.periodName), "scope": .string(a.scopeKey), "actual": .int(a.actual),
                "snapshots": .array(
                    a.snapshots.map { s in
                        .object(
                            JSONObject([
                                "taken_at": .string(s.takenAt.iso8601), "commit_total": .int(s.figures.commitTotal),
                                "best_case_total": .int(s.figures.bestCaseTotal), "weighted": .int(s.figures.weighted),
                                "historical": .int(s.figures.historical), "quota": s.quota.map { .int($0) } ?? .null,
                            ]))
                    }),
            ]))
    }
}
