import Foundation

/// A calendar date without a time or zone (a birthday, a close date), written `YYYY-MM-DD`.
public struct LocalDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Validates the date, including month lengths and 29 February in leap years only.
    public init(year: Int, month: Int, day: Int) throws(RapportError) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { throw .invalid(field: "date", reason: "is not a real calendar date") }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date the caller has already made valid (calendar arithmetic within this module).
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(_ text: String) throws(RapportError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // `Int("+1")` is 1, so the digits are checked first: only `YYYY-MM-DD` itself is a date.
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { throw .invalid(field: "date", reason: "must be a date written YYYY-MM-DD") }
        try self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

extension LocalDate {
    /// The calendar date of a moment in a time zone.
    public static func of(_ time: Timestamp, in zone: TimeZone) -> LocalDate? {
        try? LocalDate(String(time.localInput(in: zone).prefix(10)))
    }
}

extension LocalDate {
    /// The date a number of days after 1970-01-01 (negative: before), by the proleptic Gregorian calendar.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Today where the zone is.
    public static func today(in zone: TimeZone, now: Timestamp = .now()) -> LocalDate {
        let offset = Int64(zone.secondsFromGMT(for: now.date))
        let seconds = now.micros / 1_000_000 + offset
        return LocalDate(daysSinceEpoch: Int((seconds - (seconds < 0 && seconds % 86_400 != 0 ? 86_400 : 0)) / 86_400))
    }
}
