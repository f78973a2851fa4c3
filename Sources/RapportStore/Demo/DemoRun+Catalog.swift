import Foundation
import RapportCore

extension DemoRun {
    /// Northwind's catalog: its instruments, consumables and services with list prices and costs.
    /// Returns how many products were made.
    func createCatalog() async throws -> Int {
        var random = DemoRandom(seed: 0xCA7A_1060)
        let maya = try principal(.maya)
        // SKU, name, category, unit, price and cost in cents, tax class, specifications.
        let products: [(String, String, String, String, Int64, Int64, String, String)] = [
            ("AUR-UV200", "Aurora UV-Vis spectrophotometer", "Instruments", "each", 1_890_000, 1_020_000, "standard",
             "Wavelength range: 190–1100 nm\nBandwidth: 1.8 nm\nWeight: 14 kg"),
            ("TMX-T50", "TitraMax autotitrator", "Instruments", "each", 1_240_000, 690_000, "standard",
             "Burette: 20 mL\nTitration modes: potentiometric, Karl Fischer"),
            ("NW-200", "NW-200 benchtop pH meter", "Instruments", "each", 129_000, 52_000, "standard",
             "Range: pH 0–14\nAccuracy: ±0.002 pH"),
            ("FLS-U40", "FlowSense ultrasonic flow meter", "Instruments", "each", 640_000, 330_000, "standard",
             "Pipe sizes: DN15–DN2000\nAccuracy: ±0.5 %"),
            ("THL-8", "ThermaLog temperature data logger", "Instruments", "each", 39_000, 14_500, "standard",
             "Channels: 8\nMemory: 2 million readings"),
            ("VEC-G3", "Vector process gas analyzer", "Instruments", "each", 2_450_000, 1_410_000, "standard",
             "Gases: O2, CO2, CH4, H2S\nResponse time: < 10 s"),
            ("CUV-Q10", "Quartz cuvettes (pack of 10)", "Consumables", "pack", 24_000, 7_800, "standard", "Path length: 10 mm"),
            ("BUF-CAL", "Calibration buffer set", "Consumables", "pack", 6_900, 1_900, "reduced", "pH 4.01, 7.00, 10.01; 500 mL each"),
            ("SVC-GOLD", "Gold service contract", "Services", "year", 290_000, 110_000, "standard",
             "Response: next business day\nIncludes: yearly calibration, parts and labour"),
            ("SVC-INST", "Installation and training", "Services", "day", 145_000, 62_000, "standard", "On site, up to 6 people"),
            ("SVC-CAL", "Calibration visit", "Services", "each", 48_000, 21_000, "standard", "Traceable certificate included"),
            ("LIC-LAB", "LabLink data software", "Software", "seat", 35_000, 4_000, "standard", "Per named user, yearly"),
        ]
        for (index, item) in products.enumerated() {
            var body = JSONObject([
                "sku": .string(item.0), "name": .string(item.1), "category": .string(item.2), "unit": .string(item.3),
                "price": .object(["amount_minor": .int(item.4), "currency": "USD"]),
                "cost": .object(["amount_minor": .int(item.5), "currency": "USD"]),
                "tax_class": .string(item.6), "specs": .string(item.7),
            ])
            if index == 4 { body["tags"] = .array(["bestseller"]) }
            let changes = try Self.changes(body, Product.self, defaultCountry: workspace.defaultCountry)
            _ = try await store.products.create(changes, id: .init(Self.demoID(&random)), by: maya)
        }
        return products.count
    }
}
