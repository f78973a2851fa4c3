import Foundation

/// The line syntax vCard (RFC 6350) and iCalendar (RFC 5545) share: `NAME;PARAM=value:value`,
/// text escaping, and folding of long lines.
public enum ContentLine {
    /// The longest line in octets, line break excluded; continuation lines count their leading space.
    public static let maxOctets = 75

    /// One content line, folded and ended with CRLF. `value` must already be escaped.
    public static func line(_ name: String, _ parameters: [(String, String)] = [], _ value: String) -> String {
        var text = name
        for (key, paramValue) in parameters { text += ";" + key + "=" + quoteParameter(paramValue) }
        text += ":" + value
        return fold(text)
    }

    /// Splits a line into pieces of at most 75 octets, breaking between Unicode scalars so a UTF-8
    /// sequence is never cut in two; each continuation starts with a space.
    public static func fold(_ line: String) -> String {
        var out = ""
        out.reserveCapacity(line.utf8.count + line.utf8.count / 70 * 3 + 2)
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > maxOctets {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += width
        }
        return out + "\r\n"
    }

    /// Escapes TEXT: backslash, comma, semicolon and line breaks (CRLF, CR, LF all become `\n`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// Reverses `escape`, leniently: `\N` counts as `\n`, and an unknown escape keeps its character
    /// (some writers escape `:`), so nothing a writer meant is lost.
    public static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    /// Splits a value at `separator` where it is not escaped; the parts stay escaped.
    public static func split(_ value: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = value.startIndex
        var index = value.startIndex
        var escaping = false
        while index < value.endIndex {
            let character = value[index]
            if escaping {
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == separator {
                parts.append(value[start..<index])
                start = value.index(after: index)
            }
            index = value.index(after: index)
        }
        parts.append(value[start...])
        return parts
    }

    /// A parameter value, quoted when it holds `:`, `;` or `,`; characters a parameter cannot carry
    /// are written the RFC 6868 way (`^'` for a quote, `^n` for a line break, `^^` for a caret).
    public static func quoteParameter(_ value: String) -> String {
        var out = ""
        var needsQuotes = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "^": out += "^^"
            case "\"": out += "^'"
            case "\n": out += "^n"
            case "\r": continue
            case ":", ";", ",":
                needsQuotes = true
                out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"" + out + "\"" : out
    }

    /// Reverses RFC 6868 caret encoding in a parameter value.
    public static func decodeParameter(_ value: Substring) -> String {
        guard value.contains("^") else { return String(value) }
        var out = ""
        var caret = false
        for character in value {
            if caret {
                switch character {
                case "n", "N": out.append("\n")
                case "'": out.append("\"")
                case "^": out.append("^")
                default: out += "^" + String(character)
                }
                caret = false
            } else if character == "^" {
                caret = true
            } else {
                out.append(character)
            }
        }
        if caret { out.append("^") }
        return out
    }
}
