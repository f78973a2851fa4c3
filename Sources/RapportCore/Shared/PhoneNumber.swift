import Foundation

/// A phone number normalised to E.164 (`+14155550100`), whatever way it was written.
///
/// Numbers written without a country code are read in the workspace's default country: its
/// national trunk prefix (`0` in most of Europe, `1` in North America) is dropped and its calling
/// code added. Extensions (`x123`, `ext. 123`) are kept apart.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number in E.164 form.
    public let e164: String
    /// An extension, if one was written.
    public let extensionDigits: String?

    public init(_ raw: String, defaultCountry: String = "US") throws(RapportError) {
        var text = raw.trimmingWhitespace().lowercased()
        var ext: String?
        // `;ext=` first: it is the stored and API form (`+14155550100;ext=12`), which must read back.
        for marker in [";ext=", "extension", "ext.", "ext", "x", "#"] {
            if let range = text.range(of: marker), range.lowerBound != text.startIndex {
                let digits = text[range.upperBound...].filter(\.isASCIIDigit)
                if !digits.isEmpty { ext = String(digits) }
                text = String(text[..<range.lowerBound])
                break
            }
        }
        if text.hasPrefix("tel:") { text.removeFirst(4) }
        let allowed = Set("0123456789+-(). /")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }) else {
            throw .invalid(field: "phone", reason: "is not a phone number")
        }
        var digits = text.filter(\.isASCIIDigit)
        let international: Bool
        if text.hasPrefix("+") {
            international = true
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
            international = true
        } else if digits.hasPrefix("011"), defaultCountry.uppercased() == "US" || defaultCountry.uppercased() == "CA" {
            digits.removeFirst(3)
            international = true
        } else {
            international = false
        }
        if international, text.contains("(0)") {
            // "+44 (0)20 …": the bracketed trunk prefix is dialled only from inside the country.
            let prefixLength = text.filter(\.isASCIIDigit).count - digits.count
            digits = String(text.replacingAll("(0)", with: " ").filter(\.isASCIIDigit).dropFirst(prefixLength))
        }
        if !international {
            guard let country = PhoneNumber.countries[defaultCountry.uppercased()] else {
                throw .invalid(field: "phone", reason: "needs a country code (+…)")
            }
            if let trunk = country.trunk, digits.hasPrefix(trunk), digits.count > country.nationalLength.lowerBound {
                digits.removeFirst(trunk.count)
            }
            guard country.nationalLength.contains(digits.count) else {
                throw .invalid(field: "phone", reason: "has the wrong number of digits for \(defaultCountry.uppercased())")
            }
            digits = country.code + digits
        }
        guard (7...15).contains(digits.count), digits.first != "0" else {
            throw .invalid(field: "phone", reason: "is not a valid international number")
        }
        self.e164 = "+" + digits
        self.extensionDigits = ext
    }

    /// E.164 with the extension, as stored (`+14155550100;ext=12`).
    public var description: String { extensionDigits.map { "\(e164);ext=\($0)" } ?? e164 }

    /// Reads the stored form (`+14155550100;ext=12`) back without re-validating it.
    public init(trusted stored: String) {
        if let range = stored.range(of: ";ext=") {
            self.init(e164: String(stored[..<range.lowerBound]), extensionDigits: String(stored[range.upperBound...]))
        } else {
            self.init(e164: stored, extensionDigits: nil)
        }
    }

    private init(e164: String, extensionDigits: String?) {
        self.e164 = e164
        self.extensionDigits = extensionDigits
    }

    struct Country {
        let code: String
        let trunk: String?
        let nationalLength: ClosedRange<Int>
    }

    /// Calling codes, trunk prefixes and national number lengths of the countries most workspaces use.
    static let countries: [String: Country] = [
        "US": .init(code: "1", trunk: "1", nationalLength: 10...10),
        "CA": .init(code: "1", trunk: "1", nationalLength: 10...10),
        "GB": .init(code: "44", trunk: "0", nationalLength: 9...10),
        "IE": .init(code: "353", trunk: "0", nationalLength: 7...9),
        "FR": .init(code: "33", trunk: "0", nationalLength: 9...9),
        "DE": .init(code: "49", trunk: "0", nationalLength: 6...11),
        "AT": .init(code: "43", trunk: "0", nationalLength: 6...12),
        "CH": .init(code: "41", trunk: "0", nationalLength: 9...9),
        "NL": .init(code: "31", trunk: "0", nationalLength: 9...9),
        "BE": .init(code: "32", trunk: "0", nationalLength: 8...9),
        "LU": .init(code: "352", trunk: nil, nationalLength: 6...11),
        "ES": .init(code: "34", trunk: nil, nationalLength: 9...9),
        "PT": .init(code: "351", trunk: nil, nationalLength: 9...9),
        "IT": .init(code: "39", trunk: nil, nationalLength: 6...11),
        "DK": .init(code: "45", trunk: nil, nationalLength: 8...8),
        "NO": .init(code: "47", trunk: nil, nationalLength: 8...8),
        "SE": .init(code: "46", trunk: "0", nationalLength: 7...9),
        "FI": .init(code: "358", trunk: "0", nationalLength: 5...10),
        "PL": .init(code: "48", trunk: nil, nationalLength: 9...9),
        "CZ": .init(code: "420", trunk: nil, nationalLength: 9...9),
        "GR": .init(code: "30", trunk: nil, nationalLength: 10...10),
        "AU": .init(code: "61", trunk: "0", nationalLength: 9...9),
        "NZ": .init(code: "64", trunk: "0", nationalLength: 8...10),
        "JP": .init(code: "81", trunk: "0", nationalLength: 9...10),
        "IN": .init(code: "91", trunk: "0", nationalLength: 10...10),
        "SG": .init(code: "65", trunk: nil, nationalLength: 8...8),
        "BR": .init(code: "55", trunk: "0", nationalLength: 10...11),
        "MX": .init(code: "52", trunk: nil, nationalLength: 10...10),
        "ZA": .init(code: "27", trunk: "0", nationalLength: 9...9),
    ]

    /// Whether a country code is one the normaliser knows.
    public static func isKnownCountry(_ code: String) -> Bool { countries[code.uppercased()] != nil }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
