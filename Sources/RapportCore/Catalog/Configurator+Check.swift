/// What is wrong with a configuration, in words a customer understands.
public struct ConfigurationProblem: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case unknownOption = "unknown_option"
        case tooFew = "too_few"
        case tooMany = "too_many"
        case missingRequirement = "missing_requirement"
        case excluded
        case notOffered = "not_offered"
    }

    public var kind: Kind
    /// The group the problem is in, when it is about a group's count.
    public var group: String?
    /// The option the problem is about.
    public var option: String?
    public var message: String
}

/// A configuration checked against the product's rules, with its exact price and cost.
public struct ConfigurationCheck: Hashable, Sendable {
    /// The chosen option keys, in the order the groups list them.
    public var selection: [String]
    public var problems: [ConfigurationProblem]
    public var price: Money
    public var cost: Money

    public var isValid: Bool { problems.isEmpty }
    public var margin: Money { Money(minor: price.minor - cost.minor, currency: price.currency) }
}

extension Configurator {
    /// Checks a configuration: every key known, every group's count within its bounds, and every rule
    /// kept. Throws only when the price or the cost overflows.
    public func check(_ selection: Set<String>) throws(RapportError) -> ConfigurationCheck {
        var problems: [ConfigurationProblem] = []
        for key in selection.sorted() where option(key) == nil {
            problems.append(.init(kind: .unknownOption, option: key, message: "“\(key)” is not an option of this product"))
        }
        for group in groups {
            let count = group.options.count { selection.contains($0.key) }
            if count < group.minChoices {
                let message =
                    group.minChoices == 1 ? "Choose \(group.isSingleChoice ? "one" : "at least one") in \(group.label)"
                    : "Choose at least \(group.minChoices) in \(group.label)"
                problems.append(.init(kind: .tooFew, group: group.key, message: message))
            } else if count > group.maxChoices {
                let message =
                    group.isSingleChoice ? "Choose only one in \(group.label)" : "Choose at most \(group.maxChoices) in \(group.label)"
                problems.append(.init(kind: .tooMany, group: group.key, message: message))
            }
        }
        problems += ruleProblems(selection)
        let chosen = options.filter { selection.contains($0.key) }
        return ConfigurationCheck(
            selection: chosen.map(\.key), problems: problems,
            price: Money(minor: try Self.sum(basePrice, chosen.map(\.priceDelta), what: "price"), currency: currency),
            cost: Money(minor: try Self.sum(baseCost, chosen.map(\.costDelta), what: "cost"), currency: currency))
    }

    /// The broken rules of a selection: exclusions, missing requirements, options not offered.
    func ruleProblems(_ selection: Set<String>) -> [ConfigurationProblem] {
        var problems: [ConfigurationProblem] = []
        var reportedPairs: Set<[String]> = []
        for rule in rules where selection.contains(rule.subject) {
            switch rule {
            case .excludes(let subject, let others):
                for other in others where selection.contains(other) && other != subject {
                    guard reportedPairs.insert([subject, other].sorted()).inserted else { continue }
                    problems.append(
                        .init(kind: .excluded, option: subject, message: "\(label(subject)) cannot go with \(label(other))"))
                }
            case .requires(let subject, let needed):
                let missing = needed.filter { !selection.contains($0) }
                if !missing.isEmpty {
                    problems.append(
                        .init(
                            kind: .missingRequirement, option: subject,
                            message: "\(label(subject)) needs \(Self.list(missing.map(label), joiner: "and"))"))
                }
            case .onlyIf(let subject, let anyOf):
                if !anyOf.contains(where: selection.contains) {
                    problems.append(
                        .init(
                            kind: .notOffered, option: subject,
                            message: "\(label(subject)) is only available with \(Self.list(anyOf.map(label), joiner: "or"))"))
                }
            }
        }
        return problems
    }

    /// The selection after someone chooses `key`: a single-choice group's previous choice is
    /// replaced, and what the option requires is added the same way (transitively).
    public func choosing(_ key: String, in selection: Set<String>) -> Set<String> {
        var result = selection
        var queue = [key]
        var added: Set<String> = []
        while let next = queue.popLast() {
            guard added.insert(next).inserted, option(next) != nil else { continue }
            if let group = group(of: next), group.isSingleChoice {
                for other in group.options where other.key != next { result.remove(other.key) }
            }
            result.insert(next)
            for case .requires(let subject, let needed) in rules where subject == next { queue += needed }
        }
        return result
    }

    /// Why each option that is not chosen cannot be chosen now (no entry: it can).
    /// Choosing an option of a single-choice group replaces that group's choice, so the other
    /// options of the group are never unavailable merely because one is chosen.
    public func unavailable(given selection: Set<String>) -> [String: [String]] {
        var reasons: [String: [String]] = [:]
        for candidate in options where !selection.contains(candidate.key) {
            let after = choosing(candidate.key, in: selection)
            var why: [String] = []
            for other in after.sorted() where other != candidate.key && excludes(candidate.key, other) {
                why.append("Not with \(label(other))")
            }
            for case .onlyIf(let subject, let anyOf) in rules where subject == candidate.key {
                if !anyOf.contains(where: after.contains) {
                    why.append("Only with \(Self.list(anyOf.map(label), joiner: "or"))")
                }
            }
            for case .requires(let subject, let needed) in rules where subject == candidate.key {
                for required in needed {
                    let blockers = after.sorted().filter { $0 != required && excludes(required, $0) }
                    if let blocker = blockers.first {
                        why.append("Needs \(label(required)), which cannot go with \(label(blocker))")
                    }
                }
            }
            if !why.isEmpty { reasons[candidate.key] = why }
        }
        return reasons
    }

    /// Whether a rule keeps `a` and `b` apart (either way round).
    func excludes(_ a: String, _ b: String) -> Bool {
        rules.contains { rule in
            guard case .excludes(let subject, let others) = rule else { return false }
            return (subject == a && others.contains(b)) || (subject == b && others.contains(a))
        }
    }

    static func sum(_ base: Int64, _ deltas: [Int64], what: String) throws(RapportError) -> Int64 {
        var total = base
        for delta in deltas {
            let (next, overflow) = total.addingReportingOverflow(delta)
            guard !overflow else { throw .invalid(field: "configuration", reason: "makes the \(what) too large") }
            total = next
        }
        return total
    }

    /// `A`, `A or B`, `A, B or C`.
    static func list(_ items: [String], joiner: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + items[items.count - 1]
    }
}
