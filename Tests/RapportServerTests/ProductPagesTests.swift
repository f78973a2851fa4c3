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

@Suite struct ProductPagesTests {
    @Test(arguments: TestDatabase.all)
    func managersKeepTheCatalogAndEveryoneReadsIt(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let fields: JSONValue = .object([
                "sku": "aur-100", "name": "Aurora <UV>", "price": .object(["amount_minor": 1_890_000, "currency": "USD"]),
                "cost": .object(["amount_minor": 1_020_000, "currency": "USD"]),
            ])
            let created = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager), body: body(fields))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.object.string("id"))
            #expect(try created.object.string("sku") == "AUR-100")
            #expect(try created.object["shared"] == .bool(true))

            // A second product with the same SKU: 422 naming the field.
            let clash = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.admin), body: body(fields))
            #expect(clash.status == .unprocessableContent)
            #expect(clash.headers[.contentType] == "application/problem+json")
            #expect(try clash.object.array("errors").first?.object?.string("field") == "sku")

            // A rep reads it but may not create one.
            let read = try await client.execute(uri: "/api/v1/products/\(id)", method: .get, headers: app.auth(app.serviceRep))
            #expect(read.status == .ok)
            let refused = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["sku": "X-1", "name": "Rogue"])))
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.contentType] == "application/problem+json")

            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            let list = try await rep.get("/products")
            #expect(list.text.contains("Aurora &lt;UV&gt;"))
            #expect(list.text.contains("46.0%"), "the margin over the list price")
            #expect(!list.text.contains("New product"), "reps get no button that would be refused")
            #expect(!list.text.contains("data-bulk"))
            var manager = Browser(client: client)
            _ = try await manager.signIn("max@example.com")
            let managed = try await manager.get("/products")
            #expect(managed.text.contains("New product"))
            #expect(managed.text.contains("data-bulk"))
            let page = try await manager.get("/products/\(id)")
            #expect(page.text.contains("AUR-100"))
            #expect(page.text.contains("USD 18,900.00 / each"))
            let search = try await rep.get("/search?q=aurora")
            #expect(search.text.contains("href=\"/products/\(id)\""))
        }
    }
}
