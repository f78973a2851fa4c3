import Foundation

/// What other currencies are worth in the workspace's own, as an admin set them, so forecasts
/// and reports add up deals in many currencies. Kept as an exact ratio of minor units: `perMillion`
/// minor units of the base currency for 1,000,000 minor units of the other.
public struct ExchangeRates: Sendable, Equatable {
    public var base: String
    public var perMillion: [String: Int64]

    public init(base: String, perMillion: [String: Int64] = [:]) {
        self.base = base
        self.perMillion = perMillion
    }

    /// The amount in the base currency (rounded half away from zero), or nil without a rate.
    public func convert(_ money: Money) -> Money? {
        if money.currency == base { return money }
        guard let rate = perMillion[money.currency] else { return nil }
        let (product, overflow) = money.minor.multipliedReportingOverflow(by: rate)
        guard !overflow else { return nil }
        let (q, r) = product.quotientAndRemainder(dividingBy: 1_000_000)
        let rounded = q + (r.magnitude >= 500_000 ? (product < 0 ? -1 : 1) : 0)
        return Money(minor: rounded, currency: base)
    }

    /// The stored ratio for "1 unit of `currency` is worth `rate` units of the base", e.g. 0.92.
    public static func perMillion(rate: Decimal, of currency: String, base: String) throws(RapportError) -> Int64 {
        guard rate > 0 else { throw .invalid(field: "rate", reason: "must be more than 0") }
        let shift = Money.exponent(of: base) - Money.exponent(of: currency)
        var value = rate * Decimal(1_000_000)
        if shift > 0 { for _ in 0..<shift { value *= 10 } } else if shift < 0 { for _ in 0..<(-shift) { value /= 10 } }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        let number = NSDecimalNumber(decimal: rounded)
        guard number.compare(NSDecimalNumber(value: Int64(1_000_000_000_000))) == .orderedAscending, number.int64Value > 0 else {
            throw .invalid(field: "rate", reason: "is out of range")
        }
        return number.int64Value
    }

    /// The rate as people write it: how many units of the base one unit of `currency` is worth.
    public func rate(of currency: String) -> Decimal? {
        guard let stored = perMillion[currency] else { return nil }
        let shift = Money.exponent(of: base) - Money.exponent(of: currency)
        var value = Decimal(stored) / Decimal(1_000_000)
        if shift > 0 { for _ in 0..<shift { value /= 10 } } else if shift < 0 { for _ in 0..<(-shift) { value *= 10 } }
        return value
    }
}
