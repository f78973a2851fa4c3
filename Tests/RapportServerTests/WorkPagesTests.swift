import Foundation
import HTTPTypes
import HummingbirdTesting
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct WorkPagesTests {
    @Test(arguments: TestDatabase.all)
    func myWorkListsTheTasksAndTheNavigationCountsWhatIsDue(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let ana = try await app.newSharedContact()
            let renewal = try await app.purpose("Renewal")
            try await app.newTask(
                "Call <Ana> back", due: .now().adding(seconds: -7200), for: app.salesRep,
                ["contact_id": .string(ana.id.description), "purpose_id": .string(renewal.id.description), "priority": "high"])
            try await app.newTask("Read the brief", due: nil, for: app.salesRep)
            try await app.newTask("Sue's task", due: .now().adding(seconds: -7200), for: app.serviceRep)

            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/work")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("My work"))
            #expect(html.contains("Overdue"))
            #expect(html.contains("No due date"))
            #expect(html.contains("Call &lt;Ana&gt; back"))
            #expect(!html.contains("Call <Ana> back"))
            #expect(html.contains("Read the brief"))
            #expect(!html.contains("Sue&#39;s task") && !html.contains("Sue's task"))
            #expect(html.contains("href=\"/contacts/\(ana.id)\""))
            #expect(html.contains("Renewal"))
            #expect(html.contains("is-overdue"))
            #expect(html.contains("priority-high"))
            #expect(html.contains("/snooze"))
            #expect(!html.contains("My team"), "reps have no team view")
            #expect(html.contains("<span class=\"nav-badge\" title=\"Tasks overdue or due today\">1<"))
            let home = try await browser.get("/home")
            #expect(home.text.contains("nav-badge"))
            #expect(home.text.contains(">Reports<"), "everyone reads the reports their records allow")
            #expect(!home.text.contains(">Settings<"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func managersSeeTheirTeamsTasksWithTheAssignee(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            try await app.newTask("Sam's call", due: .now().adding(seconds: 3600 * 48), for: app.salesRep)
            try await app.newTask("Sue's call", due: .now().adding(seconds: 3600 * 48), for: app.serviceRep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("max@example.com")
            let mine = try await browser.get("/work")
            #expect(mine.text.contains("all caught up"))
            #expect(mine.text.contains("My team"))
            #expect(!mine.text.contains("nav-badge"))
            #expect(mine.text.contains(">Reports<"))
            let team = try await browser.get("/work?team=true")
            #expect(team.status == .ok)
            #expect(team.text.contains("Sam&#39;s call") || team.text.contains("Sam's call"))
            #expect(team.text.contains("Sam Sales"))
            #expect(!team.text.contains("Sue"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func completeReopenAndSnoozeFromMyWork(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let task = try await app.newTask("Call back Ana", due: .now().adding(seconds: -60), for: app.salesRep)
            let sam = try await app.principal(of: app.salesRep)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/work")
            let csrf = try #require(Browser.csrf(in: page.text))

            let done = try await browser.post("/tasks/\(task.id)/complete", ["_csrf": csrf, "version": "1", "next": "/work"])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/work")
            #expect(try await app.store.tasks.get(task.id, by: sam)["status"]?.text == "done")
            let after = try await browser.get("/work")
            #expect(after.text.contains("Done: “Call back Ana”."))
            #expect(after.text.contains("Done in the last 7 days"))
            #expect(after.text.contains("/reopen"))

            let stale = try await browser.post("/tasks/\(task.id)/reopen", ["_csrf": csrf, "version": "1", "next": "/work"])
            #expect(stale.status == .seeOther)
            #expect(try await browser.get("/work").text.contains("Someone changed this task"))
            #expect(try await app.store.tasks.get(task.id, by: sam)["status"]?.text == "done")

            let reopened = try await browser.post("/tasks/\(task.id)/reopen", ["_csrf": csrf, "version": "2", "next": "//evil.example/"])
            #expect(reopened.headers[.location] == "/work")
            #expect(try await app.store.tasks.get(task.id, by: sam)["status"]?.text == "open")

            let snoozed = try await browser.post(
                "/tasks/\(task.id)/snooze", ["_csrf": csrf, "version": "3", "until": "tomorrow", "next": "/tasks/\(task.id)"])
            #expect(snoozed.headers[.location] == "/tasks/\(task.id)")
            let stored = try await app.store.tasks.get(task.id, by: sam)
            #expect(stored["due_at"]?.time == Snooze.tomorrow.until(now: .now(), zone: .gmt))
            let unknown = try await browser.post("/tasks/\(task.id)/snooze", ["_csrf": csrf, "version": "4", "until": "someday"])
            #expect(unknown.status == .seeOther)
            #expect(try await app.store.tasks.get(task.id, by: sam).version == 4)
            let forged = try await browser.post("/tasks/\(task.id)/complete", ["version": "4"])
            #expect(forged.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func thePurposesPageIsForAdmins(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            #expect(try await rep.get("/settings/purposes").status == .forbidden)

            var admin = Browser(client: client)
            _ = try await admin.signIn("admin@example.com")
            let page = try await admin.get("/settings/purposes")
            #expect(page.status == .ok)
            #expect(page.text.contains("value=\"Onboarding\""))
            #expect(page.text.contains("Frequency cap"))
            #expect(page.text.contains(">Settings<"))
            let csrf = try #require(Browser.csrf(in: page.text))

            let invalid = try await admin.post("/settings/purposes", ["_csrf": csrf, "name": "Renewal", "quiet_days": "9"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("is already a purpose"))
            #expect(invalid.text.contains("value=\"9\""), "typed values are kept")
            let added = try await admin.post("/settings/purposes", ["_csrf": csrf, "name": "Win-back", "quiet_days": "21"])
            #expect(added.status == .seeOther)
            let winBack = try await app.purpose("Win-back")
            #expect(winBack.quietDays == 21)

            let badDays = try await admin.post("/settings/purposes/\(winBack.id)", ["_csrf": csrf, "name": "Win-back", "quiet_days": "lots"])
            #expect(badDays.status == .unprocessableContent)
            #expect(badDays.text.contains("must be a whole number"))
            _ = try await admin.post("/settings/purposes/\(winBack.id)", ["_csrf": csrf, "name": "Win back", "quiet_days": "30"])
            #expect(try await app.purpose("Win back").quietDays == 30)
            _ = try await admin.post("/settings/purposes/\(winBack.id)/retire", ["_csrf": csrf])
            #expect(try await app.purpose("Win back").retired)
            let listed = try await admin.get("/settings/purposes")
            #expect(listed.text.contains("Retired"))
            #expect(listed.text.contains("Bring back"))
            _ = try await admin.post("/settings/purposes/\(winBack.id)/restore", ["_csrf": csrf])
            #expect(try await !app.purpose("Win back").retired)

            let badCap = try await admin.post("/settings/outreach", ["_csrf": csrf, "cap_touches": "500", "cap_days": ""])
            #expect(badCap.status == .unprocessableContent)
            #expect(badCap.text.contains("is required"))
            let cap = try await admin.post("/settings/outreach", ["_csrf": csrf, "cap_touches": "0", "cap_days": "7"])
            #expect(cap.status == .seeOther)
            #expect(try await app.store.purposes.cap(in: app.workspace.id).touches == 0)
            let repCSRF = Browser.csrf(in: try await rep.get("/home").text) ?? ""
            let refused = try await rep.post("/settings/outreach", ["_csrf": repCSRF, "cap_touches": "5", "cap_days": "7"])
            #expect(refused.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOverridesReportShowsWhoWentAheadAndWhy(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let ana = try await app.newSharedContact()
            let renewal = try await app.purpose("Renewal")
            let call = try await app.logTouch(
                ana, about: renewal, at: .now().adding(seconds: -3600), by: app.salesRep, ["override_reason": "Customer <asked>"])
            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            #expect(try await rep.get("/reports/outreach-overrides").status == .forbidden)

            var manager = Browser(client: client)
            _ = try await manager.signIn("max@example.com")
            let page = try await manager.get("/reports/outreach-overrides?days=90")
            #expect(page.status == .ok)
            #expect(page.text.contains("Outreach overrides"))
            #expect(page.text.contains("aria-current=\"page\">Last 90 days"))
            #expect(page.text.contains("Customer &lt;asked&gt;"))
            #expect(page.text.contains("href=\"/activities/\(call.id)\""))
            #expect(page.text.contains("class=\"bar-fill\""))
            #expect(page.text.contains("1 override by 1 team"))
            let odd = try await manager.get("/reports/outreach-overrides?days=12")
            #expect(odd.text.contains("aria-current=\"page\">Last 30 days"))
        }
    }
}
