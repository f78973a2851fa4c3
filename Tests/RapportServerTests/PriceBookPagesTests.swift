import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

@Suite struct PriceBookPagesTests {
    @Test(arguments: TestDatabase.all)
    func aManagerPricesAProductForPartnersAndARepAsksTheirPrice(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let product = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["sku": "AUR-1", "name": "Aurora", "price": .object(["amount_minor": 100_000, "currency": "EUR"])])))
            let productID = try #require(try product.object.string("id"))
            var manager = Browser(client: client)
            _ = try await manager.signIn("max@example.com")
            let list = try await manager.get("/price-books")
            #expect(list.text.contains("Add a price book"))
            let csrf = try #require(Browser.csrf(in: list.text))
            let created = try await manager.post(
                "/price-books", ["_csrf": csrf, "name": "Partners EUR", "currency": "EUR", "type.partner": "true"])
            #expect(created.status == .seeOther)
            let bookHref = try #require(created.headers[.location])
            let bad = try await manager.post("\(bookHref)/prices", ["_csrf": csrf, "product_id": productID, "unit_price": "12.345"])
            #expect(bad.status == .seeOther)
            #expect(try await manager.get(bookHref).text.contains("Unit Price: is not an amount like 1,250.00"))
            let set = try await manager.post("\(bookHref)/prices", ["_csrf": csrf, "product_id": productID, "unit_price": "850.00"])
            #expect(set.status == .seeOther)
            let page = try await manager.get(bookHref)
            #expect(page.text.contains("For partner"))
            #expect(page.text.contains("EUR 850.00"))
            #expect(page.text.contains("−15.0%"))
            #expect(try await manager.get("/price-books").text.contains("<td data-label=\"Prices\" class=\"num\">1</td>"))
            let productPage = try await manager.get("/products/\(productID)")
            #expect(productPage.text.contains("Partners EUR") && productPage.text.contains("EUR 850.00"))

            // Over the API: a partner's price comes from the book, anyone else's from the list price.
            let partner = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["name": "Reseller", "type": "partner"])))
            let partnerID = try #require(try partner.object.string("id"))
            let price = try await client.execute(
                uri: "/api/v1/products/\(productID)/price?currency=EUR&account_id=\(partnerID)", method: .get, headers: app.auth(app.salesRep))
            #expect(price.status == .ok)
            #expect(try price.object.string("source") == "price_book")
            #expect(try price.object["unit_price"]?.object?.int("amount_minor") == 85_000)
            let usd = try await client.execute(
                uri: "/api/v1/products/\(productID)/price?currency=USD", method: .get, headers: app.auth(app.salesRep))
            #expect(usd.status == .unprocessableContent)
            #expect(try usd.object.array("errors").first?.object?.string("field") == "currency")
            // A rep reads the books but does not change them.
            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            let readOnly = try await rep.get(bookHref)
            #expect(readOnly.text.contains("EUR 850.00"))
            #expect(!readOnly.text.contains("Set a price"))
            let refused = try await client.execute(
                uri: "/api/v1/price-books", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["name": "Mine", "currency": "EUR"])))
            #expect(refused.status == .forbidden)
        }
    }
}
