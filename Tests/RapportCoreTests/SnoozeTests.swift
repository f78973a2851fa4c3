import Foundation
import RapportCore
import Testing

@Suite struct SnoozeTests {
    func time(_ text: String) throws -> Timestamp { try #require(Timestamp.parse(text)) }
    let paris = TimeZone(identifier: "Europe/Paris")!
    let auckland = TimeZone(identifier: "Pacific/Auckland")!

    @Test func anHourIsAnHourFromNow() throws {
        let now = try time("2026-11-25T16:20:00Z")
        #expect(Snooze.hour.until(now: now, zone: paris) == (try time("2026-11-25T17:20:00Z")))
    }

    @Test func tomorrowIsNineOnThePersonsOwnClock() throws {
        let now = try time("2026-11-25T22:30:00Z")  // Wednesday 23:30 in Paris: tomorrow is Thursday there
        #expect(Snooze.tomorrow.until(now: now, zone: paris) == (try time("2026-11-26T09:00:00+01:00")))
        // The same instant is Thursday 11:30 in Auckland, so tomorrow there is Friday.
        #expect(Snooze.tomorrow.until(now: now, zone: auckland) == (try time("2026-11-27T09:00:00+13:00")))
    }

    @Test func nextMondaySkipsToTheComingMondayAndAWeekOnMondays() throws {
        let wednesday = try time("2026-11-25T10:00:00Z")
        #expect(Snooze.monday.until(now: wednesday, zone: paris) == (try time("2026-11-30T09:00:00+01:00")))
        let sunday = try time("2026-11-29T20:00:00Z")
        #expect(Snooze.monday.until(now: sunday, zone: paris) == (try time("2026-11-30T09:00:00+01:00")))
        let monday = try time("2026-11-30T07:00:00Z")  // Monday 08:00 in Paris
        #expect(Snooze.monday.until(now: monday, zone: paris) == (try time("2026-12-07T09:00:00+01:00")))
    }

    @Test func morningsFollowDaylightSavingTime() throws {
        // Paris moves to summer time on Sunday 29 March 2026.
        let saturday = try time("2026-03-28T12:00:00Z")
        #expect(Snooze.tomorrow.until(now: saturday, zone: paris) == (try time("2026-03-29T09:00:00+02:00")))
    }
}
