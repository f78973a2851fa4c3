import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct FirstTouchTests {
    func time(_ text: String) throws -> Timestamp { try #require(Timestamp.parse(text)) }

    func berlinPolicy(_ f: Fixture, hours: Int = 4) async throws {
        try await f.store.firstTouch.set(
            FirstTouchPolicy(hours: hours, businessHours: .standard, timeZone: "Europe/Berlin"), by: f.admin)
    }

    func lead(_ f: Fixture, _ name: String, at text: String) async throws -> Record<Lead> {
        try await Timestamp.$pinned.withValue(try time(text)) {
            try await f.lead(["last_name": .string(name)], by: f.rep)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewLeadIsDueWithinBusinessHoursAndTheFirstOutboundTouchStampsIt(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await berlinPolicy(f)
            // Friday 16:00 in Berlin: one hour on Friday, three on Monday.
            let friday = try await lead(f, "Friday", at: "2026-11-27T16:00:00+01:00")
            #expect(friday["first_touch_due_at"]?.time == (try time("2026-11-30T12:00:00+01:00")))
            #expect(friday["first_touched_at"] == nil)
            // A note and an email they sent are not touches; our call is.
            try await Timestamp.$pinned.withValue(try time("2026-11-30T09:30:00+01:00")) {
                try await f.logged("note", on: friday, by: f.rep)
                try await f.logged("email", "inbound", on: friday, by: f.rep)
            }
            #expect(try await f.current(friday)["first_touched_at"] == nil)
            let call = try await Timestamp.$pinned.withValue(try time("2026-11-30T10:15:00+01:00")) {
                try await f.logged("call", on: friday, by: f.rep)
            }
            #expect(try await f.current(friday)["first_touched_at"]?.time == (try time("2026-11-30T10:15:00+01:00")))
            // A second touch does not move the first; deleting the only touch takes it back.
            try await Timestamp.$pinned.withValue(try time("2026-12-01T10:00:00+01:00")) {
                try await f.logged("meeting", on: friday, by: f.rep)
            }
            #expect(try await f.current(friday)["first_touched_at"]?.time == (try time("2026-11-30T10:15:00+01:00")))
            _ = try await f.activities.delete(call.id, expecting: nil, by: f.rep)
            #expect(try await f.current(friday)["first_touched_at"]?.time == (try time("2026-12-01T10:00:00+01:00")))
        }
    }

    @Test(arguments: TestDatabase.all)
    func zeroHoursTurnsTheDeadlineOffAndTheSettingsAreAdminsOnly(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await berlinPolicy(f, hours: 0)
            let lead = try await lead(f, "Off", at: "2026-11-25T10:00:00+01:00")
            #expect(lead["first_touch_due_at"] == nil)
            let refused = await rapportError {
                try await f.store.firstTouch.set(FirstTouchPolicy(hours: 2, businessHours: .standard, timeZone: "UTC"), by: f.manager)
            }
            #expect(refused?.kind == "forbidden")
            let badZone = await rapportError {
                try await f.store.firstTouch.set(FirstTouchPolicy(hours: 2, businessHours: .standard, timeZone: "Mars/Olympus"), by: f.admin)
            }
            #expect(badZone?.fields == ["time_zone"])
            let policy = try await f.store.firstTouch.policy(in: f.workspace.id)
            #expect(policy.hours == 0 && policy.timeZone == "Europe/Berlin" && policy.businessHours == .standard)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theBreachListHasOverdueAndLateLeadsPerOwner(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await berlinPolicy(f)
            let late = try await lead(f, "Late", at: "2026-11-27T16:00:00+01:00")  // due Monday 12:00
            let onTime = try await lead(f, "On time", at: "2026-11-25T10:00:00+01:00")  // due Wednesday 14:00
            let overdue = try await Timestamp.$pinned.withValue(try time("2026-11-26T09:00:00+01:00")) {
                try await f.lead(["last_name": .string("Overdue")], by: f.teammate)  // due Thursday 13:00
            }
            let dropped = try await lead(f, "Dropped", at: "2026-11-26T09:00:00+01:00")
            try await Timestamp.$pinned.withValue(try time("2026-11-25T11:00:00+01:00")) {
                try await f.logged("call", on: onTime, by: f.rep)
            }
            try await Timestamp.$pinned.withValue(try time("2026-11-30T13:00:00+01:00")) {
                try await f.logged("email", on: late, by: f.rep)
            }
            var input = Input(["status": .string("disqualified"), "disqualified_reason": .string("spam")])
            _ = try await f.leads.update(dropped.id, RecordChanges<Lead>.read(&input, defaultCountry: "US"), expecting: dropped.version, by: f.rep)

            let breaches = FirstTouchBreaches.Filter(since: try time("2026-11-01T00:00:00Z"))
            let now = try time("2026-11-30T14:00:00+01:00")
            let report = try await f.store.firstTouchBreaches.report(breaches, by: f.admin, now: now)
            #expect(report.rows.map(\.lead.id) == [overdue.id, late.id])
            #expect(report.rows.map(\.kind) == [.overdue, .late])
            #expect(report.overdueCount == 1 && report.lateCount == 1)
            let rep = try #require(report.tallies.first { $0.ownerID == f.rep.userID })
            #expect(rep.overdue == 0 && rep.late == 1 && rep.onTime == 1)
            let teammate = try #require(report.tallies.first { $0.ownerID == f.teammate.userID })
            #expect(teammate.overdue == 1 && teammate.late == 0)
            #expect(try await f.store.firstTouchBreaches.overdueCount(by: f.admin, now: now) == 1)
            // Each sees only the leads they may see.
            let outsider = try await f.store.firstTouchBreaches.report(breaches, by: f.outsider, now: now)
            #expect(outsider.rows.isEmpty && outsider.tallies.isEmpty)
            let mine = try await f.store.firstTouchBreaches.report(
                FirstTouchBreaches.Filter(ownerID: f.teammate.userID, since: try time("2026-11-01T00:00:00Z"), kind: .overdue), by: f.manager,
                now: now)
            #expect(mine.rows.map(\.lead.id) == [overdue.id])
        }
    }
}
