import Foundation

/// How big a market is in a year: an industry in one country (or everywhere when `country` is
/// empty), in money, with where the figure comes from.
public struct MarketSize: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<MarketSize>
    public var id: ID
    public var industry: String
    public var country: String
    public var year: Int
    public var amount: Money
    public var source: String

    public init(id: ID, industry: String, country: String, year: Int, amount: Money, source: String) {
        self.id = id
        self.industry = industry
        self.country = country
        self.year = year
        self.amount = amount
        self.source = source
    }

    /// Checks a market size someone typed, naming each bad field.
    public static func validate(industry: String, country: String, year: Int, amount: Money, source: String) throws(RapportError) {
        var issues: [FieldIssue] = []
        if industry.trimmingWhitespace().isEmpty || industry.count > 100 { issues.append(FieldIssue(field: "industry", reason: "is required, at most 100 characters")) }
        if !country.isEmpty, country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            issues.append(FieldIssue(field: "country", reason: "must be a two-letter country code, or empty for everywhere"))
        }
        if !(1990...2100).contains(year) { issues.append(FieldIssue(field: "year", reason: "must be a year from 1990 to 2100")) }
        if amount.minor <= 0 { issues.append(FieldIssue(field: "amount", reason: "must be more than zero")) }
        if source.count > 300 { issues.append(FieldIssue(field: "source", reason: "must be at most 300 characters")) }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.description), "industry": .string(industry), "country": country.isEmpty ? .null : .string(country),
                "year": .int(Int64(year)), "amount": FieldValue.money(amount).json, "source": .string(source),
            ]))
    }
}
