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

@Suite struct DuplicatesAPITests {
    @Test(arguments: TestDatabase.all)
    func aLookAlikeCreateAnswers409UntilAllowed(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let first = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(["first_name": "Ana", "last_name": "Ruiz", "emails": .array(["ana.ruiz@acme.example"])]))
            #expect(first.status == .created)
            let firstID = try #require(try first.object.string("id"))

            let again: JSONValue = ["first_name": "Anna", "last_name": "Ruíz", "emails": .array(["Ana.Ruiz@ACME.example"])]
            let held = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep), body: body(again))
            #expect(held.status == .conflict)
            #expect(held.headers[.contentType] == "application/problem+json")
            let problem = try held.object
            #expect(problem.string("type") == "/problems/possible-duplicate")
            #expect(problem.string("title") == "This contact may already exist")
            #expect(problem.string("confirm_with") == "allow_duplicate")
            let conflict = try #require(problem.array("conflicts").first?.object)
            #expect(conflict.string("code") == "possible_duplicate")
            #expect(conflict.string("record_id") == firstID)
            #expect(conflict.string("entity") == "contact")
            #expect(conflict.string("title") == "Ana Ruiz")
            #expect(conflict.array("reasons").first?.stringValue == "same email")
            #expect(conflict.string("message")?.hasPrefix("Looks like Ana Ruiz (same email, name 0.") == true)
            if case .double(let score)? = conflict["score"] { #expect(score > 0.9) } else { Issue.record("no score: \(conflict)") }
            #expect(problem.string("detail")?.hasSuffix("Send 'allow_duplicate' to go ahead anyway.") == true)

            // The same body with the flag goes through; `false` is no acknowledgement.
            var allowed = again.object ?? JSONObject()
            allowed["allow_duplicate"] = false
            let stillHeld = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep), body: body(.object(allowed)))
            #expect(stillHeld.status == .conflict)
            allowed["allow_duplicate"] = true
            let created = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep), body: body(.object(allowed)))
            #expect(created.status == .created)
            #expect(try created.object["allow_duplicate"] == nil)
            let wrongType = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(["last_name": "Other", "allow_duplicate": "yes"]))
            #expect(wrongType.status == .unprocessableContent)

            // Accounts alike: the same domain.
            let acme = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep),
                body: body(["name": "Acme Robotics", "website": "https://acme.example"]))
            #expect(acme.status == .created)
            let acme2 = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep),
                body: body(["name": "ACME Robotics Inc.", "website": "www.acme.example"]))
            #expect(acme2.status == .conflict)
            #expect(try acme2.object.array("conflicts").first?.object?.array("reasons").first?.stringValue == "same domain")

            // Someone who may not see the look-alike hears only that it exists.
            let hidden = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.serviceRep),
                body: body(["first_name": "Ana", "last_name": "Ruiz", "emails": .array(["ana.ruiz@acme.example"])]))
            #expect(hidden.status == .conflict)
            let hiddenConflicts = try hidden.object.array("conflicts")
            #expect(hiddenConflicts.count == 2)
            #expect(hiddenConflicts.allSatisfy { $0.object?["record_id"] == nil && $0.object?["visible"] == .bool(false) })
            #expect(!hidden.text.contains(firstID))
        }
    }

    @Test(arguments: TestDatabase.all)
    func duplicatePairsAreListedDismissedAndScannedOnRequest(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var ids: [String] = []
            for (first, owner) in [("Bill", app.salesRep), ("William", app.salesRep), ("Bill", app.serviceRep)] {
                let response = try await client.execute(
                    uri: "/api/v1/contacts", method: .post, headers: app.auth(owner),
                    body: body(["first_name": .string(first), "last_name": "Gates", "allow_duplicate": true]))
                #expect(response.status == .created)
                ids.append(try #require(try response.object.string("id")))
            }
            let forbidden = try await client.execute(uri: "/api/v1/duplicates/scan", method: .post, headers: app.auth(app.salesRep))
            #expect(forbidden.status == .forbidden)
            let bad = try await client.execute(uri: "/api/v1/duplicates/scan?entity=leads", method: .post, headers: app.auth(app.admin))
            #expect(bad.status == .unprocessableContent)
            let queued = try await client.execute(uri: "/api/v1/duplicates/scan", method: .post, headers: app.auth(app.salesManager))
            #expect(queued.status == .accepted)
            #expect(try queued.object.string("status") == "queued")
            let twice = try await client.execute(uri: "/api/v1/duplicates/scan?entity=contacts", method: .post, headers: app.auth(app.admin))
            #expect(try twice.object.string("status") == "already_queued")

            let pending = try await client.execute(uri: "/api/v1/duplicates", method: .get, headers: app.auth(app.admin))
            #expect(try pending.object["scan_pending"] == .bool(true))
            #expect(try pending.object["last_scan"] == .null)
            // The worker runs the queued job.
            let worker = JobWorker(store: app.store, handlers: JobWorker.standard(store: app.store), logger: TestDatabase.logger)
            #expect(await worker.tick() == 1)

            let all = try await client.execute(uri: "/api/v1/duplicates?entity=contacts", method: .get, headers: app.auth(app.admin))
            #expect(all.status == .ok)
            let list = try all.object
            #expect(list.array("data").count == 3)
            #expect(list["scan_pending"] == .bool(false))
            #expect(list["last_scan"]?.object?.int("pairs_found") == 3)
            // The sales rep sees only the pair of their own two records.
            let mine = try await client.execute(uri: "/api/v1/duplicates", method: .get, headers: app.auth(app.salesRep))
            let pairs = try mine.object.array("data")
            #expect(pairs.count == 1)
            let pair = try #require(pairs.first?.object)
            #expect(Set([pair["a"]?.object?.string("id"), pair["b"]?.object?.string("id")]) == Set([ids[0], ids[1]]))
            #expect(pair.array("reasons").map(\.stringValue) == ["name 0.95", "nickname"])
            #expect(pair.string("status") == "open")
            let pairID = try #require(pair.string("id"))

            let dismissed = try await client.execute(uri: "/api/v1/duplicates/\(pairID)/dismiss", method: .post, headers: app.auth(app.salesRep))
            #expect(dismissed.status == .ok)
            #expect(try dismissed.object.string("status") == "dismissed")
            #expect(try await client.execute(uri: "/api/v1/duplicates", method: .get, headers: app.auth(app.salesRep)).object.array("data").isEmpty)
            let listed = try await client.execute(uri: "/api/v1/duplicates?status=dismissed", method: .get, headers: app.auth(app.salesRep))
            #expect(try listed.object.array("data").count == 1)
            let reopened = try await client.execute(uri: "/api/v1/duplicates/\(pairID)/reopen", method: .post, headers: app.auth(app.salesRep))
            #expect(try reopened.object.string("status") == "open")

            // Pairs the caller cannot see both records of are not found; nor is nonsense.
            let others = try await client.execute(uri: "/api/v1/duplicates?limit=100", method: .get, headers: app.auth(app.admin))
            let hiddenPair = try #require(others.object.array("data").compactMap { $0.object?.string("id") }.first { $0 != pairID })
            let notMine = try await client.execute(uri: "/api/v1/duplicates/\(hiddenPair)/dismiss", method: .post, headers: app.auth(app.salesRep))
            #expect(notMine.status == .notFound)
            let viewer = try await client.execute(uri: "/api/v1/duplicates/\(pairID)/dismiss", method: .post, headers: app.auth(app.viewer))
            #expect(viewer.status == .forbidden)
            for uri in ["/api/v1/duplicates/nonsense/dismiss", "/api/v1/duplicates/\(UUID().uuidString)/dismiss"] {
                #expect(try await client.execute(uri: uri, method: .post, headers: app.auth(app.admin)).status == .notFound)
            }
            for query in ["entity=leads", "status=maybe", "limit=0", "limit=101", "cursor=nonsense"] {
                let response = try await client.execute(uri: "/api/v1/duplicates?\(query)", method: .get, headers: app.auth(app.admin))
                #expect(response.status == .unprocessableContent, "\(query)")
            }
            // Paging by cursor.
            let firstPage = try await client.execute(uri: "/api/v1/duplicates?limit=2", method: .get, headers: app.auth(app.admin)).object
            let cursor = try #require(firstPage.string("next_cursor"))
            let secondPage = try await client.execute(uri: "/api/v1/duplicates?limit=2&cursor=\(cursor)", method: .get, headers: app.auth(app.admin)).object
            #expect(secondPage.array("data").count == 1)
            #expect(secondPage["next_cursor"] == .null)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOpenAPIDocumentDescribesDuplicates(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            let doc = try await client.execute(uri: "/api/v1/openapi.json", method: .get).object
            let paths = try #require(doc["paths"]?.object)
            for path in ["/api/v1/duplicates", "/api/v1/duplicates/scan", "/api/v1/duplicates/{id}/dismiss", "/api/v1/duplicates/{id}/reopen"] {
                #expect(paths[path] != nil, "\(path)")
            }
            let schemas = try #require(doc["components"]?.object?["schemas"]?.object)
            for name in ["ContactCreate", "AccountCreate"] {
                #expect(schemas[name]?.object?["properties"]?.object?["allow_duplicate"]?.object?.string("type") == "boolean")
            }
            let problem = try #require(schemas["Problem"]?.object?["properties"]?.object)
            #expect(problem["conflicts"] != nil)
            #expect(problem["confirm_with"] != nil)
            let create = paths["/api/v1/contacts"]?.object?["post"]?.object?["responses"]?.object
            #expect(create?["409"] != nil)
        }
    }
}
