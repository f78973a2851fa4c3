import RapportCore
import Testing

@Suite struct LocalDateTests {
    @Test(
        arguments: [
            "2024-02-29",  // leap year
            "2000-02-29",  // divisible by 400: leap
            "2023-02-28",
            "2023-01-31", "2023-03-31", "2023-04-30", "2023-12-31",
            "0001-01-01", "9999-12-31",
        ])
    func acceptsRealDates(text: String) throws {
        let date = try LocalDate(text)
        #expect(date.description == text)
    }

    @Test(
        arguments: [
            "2023-02-29",  // not a leap year
            "1900-02-29",  // divisible by 100 but not 400: not leap
            "2100-02-29",
            "2024-02-30",
            "2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31",
            "2023-01-32", "2023-13-01", "2023-00-10", "2023-01-00",
            "0000-01-01",
        ])
    func rejectsDatesNotOnTheCalendar(text: String) {
        #expect(throws: RapportError.self) { try LocalDate(text) }
    }

    @Test(
        arguments: [
            "", "2024", "2024-01", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "01-01-2024",
            "2024-01-01T00:00:00Z", "2024-01-01 ", "abcd-ef-gh", "2024--1-01", "2024-+1-01", "+024-01-01",
            "2024-01-+1", " 2024-01-01", "２０２４-01-01",
        ])
    func rejectsOtherShapesThanYYYYMMDD(text: String) {
        #expect(throws: RapportError.self) { try LocalDate(text) }
    }

    @Test(arguments: [(2024, true), (2023, false), (2000, true), (1900, false), (2400, true), (4, true)])
    func februaryHas29DaysOnlyInLeapYears(year: Int, leap: Bool) {
        #expect(LocalDate.daysIn(month: 2, year: year) == (leap ? 29 : 28))
        #expect(((try? LocalDate(year: year, month: 2, day: 29)) != nil) == leap)
    }

    @Test func ordersByYearThenMonthThenDay() throws {
        let dates = try ["2024-03-01", "2023-12-31", "2024-02-29", "2024-02-01"].map { try LocalDate($0) }
        #expect(dates.sorted().map(\.description) == ["2023-12-31", "2024-02-01", "2024-02-29", "2024-03-01"])
    }

    @Test func padsSmallYears() throws {
        #expect(try LocalDate(year: 33, month: 4, day: 3).description == "0033-04-03")
    }
}
