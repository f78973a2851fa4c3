/// The workspace's tax rate for each product tax class (`standard`, `reduced`, `zero`, `exempt`):
/// what a new line is taxed at unless it says otherwise.
public struct TaxRates: Sendable, Equatable {
    public var rates: [String: Rate]

    public init(_ rates: [String: Rate]) { self.rates = rates }

    public static let standardDefault = TaxRates([
        "standard": Rate(millionths: 200_000), "reduced": Rate(millionths: 55_000), "zero": .zero, "exempt": .zero,
    ])

    public func rate(forClass taxClass: String?) -> Rate { rates[taxClass ?? "standard"] ?? rates["standard"] ?? .zero }

    /// Stored form: `standard=20;reduced=5.5;zero=0;exempt=0`.
    public var stored: String {
        Product.taxClasses.map { "\($0)=\(rate(forClass: $0).description)" }.joined(separator: ";")
    }

    public static func parse(stored text: String) -> TaxRates {
        var rates = standardDefault.rates
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2, let rate = try? Rate.percent(parts[1], field: parts[0]) { rates[parts[0]] = rate }
        }
        return TaxRates(rates)
    }

    /// Reads rates people typed, one per tax class, naming the wrong one (`tax_rates.reduced`).
    public static func read(_ texts: [String: String]) throws(RapportError) -> TaxRates {
        var rates: [String: Rate] = [:]
        var issues: [FieldIssue] = []
        for taxClass in Product.taxClasses {
            guard let text = texts[taxClass] else { continue }
            do throws(RapportError) { rates[taxClass] = try Rate.percent(text, field: "tax_rates.\(taxClass)") } catch {
                issues.append(contentsOf: error.fieldIssues)
            }
        }
        for key in texts.keys where !Product.taxClasses.contains(key) {
            issues.append(FieldIssue(field: "tax_rates.\(key)", reason: "is not a tax class (\(Product.taxClasses.joined(separator: ", ")))"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return TaxRates(rates)
    }
}
