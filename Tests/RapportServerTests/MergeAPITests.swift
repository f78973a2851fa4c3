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

@Suite struct MergeAPITests {
    @Test(arguments: TestDatabase.all)
    func contactsMergeAndUnmergeOverTheAPI(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let account = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep), body: body(["name": "Umbrella"]))
            let accountID = try #require(try account.object.string("id"))
            let keep = try await app.createContact(
                client, ["first_name": "Pat", "last_name": "Long", "title": "CTO", "emails": .array(["pat@long.example"])])
            let fold = try await app.createContact(
                client,
                [
                    "first_name": "Rob", "last_name": "Short", "title": "VP Engineering",
                    "emails": .array(["rob@short.example"]), "account_id": .string(accountID),
                ])

            let merged = try await client.execute(
                uri: "/api/v1/contacts/\(keep)/merge", method: .post, headers: app.auth(app.salesRep),
                body: body([
                    "duplicate_id": .string(fold), "survivor_version": 1, "duplicate_version": 1,
                    "fields": ["title": "duplicate", "last_name": "survivor"],
                ]))
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(merged.headers[.eTag] == "\"2\"")
            let result = try merged.object
            let survivor = try #require(result["survivor"]?.object)
            #expect(survivor.string("title") == "VP Engineering")
            #expect(survivor.string("last_name") == "Long")
            #expect(survivor.string("account_id") == accountID)
            #expect(survivor.array("emails").compactMap { $0.object?.string("address") } == ["pat@long.example", "rob@short.example"])
            let merge = try #require(result["merge"]?.object)
            let mergeID = try #require(merge.string("id"))
            #expect(merge.string("survivor_id") == keep)
            #expect(merge.string("duplicate_id") == fold)
            #expect(merge["can_undo"] == .bool(true))
            #expect(merge.string("undo_until")?.isEmpty == false)

            let gone = try await client.execute(uri: "/api/v1/contacts/\(fold)", method: .get, headers: app.auth(app.salesRep))
            #expect(try gone.object["deleted_at"] != .null)
            let history = try await client.execute(uri: "/api/v1/contacts/\(keep)/history", method: .get, headers: app.auth(app.salesRep))
            #expect(try history.object.array("data").first?.object?.string("action") == "merged")

            for id in [keep, fold] {
                let listed = try await client.execute(uri: "/api/v1/merges?record_id=\(id)", method: .get, headers: app.auth(app.salesRep))
                #expect(listed.status == .ok)
                #expect(try listed.object.array("data").compactMap { $0.object?.string("id") } == [mergeID])
            }
            let one = try await client.execute(uri: "/api/v1/merges/\(mergeID)", method: .get, headers: app.auth(app.salesRep))
            #expect(try one.object.string("survivor_title") == "Pat Long")
            let hidden = try await client.execute(uri: "/api/v1/merges/\(mergeID)", method: .get, headers: app.auth(app.serviceRep))
            #expect(hidden.status == .notFound)

            let undone = try await client.execute(uri: "/api/v1/merges/\(mergeID)/undo", method: .post, headers: app.auth(app.salesRep))
            #expect(undone.status == .ok, "\(undone.text)")
            #expect(try undone.object["merge"]?.object?["undone_at"] != .null)
            #expect(try undone.object["duplicate"]?.object?["deleted_at"] == .null)
            #expect(try undone.object["survivor"]?.object?.string("title") == "CTO")
            #expect(try undone.object["survivor"]?.object?["account_id"] == .null)
            let again = try await client.execute(uri: "/api/v1/merges/\(mergeID)/undo", method: .post, headers: app.auth(app.salesRep))
            #expect(again.status == .conflict)
            #expect(again.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabase.all)
    func badMergeRequestsNameTheField(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let a = try await app.createContact(client, ["first_name": "Kim", "last_name": "One"])
            let b = try await app.createContact(client, ["first_name": "Lou", "last_name": "Two"])
            let account = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep), body: body(["name": "Wayne"]))
            let accountID = try #require(try account.object.string("id"))

            func merge(_ survivor: String, _ payload: JSONValue, as user: User? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/contacts/\(survivor)/merge", method: .post, headers: app.auth(user ?? app.salesRep),
                    body: body(payload))
            }
            func fields(_ response: TestResponse) throws -> [String] {
                try response.object.array("errors").compactMap { $0.object?.string("field") }
            }
            let good: JSONObject = ["duplicate_id": .string(b), "survivor_version": 1, "duplicate_version": 1]
            func with(_ changes: KeyValuePairs<String, JSONValue?>) -> JSONValue {
                var object = good
                for (key, value) in changes { object[key] = value }
                return .object(object)
            }

            let unknown = try await merge(a, with(["fields": ["colour": "both", "title": "both", "city": "mine"]]))
            #expect(unknown.status == .unprocessableContent)
            #expect(Set(try fields(unknown)) == ["fields.colour", "fields.title", "fields.city"])
            let missing = try await merge(a, ["duplicate_id": "not-an-id"])
            #expect(Set(try fields(missing)) == ["duplicate_id", "survivor_version", "duplicate_version"])
            #expect(try fields(try await merge(a, with(["version": 1]))) == ["version"])
            #expect(try fields(try await merge(a, with(["duplicate_id": .string(a)]))) == ["duplicate_id"])
            let wrongKind = try await merge(a, with(["duplicate_id": .string(accountID)]))
            #expect(try wrongKind.object.array("errors").first?.object?.string("reason") == "names an account, not a contact")
            #expect(try fields(try await merge(a, with(["survivor_version": 0]))) == ["survivor_version"])

            let stale = try await merge(a, with(["duplicate_version": 2]))
            #expect(stale.status == .conflict)
            #expect(try stale.object["current"]?.object?.string("id") == b)
            #expect(try await merge(a, .object(good), as: app.viewer).status == .forbidden)
            #expect(try await merge(UUID().uuidString.lowercased(), .object(good)).status == .notFound)
            #expect(try await merge(a, .object(good), as: app.serviceRep).status == .notFound)
            let malformed = try await client.execute(
                uri: "/api/v1/contacts/\(a)/merge", method: .post, headers: app.auth(app.salesRep), body: ByteBuffer(string: "[1]"))
            #expect(malformed.status == .badRequest)

            let noRecord = try await client.execute(uri: "/api/v1/merges", method: .get, headers: app.auth(app.salesRep))
            #expect(try fields(noRecord) == ["record_id"])
            let badRecord = try await client.execute(uri: "/api/v1/merges?record_id=x", method: .get, headers: app.auth(app.salesRep))
            #expect(try fields(badRecord) == ["record_id"])
            let none = try await client.execute(
                uri: "/api/v1/merges/\(UUID().uuidString.lowercased())/undo", method: .post, headers: app.auth(app.salesRep))
            #expect(none.status == .notFound)
            // Nothing above changed either contact.
            for id in [a, b] {
                let contact = try await client.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: app.auth(app.salesRep))
                #expect(try contact.object.int("version") == 1)
            }

            let document = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let paths = try #require(try document.object["paths"]?.object)
            for path in ["/api/v1/contacts/{id}/merge", "/api/v1/accounts/{id}/merge", "/api/v1/merges", "/api/v1/merges/{id}/undo"] {
                #expect(paths[path] != nil, "\(path) is not described")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func accountsMergeWithTheirPeople(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            func account(_ name: String) async throws -> String {
                var object: JSONObject = ["name": .string(name)]
                if Account.flags.contains("allow_duplicate") { object["allow_duplicate"] = true }
                let response = try await client.execute(
                    uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep), body: body(.object(object)))
                return try #require(try response.object.string("id"))
            }
            let keep = try await account("Stark Industries")
            let fold = try await account("Stark Ind.")
            let person = try await app.createContact(client, ["last_name": "Potts", "account_id": .string(fold)])
            let merged = try await client.execute(
                uri: "/api/v1/accounts/\(keep)/merge", method: .post, headers: app.auth(app.salesRep),
                body: body(["duplicate_id": .string(fold), "survivor_version": 1, "duplicate_version": 1, "fields": ["name": "survivor"]]))
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(try merged.object["merge"]?.object?["moved"] == ["contacts.account_id": 1])
            let moved = try await client.execute(uri: "/api/v1/contacts/\(person)", method: .get, headers: app.auth(app.salesRep))
            #expect(try moved.object.string("account_id") == keep)
            #expect(try moved.object.int("version") == 2)
            // A contact's merge endpoint does not take an account.
            let other = try await account("Wayne Enterprises")
            let wrong = try await client.execute(
                uri: "/api/v1/contacts/\(person)/merge", method: .post, headers: app.auth(app.salesRep),
                body: body(["duplicate_id": .string(other), "survivor_version": 2, "duplicate_version": 1]))
            #expect(wrong.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.all)
    func twoContactsMergeAndUnmergeInTheBrowser(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let keep = try await app.createContact(client, ["first_name": "Ida", "last_name": "Wells", "title": "Editor"])
            let fold = try await app.createContact(
                client, ["first_name": "Ida", "last_name": "Wells-Barnett", "title": "Journalist", "city": "Chicago"])
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")

            let record = try await browser.get("/contacts/\(keep)")
            #expect(record.text.contains("/contacts/\(keep)/merge"))
            let picker = try await browser.get("/contacts/\(keep)/merge?q=ida")
            #expect(picker.status == .ok)
            #expect(picker.text.contains("/contacts/\(keep)/merge?with=\(fold)"))
            #expect(!picker.text.contains("merge?with=\(keep)"))

            let page = try await browser.get("/contacts/\(keep)/merge?with=\(fold)")
            #expect(page.status == .ok)
            #expect(page.text.contains("name=\"field.title\" value=\"duplicate\""))
            #expect(!page.text.contains("name=\"field.first_name\""), "identical values get no choice")
            #expect(page.text.contains("/contacts/\(fold)/merge?with=\(keep)"), "the survivor can be swapped")
            let csrf = try #require(Browser.csrf(in: page.text))

            let merged = try await browser.post(
                "/contacts/\(keep)/merge",
                [
                    "_csrf": csrf, "with": fold, "survivor_version": "1", "duplicate_version": "1", "field.title": "duplicate",
                    "field.last_name": "survivor", "field.city": "duplicate",
                ])
            #expect(merged.status == .seeOther)
            #expect(merged.headers[.location] == "/contacts/\(keep)")
            let survivorPage = try await browser.get("/contacts/\(keep)")
            #expect(survivorPage.text.contains("Merged Ida Wells-Barnett into this contact"))
            #expect(survivorPage.text.contains("Journalist"))
            let merges = try await app.store.merges.merges(of: try #require(UUID(uuidString: keep)), by: .system(app.workspace.id))
            let mergeID = try #require(merges.first?.id)
            #expect(survivorPage.text.contains("/merges/\(mergeID)/undo"))
            let mergedPage = try await browser.get("/contacts/\(fold)")
            #expect(mergedPage.text.contains("This contact was merged into"))
            #expect(mergedPage.text.contains("href=\"/contacts/\(keep)\""))

            // A stale form does not merge again; it shows the comparison with the reason.
            let again = try await browser.post(
                "/contacts/\(keep)/merge", ["_csrf": csrf, "with": fold, "survivor_version": "1", "duplicate_version": "1"])
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == "/contacts/\(keep)")

            let undone = try await browser.post("/merges/\(mergeID)/undo", ["_csrf": csrf])
            #expect(undone.status == .seeOther)
            let back = try await browser.get("/contacts/\(fold)")
            #expect(back.text.contains("Merge undone"))
            #expect(!back.text.contains("This contact was merged into"))
            let keptPage = try await browser.get("/contacts/\(keep)")
            #expect(keptPage.text.contains("Editor"))
            #expect(!keptPage.text.contains("/merges/\(mergeID)/undo"))
        }
    }
}

extension TestApp {
    /// Creates a contact as the sales rep over the API and returns its ID.
    func createContact(_ client: any TestClientProtocol, _ fields: JSONObject) async throws -> String {
        var object = fields
        if Contact.flags.contains("allow_duplicate") { object["allow_duplicate"] = .bool(true) }
        let response = try await client.execute(
            uri: "/api/v1/contacts", method: .post, headers: auth(salesRep), body: body(.object(object)))
        guard response.status == .created, let id = try response.object.string("id") else {
            throw TestFailure("creating a contact answered \(response.status): \(response.text)")
        }
        return id
    }
}
