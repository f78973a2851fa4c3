import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

@Suite struct ForecastAPITests {
    @Test(arguments: TestDatabase.all)
    func aForecastWithRatesQuotasAndAnAdjustmentOverTheAPI(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            for (name, amount, currency) in [("Dollars", 1_000_000, "USD"), ("Euros", 500_000, "EUR")] {
                let created = try await client.execute(
                    uri: "/api/v1/deals", method: .post, headers: app.auth(app.salesRep),
                    body: body(.object(["name": .string(name), "amount": .object(["amount_minor": .int(Int64(amount)), "currency": .string(currency)]), "close_date": "2031-05-15"])))
                #expect(created.status == .created)
            }
            let before = try await client.execute(uri: "/api/v1/forecast?period=2031-Q2", method: .get, headers: app.auth(app.salesManager))
            #expect(before.status == .ok)
            #expect(try before.object["unconverted"]?.object?.int("EUR") == 1)
            let rates = try await client.execute(
                uri: "/api/v1/settings/forecast", method: .put, headers: app.auth(app.admin),
                body: body(.object(["rates": .object(["EUR": "1.10", "X1": "2", "GBP": "-1"])])))
            #expect(rates.status == .unprocessableContent)
            #expect(Set(try rates.object.array("errors").compactMap { $0.object?.string("field") }) == ["rates.X1", "rates.GBP"])
            // Nothing was stored: the good rate waits for the bad ones to be fixed.
            let unchanged = try await client.execute(uri: "/api/v1/settings/forecast", method: .get, headers: app.auth(app.admin))
            #expect(try unchanged.object["rates"] == .object(JSONObject()))
            let good = try await client.execute(
                uri: "/api/v1/settings/forecast", method: .put, headers: app.auth(app.admin),
                body: body(.object(["fiscal_year_start": 1, "rates": .object(["EUR": "1.10"])])))
            #expect(good.status == .ok)
            #expect(try good.object["rates"]?.object?.string("EUR") == "1.1")
            let byRep = try await client.execute(
                uri: "/api/v1/settings/forecast", method: .put, headers: app.auth(app.salesRep), body: body(.object(["fiscal_year_start": 4])))
            #expect(byRep.status == .forbidden)
            let scope = "user:\(app.salesRep.id)"
            let quota = try await client.execute(
                uri: "/api/v1/forecast/quotas", method: .put, headers: app.auth(app.salesManager),
                body: body(.object(["period": "2031-Q2", "scope": .string(scope), "amount": 3_000_000])))
            #expect(quota.status == .noContent)
            let adjust = try await client.execute(
                uri: "/api/v1/forecast/adjustments", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["period": "2031-Q2", "scope": .string(scope), "figure": "best_case", "amount": 2_000_000, "note": "Euros will slip"])))
            #expect(adjust.status == .created)
            let badScope = try await client.execute(
                uri: "/api/v1/forecast/adjustments", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["period": "2031-Q9", "scope": "someone", "figure": "best_case", "amount": 1, "note": "x"])))
            #expect(badScope.status == .unprocessableContent)
            let forecast = try await client.execute(uri: "/api/v1/forecast?period=2031-Q2", method: .get, headers: app.auth(app.salesManager))
            let lines = try forecast.object.array("lines").compactMap(\.object)
            let everyone = try #require(lines.first)
            #expect(everyone.int("pipeline") == Int64(1_550_000))
            #expect(everyone.int("weighted") == Int64(155_000))
            let rep = try #require(lines.first { $0.string("scope") == scope })
            #expect(rep.int("quota") == 3_000_000)
            #expect(rep["adjustments"]?.object?["best_case"]?.object?.int("amount") == 2_000_000)
            let accuracy = try await client.execute(uri: "/api/v1/forecast/accuracy?kind=month&count=2", method: .get, headers: app.auth(app.salesManager))
            #expect(try accuracy.object.array("data").count == 2)
            let badKind = try await client.execute(uri: "/api/v1/forecast/accuracy?kind=week", method: .get, headers: app.auth(app.salesManager))
            #expect(badKind.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theForecastPageShowsTheChartAndTableAndTakesAQuota(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("max@example.com")
            let page = try await browser.get("/forecast?period=2031-Q2")
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg class=\"chart\""))
            #expect(page.text.contains("By team and person"))
            let csrf = try #require(Browser.csrf(in: page.text))
            let saved = try await browser.post(
                "/forecast/quota", ["_csrf": csrf, "period": "2031-Q2", "scope": "user:\(app.salesRep.id)", "amount": "25,000.00"])
            #expect(saved.status == .seeOther)
            let manager = try await app.store.directory.principal(for: app.salesManager)
            let quotas = try await app.store.forecasts.quotas(for: try ForecastPeriod(parsing: "2031-Q2"), in: manager.workspaceID)
            #expect(quotas["user:\(app.salesRep.id)"] == 2_500_000)
            let accuracy = try await browser.get("/forecast/accuracy")
            #expect(accuracy.status == .ok)
            #expect(try await browser.get("/settings/forecast").status == .forbidden)
        }
    }
}
