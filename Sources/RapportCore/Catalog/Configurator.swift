/// A configurable product: a base price and cost, option groups (colour, interior, engine) whose
/// options change the price and the cost, and rules between options.
///
/// Options are named by keys unique across the whole product, so a rule can join any two of them.
/// Amounts are minor units of `currency` (see `Money`).
public struct Configurator: Hashable, Sendable {
    public var currency: String
    public var basePrice: Int64
    public var baseCost: Int64
    public var groups: [ProductOptionGroup]
    public var rules: [OptionRule]

    public init(currency: String, basePrice: Int64, baseCost: Int64 = 0, groups: [ProductOptionGroup], rules: [OptionRule] = []) {
        self.currency = currency
        self.basePrice = basePrice
        self.baseCost = baseCost
        self.groups = groups
        self.rules = rules
    }

    /// Every option of every group, in the order the groups list them.
    public var options: [ProductOption] { groups.flatMap(\.options) }

    public func option(_ key: String) -> ProductOption? {
        for group in groups { if let found = group.options.first(where: { $0.key == key }) { return found } }
        return nil
    }

    public func group(of key: String) -> ProductOptionGroup? { groups.first { $0.options.contains { $0.key == key } } }

    /// The label people see for an option key (the key itself when no option has it).
    func label(_ key: String) -> String { option(key)?.label ?? key }

    /// The options chosen before anyone touches the configurator.
    public var defaults: Set<String> { Set(options.filter(\.isDefault).map(\.key)) }
}

/// A step of the configurator: choose between `minChoices` and `maxChoices` of its options
/// (1 and 1 for "pick exactly one", 0 and n for "any of these").
public struct ProductOptionGroup: Hashable, Sendable {
    public var key: String
    public var label: String
    public var minChoices: Int
    public var maxChoices: Int
    public var options: [ProductOption]

    public init(key: String, label: String, minChoices: Int = 1, maxChoices: Int = 1, options: [ProductOption]) {
        self.key = key
        self.label = label
        self.minChoices = minChoices
        self.maxChoices = maxChoices
        self.options = options
    }

    /// Whether choosing one option of the group replaces the one chosen before (a radio group).
    public var isSingleChoice: Bool { maxChoices == 1 }
}

public struct ProductOption: Hashable, Sendable {
    public var key: String
    public var label: String
    /// What the option adds to the price (negative for a cheaper choice), in minor units.
    public var priceDelta: Int64
    public var costDelta: Int64
    public var isDefault: Bool

    public init(key: String, label: String, priceDelta: Int64 = 0, costDelta: Int64 = 0, isDefault: Bool = false) {
        self.key = key
        self.label = label
        self.priceDelta = priceDelta
        self.costDelta = costDelta
        self.isDefault = isDefault
    }
}

/// A rule between options.
public enum OptionRule: Hashable, Sendable {
    /// Choosing `option` needs every one of `allOf` too (the configurator offers to add them).
    case requires(String, allOf: [String])
    /// `option` cannot go with any of the others (both ways).
    case excludes(String, [String])
    /// `option` is offered only while at least one of `anyOf` is chosen.
    case onlyIf(String, anyOf: [String])

    /// The option the rule is about.
    public var subject: String {
        switch self {
        case .requires(let option, _), .excludes(let option, _), .onlyIf(let option, _): option
        }
    }

    /// Every option key the rule names.
    public var keys: [String] {
        switch self {
        case .requires(let option, let others), .excludes(let option, let others), .onlyIf(let option, let others):
            [option] + others
        }
    }
}
