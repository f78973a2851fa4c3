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

@Suite struct RecordsAPITests {
    @Test(arguments: TestDatabase.all)
    func createGetAndListAContact(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let account = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep),
                body: body(["name": "Acme Robotics", "type": "customer", "website": "www.acme-robotics.example"]))
            #expect(account.status == .created)
            let accountID = try #require(try account.object.string("id"))
            #expect(try account.object.string("domain") == "acme-robotics.example")

            let created = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body([
                    "first_name": "Zoë", "last_name": "Müller", "emails": .array(["  ZOE@Acme-Robotics.example "]),
                    "phones": .array([.object(["number": "(415) 555-0100", "label": "mobile"])]), "account_id": .string(accountID),
                ]))
            #expect(created.status == .created)
            let contact = try created.object
            let id = try #require(contact.string("id"))
            #expect(created.headers[.location] == "/api/v1/contacts/\(id)")
            #expect(contact.array("emails").first?.object?.string("address") == "zoe@acme-robotics.example")
            #expect(contact.array("phones").first?.object?.string("number") == "+14155550100")
            #expect(contact.int("version") == 1)
            #expect(contact.string("owner_id") == app.salesRep.id.description)

            let fetched = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: app.auth(app.salesRep))
            #expect(fetched.status == .ok)
            #expect(fetched.headers[.eTag] == "\"1\"")

            let list = try await client.execute(
                uri: "/api/v1/contacts?filter[account_id]=\(accountID)", method: .get, headers: app.auth(app.salesRep))
            #expect(try list.object.array("data").count == 1)
            let search = try await client.execute(uri: "/api/v1/search?q=zoe%20mul", method: .get, headers: app.auth(app.salesRep))
            #expect(try search.object.array("data").compactMap { $0.object?.string("id") } == [id])
        }
    }

    @Test(arguments: TestDatabase.all)
    func invalidFieldsAreEachNamed(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let response = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.admin),
                body: body([
                    "first_name": .int(42), "last_name": .string(String(repeating: "x", count: 101)),
                    "emails": .array(["not-an-email"]), "phones": .array(["call me"]), "favourite_colour": "blue",
                    "birthday": "2023-02-29",
                ]))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let fields = Set(try response.object.array("errors").compactMap { $0.object?.string("field") })
            #expect(fields == ["first_name", "last_name", "emails[0]", "phones[0]", "favourite_colour", "birthday"])
            let list = try await client.execute(uri: "/api/v1/contacts", method: .get, headers: app.auth(app.admin))
            #expect(try list.object.array("data").isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func malformedAndOversizedBodiesAreRejected(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let broken = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.admin), body: ByteBuffer(string: "{\"name\": "))
            #expect(broken.status == .badRequest)
            #expect(broken.headers[.contentType] == "application/problem+json")
            let notObject = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.admin), body: ByteBuffer(string: "[1,2]"))
            #expect(notObject.status == .badRequest)
            let huge = String(repeating: "a", count: 2 << 20)
            let tooLarge = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.admin),
                body: ByteBuffer(string: "{\"name\": \"\(huge)\"}"))
            #expect(tooLarge.status == .contentTooLarge)
            let noToken = try await client.execute(uri: "/api/v1/accounts", method: .get)
            #expect(noToken.status == .unauthorized)
            #expect(noToken.headers[.contentType] == "application/problem+json")
            let badCursor = try await client.execute(uri: "/api/v1/accounts?cursor=garbage", method: .get, headers: app.auth(app.admin))
            #expect(badCursor.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.all)
    func staleVersionAnswersConflictWithTheCurrentRecord(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let created = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.admin), body: body(["name": "Globex"]))
            let id = try #require(try created.object.string("id"))
            let first = try await client.execute(
                uri: "/api/v1/accounts/\(id)", method: .patch, headers: app.auth(app.admin, [.ifMatch: "\"1\""]),
                body: body(["industry": "Energy"]))
            #expect(first.status == .ok)
            #expect(try first.object.int("version") == 2)
            let stale = try await client.execute(
                uri: "/api/v1/accounts/\(id)", method: .patch, headers: app.auth(app.admin),
                body: body(["industry": "Mining", "version": 1]))
            #expect(stale.status == .conflict)
            #expect(try stale.object["current"]?.object?.string("industry") == "Energy")
            let missing = try await client.execute(
                uri: "/api/v1/accounts/\(id)", method: .patch, headers: app.auth(app.admin), body: body(["industry": "Mining"]))
            #expect(missing.status == .preconditionRequired)
            let stored = try await app.store.accounts.get(.init(try #require(UUID(uuidString: id))), by: .system(app.workspace.id))
            #expect(stored["industry"]?.text == "Energy")
        }
    }

    @Test(arguments: TestDatabase.all)
    func idempotencyKeyReplaysTheFirstResponse(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let headers = app.auth(app.admin, [HTTPField.Name("Idempotency-Key")!: "create-initech-1"])
            let first = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: headers, body: body(["name": "Initech"]))
            let second = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: headers, body: body(["name": "Initech"]))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try first.object.string("id") == second.object.string("id"))
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let reused = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: headers, body: body(["name": "Initrode"]))
            #expect(reused.status == .conflict)
            let list = try await client.execute(uri: "/api/v1/accounts", method: .get, headers: app.auth(app.admin))
            #expect(try list.object.array("data").count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func deleteRestoreAndHistoryComeFromTheEventLog(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let created = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep), body: body(["last_name": "Lovelace"]))
            let id = try #require(try created.object.string("id"))
            _ = try await client.execute(
                uri: "/api/v1/contacts/\(id)", method: .patch, headers: app.auth(app.salesRep),
                body: body(["first_name": "Ada", "version": 1]))
            let deleted = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .delete, headers: app.auth(app.salesRep))
            #expect(deleted.status == .ok)
            #expect(try deleted.object.string("deleted_at") != nil)
            let listed = try await client.execute(uri: "/api/v1/contacts", method: .get, headers: app.auth(app.salesRep))
            #expect(try listed.object.array("data").isEmpty)
            let trash = try await client.execute(uri: "/api/v1/contacts?scope=deleted", method: .get, headers: app.auth(app.salesRep))
            #expect(try trash.object.array("data").count == 1)
            let restored = try await client.execute(uri: "/api/v1/contacts/\(id)/restore", method: .post, headers: app.auth(app.salesRep))
            #expect(try restored.object.string("deleted_at") == nil)
            let history = try await client.execute(uri: "/api/v1/contacts/\(id)/history", method: .get, headers: app.auth(app.salesRep))
            let events = try history.object.array("data").compactMap(\.object)
            #expect(events.compactMap { $0.string("action") } == ["restored", "deleted", "updated", "created"])
            let update = try #require(events.first { $0.string("action") == "updated" })
            #expect(update["changes"]?.object?["first_name"]?.object?["after"] == "Ada")
            #expect(update["changes"]?.object?["first_name"]?.object?["before"] == .null)
            #expect(update.string("actor_name") == "Sam Sales")
        }
    }

    @Test(arguments: TestDatabase.all)
    func scriptAndSQLAreStoredVerbatim(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let name = "Robert'); DROP TABLE accounts;-- <script>alert(1)</script>"
            let created = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.admin), body: body(["name": .string(name)]))
            #expect(try created.object.string("name") == name)
            let list = try await client.execute(uri: "/api/v1/accounts", method: .get, headers: app.auth(app.admin))
            #expect(try list.object.array("data").first?.object?.string("name") == name)
            #expect(!list.text.contains("<script>"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func openAPIDocumentDescribesEveryRoute(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try response.object
            #expect(document.string("openapi") == "3.1.0")
            let paths = try #require(document["paths"]?.object)
            for path in [
                "/api/v1/accounts", "/api/v1/accounts/{id}", "/api/v1/accounts/{id}/restore", "/api/v1/accounts/{id}/history",
                "/api/v1/accounts/{id}/relations", "/api/v1/account-relations/{id}", "/api/v1/contacts", "/api/v1/contacts/{id}",
                "/api/v1/search", "/api/v1/me", "/api/v1/users", "/api/v1/teams",
            ] {
                #expect(paths[path] != nil, "missing \(path)")
            }
            let contact = try #require(document["components"]?.object?["schemas"]?.object?["Contact"]?.object)
            let properties = try #require(contact["properties"]?.object)
            for spec in Contact.fields { #expect(properties[spec.name] != nil, "Contact schema lacks \(spec.name)") }
        }
    }
}
