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

@Suite struct BulkAPITests {
    func create(_ app: TestApp, _ client: any TestClientProtocol, _ path: String, _ fields: JSONValue, as user: User) async throws -> String {
        let response = try await client.execute(uri: "/api/v1/\(path)", method: .post, headers: app.auth(user), body: body(fields))
        #expect(response.status == .created, "\(response.text)")
        return try #require(try response.object.string("id"))
    }

    @Test(arguments: TestDatabase.all)
    func eachRecordOfABulkUpdateGetsItsOwnResult(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let mine = try await create(app, client, "deals", .object(["name": "Mine", "amount": .object(["amount_minor": 100, "currency": "EUR"])]), as: app.salesRep)
            let bare = try await create(app, client, "deals", .object(["name": "No close date"]), as: app.salesRep)
            let hidden = try await create(app, client, "deals", .object(["name": "Not yours"]), as: app.serviceRep)
            let pipelines = try await client.execute(uri: "/api/v1/pipelines", method: .get, headers: app.auth(app.salesRep))
            let stages = try #require(try pipelines.object.array("data").first?.object?.array("stages"))
            let won = try #require(stages[4].object?.string("id"))
            let response = try await client.execute(
                uri: "/api/v1/deals/bulk-update", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["ids": [.string(mine), .string(bare), .string(hidden), .string(mine)], "set": .object(["stage_id": .string(won)])])))
            #expect(response.status == .ok)
            let answer = try response.object
            let results = answer.array("results").compactMap(\.object)
            #expect(results.map { $0.string("id") } == [mine, bare, hidden])
            #expect(results.map { $0.string("status") } == ["updated", "failed", "failed"])
            #expect(results[0].int("version") == 2)
            #expect(results[1]["problem"]?.object?.array("errors").first?.object?.string("field") == "amount")
            #expect(results[2]["problem"]?.object?.int("status") == 404)
            #expect(answer.int("updated") == 1 && answer.int("failed") == 2)
            // Nothing changed on the ones that failed.
            let still = try await client.execute(uri: "/api/v1/deals/\(bare)", method: .get, headers: app.auth(app.salesRep))
            #expect(try still.object.int("version") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func tagsAreAddedAndRemovedAndBadRequestsAreNamed(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await create(app, client, "contacts", .object(["last_name": "Alpha", "tags": ["vip", "old"]]), as: app.salesRep)
            let b = try await create(app, client, "contacts", .object(["last_name": "Beta"]), as: app.salesRep)
            let response = try await client.execute(
                uri: "/api/v1/contacts/bulk-update", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["ids": [.string(a), .string(b)], "add_tags": ["newsletter"], "remove_tags": ["old"]])))
            #expect(response.status == .ok)
            let alpha = try await client.execute(uri: "/api/v1/contacts/\(a)", method: .get, headers: app.auth(app.salesRep))
            #expect(try alpha.object["tags"] == .array(["vip", "newsletter"]))
            let beta = try await client.execute(uri: "/api/v1/contacts/\(b)", method: .get, headers: app.auth(app.salesRep))
            #expect(try beta.object["tags"] == .array(["newsletter"]))
            let nothing = try await client.execute(
                uri: "/api/v1/contacts/bulk-update", method: .post, headers: app.auth(app.salesRep), body: body(.object(["ids": [.string(a)]])))
            #expect(nothing.status == .unprocessableContent)
            let bad = try await client.execute(
                uri: "/api/v1/contacts/bulk-update", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["ids": ["nope"], "set": .object(["birthday": "yesterday", "nonsense": 1])])))
            #expect(bad.status == .unprocessableContent)
            let fields = Set(try bad.object.array("errors").compactMap { $0.object?.string("field") })
            #expect(fields == ["ids[0]", "set.birthday", "set.nonsense"])
            let viewer = try await client.execute(
                uri: "/api/v1/contacts/bulk-delete", method: .post, headers: app.auth(app.viewer), body: body(.object(["ids": [.string(a)]])))
            #expect(viewer.status == .forbidden)
            let deleted = try await client.execute(
                uri: "/api/v1/contacts/bulk-delete", method: .post, headers: app.auth(app.salesRep), body: body(.object(["ids": [.string(a), .string(b)]])))
            #expect(try deleted.object.int("deleted") == 2)
        }
    }
}
