import Foundation
import HTTPTypes
import HummingbirdTesting
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct OutreachAPITests {
    func check(_ contact: Record<Contact>, _ purpose: Purpose?, channel: String = "call", extra: String = "") -> String {
        var uri = "/api/v1/outreach/check?contact_id=\(contact.id)&channel=\(channel)"
        if let purpose { uri += "&purpose_id=\(purpose.id)" }
        return uri + extra
    }

    @Test(arguments: TestDatabase.all)
    func theCheckWarnsOfAnotherTeamsRecentContactAboutTheSamePurpose(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let ana = try await app.newSharedContact()
            let renewal = try await app.purpose("Renewal")
            let upsell = try await app.purpose("Upsell")
            let before = try await client.execute(uri: check(ana, renewal), method: .get, headers: app.auth(app.salesRep))
            #expect(before.status == .ok)
            #expect(try before.object["allowed"] == .bool(true))
            #expect(try before.object.array("conflicts").isEmpty)

            let call = try await app.logTouch(ana, about: renewal, at: .now().adding(seconds: -86_400), by: app.serviceRep)

            let after = try await client.execute(uri: check(ana, renewal), method: .get, headers: app.auth(app.salesRep))
            #expect(after.status == .ok)
            let body = try after.object
            #expect(body["allowed"] == .bool(false))
            let conflict = try #require(body.array("conflicts").first?.object)
            #expect(conflict.string("code") == "same_purpose_other_team")
            #expect(conflict.string("activity_id") == call.id.description)
            #expect(conflict.string("team") == "Service")
            #expect(conflict.string("message")?.contains("Renewal") == true)

            let ownTeam = try await client.execute(uri: check(ana, renewal), method: .get, headers: app.auth(app.serviceRep))
            #expect(try ownTeam.object["allowed"] == .bool(true))
            let otherPurpose = try await client.execute(uri: check(ana, upsell), method: .get, headers: app.auth(app.salesRep))
            #expect(try otherPurpose.object["allowed"] == .bool(true))
            let later = try await client.execute(
                uri: check(ana, renewal, extra: "&at=\(Timestamp.now().adding(seconds: 30 * 86_400).iso8601)"), method: .get,
                headers: app.auth(app.salesRep))
            #expect(try later.object["allowed"] == .bool(true))
            // An offset's "+" sent unencoded reads as a space; the check still understands it.
            let offset = try await client.execute(
                uri: check(ana, renewal, extra: "&at=2099-01-01T10:00:00+01:00"), method: .get, headers: app.auth(app.salesRep))
            #expect(offset.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theCheckNamesEachBadParameter(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let ana = try await app.newSharedContact()
            func fields(_ uri: String, as user: User? = nil) async throws -> [String] {
                let response = try await client.execute(uri: uri, method: .get, headers: app.auth(user ?? app.salesRep))
                #expect(response.status == .unprocessableContent, "\(uri)")
                return try response.problemFields
            }
            #expect(try await fields("/api/v1/outreach/check?channel=call") == ["contact_id"])
            #expect(try await fields("/api/v1/outreach/check?contact_id=nope&channel=fax") == ["contact_id", "channel"])
            #expect(try await fields("/api/v1/outreach/check?contact_id=\(ana.id)") == ["channel"])
            #expect(try await fields(check(ana, nil, extra: "&at=tomorrow")) == ["at"])
            #expect(try await fields(check(ana, nil, extra: "&purpose_id=\(UUIDv7.make())")) == ["purpose_id"])
            #expect(try await fields(check(ana, nil, extra: "&purpose_id=x")) == ["purpose_id"])

            let private_ = try await app.store.contacts.create(
                try app.strictChanges(Contact.self, ["first_name": "Pat", "last_name": "Private"]),
                by: try await app.principal(of: app.salesRep))
            #expect(try await fields(check(private_, nil), as: app.serviceRep) == ["contact_id"])
            let visible = try await client.execute(uri: check(private_, nil), method: .get, headers: app.auth(app.salesManager))
            #expect(visible.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOverridesReportCountsByTeamAndPurpose(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let ana = try await app.newSharedContact()
            let renewal = try await app.purpose("Renewal")
            try await app.logTouch(ana, about: renewal, at: .now().adding(seconds: -2 * 86_400), by: app.serviceRep)
            do {
                try await app.logTouch(ana, about: renewal, at: .now().adding(seconds: -3600), by: app.salesRep)
                Issue.record("the outreach guard let a conflicting call through")
            } catch RapportError.needsConfirmation(let confirmation) {
                #expect(confirmation.field == "override_reason")
            }
            let overridden = try await app.logTouch(
                ana, about: renewal, at: .now().adding(seconds: -3600), by: app.salesRep,
                ["override_reason": "She asked us to call about the renewal"])
            try await app.logTouch(
                ana, about: renewal, at: .now().adding(seconds: -100 * 86_400), by: app.salesRep, ["override_reason": "Long ago"])

            let report = try await client.execute(
                uri: "/api/v1/reports/outreach-overrides?days=30", method: .get, headers: app.auth(app.admin))
            #expect(report.status == .ok)
            let body = try report.object
            #expect(body.int("days") == 30)
            let groups = body.array("groups").compactMap(\.object)
            #expect(groups.count == 1)
            #expect(groups.first?.string("team") == "Sales")
            #expect(groups.first?.string("team_id") == app.sales.id.description)
            #expect(groups.first?.string("purpose") == "Renewal")
            #expect(groups.first?.int("count") == 1)
            let recent = try #require(body.array("recent").first?.object)
            #expect(recent.string("activity_id") == overridden.id.description)
            #expect(recent.string("user") == "Sam Sales")
            #expect(recent.string("contact") == "Ana Ruiz")
            #expect(recent.string("reason") == "She asked us to call about the renewal")

            let year = try await client.execute(
                uri: "/api/v1/reports/outreach-overrides?days=365", method: .get, headers: app.auth(app.salesManager))
            #expect(year.status == .ok)
            #expect(try year.object.array("groups").first?.object?.int("count") == 2)

            for user in [app.salesRep, app.viewer] {
                let refused = try await client.execute(uri: "/api/v1/reports/outreach-overrides", method: .get, headers: app.auth(user))
                #expect(refused.status == .forbidden)
            }
            for days in ["0", "366", "month"] {
                let bad = try await client.execute(
                    uri: "/api/v1/reports/outreach-overrides?days=\(days)", method: .get, headers: app.auth(app.admin))
                #expect(try bad.problemFields == ["days"])
            }
        }
    }
}
