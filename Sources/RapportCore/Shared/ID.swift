import Foundation

/// A typed identifier: `ID<Contact>` cannot be passed where an `ID<Account>` is meant.
///
/// IDs are UUIDv7 (time-ordered), so new rows land at the end of primary-key indexes.
public struct ID<Entity>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) { self.uuid = uuid }

    /// Parses the canonical textual form; `nil` when the text is not a UUID.
    public init?(_ string: String) {
        guard let uuid = UUIDText.parse(string) else { return nil }
        self.uuid = uuid
    }

    /// A new, time-ordered identifier.
    public static func make() -> Self { Self(UUIDv7.make()) }

    /// Lower-case canonical text, the form used in URLs and JSON.
    public var description: String { UUIDText.lowercased(uuid) }

    /// Orders as the lower-case text does (hex digits sort like the bytes they stand for).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        withUnsafeBytes(of: lhs.uuid.uuid) { a in withUnsafeBytes(of: rhs.uuid.uuid) { b in a.lexicographicallyPrecedes(b) } }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.uuid = try container.decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuid)
    }
}

/// Generates RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then randomness.
public enum UUIDv7 {
    /// A new UUIDv7 for the current time.
    public static func make(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return make(milliseconds: UInt64(max(0, date.timeIntervalSince1970 * 1000)), using: &generator)
    }

    /// A UUIDv7 for a given time from a given random source (deterministic with a seeded generator).
    public static func make(milliseconds ms: UInt64, using generator: inout some RandomNumberGenerator) -> UUID {
        let random = generator.next() as UInt64
        let random2 = generator.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8((ms >> (8 * (5 - UInt64(i)))) & 0xFF) }
        for i in 6..<8 { bytes[i] = UInt8((random >> (8 * UInt64(i))) & 0xFF) }
        for i in 8..<16 { bytes[i] = UInt8((random2 >> (8 * UInt64(i - 8))) & 0xFF) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }
}
