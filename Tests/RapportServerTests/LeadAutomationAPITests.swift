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

@Suite struct LeadAutomationAPITests {
    @Test(arguments: TestDatabase.all)
    func adminsChangeScoringRulesAndEveryoneReadsThem(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let rule: JSONValue = .object([
                "kind": .string("fit"), "field": .string("industry"), "operator": .string("is"), "value": .string("Pharmaceuticals"),
                "points": .int(20),
            ])
            let refused = try await client.execute(uri: "/api/v1/lead-scoring/rules", method: .post, headers: app.auth(app.salesRep), body: body(rule))
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let created = try await client.execute(uri: "/api/v1/lead-scoring/rules", method: .post, headers: app.auth(app.admin), body: body(rule))
            #expect(created.status == .created)
            #expect(try created.object.string("summary") == "industry is Pharmaceuticals")
            let bad = try await client.execute(
                uri: "/api/v1/lead-scoring/rules", method: .post, headers: app.auth(app.admin),
                body: body(.object(["kind": .string("fit"), "field": .string("title"), "operator": .string("each"), "points": .int(5), "colour": .string("red")])))
            #expect(bad.status == .unprocessableContent)
            let fields = try bad.object.array("errors").compactMap { $0.object?.string("field") }
            #expect(fields == ["colour"])
            let wrongOperator = try await client.execute(
                uri: "/api/v1/lead-scoring/rules", method: .post, headers: app.auth(app.admin),
                body: body(.object(["kind": .string("fit"), "field": .string("title"), "operator": .string("each"), "points": .int(5)])))
            #expect(try wrongOperator.object.array("errors").compactMap { $0.object?.string("field") } == ["operator"])
            let read = try await client.execute(uri: "/api/v1/lead-scoring", method: .get, headers: app.auth(app.viewer))
            #expect(read.status == .ok)
            #expect(try read.object.array("rules").count == 1)
            #expect(try read.object["model"]?.object?["usable"] == .bool(false))

            // A lead answers with its score and the reasons.
            let lead = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["last_name": .string("Ortiz"), "industry": .string("Pharmaceuticals")])))
            let id = try #require(try lead.object.string("id"))
            #expect(try lead.object.int("score") == 20)
            let score = try await client.execute(uri: "/api/v1/leads/\(id)/score", method: .get, headers: app.auth(app.salesRep))
            #expect(score.status == .ok)
            #expect(try score.object.array("reasons").compactMap { $0.object?.string("line") } == ["+20 industry is Pharmaceuticals"])
            #expect(try score.object["model"] == .null)
            let hidden = try await client.execute(uri: "/api/v1/leads/\(id)/score", method: .get, headers: app.auth(app.serviceRep))
            #expect(hidden.status == .notFound)
            let train = try await client.execute(uri: "/api/v1/lead-scoring/train", method: .post, headers: app.auth(app.admin))
            #expect(train.status == .accepted)
            #expect(try train.object["queued"] == .bool(true))
        }
    }

    @Test(arguments: TestDatabase.all)
    func assignmentRulesAndTheSLAAreReadableAndAdminsChangeThem(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let rule: JSONValue = .object([
                "name": .string("DACH"), "countries": .array([.string("de"), .string("AT")]), "user_ids": .array([.string(app.salesRep.id.description)]),
            ])
            let created = try await client.execute(uri: "/api/v1/lead-assignment-rules", method: .post, headers: app.auth(app.admin), body: body(rule))
            #expect(created.status == .created)
            #expect(try created.object.array("countries") == [.string("DE"), .string("AT")])
            let nobody = try await client.execute(
                uri: "/api/v1/lead-assignment-rules", method: .post, headers: app.auth(app.admin), body: body(.object(["name": .string("Empty")])))
            #expect(try nobody.object.array("errors").compactMap { $0.object?.string("field") } == ["user_ids"])
            let preview = try await client.execute(
                uri: "/api/v1/lead-assignment-rules/preview", method: .post, headers: app.auth(app.salesManager),
                body: body(.object(["country": .string("at")])))
            #expect(try preview.object["match"]?.object?.string("owner_id") == app.salesRep.id.description)
            let lead = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.auth(app.admin), body: body(.object(["last_name": .string("Auer"), "country": .string("AT")])))
            #expect(try lead.object.string("owner_id") == app.salesRep.id.description)
            let explicit = try await client.execute(
                uri: "/api/v1/leads", method: .post, headers: app.auth(app.admin),
                body: body(.object(["last_name": .string("Baum"), "country": .string("AT"), "owner_id": .string(app.salesManager.id.description)])))
            #expect(try explicit.object.string("owner_id") == app.salesManager.id.description)

            let sla = try await client.execute(uri: "/api/v1/settings/lead-first-touch", method: .get, headers: app.auth(app.salesRep))
            #expect(try sla.object.int("hours") == 4)
            #expect(try sla.object.string("business_hours") == "1-5 09:00-17:00")
            let badSLA = try await client.execute(
                uri: "/api/v1/settings/lead-first-touch", method: .put, headers: app.auth(app.admin),
                body: body(.object(["hours": .int(2), "business_hours": .string("weekdays"), "time_zone": .string("Europe/Berlin")])))
            #expect(badSLA.status == .unprocessableContent)
            #expect(try badSLA.object.array("errors").compactMap { $0.object?.string("field") } == ["business_hours"])
            let repSLA = try await client.execute(
                uri: "/api/v1/settings/lead-first-touch", method: .put, headers: app.auth(app.salesRep),
                body: body(.object(["hours": .int(2), "business_hours": .string("1-5 08:00-18:00"), "time_zone": .string("Europe/Berlin")])))
            #expect(repSLA.status == .forbidden)
            let setSLA = try await client.execute(
                uri: "/api/v1/settings/lead-first-touch", method: .put, headers: app.auth(app.admin),
                body: body(.object(["hours": .int(2), "business_hours": .string("mon-fri 08:00-18:00"), "time_zone": .string("Europe/Berlin")])))
            #expect(setSLA.status == .ok)
            #expect(try setSLA.object.string("business_hours") == "1-5 08:00-18:00")

            let breaches = try await client.execute(uri: "/api/v1/leads/first-touch-breaches", method: .get, headers: app.auth(app.salesManager))
            #expect(breaches.status == .ok)
            #expect(try breaches.object.int("overdue_count") == 0)
            let badSince = try await client.execute(
                uri: "/api/v1/leads/first-touch-breaches?since=yesterday&kind=late", method: .get, headers: app.auth(app.salesManager))
            #expect(badSince.status == .unprocessableContent)
            #expect(try badSince.object.array("errors").compactMap { $0.object?.string("field") } == ["since"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOpenAPIDocumentDescribesEveryNewOperation(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            let doc = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let paths = try #require(try doc.object["paths"]?.object)
            for path in [
                "/api/v1/lead-scoring", "/api/v1/lead-scoring/rules", "/api/v1/lead-scoring/rules/{id}", "/api/v1/lead-scoring/train",
                "/api/v1/leads/{id}/score", "/api/v1/lead-assignment-rules", "/api/v1/lead-assignment-rules/{id}",
                "/api/v1/lead-assignment-rules/{id}/move", "/api/v1/lead-assignment-rules/preview", "/api/v1/settings/lead-first-touch",
                "/api/v1/leads/first-touch-breaches", "/api/v1/lead-forms", "/api/v1/lead-forms/{id}",
            ] {
                #expect(paths[path] != nil, "\(path) is not described")
            }
        }
    }
}
