import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct LeadFormStoreTests {
    func form(_ f: Fixture, name: String = "Website contact") async throws -> LeadForms.Published {
        let made = try await f.store.leadForms.create(
            LeadForm(
                id: .make(), token: "", name: name, fields: ["first_name", "last_name", "emails", "company", "country", "description"],
                required: ["last_name", "emails"], createdAt: .now(), updatedAt: .now()),
            by: f.admin)
        return try #require(try await f.store.leadForms.published(token: made.token))
    }

    @Test(arguments: TestDatabase.all)
    func aSubmissionMakesAnAssignedScoredLeadWithTheSubmissionOnItsTimeline(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("Web", sources: ["web_form"], team: f.east)
            try await f.scoreRule(.engagement, "form_submissions", .each, points: 8)
            try await f.store.firstTouch.set(FirstTouchPolicy(hours: 4, businessHours: .standard, timeZone: "Europe/Berlin"), by: f.admin)
            let published = try await form(f)
            var input = Input(
                ["last_name": .string("Nakamura"), "emails": .string("yuki@kaze.example"), "company": .string("Kaze KK")], lenient: true)
            let changes = RecordChanges<Lead>.read(&input, defaultCountry: "US")
            try changes.validate(input, against: [:])
            let lead = try await Timestamp.$pinned.withValue(try #require(Timestamp.parse("2026-11-25T10:00:00+01:00"))) {
                try await f.store.leadForms.submit(published, changes, summary: "Message: call me")
            }
            #expect(lead["source"] == .text("web_form"))
            #expect(lead["source_detail"] == .text("Website contact"))
            #expect(lead["status"] == .text("new"))
            #expect(lead.ownerID == f.rep.userID)
            #expect(lead.teamID == f.east.id)
            #expect(lead["first_touch_due_at"]?.time == Timestamp.parse("2026-11-25T14:00:00+01:00"))
            #expect(lead["score"] == .int(8))
            #expect(try await f.store.leadScoring.explanation(of: lead.id, by: f.rep)?.reasons.map(\.line) == ["+8 1 web form submitted"])
            let notes = try await f.activities.list(ListQuery(filters: ["lead_id": lead.id.description]), by: f.rep)
            #expect(notes.items.map(\.title) == ["Web form submitted: Website contact"])
            #expect(notes.items.first?["body"] == .text("Message: call me"))
            // The note is no touch: the lead still waits for its first one.
            #expect(try await f.current(lead)["first_touched_at"] == nil)
            #expect(try await f.current(lead)["score"] == .int(8))
            let stored = try await f.store.leadForms.get(published.form.id, in: f.workspace.id)
            #expect(stored.submissions == 1)
            // A form that made leads is turned off, not deleted.
            let refused = await rapportError { try await f.store.leadForms.delete(stored.id, by: f.admin) }
            #expect(refused?.kind == "conflict")
        }
    }

    @Test(arguments: TestDatabase.all)
    func renderTokensAreSignedPerFormAndInactiveFormsTakeNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let one = try await form(f)
            let two = try await form(f, name: "Event sign-up")
            let at = Timestamp(micros: 1_790_000_000_000_000)
            let token = f.store.leadForms.renderToken(for: one, at: at)
            #expect(f.store.leadForms.renderedAt(token, for: one) == at)
            #expect(f.store.leadForms.renderedAt(token, for: two) == nil)
            #expect(f.store.leadForms.renderedAt("1790000000000000.forged", for: one) == nil)
            #expect(try await f.store.leadForms.published(token: "no-such-token") == nil)
            var off = one.form
            off.active = false
            _ = try await f.store.leadForms.update(off, by: f.admin)
            let closed = try #require(try await f.store.leadForms.published(token: one.form.token))
            var input = Input(["last_name": .string("Late")], lenient: true)
            let refused = await rapportError {
                try await f.store.leadForms.submit(closed, RecordChanges<Lead>.read(&input, defaultCountry: "US"), summary: "")
            }
            #expect(refused?.kind == "conflict")
            let bad = await rapportError {
                try await f.store.leadForms.create(
                    LeadForm(id: .make(), token: "", name: "X", fields: ["emails", "salary"], required: ["emails"], redirectURL: "javascript:x",
                             createdAt: .now(), updatedAt: .now()), by: f.admin)
            }
            #expect(bad?.fields == ["fields[1]", "required", "redirect_url"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theThrottleCountsPerAddressAcrossInstancesAndForgetsAfterItsWindow(_ db: TestDatabase) async throws {
        try await db.withEmptyLocation { location in
            let first = try await Database.open(location, logger: TestDatabase.logger)
            try await Migrator.migrate(first)
            let second = try await Database.open(location, logger: TestDatabase.logger)
            let a = FormThrottle(first)
            let b = FormThrottle(second)
            let start = Timestamp(micros: 1_790_000_000_000_000)
            for n in 0..<5 {
                let throttle = n % 2 == 0 ? a : b
                #expect(try await throttle.hit("ip:192.0.2.1", now: start.adding(seconds: Int64(n))) == nil)
            }
            let wait = try await b.hit("ip:192.0.2.1", now: start.adding(seconds: 60))
            #expect(wait == 541)
            #expect(try await a.hit("ip:192.0.2.9", now: start.adding(seconds: 60)) == nil)
            #expect(try await a.hit("ip:192.0.2.1", now: start.adding(seconds: 601)) == nil)
            await second.close()
            await first.close()
        }
    }
}
