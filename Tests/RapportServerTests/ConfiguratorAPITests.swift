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

@Suite struct ConfiguratorAPITests {
    static let definition: JSONValue = .object([
        "currency": "USD", "base_price": 100_000,
        "groups": .array([
            .object([
                "key": "colour", "label": "Colour",
                "options": .array([
                    .object(["key": "white", "label": "White", "default": true]),
                    .object(["key": "red", "label": "Red", "price_delta": 5_000]),
                ]),
            ]),
            .object([
                "key": "extras", "label": "Extras", "min": 0, "max": 2,
                "options": .array([
                    .object(["key": "stripes", "label": "Stripes", "price_delta": 1_500]),
                    .object(["key": "roof", "label": "Glass roof", "price_delta": 9_000]),
                ]),
            ]),
        ]),
        "rules": .array([.object(["type": "only_if", "option": "stripes", "options": .array(["red"])])]),
    ])

    @Test(arguments: TestDatabase.all)
    func managersSetAConfiguratorRepsCheckPricesAndCustomersAskForQuotes(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let product = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["sku": "CAR-1", "name": "Roadster", "price": .object(["amount_minor": 100_000, "currency": "USD"])])))
            let id = try #require(try product.object.string("id"))
            let path = "/api/v1/products/\(id)/configurator"
            let none = try await client.execute(uri: path, method: .get, headers: app.auth(app.salesRep))
            #expect(none.status == .notFound)
            let byRep = try await client.execute(
                uri: path, method: .put, headers: app.auth(app.salesRep), body: body(.object(["configurator": Self.definition])))
            #expect(byRep.status == .forbidden)
            let badField = try await client.execute(
                uri: path, method: .put, headers: app.auth(app.salesManager),
                body: body(.object(["configurator": .object(["currency": "usd", "base_price": "lots", "groups": .array([])])])))
            #expect(badField.status == .unprocessableContent)
            #expect(try badField.object.array("errors").compactMap { $0.object?.string("field") }.contains("base_price"))
            let saved = try await client.execute(
                uri: path, method: .put, headers: app.auth(app.salesManager),
                body: body(.object(["configurator": Self.definition, "published": true])))
            #expect(saved.status == .ok, "\(saved.text)")
            let publicPath = try #require(try saved.object.string("public_path"))

            // A rep checks a configuration inside a deal: exact price, what is wrong, what is unavailable.
            let check = try await client.execute(
                uri: "\(path)/check", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["options": .array(["white", "stripes", "roof"])])))
            #expect(check.status == .ok)
            #expect(try check.object["price"]?.object?["amount_minor"] == .int(110_500))
            #expect(try check.object["valid"] == .bool(false))
            #expect(try check.object.array("problems").first?.object?.string("message") == "Stripes is only available with Red")

            // The public page, signed out; an unknown link is a 404 page, not an error.
            let page = try await client.execute(uri: publicPath, method: .get)
            #expect(page.status == .ok && page.text.contains("Roadster") && page.text.contains("USD 1,000.00"))
            #expect(try await client.execute(uri: "/configure/nope", method: .get).status == .notFound)
            let price = try await client.execute(uri: "\(publicPath)/price?s-colour=red&o=stripes", method: .get)
            #expect(try price.object.string("price_text") == "USD 1,065.00")
            let invalid = try await client.execute(
                uri: publicPath, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "s-colour=white&o=stripes"))
            #expect(invalid.status == .unprocessableContent && invalid.text.contains("Stripes is only available with Red"))
            let stored = try await client.execute(
                uri: publicPath, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "s-colour=red&o=stripes"))
            #expect(stored.status == .seeOther)
            let location = try #require(stored.headers[.location])
            let configuration = try #require(location.split(separator: "c=").last?.split(separator: "#").first.map(String.init))

            // A customer who is already a contact: the quote is theirs, no lead is made.
            let contact = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["first_name": "Ann", "last_name": "Known", "emails": .array(["ann@known.example"])])))
            let contactID = try #require(try contact.object.string("id"))
            let asked = try await client.execute(
                uri: "\(publicPath)/quote", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "c=\(configuration)&name=Ann+Known&email=ANN%40known.example&company=Known+Ltd"))
            #expect(asked.status == .ok && asked.text.contains("USD 1,065.00"))
            let quotes = try await client.execute(uri: "/api/v1/quotes?limit=10", method: .get, headers: app.auth(app.admin))
            let quote = try #require(try quotes.object.array("data").first?.object)
            #expect(quote.string("contact_id") == contactID && quote.string("status") == "draft")
            #expect(quote["total"]?.object?["amount_minor"] == .int(127_800), "1,065.00 plus 20% tax")
            let leads = try await client.execute(uri: "/api/v1/leads?limit=10", method: .get, headers: app.auth(app.admin))
            #expect(try leads.object.array("data").isEmpty)
            let twice = try await client.execute(
                uri: "\(publicPath)/quote", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "c=\(configuration)&name=Ann+Known&email=ann%40known.example"))
            #expect(twice.status == .conflict)

            // Unpublished: the public link closes.
            _ = try await client.execute(
                uri: path, method: .put, headers: app.auth(app.salesManager),
                body: body(.object(["configurator": Self.definition, "published": false])))
            #expect(try await client.execute(uri: publicPath, method: .get).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aManagerWritesTheConfiguratorInTheBrowserAndARepConfiguresItIntoAQuote(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let product = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["sku": "CAR-1", "name": "Roadster", "price": .object(["amount_minor": 100_000, "currency": "USD"])])))
            let id = try #require(try product.object.string("id"))
            var manager = Browser(client: client)
            _ = try await manager.signIn("max@example.com")
            let editor = try await manager.get("/products/\(id)/configurator")
            #expect(editor.status == .ok && editor.text.contains("Options and rules (JSON)"))
            let csrf = try #require(Browser.csrf(in: editor.text))
            let broken = try await manager.post("/products/\(id)/configurator", ["_csrf": csrf, "definition": "{\"currency\": \"USD\",", "published": "on"])
            #expect(broken.status == .unprocessableContent && broken.text.contains("is not valid JSON"))
            let data = try JSONEncoder().encode(Self.definition)
            let saved = try await manager.post(
                "/products/\(id)/configurator", ["_csrf": csrf, "definition": String(decoding: data, as: UTF8.self), "published": "on"])
            #expect(saved.status == .seeOther)
            #expect(try await manager.get("/products/\(id)/configurator").text.contains("/configure/"))

            var rep = Browser(client: client)
            _ = try await rep.signIn("sam@example.com")
            let form = try await rep.get("/quotes/new")
            let repCSRF = try #require(Browser.csrf(in: form.text))
            let created = try await rep.post("/quotes", ["_csrf": repCSRF, "name": "Roadster for Ann", "currency": "USD"])
            let quote = try #require(created.headers[.location]?.split(separator: "/").last.map(String.init))
            let page = try await rep.get("/quotes/\(quote)")
            #expect(page.text.contains("/products/\(id)/configurator?quote=\(quote)"), "the quote offers to configure the product")
            let configure = try await rep.get("/products/\(id)/configurator?quote=\(quote)")
            #expect(configure.text.contains("Configure into a quote") && !configure.text.contains("Options and rules (JSON)"))
            let price = try await rep.get("/products/\(id)/configurator/price?s-colour=red&o=stripes&o=roof")
            #expect(price.text.contains("USD 1,155.00"))
            let wrong = try await rep.post("/products/\(id)/configurator/add", ["_csrf": repCSRF, "quote_id": quote, "s-colour": "white", "o": "stripes"])
            #expect(wrong.headers[.location]?.contains("/configurator?quote=") == true)
            #expect(try await rep.get("/products/\(id)/configurator?quote=\(quote)").text.contains("Stripes is only available with Red"))
            let added = try await rep.post("/products/\(id)/configurator/add", ["_csrf": repCSRF, "quote_id": quote, "s-colour": "red", "o": "roof"])
            #expect(added.headers[.location] == "/quotes/\(quote)#lines")
            let lines = try await client.execute(uri: "/api/v1/quotes/\(quote)/lines", method: .get, headers: app.auth(app.salesRep))
            let line = try #require(try lines.object.array("lines").first?.object)
            #expect(line.string("description") == "Roadster: Red, Glass roof")
            #expect(line["unit_price"]?.object?["amount_minor"] == .int(114_000))
        }
    }
}
