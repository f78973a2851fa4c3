import Foundation

/// The hours a workspace works, one opening per weekday on its own clock (as Salesforce's
/// business hours do): what a first-touch deadline of "4 business hours" counts.
///
/// Written as text for storage and the API: `1-5 09:00-17:00` (ISO weekdays, 1 = Monday), several
/// groups separated by `;` (`1-4 09:00-17:30; 5 09:00-15:00`), a day open all day as `00:00-24:00`.
public struct BusinessHours: Sendable, Equatable, CustomStringConvertible {
    /// One day's opening, in minutes since local midnight; `close` may be 1440 (midnight after).
    public struct Opening: Sendable, Equatable {
        public var open: Int
        public var close: Int

        public init(open: Int, close: Int) {
            self.open = open
            self.close = close
        }

        public var seconds: Int64 { Int64(close - open) * 60 }
    }

    /// Openings by ISO weekday: index 0 is Monday, 6 Sunday; `nil` is closed.
    public private(set) var days: [Opening?]

    /// Monday to Friday, 09:00 to 17:00: the default of a new workspace.
    public static let standard = BusinessHours(
        days: Array(repeating: Opening(open: 9 * 60, close: 17 * 60), count: 5) + [nil, nil])

    /// Openings for Monday…Sunday; days beyond seven are ignored and missing days are closed.
    public init(days: [Opening?]) {
        self.days = (0..<7).map { $0 < days.count ? days[$0] : nil }
    }

    /// Reads the text form; the problem is reported on `field`.
    public init(parsing text: String, field: String = "business_hours") throws(RapportError) {
        var days: [Opening?] = Array(repeating: nil, count: 7)
        let groups = text.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let bad = RapportError.invalid(
            field: field, reason: "must read like “1-5 09:00-17:00” (weekdays 1 = Monday to 7 = Sunday, then opening hours)")
        guard !groups.isEmpty else { throw .invalid(field: field, reason: "must open on at least one day") }
        for group in groups {
            let parts = group.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { throw bad }
            let weekdays = try Self.weekdays(String(parts[0]), bad: bad)
            let hours = parts[1].split(separator: "-")
            guard hours.count == 2, let open = Self.minutes(String(hours[0])), let close = Self.minutes(String(hours[1])) else {
                throw bad
            }
            guard open < close else { throw .invalid(field: field, reason: "must close after it opens (\(group))") }
            for day in weekdays {
                guard days[day - 1] == nil else { throw .invalid(field: field, reason: "names weekday \(day) twice") }
                days[day - 1] = Opening(open: open, close: close)
            }
        }
        self.days = days
    }

    /// `1-5`, `1,3,5`, `6`, or English day names (`mon-fri`).
    static func weekdays(_ text: String, bad: RapportError) throws(RapportError) -> [Int] {
        let names = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
        func day(_ s: Substring) -> Int? {
            if let n = Int(s), (1...7).contains(n) { return n }
            return names[String(s.lowercased().prefix(3))]
        }
        var result: [Int] = []
        for piece in text.split(separator: ",") {
            let ends = piece.split(separator: "-")
            guard let first = ends.first.flatMap(day) else { throw bad }
            guard ends.count <= 2 else { throw bad }
            let last = ends.count == 2 ? day(ends[1]) : first
            guard let last, last >= first else { throw bad }
            result += Array(first...last)
        }
        return result
    }

    /// `HH:MM` as minutes since midnight; `24:00` is the midnight that ends the day.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0..<60).contains(m), h < 24 || m == 0
        else { return nil }
        return h * 60 + m
    }

    /// The canonical text: consecutive days with the same hours grouped (`1-5 09:00-17:00`).
    public var description: String {
        var groups: [String] = []
        var i = 0
        while i < 7 {
            guard let opening = days[i] else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < 7, days[j + 1] == opening { j += 1 }
            let span = i == j ? "\(i + 1)" : "\(i + 1)-\(j + 1)"
            groups.append("\(span) \(Self.clock(opening.open))-\(Self.clock(opening.close))")
            i = j + 1
        }
        return groups.joined(separator: "; ")
    }

    /// Minutes since midnight as `HH:MM`.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60
        let m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// Whether any day is open (otherwise no deadline can be counted).
    public var isOpenAtAll: Bool { days.contains { $0 != nil } }

    // MARK: Arithmetic

    /// The moment `hours` business hours after `start`: time outside the openings (nights,
    /// weekends) does not count, and openings follow the zone's daylight saving time. Zero hours
    /// is `start` itself; `nil` when no day is open.
    public func adding(hours: Int, to start: Timestamp, in zone: TimeZone) -> Timestamp? {
        adding(seconds: Int64(hours) * 3600, to: start, in: zone)
    }

    /// `adding(hours:)` to the second.
    public func adding(seconds: Int64, to start: Timestamp, in zone: TimeZone) -> Timestamp? {
        guard seconds > 0 else { return start }
        guard isOpenAtAll else { return nil }
        var remaining = seconds * 1_000_000
        var day = Self.localDay(start, zone)
        // Every week yields `weekly` seconds, so the deadline falls within this many days.
        let weekly = days.compactMap { $0?.seconds }.reduce(0, +)
        for _ in 0..<(Int(seconds / weekly + 2) * 7 + 7) {
            if let (open, close) = window(day: day, zone: zone) {
                let from = max(open.micros, start.micros)
                if close.micros > from {
                    let available = close.micros - from
                    if available >= remaining { return Timestamp(micros: from + remaining) }
                    remaining -= available
                }
            }
            day += 1
        }
        return nil
    }

    /// Business time between two moments, in seconds (0 when `end` is not after `start`).
    public func seconds(from start: Timestamp, to end: Timestamp, in zone: TimeZone) -> Int64 {
        guard end > start else { return 0 }
        var total: Int64 = 0
        let last = Self.localDay(end, zone)
        var day = Self.localDay(start, zone)
        while day <= last {
            if let (open, close) = window(day: day, zone: zone) {
                let from = max(open.micros, start.micros)
                let to = min(close.micros, end.micros)
                if to > from { total += to - from }
            }
            day += 1
        }
        return total / 1_000_000
    }

    /// The opening of a local day (days since the epoch) as two instants, if the day is open.
    func window(day: Int, zone: TimeZone) -> (Timestamp, Timestamp)? {
        // 1970-01-01 was a Thursday: ISO weekday 4, index 3.
        let index = ((day + 3) % 7 + 7) % 7
        guard let opening = days[index] else { return nil }
        return (Self.instant(day: day, minute: opening.open, zone: zone), Self.instant(day: day, minute: opening.close, zone: zone))
    }

    /// Days since the epoch of the moment's date in a zone.
    static func localDay(_ time: Timestamp, _ zone: TimeZone) -> Int {
        let seconds = time.micros >= 0 ? time.micros / 1_000_000 : -((-time.micros + 999_999) / 1_000_000)
        let local = seconds + Int64(zone.secondsFromGMT(for: time.date))
        return Int(local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400))
    }

    /// A wall-clock minute of a local day as an instant. Across a transition the zone's offset is
    /// looked up twice, so 09:00 on the morning after clocks change is 09:00 on the new clock.
    static func instant(day: Int, minute: Int, zone: TimeZone) -> Timestamp {
        let wall = Int64(day) * 86_400 + Int64(minute) * 60
        var guess = wall - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
        guess = wall - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return Timestamp(micros: guess * 1_000_000)
    }
}
