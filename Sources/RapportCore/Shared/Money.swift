import Foundation

/// An amount of money in integer minor units (cents) of an ISO 4217 currency. Never floating point.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var minor: Int64
    public var currency: String

    public init(minor: Int64, currency: String) {
        self.minor = minor
        self.currency = currency
    }

    /// Digits after the decimal point for a currency (ISO 4217 exponent).
    public static func exponent(of currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "VND", "CLP", "ISK", "XOF", "XAF", "UGX", "PYG": 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD": 3
        default: 2
        }
    }

    /// Currencies the forms offer; the API accepts any three-letter upper-case code.
    public static let common = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "INR", "BRL"]

    public static func isValidCurrency(_ code: String) -> Bool {
        code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// Parses a decimal amount in major units (`1,250,000.50`) exactly, without floating point.
    public static func parse(_ text: String, currency: String) throws(RapportError) -> Money {
        let cleaned = text.trimmingWhitespace().filter { $0 != "," && $0 != " " && $0 != "_" }
        var negative = false
        var body = Substring(cleaned)
        if body.hasPrefix("-") {
            negative = true
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let exp = exponent(of: currency)
        guard !body.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            !(parts.first?.isEmpty ?? true), parts.count == 1 || parts[1].count <= exp,
            parts[0].count <= 15
        else { throw .invalid(field: "amount", reason: "is not an amount like 1250.50") }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: exp - fraction.count)
        guard let value = Int64(String(parts[0]) + fraction) else {
            throw .invalid(field: "amount", reason: "is too large")
        }
        return Money(minor: negative ? -value : value, currency: currency)
    }

    /// The amount in major units with grouping, e.g. `1,250,000.50`.
    public var formattedAmount: String {
        let exp = Money.exponent(of: currency)
        let magnitude = minor.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<exp { divisor *= 10 }
        let whole = String(magnitude / divisor)
        var grouped = ""
        for (i, ch) in whole.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        var result = (minor < 0 ? "-" : "") + String(grouped.reversed())
        if exp > 0 {
            let frac = String(magnitude % divisor)
            result += "." + String(repeating: "0", count: exp - frac.count) + frac
        }
        return result
    }

    public var description: String { "\(currency) \(formattedAmount)" }
}
