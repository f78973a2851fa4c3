import Foundation
import RapportCore
import Testing

@Suite struct TimestampFormatTests {
    /// The formatting `iso8601` replaced (`gmtime_r` and `String(format:)`), as the reference.
    static func reference(_ micros: Int64) -> String {
        var seconds = micros / 1_000_000
        var rest = micros % 1_000_000
        if rest < 0 {
            rest += 1_000_000
            seconds -= 1
        }
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(rest / 1000))
    }

    static let edges: [Int64] = [
        0, -1, 1, 999, 1000, 999_999, 1_000_000, -999_999, -1_000_000, -1_000_001, 86_399_999_999, 86_400_000_000,
        951_782_400_000_000, 951_868_799_999_999, 4_107_542_400_000_000, -62_135_596_800_000_000,
        -62_167_219_200_000_000, 253_402_300_799_999_999, 1_763_806_421_123_456,
    ]

    @Test func writesWhatGmtimeWrites() {
        var generator = SystemRandomNumberGenerator()
        // Every year from 0001 to 9999 at random moments, and the edges of days, years and the range.
        let random = (0..<5_000).map { _ in
            Int64.random(in: -62_135_596_800_000_000...253_402_300_799_999_999, using: &generator)
        }
        for micros in Self.edges + random {
            let stamp = Timestamp(micros: micros)
            #expect(stamp.iso8601 == Self.reference(micros), "\(micros)")
            var quoted: [UInt8] = []
            stamp.writeQuotedISO8601(into: &quoted)
            #expect(String(decoding: quoted, as: UTF8.self) == "\"\(Self.reference(micros))\"", "\(micros)")
            #expect(JSONWriter.string(.string(stamp.iso8601)) == String(decoding: quoted, as: UTF8.self))
        }
    }

    @Test func yearsBeyondFourDigitsStillFormat() {
        let far = Timestamp(micros: 300_000_000_000_000_000)
        #expect(far.iso8601 == Self.reference(far.micros))
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1_234_567_890, Int64.max])
    func writesIntegersAsTheirDecimalText(value: Int64) {
        var out: [UInt8] = []
        JSONWriter.writeInt(value, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }
}
