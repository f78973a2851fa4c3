import Foundation
import RapportCore
import Testing

@Suite struct TimestampParseTests {
    static let instants: [(String, Int64)] = [
            ("2026-11-22T14:30:00Z", 1_795_357_800_000_000),
            ("2026-11-22T14:30Z", 1_795_357_800_000_000),
            ("2026-11-22t14:30:00z", 1_795_357_800_000_000),
            ("2026-11-22T15:30:00+01:00", 1_795_357_800_000_000),
            ("2026-11-22T09:00:00-05:30", 1_795_357_800_000_000),
            ("2026-11-22T14:00:00-00:30", 1_795_357_800_000_000),
            ("2026-11-22T14:30:00.5Z", 1_795_357_800_500_000),
            ("2026-11-22T14:30:00.123456789Z", 1_795_357_800_123_456),
            ("1969-12-31T23:59:59Z", -1_000_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000_000),
        ]

    @Test(arguments: instants)
    func readsRFC3339(text: String, micros: Int64) {
        #expect(Timestamp.parse(text)?.micros == micros)
    }

    @Test(
        arguments: [
            "", "2026-11-22", "2026-11-22T14:30:00", "2026-13-01T00:00Z", "2026-02-30T00:00Z", "2026-11-22T24:00Z",
            "2026-11-22T14:60Z", "2026-11-22T14:30:00+1:00", "2026-11-22T14:30:00Zjunk", "2026-11-22T14:30:00.Z",
            "+2026-11-22T14:30Z", "２０２６-11-22T14:30Z",
        ])
    func refusesWhatIsNotAnInstant(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func readsWallClockTimesInTheGivenZone() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        // Winter: UTC+1; summer: UTC+2.
        #expect(Timestamp.parse("2026-01-15T09:00", localZone: paris)?.iso8601 == "2026-01-15T08:00:00.000Z")
        #expect(Timestamp.parse("2026-07-15T09:00", localZone: paris)?.iso8601 == "2026-07-15T07:00:00.000Z")
        // An explicit offset wins over the zone.
        #expect(Timestamp.parse("2026-07-15T09:00Z", localZone: paris)?.iso8601 == "2026-07-15T09:00:00.000Z")
    }

    @Test func writesWhatADateTimeInputShows() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let time = try #require(Timestamp.parse("2026-07-15T07:05:00Z"))
        #expect(time.localInput(in: paris) == "2026-07-15T09:05")
        #expect(time.localInput(in: .gmt) == "2026-07-15T07:05")
        #expect(Timestamp(micros: -1).localInput(in: .gmt) == "1969-12-31T23:59")
    }

    @Test func daysSinceEpochRoundTrip() throws {
        for days in stride(from: -719_000, through: 2_900_000, by: 997) {
            let date = LocalDate.fromDaysSinceEpoch(days)
            #expect(date.daysSinceEpoch == days)
        }
        #expect(LocalDate.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(LocalDate.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017)
    }
}
