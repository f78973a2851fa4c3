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

@Suite struct ArticlePagesTests {
    @Test(arguments: TestDatabase.all)
    func anyoneWritesKnowledgeEveryoneReadsItOnTheProductAndInSearch(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let product = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["sku": "NW-200", "name": "Benchtop pH meter"])))
            let productID = try #require(try product.object.string("id"))
            // A service rep writes it: knowledge is not the catalog.
            let created = try await client.execute(
                uri: "/api/v1/articles", method: .post, headers: app.auth(app.serviceRep),
                body: body(
                    .object([
                        "title": "Calibrating the NW-200", "kind": "how_to", "product_id": .string(productID),
                        "body": "Use **fresh** buffers.\n\n<script>alert(1)</script>\n\n- pH 4.01\n- pH 7.00",
                    ])))
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.object.string("id"))
            #expect(try created.object["shared"] == .bool(true), "knowledge is everyone's")
            let bad = try await client.execute(
                uri: "/api/v1/articles", method: .post, headers: app.auth(app.serviceRep), body: body(.object(["title": "X", "kind": "novel"])))
            #expect(bad.status == .unprocessableContent)

            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            let page = try await rep.get("/articles/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<p>Use <strong>fresh</strong> buffers.</p>"))
            #expect(page.text.contains("<ul><li>pH 4.01</li><li>pH 7.00</li></ul>"))
            #expect(!page.text.contains("<script>alert(1)</script>") && page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let productPage = try await rep.get("/products/\(productID)")
            #expect(productPage.text.contains("Calibrating the NW-200") && productPage.text.contains("/articles/new?product_id=\(productID)"))
            let form = try await rep.get("/articles/new?product_id=\(productID)")
            #expect(form.text.contains("Benchtop pH meter"))
            let search = try await rep.get("/search?q=calibrating")
            #expect(search.text.contains("href=\"/articles/\(id)\""))
        }
    }
}
