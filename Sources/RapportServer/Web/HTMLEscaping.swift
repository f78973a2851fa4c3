import Mustache

/// The HTML escaping of every template, registered as Mustache's `HTML` content type: each template
/// starts with `{{% CONTENT_TYPE: HTML }}` (a partial or layout starts again from swift-mustache's own).
///
/// swift-mustache escapes a value Character by Character, hashing each into a dictionary of
/// replacements: 11–12% of the record page's and the web list's CPU in a profile. This escapes the
/// same five characters the same way, reading UTF-8 bytes, and hands back the value itself when it
/// has none of them (most values: names, dates, IDs, links).
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { Self.escape(text) }

    /// `<`, `>`, `&`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: needsEscape) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    /// Makes `{{% CONTENT_TYPE: HTML }}` mean this escaping; call before the templates are parsed.
    static func register() {
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
    }
}
