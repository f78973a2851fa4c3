import Foundation

/// A naive Bayes model of which leads convert, learned from a workspace's own closed leads
/// (converted against disqualified) over `LeadFeatures`.
///
/// Naive Bayes because it learns from a few dozen examples, trains in one pass, is exactly
/// reproducible, and explains itself: each feature adds its log-likelihood ratio
/// `ln(P(value | converted) / P(value | disqualified))` to the prior log-odds, and the biggest
/// of those are the reasons people read ("chiefly because source is event and country is DE").
/// Counts use Laplace smoothing (add one), and a value the training never saw is ignored.
public struct ConversionModel: Sendable, Equatable, Codable {
    /// Both outcomes need this many examples before the model says anything.
    public static let minimumPerOutcome = 5

    /// Closed leads trained on, by outcome.
    public var converted: Int
    public var disqualified: Int
    /// Per feature and value: how many converted and how many disqualified leads had it.
    public var counts: [String: [String: Outcomes]]
    public var trainedAt: Timestamp

    /// A pair of counts, converted first.
    public struct Outcomes: Sendable, Equatable, Codable {
        public var converted: Int
        public var disqualified: Int

        public init(converted: Int = 0, disqualified: Int = 0) {
            self.converted = converted
            self.disqualified = disqualified
        }
    }

    /// One closed lead: its features and whether it converted.
    public struct Example: Sendable {
        public var features: [String: String]
        public var converted: Bool

        public init(features: [String: String], converted: Bool) {
            self.features = features
            self.converted = converted
        }
    }

    public init(converted: Int, disqualified: Int, counts: [String: [String: Outcomes]], trainedAt: Timestamp) {
        self.converted = converted
        self.disqualified = disqualified
        self.counts = counts
        self.trainedAt = trainedAt
    }

    /// Counts the examples.
    public static func train(_ examples: [Example], at time: Timestamp) -> ConversionModel {
        var model = ConversionModel(converted: 0, disqualified: 0, counts: [:], trainedAt: time)
        for example in examples {
            if example.converted { model.converted += 1 } else { model.disqualified += 1 }
            for (feature, value) in example.features {
                var outcomes = model.counts[feature, default: [:]][value, default: Outcomes()]
                if example.converted { outcomes.converted += 1 } else { outcomes.disqualified += 1 }
                model.counts[feature, default: [:]][value] = outcomes
            }
        }
        return model
    }

    /// Whether there were enough examples of both outcomes to predict.
    public var isUsable: Bool { converted >= Self.minimumPerOutcome && disqualified >= Self.minimumPerOutcome }

    /// The prior log-odds of converting: `ln((converted + 1) / (disqualified + 1))`.
    public var priorLogOdds: Double { log(Double(converted + 1) / Double(disqualified + 1)) }

    /// The log-likelihood ratio a feature's value adds, or nil when training never saw the value.
    public func weight(_ feature: String, _ value: String) -> Double? {
        guard let values = counts[feature], let seen = values[value] else { return nil }
        // Leads that had the feature at all, per outcome; one more value stands for "unseen".
        let withConverted = values.values.reduce(0) { $0 + $1.converted }
        let withDisqualified = values.values.reduce(0) { $0 + $1.disqualified }
        let k = Double(values.count + 1)
        let pConverted = (Double(seen.converted) + 1) / (Double(withConverted) + k)
        let pDisqualified = (Double(seen.disqualified) + 1) / (Double(withDisqualified) + k)
        return log(pConverted / pDisqualified)
    }

    /// What the model makes of a lead.
    public func predict(_ features: [String: String]) -> ConversionPrediction {
        var logOdds = priorLogOdds
        var contributions: [ConversionPrediction.Contribution] = []
        for feature in features.keys.sorted() {
            guard let value = features[feature], let weight = weight(feature, value) else { continue }
            logOdds += weight
            contributions.append(.init(feature: feature, value: value, weight: weight))
        }
        let probability = 1 / (1 + exp(-logOdds))
        contributions.sort { a, b in
            a.weight != b.weight ? a.weight > b.weight : (a.feature, a.value) < (b.feature, b.value)
        }
        return ConversionPrediction(probability: probability, contributions: contributions)
    }
}

/// The model's view of one lead: the chance it converts and what moved it, strongest for first.
public struct ConversionPrediction: Sendable, Equatable {
    public struct Contribution: Sendable, Equatable, Codable {
        public var feature: String
        public var value: String
        /// Natural-log odds added (positive speaks for converting).
        public var weight: Double

        public init(feature: String, value: String, weight: Double) {
            self.feature = feature
            self.value = value
            self.weight = weight
        }

        public var text: String { LeadFeatures.describe(feature, value) }
    }

    public var probability: Double
    /// Every feature the model knew, from the most in favour to the most against.
    public var contributions: [Contribution]

    /// The probability as a whole percentage.
    public var percent: Int { Int((probability * 100).rounded()) }

    /// Up to `limit` features that spoke for converting (at least a 10% change in the odds each).
    public func reasonsFor(limit: Int = 3) -> [Contribution] {
        Array(contributions.filter { $0.weight > 0.1 }.prefix(limit))
    }

    /// Up to `limit` features that spoke against it, strongest first.
    public func reasonsAgainst(limit: Int = 3) -> [Contribution] {
        Array(contributions.filter { $0.weight < -0.1 }.reversed().prefix(limit))
    }

    /// "model: 64%, chiefly because source is event and country is DE".
    public var summary: String {
        let favour = percent >= 50
        let reasons = favour ? reasonsFor(limit: 2) : reasonsAgainst(limit: 2)
        guard !reasons.isEmpty else { return "model: \(percent)%" }
        let names = reasons.map(\.text)
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
        return "model: \(percent)%, chiefly because " + list
    }
}
