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

@Suite struct ReportPagesTests {
    @Test(arguments: TestDatabase.all)
    func everyReportAnswersAsAPageCSVAndJSONAndBadFiltersAreNamed(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let rep = try await app.store.directory.principal(for: app.salesRep)
            var input = Input(JSONObject(["name": "Acme Labs", "type": "customer"]))
            _ = try await app.store.accounts.create(RecordChanges<Account>.read(&input, defaultCountry: "US"), by: rep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let index = try await browser.get("/reports")
            #expect(index.status == .ok)
            for name in ["customers", "revenue", "funnel", "activity", "sources", "competitors"] {
                let page = try await browser.get("/reports/\(name)?period=2026")
                #expect(page.status == .ok, "\(name): \(page.status)")
                #expect(index.text.contains("/reports/\(name)"))
                let api = try await client.execute(uri: "/api/v1/reports/\(name)?period=2026", method: .get, headers: app.auth(app.salesRep))
                #expect(api.status == .ok)
                #expect(try api.object["columns"] != nil)
            }
            let customers = try await browser.get("/reports/customers?by=type&from=2020-01-01&to=2029-12-31")
            #expect(customers.text.contains("<svg class=\"chart\""))
            #expect(customers.text.contains("Acme") == false)  // grouped, not listed
            let csv = try await browser.get("/reports/customers.csv?by=type&from=2020-01-01&to=2029-12-31")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.contains("Type,Accounts,New,No longer customers,Won revenue"))
            #expect(csv.text.contains("Customer,1,1,0,0.00"))
            let bad = try await client.execute(
                uri: "/api/v1/reports/revenue?by=planet&from=2026-13-01&team_id=nope", method: .get, headers: app.auth(app.salesRep))
            #expect(bad.status == .unprocessableContent)
            let fields = Set(try bad.object.array("errors").compactMap { $0.object?.string("field") })
            #expect(fields == ["by", "from", "team_id"])
            let unknown = try await client.execute(uri: "/api/v1/reports/weather", method: .get, headers: app.auth(app.salesRep))
            #expect(unknown.status == .notFound)
        }
    }
}

@Suite struct DashboardTests {
    @Test(arguments: TestDatabase.all)
    func eachRoleGetsItsOwnDashboardWithATableBesideEveryChart(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let rep = try await app.store.directory.principal(for: app.salesRep)
            var input = Input(JSONObject(["name": "Open deal", "amount": .object(["amount_minor": 100_000, "currency": "USD"])]))
            _ = try await app.store.deals.create(RecordChanges<Deal>.read(&input, defaultCountry: "US"), by: rep)
            for (email, expected) in [
                ("sam@example.com", ["Your quarter", "My pipeline", "My tasks"]),
                ("max@example.com", ["Your teams this quarter", "Team forecast", "Attainment", "Funnel this quarter"]),
                ("admin@example.com", ["The company this year", "Revenue by month", "Customers by type", "Contacts made this quarter"]),
            ] {
                var browser = Browser(client: client)
                _ = try await browser.signIn(email)
                let home = try await browser.get("/home")
                #expect(home.status == .ok)
                for text in expected { #expect(home.text.contains(text), "\(email): missing \(text)") }
                let charts = home.text.components(separatedBy: "<svg class=\"chart\"").count - 1
                let tables = home.text.components(separatedBy: "<details class=\"dash-table\">").count - 1
                #expect(charts <= tables, "\(email): a chart without its table")
            }
        }
    }
}
