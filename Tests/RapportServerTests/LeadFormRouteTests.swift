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

@Suite struct LeadFormRouteTests {
    /// The form's hidden trap field.
    static let trap = "extra_info"

    /// Makes a form over the API (as the admin) and returns its public token.
    func makeForm(_ app: TestApp, _ client: any TestClientProtocol, redirect: String? = nil) async throws -> String {
        var object: JSONObject = [
            "name": .string("Talk to sales"), "intro": .string("We answer within a day."),
            "fields": .array(["first_name", "last_name", "emails", "company", "country", "description"].map { .string($0) }),
            "required": .array(["last_name", "emails"].map { .string($0) }), "thank_you": .string("Thanks — speak soon!"),
        ]
        if let redirect { object["redirect_url"] = .string(redirect) }
        let response = try await client.execute(
            uri: "/api/v1/lead-forms", method: .post, headers: app.auth(app.admin), body: body(.object(object)))
        #expect(response.status == .created)
        return try #require(try response.object.string("token"))
    }

    /// A render token from ten seconds ago, as if the visitor had taken their time.
    func rendered(_ app: TestApp, _ token: String, secondsAgo: Int64 = 10) async throws -> String {
        let published = try #require(try await app.store.leadForms.published(token: token))
        return app.store.leadForms.renderToken(for: published, at: Timestamp.now().adding(seconds: -secondsAgo))
    }

    func leads(_ app: TestApp) async throws -> [Record<Lead>] {
        try await app.store.leads.list(ListQuery(limit: 100), by: .system(app.workspace.id)).items
    }

    @Test(arguments: TestDatabase.all)
    func aVisitorsSubmissionBecomesAnAssignedLeadAndTheyReadTheThanks(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let admin = try await app.store.directory.principal(for: app.admin)
            _ = try await app.store.leadAssignment.create(
                LeadAssignmentRule(id: .make(), name: "Web", sources: ["web_form"], userIDs: [app.salesRep.id]), by: admin)
            let token = try await makeForm(app, client)
            var visitor = Browser(client: client)
            let page = try await visitor.get("/f/\(token)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Talk to sales"))
            #expect(page.text.contains("We answer within a day."))
            #expect(page.text.contains("name=\"\(Self.trap)\""))
            #expect(page.text.contains("autocomplete=\"email\""))
            // The public form may be framed by any site; nothing else may.
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
            #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == nil)
            let sent = try await visitor.post(
                "/f/\(token)",
                [
                    "_rendered": try await rendered(app, token), "first_name": "Yuki", "last_name": "Nakamura", "emails": "yuki@kaze.example",
                    "company": "Kaze KK", "country": "JP", "description": "Please call me", Self.trap: "",
                ])
            #expect(sent.status == .seeOther)
            #expect(sent.headers[.location] == "/f/\(token)/thanks")
            let thanks = try await visitor.get("/f/\(token)/thanks")
            #expect(thanks.status == .ok)
            #expect(thanks.text.contains("Thanks — speak soon!"))
            #expect(thanks.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
            let lead = try #require(try await leads(app).first)
            #expect(lead["source"] == .text("web_form"))
            #expect(lead["source_detail"] == .text("Talk to sales"))
            #expect(lead["country"] == .text("JP"))
            #expect(lead.ownerID == app.salesRep.id)
            let form = try #require(try await app.store.leadForms.all(in: app.workspace.id).first)
            #expect(form.submissions == 1 && form.blocked == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aFilledTrapOrARushedFormMakesNoLeadButLooksTheSame(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let token = try await makeForm(app, client)
            var bot = Browser(client: client)
            let trapped = try await bot.post(
                "/f/\(token)",
                ["_rendered": try await rendered(app, token), "last_name": "Spam", "emails": "spam@spam.example", Self.trap: "http://spam.example"])
            #expect(trapped.status == .seeOther)
            #expect(trapped.headers[.location] == "/f/\(token)/thanks")
            let rushed = try await bot.post(
                "/f/\(token)", ["_rendered": try await rendered(app, token, secondsAgo: 1), "last_name": "Fast", "emails": "fast@bot.example"])
            #expect(rushed.headers[.location] == "/f/\(token)/thanks")
            let forged = try await bot.post("/f/\(token)", ["_rendered": "1.abc", "last_name": "Forged", "emails": "f@bot.example"])
            #expect(forged.headers[.location] == "/f/\(token)/thanks")
            #expect(try await leads(app).isEmpty)
            let form = try #require(try await app.store.leadForms.all(in: app.workspace.id).first)
            #expect(form.submissions == 0 && form.blocked == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func mistakesAreShownBesideTheFieldsWithWhatWasTyped(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let token = try await makeForm(app, client)
            var visitor = Browser(client: client)
            let response = try await visitor.post(
                "/f/\(token)", ["_rendered": try await rendered(app, token), "first_name": "Ana", "emails": "not an email", "company": "Açaí & Co"])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("id=\"lf-last_name-error\""))
            #expect(response.text.contains("id=\"lf-emails-error\""))
            #expect(response.text.contains("value=\"Açaí &amp; Co\""))
            #expect(response.text.contains("value=\"not an email\""))
            #expect(response.text.contains("aria-invalid=\"true\""))
            #expect(try await leads(app).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func tooManySubmissionsFromOneAddressGetA429WithRetryAfter(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let token = try await makeForm(app, client)
            var visitor = Browser(client: client)
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<6 {
                let response = try await visitor.post(
                    "/f/\(token)", ["_rendered": try await rendered(app, token), "last_name": "Guest \(n)", "emails": "g\(n)@example.com"])
                statuses.append(response.status)
                if n == 5 {
                    #expect(response.headers[.retryAfter].flatMap(Int.init) ?? 0 > 0)
                    #expect(response.text.contains("Too many submissions"))
                }
            }
            #expect(statuses == [.seeOther, .seeOther, .seeOther, .seeOther, .seeOther, .tooManyRequests])
            #expect(try await leads(app).count == 5)
        }
    }

    @Test(arguments: TestDatabase.all)
    func unknownOrInactiveFormsAreNotFoundAndOtherPagesStayUnframable(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let missing = try await client.execute(uri: "/f/no-such-form", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(login.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            let token = try await makeForm(app, client, redirect: "https://www.example.com/thanks")
            let page = try await client.execute(uri: "/f/\(token)", method: .get)
            #expect(page.headers[.contentSecurityPolicy]?.contains("form-action 'self' https://www.example.com") == true)
            var visitor = Browser(client: client)
            let sent = try await visitor.post(
                "/f/\(token)", ["_rendered": try await rendered(app, token), "last_name": "Redirected", "emails": "r@example.com"])
            #expect(sent.headers[.location] == "https://www.example.com/thanks")
            let id = try #require(try await app.store.leadForms.all(in: app.workspace.id).first?.id)
            let off = try await client.execute(
                uri: "/api/v1/lead-forms/\(id)", method: .patch, headers: app.auth(app.admin), body: body(.object(["active": .bool(false)])))
            #expect(off.status == .ok)
            #expect(try await client.execute(uri: "/f/\(token)", method: .get).status == .notFound)
        }
    }
}
