import Foundation
import HTTPTypes
import HummingbirdTesting
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct WorkAPITests {
    /// Midway between now and midnight UTC (the test users' zone): due "today" whenever the test runs.
    func laterToday(_ now: Timestamp) -> Timestamp {
        let midnight = (now.micros / 86_400_000_000 + 1) * 86_400_000_000
        return Timestamp(micros: now.micros + (midnight - now.micros) / 2)
    }

    func titles(_ body: JSONObject, _ group: String) -> [String] {
        body.array(group).compactMap { $0.object?.string("title") }
    }

    @Test(arguments: TestDatabase.all)
    func myWorkGroupsTheCallersTasksByDueTime(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let now = Timestamp.now()
            try await app.newTask("Call back Ana", due: now.adding(seconds: -7200), for: app.salesRep)
            try await app.newTask("Send the quote", due: laterToday(now), for: app.salesRep)
            try await app.newTask("Renewal prep", due: now.adding(seconds: 3 * 86_400), for: app.salesRep)
            try await app.newTask("Read the brief", due: nil, for: app.salesRep)
            try await app.newTask("Old thing", due: now.adding(seconds: -86_400), for: app.salesRep, ["status": "done"])
            try await app.newTask("Sue's task", due: now.adding(seconds: -7200), for: app.serviceRep)

            let response = try await client.execute(uri: "/api/v1/me/work", method: .get, headers: app.auth(app.salesRep))
            #expect(response.status == .ok)
            let body = try response.object
            #expect(titles(body, "overdue") == ["Call back Ana"])
            #expect(titles(body, "today") == ["Send the quote"])
            #expect(titles(body, "upcoming") == ["Renewal prep"])
            #expect(titles(body, "no_due_date") == ["Read the brief"])
            #expect(titles(body, "done") == ["Old thing"])
            #expect(body.int("due_count") == 2)
            #expect(body["team"] == .bool(false))
            #expect(body.string("time_zone") == "UTC")
            let task = try #require(body.array("overdue").first?.object)
            #expect(task.string("status") == "open")
            #expect(task.int("version") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theTeamViewIsForManagersAndAdmins(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let soon = Timestamp.now().adding(seconds: -60)
            try await app.newTask("Sam's call", due: soon, for: app.salesRep)
            try await app.newTask("Max's own", due: soon, for: app.salesManager)
            try await app.newTask("Sue's call", due: soon, for: app.serviceRep)

            for user in [app.salesRep, app.viewer] {
                let refused = try await client.execute(uri: "/api/v1/me/work?team=true", method: .get, headers: app.auth(user))
                #expect(refused.status == .forbidden)
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            let manager = try await client.execute(uri: "/api/v1/me/work?team=true", method: .get, headers: app.auth(app.salesManager))
            #expect(manager.status == .ok)
            #expect(Set(titles(try manager.object, "overdue")) == ["Sam's call", "Max's own"])
            #expect(try manager.object["team"] == .bool(true))
            let admin = try await client.execute(uri: "/api/v1/me/work?team=true", method: .get, headers: app.auth(app.admin))
            #expect(Set(titles(try admin.object, "overdue")) == ["Sam's call", "Max's own", "Sue's call"])
            let own = try await client.execute(uri: "/api/v1/me/work?team=false", method: .get, headers: app.auth(app.salesManager))
            #expect(titles(try own.object, "overdue") == ["Max's own"])

            let bad = try await client.execute(uri: "/api/v1/me/work?team=perhaps", method: .get, headers: app.auth(app.salesManager))
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.problemFields == ["team"])
            let anonymous = try await client.execute(uri: "/api/v1/me/work", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func completeAndReopenNeedTheCurrentVersion(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let task = try await app.newTask("Call back Ana", due: .now(), for: app.salesRep)
            let uri = "/api/v1/tasks/\(task.id)"

            let unversioned = try await client.execute(uri: uri + "/complete", method: .post, headers: app.auth(app.salesRep))
            #expect(unversioned.status == .preconditionRequired)

            let done = try await client.execute(
                uri: uri + "/complete", method: .post, headers: app.auth(app.salesRep, [.ifMatch: "\"1\""]))
            #expect(done.status == .ok)
            #expect(try done.object.string("status") == "done")
            #expect(try done.object.string("completed_at") != nil)
            #expect(try done.object.int("version") == 2)
            #expect(done.headers[.eTag] == "\"2\"")

            let stale = try await client.execute(
                uri: uri + "/reopen", method: .post, headers: app.auth(app.salesRep, [.ifMatch: "\"1\""]))
            #expect(stale.status == .conflict)
            #expect(try stale.object["current"]?.object?.int("version") == 2)

            let reopened = try await client.execute(
                uri: uri + "/reopen", method: .post, headers: app.auth(app.salesRep), body: body(["version": 2]))
            #expect(reopened.status == .ok)
            #expect(try reopened.object.string("status") == "open")
            #expect(try reopened.object["completed_at"] == .null)

            let disagreeing = try await client.execute(
                uri: uri + "/complete", method: .post, headers: app.auth(app.salesRep, [.ifMatch: "\"3\""]), body: body(["version": 2]))
            #expect(disagreeing.status == .unprocessableContent)
            #expect(try disagreeing.problemFields == ["version"])
            let unknown = try await client.execute(
                uri: uri + "/complete", method: .post, headers: app.auth(app.salesRep), body: body(["version": 3, "status": "done"]))
            #expect(try unknown.problemFields == ["status"])

            let history = try await app.store.tasks.history(task.id, by: try await app.principal(of: app.salesRep))
            #expect(history.count == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func snoozeMovesAnOpenTaskToALaterTime(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let task = try await app.newTask("Call back Ana", due: .now(), for: app.salesRep)
            let uri = "/api/v1/tasks/\(task.id)/snooze"
            let until = wholeSecond().adding(seconds: 86_400)
            let snoozed = try await client.execute(
                uri: uri, method: .post, headers: app.auth(app.salesRep, [.ifMatch: "1"]), body: body(["until": .string(until.iso8601)]))
            #expect(snoozed.status == .ok)
            #expect(try snoozed.object.string("due_at") == until.iso8601)

            let past = try await client.execute(
                uri: uri, method: .post, headers: app.auth(app.salesRep),
                body: body(["until": "2020-01-01T09:00:00Z", "version": 2]))
            #expect(past.status == .unprocessableContent)
            #expect(try past.problemFields == ["until"])
            let noOffset = try await client.execute(
                uri: uri, method: .post, headers: app.auth(app.salesRep), body: body(["until": "2099-01-01T09:00", "version": 2]))
            #expect(try noOffset.problemFields == ["until"])
            let missing = try await client.execute(uri: uri, method: .post, headers: app.auth(app.salesRep), body: body(["version": 2]))
            #expect(try missing.problemFields == ["until"])

            _ = try await client.execute(
                uri: "/api/v1/tasks/\(task.id)/complete", method: .post, headers: app.auth(app.salesRep, [.ifMatch: "2"]))
            let done = try await client.execute(
                uri: uri, method: .post, headers: app.auth(app.salesRep),
                body: body(["until": .string(until.adding(seconds: 3600).iso8601), "version": 3]))
            #expect(done.status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.all)
    func taskActionsFollowVisibilityAndRoles(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sams = try await app.newTask("Sam's call", due: .now(), for: app.salesRep)
            let hidden = try await client.execute(
                uri: "/api/v1/tasks/\(sams.id)/complete", method: .post, headers: app.auth(app.serviceRep, [.ifMatch: "1"]))
            #expect(hidden.status == .notFound)
            let readOnly = try await client.execute(
                uri: "/api/v1/tasks/\(sams.id)/complete", method: .post, headers: app.auth(app.viewer, [.ifMatch: "1"]))
            #expect(readOnly.status == .forbidden)
            let manager = try await client.execute(
                uri: "/api/v1/tasks/\(sams.id)/complete", method: .post, headers: app.auth(app.salesManager, [.ifMatch: "1"]))
            #expect(manager.status == .ok)
            let nonsense = try await client.execute(
                uri: "/api/v1/tasks/not-an-id/complete", method: .post, headers: app.auth(app.salesRep, [.ifMatch: "1"]))
            #expect(nonsense.status == .notFound)
        }
    }
}

@Suite struct WorkOpenAPITests {
    @Test(arguments: TestDatabase.all)
    func theDocumentDescribesWorkPurposesAndOutreach(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let document = try response.object
            let paths = try #require(document["paths"]?.object)
            for path in [
                "/api/v1/me/work", "/api/v1/tasks/{id}/complete", "/api/v1/tasks/{id}/reopen", "/api/v1/tasks/{id}/snooze",
                "/api/v1/purposes", "/api/v1/purposes/{id}", "/api/v1/settings/outreach", "/api/v1/outreach/check",
                "/api/v1/reports/outreach-overrides",
            ] {
                #expect(paths[path] != nil, "missing \(path)")
            }
            let schemas = try #require(document["components"]?.object?["schemas"]?.object)
            // Every schema the document refers to exists.
            for piece in response.text.components(separatedBy: "#/components/schemas/").dropFirst() {
                let name = String(piece.prefix(while: { $0 != "\"" }))
                #expect(schemas[name] != nil, "dangling $ref to \(name)")
            }
        }
    }
}
