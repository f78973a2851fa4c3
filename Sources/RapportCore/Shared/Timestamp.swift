import Foundation

/// A point in time as whole microseconds since the Unix epoch, UTC.
///
/// Both databases store it as a 64-bit integer, so values compare, sort and round-trip exactly
/// (keyset cursors depend on that), whatever the engine's own date type would do.
public struct Timestamp: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let micros: Int64

    public init(micros: Int64) { self.micros = micros }

    public init(_ date: Date) { self.micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    /// The current time, or the pinned one inside `Timestamp.$pinned.withValue(t) { … }`.
    public static func now() -> Timestamp { pinned ?? Timestamp(Date()) }

    /// A "now" that writes in a scope take instead of the clock's: the demo workspace writes its
    /// months of history as they would have happened. Task-local, so nothing else is affected.
    @TaskLocal public static var pinned: Timestamp?

    public var date: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.micros < rhs.micros }

    /// RFC 3339 in UTC with millisecond precision, e.g. `2026-11-22T10:13:41.123Z`.
    public var iso8601: String {
        var seconds = micros / 1_000_000
        var rest = micros % 1_000_000
        if rest < 0 { rest += 1_000_000; seconds -= 1 }
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let ms = rest / 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(ms)
        )
    }

    public var description: String { iso8601 }

    public func adding(seconds: Int64) -> Timestamp { Timestamp(micros: micros + seconds * 1_000_000) }
}
