import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

@Suite struct BulkPagesTests {
    private func lead(_ app: TestApp, _ name: String, by user: User) async throws -> Record<Lead> {
        let principal = try await app.store.directory.principal(for: user)
        var input = Input(JSONObject(["last_name": .string(name), "company": "Acme", "tags": .array([.string("fair")])]))
        return try await app.store.leads.create(RecordChanges<Lead>.read(&input, defaultCountry: "US"), by: principal)
    }

    @Test(arguments: TestDatabase.all)
    func tickedLeadsChangeOwnerAfterAConfirmationPage(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await lead(app, "Alpha <a>", by: app.salesRep)
            let b = try await lead(app, "Bravo", by: app.salesRep)
            let untouched = try await lead(app, "Charlie", by: app.salesRep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("max@example.com")
            let list = try await browser.get("/leads?sort=-created_at")
            #expect(list.text.contains("data-bulk"))
            #expect(list.text.contains("name=\"ids.\(a.id)\""))
            #expect(list.text.contains("aria-label=\"Tick Alpha &lt;a&gt;\""))
            #expect(list.text.contains("<option value=\"owner_id\">Owner</option>"))
            #expect(list.text.contains("<option value=\"status\">Status</option>"))
            #expect(!list.text.contains("<option value=\"score\">"), "read-only fields are never offered")
            let csrf = try #require(Browser.csrf(in: list.text))

            let confirm = try await browser.post(
                "/leads/bulk",
                ["_csrf": csrf, "field": "owner_id", "action": "edit", "ids.\(a.id)": "true", "ids.\(b.id)": "true",
                 "return_to": "/leads?sort=-created_at"])
            #expect(confirm.status == .ok)
            #expect(confirm.text.contains("Change owner on 2 leads"))
            #expect(confirm.text.contains("Alpha &lt;a&gt;") && confirm.text.contains("Bravo") && !confirm.text.contains("Charlie"))
            #expect(confirm.text.contains("Max Manager"))
            #expect(confirm.text.contains("<input type=\"hidden\" name=\"field\" value=\"owner_id\">"))
            #expect(confirm.text.contains("<input type=\"hidden\" name=\"ids.\(a.id)\" value=\"true\">"))
            let adminPrincipal = try await app.store.directory.principal(for: app.admin)
            let history = try await app.store.leads.history(a.id, limit: 10, by: adminPrincipal)
            #expect(history.count == 1, "the confirmation page changes nothing")

            let applied = try await browser.post(
                "/leads/bulk/apply",
                ["_csrf": csrf, "field": "owner_id", "mode": "edit", "value": app.salesManager.id.description,
                 "ids.\(a.id)": "true", "ids.\(b.id)": "true", "return_to": "/leads?sort=-created_at"])
            #expect(applied.status == .seeOther)
            #expect(applied.headers[.location] == "/leads?sort=-created_at")
            let admin = try await app.store.directory.principal(for: app.admin)
            #expect(try await app.store.leads.get(a.id, by: admin).ownerID == app.salesManager.id)
            #expect(try await app.store.leads.get(b.id, by: admin).ownerID == app.salesManager.id)
            #expect(try await app.store.leads.get(untouched.id, by: admin).ownerID == app.salesRep.id)
            let after = try await browser.get("/leads")
            #expect(after.text.contains("Owner changed on 2 leads."))
        }
    }

    @Test(arguments: TestDatabase.all)
    func recordsThatCannotChangeAreListedWithTheReasonAndTheOthersChange(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await lead(app, "Alpha", by: app.salesRep)
            let b = try await lead(app, "Bravo", by: app.salesRep)
            let admin = try await app.store.directory.principal(for: app.admin)
            var input = Input(JSONObject(["disqualified_reason": "no_budget"]))
            _ = try await app.store.leads.update(b.id, RecordChanges<Lead>.read(&input, defaultCountry: "US"), expecting: b.version, by: admin)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let list = try await browser.get("/leads")
            let csrf = try #require(Browser.csrf(in: list.text))
            // Disqualifying needs a reason: Bravo has one, Alpha does not.
            let applied = try await browser.post(
                "/leads/bulk/apply",
                ["_csrf": csrf, "field": "status", "mode": "edit", "value": "disqualified", "ids.\(a.id)": "true",
                 "ids.\(b.id)": "true", "return_to": "/leads"])
            #expect(applied.status == .ok)
            #expect(applied.text.contains("Some leads could not change"))
            #expect(applied.text.contains("Status changed on 1 lead; 1 lead could not change."))
            #expect(applied.text.contains("Disqualified because is required to disqualify a lead"))
            #expect(applied.text.contains("href=\"/leads/\(a.id)\""))
            #expect(try await app.store.leads.get(a.id, by: admin)["status"]?.text == "new")
            #expect(try await app.store.leads.get(b.id, by: admin)["status"]?.text == "disqualified")

            // A value no lead could take is shown beside the field, and nothing changes.
            let bad = try await browser.post(
                "/leads/bulk/apply",
                ["_csrf": csrf, "field": "status", "mode": "edit", "value": "bogus", "ids.\(a.id)": "true", "return_to": "/leads"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Please check the value"))
            #expect(bad.text.contains("must be one of"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func tagsAreAddedAndRecordsDeletedInBulk(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await lead(app, "Alpha", by: app.salesRep)
            let b = try await lead(app, "Bravo", by: app.salesRep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let csrf = try #require(Browser.csrf(in: try await browser.get("/leads").text))
            let tagged = try await browser.post(
                "/leads/bulk/apply",
                ["_csrf": csrf, "field": "tags", "mode": "edit", "value": "VIP, spring", "ids.\(a.id)": "true", "ids.\(b.id)": "true"])
            #expect(tagged.status == .seeOther)
            let rep = try await app.store.directory.principal(for: app.salesRep)
            #expect(try await app.store.leads.get(a.id, by: rep)["tags"]?.tags == ["fair", "vip", "spring"])

            let none = try await browser.post("/leads/bulk", ["_csrf": csrf, "field": "owner_id", "action": "edit", "return_to": "/leads"])
            #expect(none.status == .seeOther)
            #expect(try await browser.get("/leads").text.contains("Tick the leads to change first."))

            let confirm = try await browser.post("/leads/bulk", ["_csrf": csrf, "action": "delete", "ids.\(a.id)": "true", "ids.\(b.id)": "true"])
            #expect(confirm.text.contains("Delete 2 leads?"))
            #expect(confirm.text.contains("btn-danger"))
            let deleted = try await browser.post(
                "/leads/bulk/apply", ["_csrf": csrf, "mode": "delete", "ids.\(a.id)": "true", "ids.\(b.id)": "true"])
            #expect(deleted.status == .seeOther)
            #expect(try await app.store.leads.get(a.id, by: rep).deletedAt != nil)
            #expect(try await app.store.leads.get(b.id, by: rep).deletedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aViewerGetsNoBulkBarAndCannotPost(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await lead(app, "Alpha", by: app.salesRep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("vic@example.com")
            let list = try await browser.get("/leads")
            #expect(list.text.contains("Alpha"))
            #expect(!list.text.contains("data-bulk"))
            let csrf = try #require(Browser.csrf(in: list.text))
            let refused = try await browser.post(
                "/leads/bulk/apply", ["_csrf": csrf, "field": "status", "mode": "edit", "value": "working", "ids.\(a.id)": "true"])
            #expect(refused.status == .forbidden)
            let admin = try await app.store.directory.principal(for: app.admin)
            #expect(try await app.store.leads.get(a.id, by: admin)["status"]?.text == "new")
        }
    }
}
