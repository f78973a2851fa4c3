import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct ProductTests {
    private func money(_ minor: Int64, _ currency: String = "EUR") -> JSONValue {
        .object(["amount_minor": .int(minor), "currency": .string(currency)])
    }

    @Test(arguments: TestDatabase.all)
    func theCatalogIsEveryonesAndOnlyManagersAndAdminsChangeIt(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let product = try await f.store.products.create(
                try changes(Product.self, ["sku": " aur-100 ", "name": "Aurora spectrophotometer", "price": money(1_250_000), "cost": money(700_000)]),
                by: f.manager)
            #expect(product["sku"]?.text == "AUR-100")
            #expect(product["unit"]?.text == "each")
            #expect(product["tax_class"]?.text == "standard")
            #expect(product["active"] == .bool(true))
            #expect(product.shared, "the catalog is shared whatever the input says")
            // A rep of another team and a viewer read it; neither may change it.
            #expect(try await f.store.products.get(product.id, by: f.outsider).title == "Aurora spectrophotometer (AUR-100)")
            #expect(try await f.store.products.list(ListQuery(), by: f.viewer).items.map(\.id) == [product.id])
            let byRep = await rapportError {
                try await f.store.products.create(try changes(Product.self, ["sku": "X-1", "name": "Rogue"]), by: f.rep)
            }
            #expect(byRep?.kind == "forbidden")
            let update = await rapportError {
                try await f.store.products.update(product.id, try changes(Product.self, ["name": "Cheaper"]), expecting: 1, by: f.rep)
            }
            #expect(update?.kind == "forbidden")
            let delete = await rapportError { try await f.store.products.delete(product.id, expecting: 1, by: f.outsider) }
            #expect(delete?.kind == "forbidden")
            // Unsharing is not a thing for the catalog.
            var input = Input(JSONObject(["shared": false, "name": "Aurora spectrophotometer II"]))
            let unshare = RecordChanges<Product>.read(&input, defaultCountry: "US")
            let renamed = try await f.store.products.update(product.id, unshare, expecting: 1, by: f.admin)
            #expect(renamed.shared)
            #expect(try await f.store.products.get(product.id, by: f.outsider)["name"]?.text == "Aurora spectrophotometer II")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aSKUIsUniqueInTheWorkspaceDeletedProductsIncluded(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let first = try await f.store.products.create(try changes(Product.self, ["sku": "AUR-100", "name": "Aurora"]), by: f.admin)
            let clash = await rapportError {
                try await f.store.products.create(try changes(Product.self, ["sku": "aur-100", "name": "Copy"]), by: f.admin)
            }
            #expect(clash == .invalid(field: "sku", reason: "is already used by Aurora"))
            _ = try await f.store.products.delete(first.id, expecting: 1, by: f.admin)
            let afterDelete = await rapportError {
                try await f.store.products.create(try changes(Product.self, ["sku": "AUR-100", "name": "Copy"]), by: f.admin)
            }
            #expect(afterDelete == .invalid(field: "sku", reason: "is already used by Aurora (deleted)"))
            let other = try await f.store.products.create(try changes(Product.self, ["sku": "AUR-200", "name": "Other"]), by: f.admin)
            let renamed = await rapportError {
                try await f.store.products.update(other.id, try changes(Product.self, ["sku": "AUR-100"]), expecting: 1, by: f.admin)
            }
            #expect(renamed == .invalid(field: "sku", reason: "is already used by Aurora (deleted)"))
            // Saving a product with its own SKU is not a clash.
            let same = try await f.store.products.update(other.id, try changes(Product.self, ["name": "Other II"]), expecting: 1, by: f.admin)
            #expect(same.version == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func pricesAndCostsAreCheckedBeforeAnythingIsStored(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let before = try await f.eventCount()
            let negative = await rapportError {
                try await f.store.products.create(
                    try changes(Product.self, ["sku": "N-1", "name": "Negative", "price": money(-1)]), by: f.admin)
            }
            #expect(negative == .invalid(field: "price", reason: "cannot be negative"))
            let mixed = await rapportError {
                try await f.store.products.create(
                    try changes(Product.self, ["sku": "M-1", "name": "Mixed", "price": money(100, "EUR"), "cost": money(50, "USD")]),
                    by: f.admin)
            }
            #expect(mixed == .invalid(field: "cost", reason: "must be in the list price's currency (EUR)"))
            let spaced = await rapportError {
                try await f.store.products.create(try changes(Product.self, ["sku": "A B", "name": "Spaced"]), by: f.admin)
            }
            #expect(spaced == .invalid(field: "sku", reason: "cannot contain spaces"))
            #expect(try await f.eventCount() == before)
            #expect(try await f.store.products.list(ListQuery(), by: f.admin).items.isEmpty)
        }
    }
}
