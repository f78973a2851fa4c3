import Foundation
import RapportCore
import Testing

@Suite struct BusinessHoursTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let hours = BusinessHours.standard  // Monday to Friday, 09:00 to 17:00

    func time(_ text: String) throws -> Timestamp { try #require(Timestamp.parse(text)) }

    @Test func hoursInsideOneWorkingDayAreWallClockHours() throws {
        let wednesday = try time("2026-11-25T10:00:00+01:00")
        #expect(hours.adding(hours: 4, to: wednesday, in: berlin) == (try time("2026-11-25T14:00:00+01:00")))
    }

    @Test func fridayAfternoonCarriesOverTheWeekendToMonday() throws {
        let friday = try time("2026-11-27T16:00:00+01:00")  // one hour left on Friday
        #expect(hours.adding(hours: 4, to: friday, in: berlin) == (try time("2026-11-30T12:00:00+01:00")))
    }

    @Test func aLeadArrivingFridayEveningIsDueMondayMorning() throws {
        let evening = try time("2026-11-27T20:30:00+01:00")
        #expect(hours.adding(hours: 4, to: evening, in: berlin) == (try time("2026-11-30T13:00:00+01:00")))
    }

    @Test func weekendAndEarlyMorningArrivalsStartCountingAtOpening() throws {
        let saturday = try time("2026-11-28T11:00:00+01:00")
        #expect(hours.adding(hours: 1, to: saturday, in: berlin) == (try time("2026-11-30T10:00:00+01:00")))
        let early = try time("2026-12-01T07:00:00+01:00")  // Tuesday before opening
        #expect(hours.adding(hours: 2, to: early, in: berlin) == (try time("2026-12-01T11:00:00+01:00")))
        let late = try time("2026-12-01T17:00:00+01:00")  // Tuesday at closing: nothing left that day
        #expect(hours.adding(hours: 1, to: late, in: berlin) == (try time("2026-12-02T10:00:00+01:00")))
    }

    @Test func severalDaysOfHoursSpanTheWeek() throws {
        let monday = try time("2026-11-30T09:00:00+01:00")
        #expect(hours.adding(hours: 20, to: monday, in: berlin) == (try time("2026-12-02T13:00:00+01:00")))
        #expect(hours.adding(hours: 40, to: monday, in: berlin) == (try time("2026-12-04T17:00:00+01:00")))
        #expect(hours.adding(hours: 41, to: monday, in: berlin) == (try time("2026-12-07T10:00:00+01:00")))
    }

    @Test func zeroHoursIsTheStartItself() throws {
        let saturday = try time("2026-11-28T11:00:00+01:00")
        #expect(hours.adding(hours: 0, to: saturday, in: berlin) == saturday)
    }

    @Test func openingsFollowTheClocksAcrossDaylightSavingTime() throws {
        // Berlin moves to summer time on Sunday 29 March 2026 and back on Sunday 25 October 2026:
        // Monday still opens at 09:00 on the new clock, so the instant is an hour off plain UTC sums.
        let springFriday = try time("2026-03-27T16:00:00+01:00")
        #expect(hours.adding(hours: 4, to: springFriday, in: berlin) == (try time("2026-03-30T12:00:00+02:00")))
        let autumnFriday = try time("2026-10-23T16:00:00+02:00")
        #expect(hours.adding(hours: 4, to: autumnFriday, in: berlin) == (try time("2026-10-26T12:00:00+01:00")))
        // The same wall-clock deadline in New York, whose clocks change on other dates (8 March).
        let newYork = TimeZone(identifier: "America/New_York")!
        let nyFriday = try time("2026-03-06T16:00:00-05:00")
        #expect(hours.adding(hours: 4, to: nyFriday, in: newYork) == (try time("2026-03-09T12:00:00-04:00")))
    }

    @Test func aDayOpenAroundTheClockCountsEveryRealHour() throws {
        let always = try BusinessHours(parsing: "1-7 00:00-24:00")
        let start = try time("2026-03-28T12:00:00+01:00")  // across the spring change, a 23-hour day
        #expect(always.adding(hours: 30, to: start, in: berlin) == start.adding(seconds: 30 * 3600))
    }

    @Test func businessTimeBetweenTwoMomentsSkipsNightsAndWeekends() throws {
        let friday = try time("2026-11-27T16:00:00+01:00")
        let monday = try time("2026-11-30T10:00:00+01:00")
        #expect(hours.seconds(from: friday, to: monday, in: berlin) == 2 * 3600)
        #expect(hours.seconds(from: monday, to: friday, in: berlin) == 0)
    }

    @Test func noOpenDayMeansNoDeadline() throws {
        let closed = BusinessHours(days: [])
        #expect(closed.adding(hours: 4, to: try time("2026-11-25T10:00:00Z"), in: berlin) == nil)
        #expect(!closed.isOpenAtAll)
    }

    @Test func theTextFormReadsDayNamesAndGroupsEqualDays() throws {
        let parsed = try BusinessHours(parsing: "mon-thu 08:30-17:00; fri 08:30-17:00 ; sat 10:00-14:00")
        #expect(parsed.description == "1-5 08:30-17:00; 6 10:00-14:00")
        #expect(BusinessHours.standard.description == "1-5 09:00-17:00")
        #expect(try BusinessHours(parsing: "1,3,5 09:00-12:00").description == "1 09:00-12:00; 3 09:00-12:00; 5 09:00-12:00")
        for bad in ["", "1-5 17:00-09:00", "8 09:00-17:00", "1-5 9-17", "1-5 09:00-17:00; 5 10:00-11:00", "5-1 09:00-17:00"] {
            let result = Result { () throws(RapportError) in try BusinessHours(parsing: bad) }
            guard case .failure(let error) = result else {
                Issue.record("\(bad) should not parse")
                continue
            }
            #expect(error.fieldIssues.first?.field == "business_hours")
        }
    }

    @Test func thePolicyIsOffAtZeroHours() throws {
        let created = try time("2026-11-25T10:00:00+01:00")
        let off = FirstTouchPolicy(hours: 0, businessHours: .standard, timeZone: "Europe/Berlin")
        #expect(off.dueAt(createdAt: created) == nil)
        let on = FirstTouchPolicy(hours: 4, businessHours: .standard, timeZone: "Europe/Berlin")
        #expect(on.dueAt(createdAt: created) == (try time("2026-11-25T14:00:00+01:00")))
    }
}
