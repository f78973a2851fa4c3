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

    /// What Northwind's service team has written down about its products.
    func createKnowledge() async throws {
        let priya = try principal(.priya)
        let catalog = try await store.products.list(ListQuery(limit: 50), by: priya).items
        func product(_ sku: String) -> UUID? { catalog.first { $0["sku"]?.text == sku }?.id.uuid }
        let articles: [(String, String, String, String)] = [
            ("NW-200", "how_to", "Calibrating the NW-200 pH meter",
             "Calibrate **every morning** and after cleaning the probe.\n\n1. Rinse the probe with deionised water.\n2. Dip it in pH 7.00 buffer and press `CAL`.\n3. Repeat with pH 4.01, then pH 10.01.\n\n> A slope under 95% means the probe is ageing: offer a replacement (SVC-CAL visit)."),
            ("VEC-G3", "faq", "Can the Vector measure methane in a standard housing?",
             "No. Methane (CH₄) is only offered with the **ATEX Zone 1** housing, because biogas sites are classified hazardous areas.\n\nThe public configurator and quotes apply this rule automatically."),
            ("VEC-G3", "troubleshooting", "Vector shows drifting O₂ readings",
             "Most drift comes from a blocked sample line.\n\n- Check the filter (replace every 6 months).\n- Check the pump flow: 0.5–1.0 l/min.\n- If the drift stays, book a calibration visit.\n\nSee the [service manual](https://www.example.com/vector-manual)."),
        ]
        for (sku, kind, title, body) in articles {
            var changes = RecordChanges<Article>()
            changes.values["title"] = .some(.text(title))
            changes.values["kind"] = .some(.text(kind))
            changes.values["body"] = .some(.text(body))
            if let id = product(sku) { changes.values["product_id"] = .some(.id(id)) }
            _ = try await store.articles.create(changes, by: priya)
        }
    }
}
