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

@Suite struct LeadSettingsPagesTests {
    @Test(arguments: TestDatabase.all)
    func repsReadTheLeadSettingsAndOnlyAdminsChangeThem(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            for path in ["/settings/leads", "/settings/lead-scoring", "/settings/lead-forms"] {
                let page = try await rep.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("action=\"/settings/leads/first-touch\""))
            }
            let csrf = try #require(Browser.csrf(in: try await rep.get("/home").text))
            let refused = try await rep.post(
                "/settings/leads/first-touch", ["_csrf": csrf, "hours": "1", "time_zone": "UTC", "day1_open": "on", "day1_from": "09:00", "day1_to": "17:00"])
            #expect(refused.status == .forbidden)
            #expect(try await rep.get("/settings/lead-forms/new").status == .forbidden)

            var admin = Browser(client: client)
            _ = try await admin.signIn("admin@example.com")
            let page = try await admin.get("/settings/leads")
            #expect(page.text.contains("action=\"/settings/leads/first-touch\""))
            #expect(page.text.contains("href=\"/settings/lead-scoring\""))
            let token = try #require(Browser.csrf(in: page.text))
            // A day that closes before it opens is named beside the day; the typed values stay.
            var form = ["_csrf": token, "hours": "2", "time_zone": "Europe/Berlin"]
            for day in 1...5 { form["day\(day)_open"] = "on"; form["day\(day)_from"] = "08:00"; form["day\(day)_to"] = "16:00" }
            form["day3_to"] = "07:00"
            let wrong = try await admin.post("/settings/leads/first-touch", form)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("id=\"day3-error\""))
            form["day3_to"] = "16:00"
            let saved = try await admin.post("/settings/leads/first-touch", form)
            #expect(saved.status == .seeOther)
            let policy = try await app.store.firstTouch.policy(in: app.workspace.id)
            #expect(policy.hours == 2 && policy.businessHours.description == "1-5 08:00-16:00" && policy.timeZone == "Europe/Berlin")

            // An assignment rule through the form; a missing name is named beside the field.
            let missing = try await admin.post("/settings/leads/rules", ["_csrf": token, "name": "", "assign_to": "people", "countries": "DE"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("rule-name-error"))
            let added = try await admin.post(
                "/settings/leads/rules",
                ["_csrf": token, "name": "DACH", "active": "on", "countries": "de, at", "assign_to": "people", "user.\(app.salesRep.id)": "on"])
            #expect(added.status == .seeOther)
            let rules = try await app.store.leadAssignment.rules(in: app.workspace.id)
            #expect(rules.map(\.countries) == [["DE", "AT"]])
            let tried = try await admin.get("/settings/leads?try_country=AT&try_region=&try_postal_code=&try_source=")
            #expect(tried.text.contains("Sam Sales"))

            // A scoring rule and a web form.
            let rule = try await admin.post(
                "/settings/lead-scoring/rules", ["_csrf": token, "field": "calls", "operator": "each", "points": "5", "max_points": "15"])
            #expect(rule.status == .seeOther)
            let scoring = try await admin.get("/settings/lead-scoring")
            #expect(scoring.text.contains("+5 each, up to 15"))
            let newForm = try await admin.post(
                "/settings/lead-forms",
                ["_csrf": token, "name": "Contact us", "active": "on", "ask.last_name": "on", "require.last_name": "on", "ask.emails": "on"])
            #expect(newForm.status == .seeOther)
            let formPage = try await admin.get(try #require(newForm.headers[.location]))
            #expect(formPage.text.contains("&lt;iframe src=&quot;http"))
            #expect(formPage.text.contains("/f/"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func theLeadPageShowsItsScoreAndTheListCountsBreaches(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let admin = try await app.store.directory.principal(for: app.admin)
            _ = try await app.store.leadScoring.create(
                LeadScoreRule(id: .make(), kind: .fit, field: "industry", op: .is, value: "Pharmaceuticals", points: 20), by: admin)
            try await app.store.firstTouch.set(FirstTouchPolicy(hours: 1, businessHours: try BusinessHours(parsing: "1-7 00:00-24:00"), timeZone: "UTC"), by: admin)
            let sam = try await app.store.directory.principal(for: app.salesRep)
            var input = Input(["last_name": .string("Ortiz"), "industry": .string("Pharmaceuticals")])
            let lead = try await Timestamp.$pinned.withValue(Timestamp.now().adding(seconds: -2 * 3600)) {
                try await app.store.leads.create(RecordChanges<Lead>.read(&input, defaultCountry: "US"), by: sam)
            }
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/leads/\(lead.id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("+20 industry is Pharmaceuticals"))
            #expect(page.text.contains("First touch overdue since"))
            let list = try await browser.get("/leads")
            #expect(list.text.contains("1 new lead is past its first-touch deadline"))
            let breaches = try await browser.get("/leads/first-touch")
            #expect(breaches.status == .ok)
            #expect(breaches.text.contains("Ortiz"))
            #expect(breaches.text.contains("overdue"))

            // The new-lead form leaves the owner to the rules unless someone is chosen.
            _ = try await app.store.leadAssignment.create(
                LeadAssignmentRule(id: .make(), name: "Canada", countries: ["CA"], userIDs: [app.salesManager.id]), by: admin)
            let form = try await browser.get("/leads/new")
            #expect(form.text.contains("Assign by the rules"))
            let csrf = try #require(Browser.csrf(in: form.text))
            let created = try await browser.post(
                "/leads", ["_csrf": csrf, "last_name": "Tremblay", "country": "CA", "status": "new", "owner_id": "", "team_id": ""])
            #expect(created.status == .seeOther)
            let made = try #require(
                try await app.store.leads.list(ListQuery(q: "Tremblay"), by: .system(app.workspace.id)).items.first)
            #expect(made.ownerID == app.salesManager.id)
            let mine = try await browser.post(
                "/leads", ["_csrf": csrf, "last_name": "Gagnon", "country": "CA", "status": "new", "owner_id": app.salesRep.id.description])
            #expect(mine.status == .seeOther)
            let kept = try #require(try await app.store.leads.list(ListQuery(q: "Gagnon"), by: .system(app.workspace.id)).items.first)
            #expect(kept.ownerID == app.salesRep.id)
        }
    }
}
