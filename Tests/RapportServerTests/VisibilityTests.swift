import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

@Suite struct VisibilityTests {
    @Test(arguments: TestDatabase.all)
    func aRepCannotReadChangeDeleteOrFindAnotherTeamsPrivateRecord(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let created = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(["first_name": "Private", "last_name": "Prospect"]))
            let id = try #require(try created.object.string("id"))
            let other = app.serviceRep
            let get = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: app.auth(other))
            #expect(get.status == .notFound)
            let patch = try await client.execute(
                uri: "/api/v1/contacts/\(id)", method: .patch, headers: app.auth(other), body: body(["title": "x", "version": 1]))
            #expect(patch.status == .notFound)
            let delete = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .delete, headers: app.auth(other))
            #expect(delete.status == .notFound)
            let history = try await client.execute(uri: "/api/v1/contacts/\(id)/history", method: .get, headers: app.auth(other))
            #expect(history.status == .notFound)
            let list = try await client.execute(uri: "/api/v1/contacts", method: .get, headers: app.auth(other))
            #expect(try list.object.array("data").isEmpty)
            let search = try await client.execute(uri: "/api/v1/search?q=private", method: .get, headers: app.auth(other))
            #expect(try search.object.array("data").isEmpty)

            // The same team, its manager and admins see it; sharing opens it to everyone.
            for user in [app.salesManager, app.admin, app.viewer] {
                let seen = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: app.auth(user))
                #expect(seen.status == .ok, "\(user.name) should see it")
            }
            _ = try await client.execute(
                uri: "/api/v1/contacts/\(id)", method: .patch, headers: app.auth(app.salesRep),
                body: body(["shared": true, "version": 1]))
            let shared = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: app.auth(other))
            #expect(shared.status == .ok)
            let found = try await client.execute(uri: "/api/v1/search?q=privat", method: .get, headers: app.auth(other))
            #expect(try found.object.array("data").count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aViewerCannotWrite(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let response = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.viewer), body: body(["name": "Nope Inc"]))
            #expect(response.status == .forbidden)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabase.all)
    func aContactCannotPointAtAnAccountItsAuthorCannotSee(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let hidden = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.serviceRep), body: body(["name": "Service Only Ltd"]))
            let accountID = try #require(try hidden.object.string("id"))
            let response = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(["last_name": "Sneaky", "account_id": .string(accountID)]))
            #expect(response.status == .unprocessableContent)
            #expect(try response.object.array("errors").first?.object?.string("field") == "account_id")
        }
    }
}
