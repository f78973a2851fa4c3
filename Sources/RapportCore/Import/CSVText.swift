import Foundation

/// Turning a CSV value's bytes into text.
public enum CSVText {
    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252 (a Latin-1 file, or one odd value in
    /// a UTF-8 file); always Windows-1252 for a file known to be written so.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ encoding: CSVFormat.Encoding) -> String {
        if encoding == .utf8 {
            var ascii = true
            for b in bytes where b >= 0x80 {
                ascii = false
                break
            }
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            if let text = String(validating: bytes, as: UTF8.self) { return text }
        }
        return windows1252(bytes)
    }

    /// Windows-1252 text: Latin-1 with printable characters (€, curly quotes, dashes) in 0x80–0x9F.
    public static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            if b >= 0x80 && b < 0xA0 {
                let value = cp1252High[Int(b - 0x80)]
                scalars.append(Unicode.Scalar(value) ?? Unicode.Scalar(b))
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    /// What Windows-1252 puts in 0x80–0x9F; the five unassigned bytes stay as their C1 controls.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Whether bytes are valid UTF-8; a sequence cut off at the very end counts as valid when
    /// `truncated` (the bytes are only the start of a file).
    public static func isValidUTF8(_ bytes: ArraySlice<UInt8>, truncated: Bool) -> Bool {
        var slice = bytes
        if truncated {
            // Drop an incomplete sequence at the end: up to 3 bytes after the last lead byte.
            var back = 0
            var i = slice.endIndex
            while i > slice.startIndex && back < 4 {
                i -= 1
                back += 1
                let b = slice[i]
                if b & 0xC0 != 0x80 {
                    let needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                    if needed > back { slice = slice[slice.startIndex..<i] }
                    break
                }
            }
        }
        return slice.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
    }
}
