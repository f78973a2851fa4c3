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
    ///
    /// Written by hand (civil-from-days, no `gmtime`/`String(format:)`): lists write several per record.
    public var iso8601: String {
        guard let fields = isoFields else { return formattedISO8601 }
        return String(unsafeUninitializedCapacity: 24) { buffer in
            Self.fill(buffer.baseAddress!, fields)
            return 24
        }
    }

    /// Appends the quoted `iso8601` text (a JSON string) to `out`.
    public func writeQuotedISO8601(into out: inout [UInt8]) {
        guard let fields = isoFields else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: formattedISO8601.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(UInt8(ascii: "\""))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            Self.fill(buffer.baseAddress!, fields)
            out.append(contentsOf: buffer)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Year, month, day, second of the day and millisecond, for years 0…9999 (else `nil`).
    private var isoFields: (year: Int, month: Int, day: Int, seconds: Int, millis: Int)? {
        var seconds = micros / 1_000_000
        var rest = micros % 1_000_000
        if rest < 0 {
            rest += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        guard days >= -719_528, days < 2_932_897 else { return nil }  // 0000-01-01 ..< 10000-01-01
        let date = LocalDate.civil(fromDaysSinceEpoch: Int(days))
        return (date.year, date.month, date.day, Int(secondOfDay), Int(rest / 1000))
    }

    private static func fill(_ p: UnsafeMutablePointer<UInt8>, _ f: (year: Int, month: Int, day: Int, seconds: Int, millis: Int)) {
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var v = value
            var i = at + width - 1
            while i >= at {
                p[i] = UInt8(48 + v % 10)
                v /= 10
                i -= 1
            }
        }
        put(f.year, 0, 4)
        p[4] = UInt8(ascii: "-")
        put(f.month, 5, 2)
        p[7] = UInt8(ascii: "-")
        put(f.day, 8, 2)
        p[10] = UInt8(ascii: "T")
        put(f.seconds / 3600, 11, 2)
        p[13] = UInt8(ascii: ":")
        put(f.seconds % 3600 / 60, 14, 2)
        p[16] = UInt8(ascii: ":")
        put(f.seconds % 60, 17, 2)
        p[19] = UInt8(ascii: ".")
        put(f.millis, 20, 3)
        p[23] = UInt8(ascii: "Z")
    }

    /// The `gmtime`/`String(format:)` form, for years outside 0…9999.
    var formattedISO8601: String {
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
