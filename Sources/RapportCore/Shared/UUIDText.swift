import Foundation

/// The canonical text of a UUID (`8-4-4-4-12` hex digits), written and read by hand.
///
/// Foundation's `uuidString.lowercased()` and `UUID(uuidString:)` (which goes through `sscanf`) cost
/// microseconds each; a list page of 50 records formats and parses several hundred UUIDs, so on the hot
/// paths these take a few nanoseconds instead. Both accept and produce exactly what Foundation does:
/// reading takes either case, writing gives lower case, the form Rapport's URLs and JSON use.
public enum UUIDText {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the lower-case canonical text (36 bytes) to `out`.
    public static func write(_ uuid: UUID, into out: inout [UInt8]) {
        withUnsafeBytes(of: uuid.uuid) { raw in
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
                let byte = raw[i]
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
    }

    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 48 + nibble : 87 + nibble }

    /// Appends `"<uuid>"` in lower case straight from canonical text in either case and returns `true`;
    /// returns `false` (appending nothing) for anything else, which the caller reads the long way.
    public static func writeQuotedLowercase(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for i in 0..<36 {
            let c = bytes[i]
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return false }
            } else if nibble(c) == nil {
                return false
            }
        }
        out.append(UInt8(ascii: "\""))
        for c in bytes { out.append(c >= 65 && c <= 70 ? c | 0x20 : c) }
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// The lower-case canonical text, e.g. `0192f3c4-…`.
    public static func lowercased(_ uuid: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            withUnsafeBytes(of: uuid.uuid) { raw in
                var n = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        buffer[n] = UInt8(ascii: "-")
                        n += 1
                    }
                    buffer[n] = hexDigit(raw[i] >> 4)
                    buffer[n + 1] = hexDigit(raw[i] & 0x0F)
                    n += 2
                }
            }
            return 36
        }
    }

    /// The upper-case canonical text, what Foundation's `uuidString` gives (SQLite stores UUIDs so).
    public static func uppercased(_ uuid: UUID) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            withUnsafeBytes(of: uuid.uuid) { raw in
                var n = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        buffer[n] = UInt8(ascii: "-")
                        n += 1
                    }
                    for nibble in [raw[i] >> 4, raw[i] & 0x0F] {
                        buffer[n] = nibble < 10 ? 48 + nibble : 55 + nibble
                        n += 1
                    }
                }
            }
            return 36
        }
    }

    /// Reads what `UUID(uuidString:)` reads: the canonical text in either case by hand, and anything
    /// else (Foundation's `sscanf` also takes odd forms such as a leading space) through Foundation.
    public static func parse(_ text: String) -> UUID? {
        var copy = text
        if let uuid = copy.withUTF8({ parse(utf8: $0) }) { return uuid }
        return UUID(uuidString: text)
    }

    /// Reads the canonical text (8-4-4-4-12 hex digits, either case) from UTF-8 bytes; `nil` otherwise.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &value) { out -> Bool in
            var n = 0
            var i = 0
            while i < 36 {
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    guard bytes[i] == UInt8(ascii: "-") else { return false }
                    i += 1
                    continue
                }
                guard let high = nibble(bytes[i]), let low = nibble(bytes[i + 1]) else { return false }
                out[n] = high << 4 | low
                n += 1
                i += 2
            }
            return true
        }
        return ok ? UUID(uuid: value) : nil
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}

extension UUID {
    /// The lower-case canonical text (what `uuidString.lowercased()` gives, without its cost).
    public var lowercasedText: String { UUIDText.lowercased(self) }
}
