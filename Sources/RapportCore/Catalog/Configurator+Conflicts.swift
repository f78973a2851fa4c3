/// A mistake in a product's options or rules, found before any customer meets it.
public struct RuleConflict: Hashable, Sendable {
    public var option: String?
    public var group: String?
    public var message: String
}

extension Configurator {
    /// Everything that makes the configurator unusable or an option unreachable: duplicate or unknown
    /// keys, impossible group bounds, defaults that break a rule, options no valid configuration can
    /// contain (with the chain of rules that rules them out), and a rule set nothing satisfies.
    ///
    /// Reachability is decided by a search over the groups' choices that prunes on exclusions; it
    /// stops after `budget` steps and says so rather than guessing.
    public func conflicts(budget: Int = 200_000) -> [RuleConflict] {
        var found = structuralConflicts()
        guard found.isEmpty else { return found }
        let defaults = self.defaults
        if !defaults.isEmpty || groups.contains(where: { $0.minChoices > 0 }) {
            let problems = ruleProblems(defaults) + countProblems(defaults)
            for problem in problems {
                found.append(
                    .init(option: problem.option, group: problem.group, message: "The default choice breaks a rule: \(problem.message)"))
            }
        }
        var search = ConfigurationSearch(configurator: self, budget: budget)
        switch search.find(including: nil) {
        case .none:
            found.append(.init(message: "No configuration satisfies every rule and every group's count"))
            return found
        case .tooComplex:
            found.append(.init(message: "Too many combinations to check every option; simplify the groups or the rules"))
            return found
        case .found: break
        }
        for option in options {
            var search = ConfigurationSearch(configurator: self, budget: budget)
            switch search.find(including: option.key) {
            case .found: continue
            case .tooComplex:
                found.append(.init(option: option.key, message: "Too many combinations to check whether \(option.label) can be chosen"))
            case .none:
                found.append(.init(option: option.key, message: "\(option.label) can never be chosen: \(whyUnreachable(option.key))"))
            }
        }
        return found
    }

    /// Duplicate keys, rules naming unknown options or themselves, impossible group bounds.
    func structuralConflicts() -> [RuleConflict] {
        var found: [RuleConflict] = []
        var seen: Set<String> = []
        for option in options where !seen.insert(option.key).inserted {
            found.append(.init(option: option.key, message: "Two options share the key “\(option.key)”"))
        }
        for group in groups {
            if group.minChoices < 0 || group.maxChoices < 1 || group.minChoices > group.maxChoices {
                found.append(.init(group: group.key, message: "\(group.label) asks for \(group.minChoices) to \(group.maxChoices) choices"))
            } else if group.minChoices > group.options.count {
                found.append(
                    .init(group: group.key, message: "\(group.label) asks for \(group.minChoices) choices but has \(group.options.count) options"))
            }
        }
        for rule in rules {
            for key in rule.keys where option(key) == nil {
                found.append(.init(option: rule.subject, message: "A rule names “\(key)”, which is not an option of this product"))
            }
            if rule.keys.dropFirst().contains(rule.subject) {
                found.append(.init(option: rule.subject, message: "A rule on \(label(rule.subject)) names the option itself"))
            }
        }
        return found
    }

    func countProblems(_ selection: Set<String>) -> [ConfigurationProblem] {
        ((try? check(selection))?.problems ?? []).filter { $0.kind == .tooFew || $0.kind == .tooMany }
    }

    /// The first chain of rules found that rules an option out.
    func whyUnreachable(_ key: String) -> String {
        var needed: [String] = [key]
        var index = 0
        while index < needed.count {
            for case .requires(let subject, let more) in rules where subject == needed[index] {
                for other in more where !needed.contains(other) { needed.append(other) }
            }
            index += 1
        }
        for (i, a) in needed.enumerated() {
            for b in needed[(i + 1)...] where excludes(a, b) {
                return a == key
                    ? "it needs \(label(b)), which cannot go with it"
                    : "it needs \(label(a)) and \(label(b)), which cannot go together"
            }
        }
        for group in groups where group.isSingleChoice {
            let inGroup = needed.filter { n in group.options.contains { $0.key == n } }
            if inGroup.count > 1 {
                return "it needs \(Self.list(inGroup.map(label), joiner: "and")), but \(group.label) takes only one"
            }
        }
        for case .onlyIf(let subject, let anyOf) in rules where needed.contains(subject) {
            if anyOf.allSatisfy({ other in needed.contains { excludes($0, other) } }) {
                return "\(label(subject)) is only available with \(Self.list(anyOf.map(label), joiner: "or")), which it rules out"
            }
        }
        return "no choice in the other groups keeps every rule with it"
    }
}

/// A depth-first search for one valid configuration, group by group, that prunes a branch as soon
/// as two chosen options exclude each other. Requirements and only-if rules are checked on complete
/// configurations.
struct ConfigurationSearch {
    enum Outcome: Equatable {
        case found(Set<String>)
        case none
        case tooComplex
    }

    let configurator: Configurator
    var budget: Int

    mutating func find(including key: String?) -> Outcome {
        var chosen: [String] = []
        return step(group: 0, chosen: &chosen, including: key)
    }

    private mutating func step(group index: Int, chosen: inout [String], including key: String?) -> Outcome {
        budget -= 1
        if budget < 0 { return .tooComplex }
        guard index < configurator.groups.count else {
            let selection = Set(chosen)
            return configurator.ruleProblems(selection).isEmpty ? .found(selection) : .none
        }
        let group = configurator.groups[index]
        let keys = group.options.map(\.key)
        let mustHave = key.flatMap { keys.contains($0) ? $0 : nil }
        let low = max(group.minChoices, mustHave == nil ? 0 : 1)
        let high = min(group.maxChoices, keys.count)
        guard low <= high else { return .none }
        for size in low...high {
            var outcome = Outcome.none
            Self.combinations(of: keys, size: size) { subset in
                if let mustHave, !subset.contains(mustHave) { return true }
                let clashes = subset.contains { a in
                    chosen.contains { configurator.excludes(a, $0) } || subset.contains { $0 != a && configurator.excludes(a, $0) }
                }
                if clashes { return true }
                chosen += subset
                let result = step(group: index + 1, chosen: &chosen, including: key)
                chosen.removeLast(subset.count)
                if result != .none {
                    outcome = result
                    return false
                }
                return true
            }
            if outcome != .none { return outcome }
        }
        return .none
    }

    /// Calls `body` with each subset of `size` items in order until it answers false.
    static func combinations(of items: [String], size: Int, _ body: ([String]) -> Bool) {
        guard size <= items.count else { return }
        if size == 0 {
            _ = body([])
            return
        }
        var indices = Array(0..<size)
        while true {
            guard body(indices.map { items[$0] }) else { return }
            var i = size - 1
            while i >= 0 && indices[i] == items.count - size + i { i -= 1 }
            if i < 0 { return }
            indices[i] += 1
            for j in (i + 1)..<size { indices[j] = indices[j - 1] + 1 }
        }
    }
}
