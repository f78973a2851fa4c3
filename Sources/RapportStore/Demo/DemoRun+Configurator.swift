import Foundation
import RapportCore

extension DemoRun {
    /// The Vector gas analyzer can be built to order on a public page: which gases, which housing,
    /// which output, and service, with the rules an application engineer would explain.
    func createConfigurator() async throws {
        let maya = try principal(.maya)
        guard let vector = try await store.products.list(ListQuery(q: "VEC-G3", limit: 5), by: maya).items.first(where: { $0["sku"]?.text == "VEC-G3" })
        else { return }
        let configurator = Configurator(
            currency: "USD", basePrice: 2_450_000, baseCost: 1_410_000,
            groups: [
                ProductOptionGroup(
                    key: "gases", label: "Gases measured", minChoices: 1, maxChoices: 4,
                    options: [
                        ProductOption(key: "o2", label: "Oxygen (O₂)", isDefault: true),
                        ProductOption(key: "co2", label: "Carbon dioxide (CO₂)", priceDelta: 90_000, costDelta: 41_000),
                        ProductOption(key: "ch4", label: "Methane (CH₄)", priceDelta: 120_000, costDelta: 55_000),
                        ProductOption(key: "h2s", label: "Hydrogen sulphide (H₂S)", priceDelta: 180_000, costDelta: 84_000),
                    ]),
                ProductOptionGroup(
                    key: "housing", label: "Housing",
                    options: [
                        ProductOption(key: "standard", label: "Standard aluminium, IP54", isDefault: true),
                        ProductOption(key: "stainless", label: "Stainless steel, IP66", priceDelta: 140_000, costDelta: 62_000),
                        ProductOption(key: "atex", label: "ATEX Zone 1 explosion-proof", priceDelta: 320_000, costDelta: 170_000),
                    ]),
                ProductOptionGroup(
                    key: "output", label: "Output",
                    options: [
                        ProductOption(key: "analog", label: "4–20 mA analog", isDefault: true),
                        ProductOption(key: "modbus", label: "Modbus RTU", priceDelta: 35_000, costDelta: 9_000),
                        ProductOption(key: "profibus", label: "PROFIBUS DP", priceDelta: 60_000, costDelta: 18_000),
                    ]),
                ProductOptionGroup(
                    key: "service", label: "Service", minChoices: 0, maxChoices: 1,
                    options: [ProductOption(key: "gold", label: "Gold service contract, first year", priceDelta: 290_000, costDelta: 110_000)]),
            ],
            rules: [
                .onlyIf("ch4", anyOf: ["atex"]),
                .requires("h2s", allOf: ["stainless"]),
                .excludes("profibus", ["standard"]),
            ])
        _ = try await store.configurators.save(configurator, published: true, of: vector.id, by: maya)
    }
}
