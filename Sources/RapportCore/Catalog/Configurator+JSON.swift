/// A configurator as JSON (the API and the settings editor), read strictly with each wrong member
/// named (`groups[1].options[0].price_delta`). Amounts are minor units of `currency`.
///
///     {"currency": "USD", "base_price": 2450000, "base_cost": 1410000,
///      "groups": [{"key": "colour", "label": "Colour", "min": 1, "max": 1,
///                  "options": [{"key": "white", "label": "Arctic white", "price_delta": 0, "default": true}]}],
///      "rules": [{"type": "requires", "option": "sport", "options": ["alloy"]}]}
extension Configurator {
    public var json: JSONValue {
        .object(
            JSONObject([
                "currency": .string(currency), "base_price": .int(basePrice), "base_cost": .int(baseCost),
                "groups": .array(
                    groups.map { group in
                        .object(
                            JSONObject([
                                "key": .string(group.key), "label": .string(group.label), "min": .int(Int64(group.minChoices)),
                                "max": .int(Int64(group.maxChoices)),
                                "options": .array(
                                    group.options.map { option in
                                        .object(
                                            JSONObject([
                                                "key": .string(option.key), "label": .string(option.label), "price_delta": .int(option.priceDelta),
                                                "cost_delta": .int(option.costDelta), "default": .bool(option.isDefault),
                                            ]))
                                    }),
                            ]))
                    }),
                "rules": .array(
                    rules.map { rule in
                        let (type, others): (String, [String]) =
                            switch rule {
                            case .requires(_, let all): ("requires", all)
                            case .excludes(_, let list): ("excludes", list)
                            case .onlyIf(_, let any): ("only_if", any)
                            }
                        return .object(
                            JSONObject(["type": .string(type), "option": .string(rule.subject), "options": .array(others.map { .string($0) })]))
                    }),
            ]))
    }

    /// `checkConflicts` refuses a rule set with conflicts (see `conflicts()`); a stored one, checked
    /// when it was saved, is read without searching again.
    public static func read(_ value: JSONValue, checkConflicts: Bool = true) throws(RapportError) -> Configurator {
        guard case .object(let root) = value else { throw .invalid(field: "configurator", reason: "must be an object") }
        var issues: [FieldIssue] = []
        func text(_ object: JSONObject, _ key: String, _ at: String, max: Int) -> String {
            guard let value = object[key]?.stringValue, !value.trimmingWhitespace().isEmpty, value.count <= max else {
                issues.append(FieldIssue(field: at + key, reason: "is required: text of at most \(max) characters"))
                return ""
            }
            return value.trimmingWhitespace()
        }
        func int(_ object: JSONObject, _ key: String, _ at: String, default fallback: Int64?) -> Int64 {
            switch object[key] {
            case .int(let n)?: return n
            case nil, .null?:
                if let fallback { return fallback }
                issues.append(FieldIssue(field: at + key, reason: "is required: a whole number"))
                return 0
            default:
                issues.append(FieldIssue(field: at + key, reason: "must be a whole number (minor units for amounts)"))
                return 0
            }
        }
        func keys(_ object: JSONObject, _ at: String, allowed: Set<String>) {
            for key in object.keys where !allowed.contains(key) { issues.append(FieldIssue(field: at + key, reason: "is not a configurator field")) }
        }
        keys(root, "", allowed: ["currency", "base_price", "base_cost", "groups", "rules"])
        let currency = (root["currency"]?.stringValue ?? "").uppercased()
        if !Money.isValidCurrency(currency) { issues.append(FieldIssue(field: "currency", reason: "must be a three-letter currency code like USD")) }
        let basePrice = int(root, "base_price", "", default: nil)
        let baseCost = int(root, "base_cost", "", default: 0)
        if basePrice < 0 { issues.append(FieldIssue(field: "base_price", reason: "cannot be negative")) }
        var groups: [ProductOptionGroup] = []
        if case .array(let items)? = root["groups"], items.count <= 50 {
            for (g, item) in items.enumerated() {
                let at = "groups[\(g)]."
                guard case .object(let object) = item else {
                    issues.append(FieldIssue(field: "groups[\(g)]", reason: "must be an object"))
                    continue
                }
                keys(object, at, allowed: ["key", "label", "min", "max", "options"])
                var group = ProductOptionGroup(
                    key: text(object, "key", at, max: 64), label: text(object, "label", at, max: 100),
                    minChoices: Int(clamping: int(object, "min", at, default: 1)), maxChoices: Int(clamping: int(object, "max", at, default: 1)),
                    options: [])
                if case .array(let options)? = object["options"], !options.isEmpty, options.count <= 100 {
                    for (o, raw) in options.enumerated() {
                        let oat = "\(at)options[\(o)]."
                        guard case .object(let option) = raw else {
                            issues.append(FieldIssue(field: "\(at)options[\(o)]", reason: "must be an object"))
                            continue
                        }
                        keys(option, oat, allowed: ["key", "label", "price_delta", "cost_delta", "default"])
                        var isDefault = false
                        if let flag = option["default"], flag != .null {
                            if case .bool(let b) = flag { isDefault = b } else { issues.append(FieldIssue(field: oat + "default", reason: "must be true or false")) }
                        }
                        group.options.append(
                            ProductOption(
                                key: text(option, "key", oat, max: 64), label: text(option, "label", oat, max: 150),
                                priceDelta: int(option, "price_delta", oat, default: 0), costDelta: int(option, "cost_delta", oat, default: 0),
                                isDefault: isDefault))
                    }
                } else {
                    issues.append(FieldIssue(field: at + "options", reason: "must list 1 to 100 options"))
                }
                groups.append(group)
            }
        } else {
            issues.append(FieldIssue(field: "groups", reason: "must be a list of at most 50 option groups"))
        }
        var rules: [OptionRule] = []
        if case .array(let items)? = root["rules"] {
            for (r, item) in items.enumerated() {
                let at = "rules[\(r)]."
                guard case .object(let object) = item else {
                    issues.append(FieldIssue(field: "rules[\(r)]", reason: "must be an object"))
                    continue
                }
                keys(object, at, allowed: ["type", "option", "options"])
                let subject = text(object, "option", at, max: 64)
                var others: [String] = []
                if case .array(let list)? = object["options"], !list.isEmpty {
                    others = list.compactMap(\.stringValue)
                    if others.count != list.count { issues.append(FieldIssue(field: at + "options", reason: "must be option keys")) }
                } else {
                    issues.append(FieldIssue(field: at + "options", reason: "must list at least one option key"))
                }
                switch object["type"]?.stringValue {
                case "requires": rules.append(.requires(subject, allOf: others))
                case "excludes": rules.append(.excludes(subject, others))
                case "only_if": rules.append(.onlyIf(subject, anyOf: others))
                default: issues.append(FieldIssue(field: at + "type", reason: "must be requires, excludes or only_if"))
                }
            }
        } else if root["rules"] != nil, root["rules"] != .null {
            issues.append(FieldIssue(field: "rules", reason: "must be a list of rules"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        let configurator = Configurator(currency: currency, basePrice: basePrice, baseCost: baseCost, groups: groups, rules: rules)
        let conflicts = checkConflicts ? configurator.conflicts() : []
        if !conflicts.isEmpty {
            throw .invalid(
                conflicts.map { conflict in
                    FieldIssue(field: conflict.option.map { "option \($0)" } ?? conflict.group.map { "group \($0)" } ?? "rules", reason: conflict.message)
                })
        }
        return configurator
    }
}
