import Foundation

/// Reads vCards as address books really write them: 2.1, 3.0 and 4.0; CRLF, LF or CR line ends;
/// folded lines (also folds that cut a UTF-8 sequence, since unfolding works on bytes); quoted-
/// printable with soft line breaks and Latin-1 charsets; 2.1 bare parameters (`TEL;WORK;VOICE`);
/// group prefixes; nested cards (2.1 `AGENT`), which are skipped; and many cards per file.
///
/// Binary data (a base64 `PHOTO`) is dropped while reading: Rapport stores no pictures, and a file
/// of large photos should cost no more than its bytes.
public enum VCardReader {
    /// One card of a file, in file order.
    public enum Entry: Sendable, Equatable {
        case card(VCard)
        /// A card that could not be read as a whole, with the reason and its name if one was seen.
        case broken(reason: String, name: String?)
    }

    public static func read(_ text: String) -> [Entry] { read(Array(text.utf8)) }

    public static func read(_ bytes: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        var properties: [VCardProperty] = []
        var depth = 0
        for line in logicalLines(bytes) {
            guard let property = parse(line) else { continue }
            let isCardMarker = property.name == "BEGIN" || property.name == "END"
            if isCardMarker, property.rawValue.trimmingWhitespace().uppercased() == "VCARD" {
                if property.name == "BEGIN" {
                    if depth == 0 { properties = [] }
                    depth += 1
                } else if depth > 0 {
                    depth -= 1
                    if depth == 0 { entries.append(.card(VCard(properties))) }
                }
                continue
            }
            if depth == 1 { properties.append(property) }
        }
        if depth > 0 {
            let name = VCard(properties).first("FN")?.text
            entries.append(.broken(reason: "the card has no END:VCARD line (the file may be cut short)", name: name))
        }
        return entries
    }

    // MARK: Lines

    /// Physical lines joined back into logical ones: a line starting with a space or tab continues the
    /// previous one, as does the line after a quoted-printable value ending in `=`.
    static func logicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var physical: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A || byte == 0x0D {
                physical.append(bytes[start..<i])
                if byte == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { physical.append(bytes[start...]) }

        var lines: [[UInt8]] = []
        var current: [UInt8]?
        for piece in physical {
            if var line = current {
                if let first = piece.first, first == 0x20 || first == 0x09 {
                    if line.last == UInt8(ascii: "="), isQuotedPrintable(line) {
                        // A soft break before an indented line: the indent is text (2.1 keeps fold white space).
                        line.removeLast()
                        line.append(contentsOf: piece)
                    } else {
                        line.append(contentsOf: piece.dropFirst())
                    }
                    current = line
                    continue
                }
                if line.last == UInt8(ascii: "="), isQuotedPrintable(line) {
                    line.removeLast()
                    line.append(contentsOf: piece)
                    current = line
                    continue
                }
                lines.append(line)
            }
            current = Array(piece)
        }
        if let current { lines.append(current) }
        return lines
    }

    static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = headerEnd(line) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// The index of the colon that ends the name and parameters (colons inside quotes do not count).
    static func headerEnd(_ line: [UInt8]) -> Int? {
        var quoted = false
        for (index, byte) in line.enumerated() {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if byte == UInt8(ascii: ":"), !quoted { return index }
        }
        return nil
    }

    // MARK: Properties

    /// Words a 2.1 card writes as bare parameters that are encodings or charsets, not types.
    static let bareEncodings: Set<String> = ["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"]
    static let binaryProperties: Set<String> = ["PHOTO", "LOGO", "SOUND", "KEY"]

    /// One logical line as a property; `nil` for blank lines and lines that are not properties.
    static func parse(_ line: [UInt8]) -> VCardProperty? {
        guard let colon = headerEnd(line) else { return nil }
        let header = String(decoding: line[..<colon], as: UTF8.self).trimmingWhitespace()
        let pieces = splitOutsideQuotes(header[...], on: ";")
        guard let nameField = pieces.first, !nameField.isEmpty else { return nil }
        var group: String?
        var name = String(nameField)
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        var parameters: [VCardParameter] = []
        for piece in pieces.dropFirst() where !piece.isEmpty {
            if let equals = piece.firstIndex(of: "=") {
                let key = String(piece[..<equals]).trimmingWhitespace()
                let values = splitOutsideQuotes(piece[piece.index(after: equals)...], on: ",").map { value in
                    var v = String(value).trimmingWhitespace()[...]
                    if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = v.dropFirst().dropLast() }
                    return ContentLine.decodeParameter(v)
                }
                parameters.append(VCardParameter(key, values))
            } else {
                let word = String(piece).trimmingWhitespace().uppercased()
                if bareEncodings.contains(word) {
                    parameters.append(VCardParameter("ENCODING", [word]))
                } else {
                    parameters.append(VCardParameter("TYPE", [word.lowercased()]))
                }
            }
        }
        var property = VCardProperty(group: group, name, parameters, raw: "")
        var valueBytes = Array(line[(colon + 1)...])
        let encoding = property.parameter("ENCODING").first?.uppercased()
        if encoding == "B" || encoding == "BASE64" || (binaryProperties.contains(property.name) && valueBytes.starts(with: Array("data:".utf8))) {
            return property
        }
        if encoding == "QUOTED-PRINTABLE" { valueBytes = decodeQuotedPrintable(valueBytes) }
        property.rawValue = decode(valueBytes, charset: property.parameter("CHARSET").first)
        return property
    }

    /// Text in its declared charset; UTF-8 by default, Latin-1 when the bytes are not UTF-8 at all.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let name = charset?.lowercased() ?? "utf-8"
        if ["iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252"].contains(name),
            let text = String(bytes: bytes, encoding: .isoLatin1)
        {
            return text
        }
        if let text = String(bytes: bytes, encoding: .utf8) { return text }
        return String(bytes: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
    }

    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func splitOutsideQuotes(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }
}
