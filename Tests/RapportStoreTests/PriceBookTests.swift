import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct PriceBookTests {
    private func product(_ f: Fixture, _ sku: String, list: Int64?, _ currency: String = "EUR") async throws -> Record<Product> {
        var object = JSONObject(["sku": .string(sku), "name": .string("Product \(sku)")])
        if let list { object["price"] = .object(["amount_minor": .int(list), "currency": .string(currency)]) }
        var input = Input(object)
        let changes = RecordChanges<Product>.read(&input, defaultCountry: "US")
        try input.finish()
        return try await f.store.products.create(changes, by: f.admin)
    }

    @Test(arguments: TestDatabase.all)
    func aCustomersPriceComesFromTheirTypesBookThenTheStandardBookThenTheListPrice(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let aurora = try await product(f, "AUR-1", list: 100_000)
            let books = f.store.priceBooks
            let standard = try await books.create(name: "Standard EUR", currency: "EUR", accountTypes: [], description: "", by: f.manager)
            let partners = try await books.create(
                name: "Partners EUR", currency: "EUR", accountTypes: ["partner", "distributor"], description: "", by: f.manager)
            let dollars = try await books.create(name: "Standard USD", currency: "USD", accountTypes: [], description: "", by: f.admin)
            try await books.setPrice(Money(minor: 95_000, currency: "EUR"), of: aurora.id, in: standard.id, by: f.manager)
            try await books.setPrice(Money(minor: 80_000, currency: "EUR"), of: aurora.id, in: partners.id, by: f.manager)
            let partner = try await f.account(["name": "Reseller", "type": "partner"], by: f.rep)
            let customer = try await f.account(["name": "Buyer", "type": "customer"], by: f.rep)

            let forPartner = try await books.price(of: aurora.id, currency: "EUR", account: partner.id, by: f.rep)
            #expect(forPartner == ResolvedPrice(unitPrice: Money(minor: 80_000, currency: "EUR"), source: .priceBook, book: partners))
            let forCustomer = try await books.price(of: aurora.id, currency: "EUR", account: customer.id, by: f.rep)
            #expect(forCustomer.unitPrice.minor == 95_000 && forCustomer.book?.id == standard.id)
            let forNobody = try await books.price(of: aurora.id, currency: "EUR", account: nil, by: f.rep)
            #expect(forNobody.book?.id == standard.id)
            // Retiring the standard book falls back to the list price, which is in euros.
            _ = try await books.update(standard.id, name: nil, accountTypes: nil, description: nil, active: false, by: f.manager)
            let listed = try await books.price(of: aurora.id, currency: "EUR", account: customer.id, by: f.rep)
            #expect(listed == ResolvedPrice(unitPrice: Money(minor: 100_000, currency: "EUR"), source: .listPrice, book: nil))
            // Dollars: the USD book has no price for it and the list price is in euros.
            let noDollars = await rapportError { try await books.price(of: aurora.id, currency: "USD", account: nil, by: f.rep) }
            #expect(noDollars == .invalid(field: "currency", reason: "Product AUR-1 (AUR-1) has no price in USD: add it to a USD price book"))
            try await books.setPrice(Money(minor: 110_000, currency: "USD"), of: aurora.id, in: dollars.id, by: f.admin)
            #expect(try await books.price(of: aurora.id, currency: "USD", account: partner.id, by: f.rep).unitPrice.minor == 110_000)
            #expect(try await books.prices(of: aurora.id, in: f.workspace.id).count == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func booksThatWouldAnswerTheSameCustomerAreRefusedAndPricesAreChecked(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let books = f.store.priceBooks
            let aurora = try await product(f, "AUR-1", list: nil)
            let standard = try await books.create(name: "Standard EUR", currency: "EUR", accountTypes: [], description: "", by: f.manager)
            _ = try await books.create(name: "Partners", currency: "EUR", accountTypes: ["partner"], description: "", by: f.manager)
            let secondStandard = await rapportError {
                try await books.create(name: "Other EUR", currency: "EUR", accountTypes: [], description: "", by: f.manager)
            }
            #expect(secondStandard == .invalid(field: "account_types", reason: "Standard EUR is already the standard EUR book"))
            let overlap = await rapportError {
                try await books.create(name: "Resellers", currency: "EUR", accountTypes: ["distributor", "partner"], description: "", by: f.manager)
            }
            #expect(overlap == .invalid(field: "account_types", reason: "Partners already prices EUR for partner accounts"))
            let sameName = await rapportError {
                try await books.create(name: "partners", currency: "GBP", accountTypes: [], description: "", by: f.manager)
            }
            #expect(sameName == .invalid(field: "name", reason: "is already the name of another price book"))
            let bad = await rapportError {
                try await books.create(name: " ", currency: "euro", accountTypes: ["friends"], description: "", by: f.manager)
            }
            #expect(Set(bad?.fields ?? []) == ["name", "currency", "account_types"])
            let byRep = await rapportError {
                try await books.create(name: "Mine", currency: "EUR", accountTypes: ["customer"], description: "", by: f.rep)
            }
            #expect(byRep?.kind == "forbidden")

            let wrongCurrency = await rapportError {
                try await books.setPrice(Money(minor: 1, currency: "USD"), of: aurora.id, in: standard.id, by: f.manager)
            }
            #expect(wrongCurrency == .invalid(field: "unit_price", reason: "must be in the book's currency (EUR)"))
            let negative = await rapportError {
                try await books.setPrice(Money(minor: -1, currency: "EUR"), of: aurora.id, in: standard.id, by: f.manager)
            }
            #expect(negative == .invalid(field: "unit_price", reason: "cannot be negative"))
            let unknown = await rapportError {
                try await books.setPrice(Money(minor: 1, currency: "EUR"), of: .init(UUID()), in: standard.id, by: f.manager)
            }
            #expect(unknown == .invalid(field: "product_id", reason: "is not a product of the catalog"))
            try await books.setPrice(Money(minor: 5_000, currency: "EUR"), of: aurora.id, in: standard.id, by: f.manager)
            #expect(try await books.entries(of: standard.id, by: f.rep).map(\.price.minor) == [5_000])
            try await books.setPrice(nil, of: aurora.id, in: standard.id, by: f.manager)
            #expect(try await books.entries(of: standard.id, by: f.rep).isEmpty)
            try await books.delete(standard.id, by: f.admin)
            #expect(try await books.books(in: f.workspace.id).map(\.name) == ["Partners"])
        }
    }
}
