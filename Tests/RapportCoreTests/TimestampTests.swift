import Foundation
import RapportCore
import Testing

@Suite struct TimestampTests {
    @Test(
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000Z"),
            (1_763_806_421_123_456, "2025-11-22T10:13:41.123Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000_000, "2000-02-29T00:00:00.000Z"),
        ])
    func formatsAsRFC3339InUTC(micros: Int64, text: String) {
        #expect(Timestamp(micros: micros).iso8601 == text)
    }

    @Test func convertsDatesToWholeMicroseconds() {
        let stamp = Timestamp(Date(timeIntervalSince1970: 1.5))
        #expect(stamp.micros == 1_500_000)
        #expect(stamp.adding(seconds: 2).micros == 3_500_000)
    }
}
