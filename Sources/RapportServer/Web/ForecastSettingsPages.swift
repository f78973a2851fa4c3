import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

struct RateRowView {
    var currency: String
    var rate: String
}

struct ForecastSettingsView {
    var currency: String
    var months: [OptionView]
    var rates: [RateRowView]
    var currencies: [OptionView]
    var error: String?
}

/// Settings › Forecast: the month the fiscal year starts and what other currencies are worth in
/// the workspace's own. Admins only.
struct ForecastSettingsPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/forecast") { request, context -> Response in
            let principal = try Self.admin(context)
            return try await page(error: nil, principal: principal, request: request, context: context)
        }
        group.post("/settings/forecast") { request, context -> Response in
            let principal = try Self.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                if let month = form["fiscal_year_start"].flatMap(Int.init) {
                    try await store.forecasts.settings.setFiscalStart(month, by: principal)
                    return .seeOther("/settings/forecast", flash: "The fiscal year now starts in \(Self.monthNames[month - 1]).")
                }
                let code = (form["currency"] ?? "").uppercased()
                if form["action"] == "remove" {
                    try await store.forecasts.settings.setRate(nil, of: code, by: principal)
                    return .seeOther("/settings/forecast", flash: "Removed the rate for \(code).")
                }
                guard let rate = Decimal(string: (form["rate"] ?? "").replacingOccurrences(of: ",", with: ".")), rate > 0 else {
                    throw RapportError.invalid(field: "rate", reason: "must be a positive number, e.g. 1.08")
                }
                try await store.forecasts.settings.setRate(rate, of: code, by: principal)
                return .seeOther("/settings/forecast", flash: "1 \(code) is now worth \(rate) in the workspace's currency.")
            } catch let error as RapportError {
                let text = error.fieldIssues.map { "\(ChoiceLabel.text($0.field)): \($0.reason)" }.joined(separator: "; ")
                return try await page(error: text.isEmpty ? "That was not saved." : text, principal: principal, request: request, context: context)
            }
        }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func page(error: String?, principal: Principal, request: Request, context: AppRequestContext) async throws -> Response {
        let rates = try await store.forecasts.settings.rates(in: principal.workspaceID)
        let fiscal = try await store.forecasts.settings.fiscalStart(in: principal.workspaceID)
        let view = ForecastSettingsView(
            currency: rates.base,
            months: Self.monthNames.enumerated().map { OptionView(value: String($0.offset + 1), label: $0.element, selected: $0.offset + 1 == fiscal) },
            rates: rates.perMillion.keys.sorted().map { RateRowView(currency: $0, rate: rates.rate(of: $0).map { "\($0)" } ?? "") },
            currencies: Money.common.filter { $0 != rates.base }.map { OptionView(value: $0, label: $0, selected: false) }, error: error)
        return pages.render(
            "forecast-settings", title: "Forecast settings", content: view, context: context, request: request,
            status: error == nil ? .ok : .unprocessableContent)
    }

    static func admin(_ context: AppRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins change the fiscal year and exchange rates.") }
        return principal
    }
}
