import Foundation

/// Where snoozing a task moves its due time. Mornings are 09:00 on the person's own clock, so a
/// task snoozed to "tomorrow" comes back at the start of *their* working day, wherever they are.
public enum Snooze: String, Sendable, CaseIterable {
    /// One hour from now.
    case hour
    /// Tomorrow at 09:00.
    case tomorrow
    /// The coming Monday at 09:00 (a week ahead when it is Monday today).
    case monday

    public var label: String {
        switch self {
        case .hour: "In 1 hour"
        case .tomorrow: "Tomorrow 09:00"
        case .monday: "Next Monday 09:00"
        }
    }

    /// The new due time.
    public func until(now: Timestamp, zone: TimeZone) -> Timestamp {
        switch self {
        case .hour: return now.adding(seconds: 3600)
        case .tomorrow: return Self.morning(daysAfter: 1, now: now, zone: zone)
        case .monday:
            // 1970-01-01 was a Thursday: Monday-based weekday 3.
            let weekday = ((Self.localDay(now, zone) + 3) % 7 + 7) % 7
            return Self.morning(daysAfter: 7 - weekday, now: now, zone: zone)
        }
    }

    /// Days since the epoch of `now`'s date in `zone`.
    static func localDay(_ now: Timestamp, _ zone: TimeZone) -> Int {
        let text = now.localInput(in: zone)
        return (try? LocalDate(String(text.prefix(10))))?.daysSinceEpoch ?? Int(now.micros / 86_400_000_000)
    }

    /// 09:00 in `zone`, `days` after today there.
    static func morning(daysAfter days: Int, now: Timestamp, zone: TimeZone) -> Timestamp {
        let date = LocalDate.fromDaysSinceEpoch(localDay(now, zone) + days)
        return Timestamp.parse("\(date)T09:00", localZone: zone) ?? now.adding(seconds: Int64(days) * 86_400)
    }
}
