import Foundation

/// Turns record text and typed queries into the same normalised tokens for both databases' full-text
/// engines, so SQLite FTS5 and PostgreSQL `tsvector` index and match exactly the same words.
public enum SearchText {
    /// Lower-cased, accent-free words of the text; email addresses and phone numbers also as wholes.
    public static func tokens(_ text: String) -> [String] {
        if let ascii = asciiTokens(text) { return ascii }
        var result: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { result.append(current) }
            current = ""
        }
        for scalar in fold(text).unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// `tokens` of ASCII text, without Unicode property lookups (most names, emails and phones);
    /// `nil` for anything else.
    static func asciiTokens(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var result: [String] = []
            var current: [UInt8] = []
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                switch byte {
                case 0x41...0x5A: current.append(byte | 0x20)
                case 0x61...0x7A, 0x30...0x39: current.append(byte)
                default:
                    if !current.isEmpty {
                        result.append(String(decoding: current, as: UTF8.self))
                        current.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
            return result
        }
    }

    /// Case- and accent-folded text: `Zoë Müller` → `zoe muller`.
    public static func fold(_ text: String) -> String {
        // ASCII folds to its lower case; only other text needs the canonical decomposition.
        var copy = text
        if let ascii = copy.withUTF8({ bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
            return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }) {
            return ascii
        }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedScalars() where !(0x300...0x36F).contains(scalar.value) {
            switch scalar {
            case "ß": out.append(contentsOf: "ss".unicodeScalars)
            case "æ": out.append(contentsOf: "ae".unicodeScalars)
            case "ø": out.append("o")
            case "œ": out.append(contentsOf: "oe".unicodeScalars)
            case "ł": out.append("l")
            case "đ": out.append("d")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Tokens for a phone number: its digits, the digits without one to three leading
    /// (country-code) digits, and those again behind a `0` trunk prefix, so `+44 20…`, `20…` and
    /// `020…`-style prefixes all find it.
    public static func phoneTokens(_ e164: String) -> [String] {
        let digits = String(e164.filter { ("0"..."9").contains($0) })
        var tokens = [digits]
        let national = (1...3).filter { digits.count - $0 >= 6 }.map { String(digits.dropFirst($0)) }
        tokens.append(contentsOf: national)
        tokens.append(contentsOf: national.map { "0" + $0 }.filter { !tokens.contains($0) })
        return tokens
    }

    /// The document text for a record: every searchable field's tokens, space-separated.
    public static func document<E: Entity>(for values: FieldValues, of entity: E.Type) -> String {
        var tokens: [String] = []
        for spec in E.fields where spec.searchable {
            guard let value = values[spec.name] else { continue }
            switch value {
            case .emails(let list):
                for email in list {
                    tokens.append(contentsOf: self.tokens(email.address.value))
                }
            case .phones(let list):
                for phone in list { tokens.append(contentsOf: phoneTokens(phone.number.e164)) }
            default:
                tokens.append(contentsOf: self.tokens(value.display))
            }
        }
        var seen: Set<String> = []
        return tokens.filter { seen.insert($0).inserted }.joined(separator: " ")
    }

    /// The keys global search finds a record's title by while it is typed: the title's words from
    /// each word on (`anna maria schmidt`, `maria schmidt`, `schmidt`; at most eight), kept in a B-tree
    /// so a prefix of any of them is a range seek that comes back in alphabetical order, however many
    /// records share it. None when a word of the title is not in the record's search document, so
    /// finding a record by its title never finds what a search of the document would not.
    public static func titleKeys(title: String, document: String) -> [String] {
        let words = tokens(title)
        guard !words.isEmpty else { return [] }
        let indexed = Set(document.split(separator: " "))
        guard words.allSatisfy({ indexed.contains(Substring($0)) }) else { return [] }
        var keys: [String] = []
        for start in words.indices.prefix(8) {
            let key = String(words[start...].joined(separator: " ").prefix(maxTitleKey))
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// The longest title key; longer titles are cut (a longer query then finds them through the document).
    public static let maxTitleKey = 120

    /// The query terms as a title key prefix: `anna sch` finds `anna schmidt`.
    public static func titlePrefix(_ terms: [String]) -> String { terms.joined(separator: " ") }

    /// The smallest text greater than every text that starts with `prefix` (its last character
    /// moved one up), so `key >= prefix AND key < successor` selects exactly the keys with that prefix
    /// in code point order; `nil` when there is none.
    public static func successor(of prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var value = last.value + 1
            if value == 0xD800 { value = 0xE000 }
            if let next = Unicode.Scalar(value) {
                scalars.append(next)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                return String(view)
            }
        }
        return nil
    }

    /// The words of a typed query, at most eight, the last one a prefix. A query of digits and
    /// phone punctuation is read as one phone number prefix.
    public static func queryTerms(_ query: String) -> [String] {
        let trimmed = query.trimmingWhitespace()
        if !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789+-(). ".contains($0) }) {
            // Neither a bracketed trunk prefix (`+44 (0)20`) nor the `00` international prefix is
            // part of the stored number.
            var digits = String(trimmed.replacingAll("(0)", with: " ").filter { ("0"..."9").contains($0) })
            if digits.hasPrefix("00") { digits.removeFirst(2) }
            return digits.count >= 2 ? [digits] : []
        }
        return Array(tokens(trimmed).prefix(8))
    }
}

extension String {
    /// The string's Unicode scalars in canonical decomposition (NFD), so accents can be dropped.
    func decomposedScalars() -> String.UnicodeScalarView {
        decomposedStringWithCanonicalMapping.unicodeScalars
    }
}
