import Foundation

/// A forecast as people read it: one period, one currency, a line per scope.
public struct ForecastReport: Sendable, Equatable {
    public var period: ForecastPeriod
    public var periodName: String
    /// The workspace's currency, which every amount is in.
    public var currency: String
    public var lines: [ForecastLine]
    /// Deals left out because their currency has no exchange rate, counted per currency.
    public var unconverted: [String: Int]
    /// How many closed deals the historical chances were measured on.
    public var measuredDeals: Int
    /// The moment the pipeline is shown as of (nil: now).
    public var asOf: Timestamp?

    public init(
        period: ForecastPeriod, periodName: String, currency: String, lines: [ForecastLine], unconverted: [String: Int],
        measuredDeals: Int, asOf: Timestamp?
    ) {
        self.period = period
        self.periodName = periodName
        self.currency = currency
        self.lines = lines
        self.unconverted = unconverted
        self.measuredDeals = measuredDeals
        self.asOf = asOf
    }
}
