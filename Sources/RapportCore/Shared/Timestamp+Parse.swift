import Foundation

extension Timestamp {
    /// Reads RFC 3339 (`2026-11-22T14:30:00Z`, `…+01:00`, fractions up to microseconds). A time
    /// without an offset (what a browser's `datetime-local` input sends) is read in `localZone`
    /// when one is given, and refused otherwise: the API must say which instant it means.
    public static func parse(_ text: String, localZone: TimeZone? = nil) -> Timestamp? {
        let chars = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= chars.count else { return nil }
            var n = 0
            for c in chars[i..<i + width] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            i += width
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            i < chars.count, chars[i] == 84 || chars[i] == 116 || chars[i] == 32
        else { return nil }
        i += 1
        guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
        var second = 0
        var micros = 0
        if expect(58) {
            guard let s = number(2) else { return nil }
            second = s
            if expect(46) {
                var digits = 0
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                    if digits < 6 { micros = micros * 10 + Int(chars[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                if digits < 6 { for _ in digits..<6 { micros *= 10 } }
            }
        }
        guard (try? LocalDate(year: year, month: month, day: day)) != nil, hour < 24, minute < 60, second < 60 else {
            return nil
        }
        var offsetSeconds: Int?
        if i < chars.count {
            if chars[i] == 90 || chars[i] == 122 {
                offsetSeconds = 0
                i += 1
            } else if chars[i] == 43 || chars[i] == 45 {
                let sign = chars[i] == 45 ? -1 : 1
                i += 1
                guard let oh = number(2), expect(58), let om = number(2), oh < 24, om < 60 else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == chars.count else { return nil }
        let days = Int64(LocalDate.daysSinceEpoch(year: year, month: month, day: day))
        let wall = days * 86400 + Int64(hour * 3600 + minute * 60 + second)
        if let offsetSeconds {
            return Timestamp(micros: (wall - Int64(offsetSeconds)) * 1_000_000 + Int64(micros))
        }
        guard let localZone else { return nil }
        // The zone's offset at that wall-clock time (checked twice across a transition).
        var guess = wall - Int64(localZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
        guess = wall - Int64(localZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return Timestamp(micros: guess * 1_000_000 + Int64(micros))
    }

    /// The wall-clock time in a zone as `YYYY-MM-DDTHH:MM`, what a `datetime-local` input shows.
    public func localInput(in zone: TimeZone) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : -((-micros + 999_999) / 1_000_000)
        let local = seconds + Int64(zone.secondsFromGMT(for: date))
        var days = local / 86400
        var rest = local % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let date = LocalDate.fromDaysSinceEpoch(Int(days))
        func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)T\(pad(rest / 3600)):\(pad(rest % 3600 / 60))"
    }
}

extension LocalDate {
    /// Days from 1970-01-01 (Howard Hinnant's civil-from-days algorithm, proleptic Gregorian).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public var daysSinceEpoch: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    /// The date that many days after 1970-01-01.
    public static func fromDaysSinceEpoch(_ days: Int) -> LocalDate {
        let c = civil(fromDaysSinceEpoch: days)
        // Always a valid date by construction.
        return (try? LocalDate(year: c.year, month: c.month, day: c.day)) ?? (try! LocalDate(year: 1970, month: 1, day: 1))
    }

    /// Year, month and day that many days after 1970-01-01, without validating them again.
    static func civil(fromDaysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d)
    }
}
