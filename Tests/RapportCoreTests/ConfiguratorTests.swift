import RapportCore
import Testing

/// A car: colour, interior and engine (one each) and up to three extras.
private func car(extraRules: [OptionRule] = []) -> Configurator {
    Configurator(
        currency: "USD", basePrice: 3_000_000, baseCost: 2_200_000,
        groups: [
            ProductOptionGroup(
                key: "colour", label: "Colour",
                options: [
                    ProductOption(key: "white", label: "White", isDefault: true),
                    ProductOption(key: "red", label: "Red", priceDelta: 50_000, costDelta: 20_000),
                    ProductOption(key: "black", label: "Black", priceDelta: 70_000, costDelta: 25_000),
                ]),
            ProductOptionGroup(
                key: "interior", label: "Interior",
                options: [
                    ProductOption(key: "upholstered", label: "Upholstered", isDefault: true),
                    ProductOption(key: "leather", label: "Leather", priceDelta: 200_000, costDelta: 120_000),
                ]),
            ProductOptionGroup(
                key: "engine", label: "Engine",
                options: [
                    ProductOption(key: "petrol", label: "Petrol", isDefault: true),
                    ProductOption(key: "hybrid", label: "Hybrid", priceDelta: 350_000, costDelta: 260_000),
                    ProductOption(key: "electric", label: "Electric", priceDelta: 600_000, costDelta: 480_000),
                ]),
            ProductOptionGroup(
                key: "extras", label: "Extras", minChoices: 0, maxChoices: 3,
                options: [
                    ProductOption(key: "sunroof", label: "Sunroof", priceDelta: 120_000, costDelta: 70_000),
                    ProductOption(key: "towbar", label: "Towbar", priceDelta: 45_000, costDelta: 20_000),
                    ProductOption(key: "sport", label: "Sport package", priceDelta: 250_000, costDelta: 150_000),
                    ProductOption(key: "winter", label: "Winter package", priceDelta: 80_000, costDelta: 40_000),
                ]),
        ],
        rules: [
            .requires("sport", allOf: ["leather"]),
            .excludes("towbar", ["electric"]),
            .onlyIf("sunroof", anyOf: ["hybrid", "electric"]),
        ] + extraRules)
}

@Suite struct ConfiguratorTests {
    @Test func theDefaultsAreAValidConfigurationAtTheBasePrice() throws {
        let product = car()
        #expect(product.defaults == ["white", "upholstered", "petrol"])
        let check = try product.check(product.defaults)
        #expect(check.isValid)
        #expect(check.selection == ["white", "upholstered", "petrol"])
        #expect(check.price == Money(minor: 3_000_000, currency: "USD"))
        #expect(check.cost == Money(minor: 2_200_000, currency: "USD"))
    }

    @Test func thePriceAndCostAddEveryChosenOptionsDeltas() throws {
        let check = try car().check(["red", "leather", "hybrid", "sunroof", "sport"])
        #expect(check.problems == [])
        #expect(check.price.minor == 3_000_000 + 50_000 + 200_000 + 350_000 + 120_000 + 250_000)
        #expect(check.cost.minor == 2_200_000 + 20_000 + 120_000 + 260_000 + 70_000 + 150_000)
        #expect(check.margin.minor == 3_970_000 - 2_820_000)
    }

    @Test func everyBrokenRuleIsExplained() throws {
        let check = try car().check(["white", "upholstered", "electric", "towbar", "sport", "petrol", "gold"])
        #expect(!check.isValid)
        #expect(
            check.problems.map(\.message) == [
                "“gold” is not an option of this product",
                "Choose only one in Engine",
                "Sport package needs Leather",
                "Towbar cannot go with Electric",
            ])
        #expect(check.problems.map(\.kind) == [.unknownOption, .tooMany, .missingRequirement, .excluded])
        #expect(check.problems[1].group == "engine")
        #expect(check.problems[2].option == "sport")
    }

    @Test func groupCountsHaveBothBounds() throws {
        let tooFew = try car().check(["white", "upholstered"])
        #expect(tooFew.problems.map(\.message) == ["Choose one in Engine"])
        let tooMany = try car().check(["white", "leather", "hybrid", "sunroof", "towbar", "sport", "winter"])
        #expect(tooMany.problems.map(\.message) == ["Choose at most 3 in Extras"])
    }

    @Test func onlyIfHoldsAnOptionBackUntilItsConditionIsChosen() throws {
        let product = car()
        let check = try product.check(["white", "upholstered", "petrol", "sunroof"])
        #expect(check.problems.map(\.message) == ["Sunroof is only available with Hybrid or Electric"])
        #expect(try product.check(["white", "upholstered", "electric", "sunroof"]).isValid)
    }

    @Test func unavailableOptionsSayWhy() {
        let product = car()
        let fromDefaults = product.unavailable(given: product.defaults)
        #expect(fromDefaults == ["sunroof": ["Only with Hybrid or Electric"]])
        let withTowbar = product.unavailable(given: ["white", "upholstered", "petrol", "towbar"])
        #expect(withTowbar["electric"] == ["Not with Towbar"])
        #expect(withTowbar["hybrid"] == nil, "choosing another engine replaces petrol, nothing else is in the way")
        let blocked = car(extraRules: [.excludes("leather", ["towbar"])])
            .unavailable(given: ["white", "upholstered", "petrol", "towbar"])
        #expect(blocked["sport"] == ["Needs Leather, which cannot go with Towbar"])
    }

    @Test func choosingReplacesTheGroupsChoiceAndAddsWhatItNeeds() {
        let product = car()
        #expect(product.choosing("sport", in: product.defaults) == ["white", "leather", "petrol", "sport"])
        #expect(product.choosing("red", in: product.defaults) == ["red", "upholstered", "petrol"])
        #expect(product.choosing("towbar", in: ["white"]) == ["white", "towbar"], "extras are not a single choice")
    }

    @Test func aPriceTooLargeIsAnErrorNotAWrap() {
        let product = Configurator(
            currency: "USD", basePrice: .max - 10,
            groups: [ProductOptionGroup(key: "g", label: "G", options: [ProductOption(key: "a", label: "A", priceDelta: 100)])])
        #expect(throws: RapportError.invalid(field: "configuration", reason: "makes the price too large")) {
            try product.check(["a"])
        }
    }

    @Test func aSoundRuleSetHasNoConflicts() {
        #expect(car().conflicts() == [])
    }

    @Test func aRuleSetWithConflictsNamesEachUnreachableOptionAndWhy() {
        let product = car(extraRules: [
            .excludes("leather", ["sport"]),
            .requires("winter", allOf: ["hybrid", "electric"]),
        ])
        #expect(
            product.conflicts().map(\.message) == [
                "Sport package can never be chosen: it needs Leather, which cannot go with it",
                "Winter package can never be chosen: it needs Hybrid and Electric, but Engine takes only one",
            ])
    }

    @Test func anOnlyIfThatItsOwnRequirementsRuleOutIsFound() {
        let product = car(extraRules: [.requires("sunroof", allOf: ["towbar"]), .excludes("towbar", ["hybrid"])])
        #expect(
            product.conflicts().map(\.message) == [
                "Sunroof can never be chosen: Sunroof is only available with Hybrid or Electric, which it rules out"
            ])
    }

    @Test func defaultsThatBreakARuleAreReported() {
        var product = car()
        product.groups[3].options[1].isDefault = true  // towbar
        product.groups[2].options[0].isDefault = false
        product.groups[2].options[2].isDefault = true  // electric
        #expect(product.conflicts().map(\.message) == ["The default choice breaks a rule: Towbar cannot go with Electric"])
    }

    @Test func structuralMistakesComeFirst() {
        var product = car(extraRules: [.requires("sport", allOf: ["turbo"]), .excludes("red", ["red"])])
        product.groups.append(ProductOptionGroup(key: "wheels", label: "Wheels", minChoices: 2, maxChoices: 2, options: []))
        #expect(
            product.conflicts().map(\.message) == [
                "Wheels asks for 2 choices but has 0 options",
                "A rule names “turbo”, which is not an option of this product",
                "A rule on Red names the option itself",
            ])
    }

    @Test func aRuleSetNothingSatisfiesIsOneConflict() {
        let product = Configurator(
            currency: "EUR", basePrice: 100,
            groups: [
                ProductOptionGroup(key: "x", label: "X", options: [ProductOption(key: "a", label: "A", isDefault: true)]),
                ProductOptionGroup(key: "y", label: "Y", options: [ProductOption(key: "b", label: "B", isDefault: true)]),
            ],
            rules: [.excludes("a", ["b"])])
        #expect(
            product.conflicts().map(\.message) == [
                "The default choice breaks a rule: A cannot go with B",
                "No configuration satisfies every rule and every group's count",
            ])
    }

    @Test func theSearchStopsAtItsBudgetAndSaysSo() {
        #expect(
            car().conflicts(budget: 3).map(\.message) == [
                "Too many combinations to check every option; simplify the groups or the rules"
            ])
    }
}
