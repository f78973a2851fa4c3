import Foundation
import HTTPTypes
import HummingbirdTesting
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct PurposesAPITests {
    func names(_ response: TestResponse) throws -> [String] {
        try response.object.array("data").compactMap { $0.object?.string("name") }
    }

    @Test(arguments: TestDatabase.all)
    func everyoneReadsPurposesAndAdminsChangeThem(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let seeded = try await client.execute(uri: "/api/v1/purposes", method: .get, headers: app.auth(app.viewer))
            #expect(seeded.status == .ok)
            #expect(try names(seeded) == Purpose.seeds.map(\.name))

            let refused = try await client.execute(
                uri: "/api/v1/purposes", method: .post, headers: app.auth(app.salesManager), body: body(["name": "Win-back"]))
            #expect(refused.status == .forbidden)

            let created = try await client.execute(
                uri: "/api/v1/purposes", method: .post, headers: app.auth(app.admin), body: body(["name": " Win-back ", "quiet_days": 21]))
            #expect(created.status == .created)
            let purpose = try created.object
            #expect(purpose.string("name") == "Win-back")
            #expect(purpose.int("quiet_days") == 21)
            #expect(purpose["retired"] == .bool(false))
            let id = try #require(purpose.string("id"))
            #expect(created.headers[.location] == "/api/v1/purposes/\(id)")

            let defaulted = try await client.execute(
                uri: "/api/v1/purposes", method: .post, headers: app.auth(app.admin), body: body(["name": "Referral"]))
            #expect(try defaulted.object.int("quiet_days") == 14)

            let retired = try await client.execute(
                uri: "/api/v1/purposes/\(id)", method: .patch, headers: app.auth(app.admin), body: body(["retired": true, "quiet_days": 0]))
            #expect(retired.status == .ok)
            #expect(try retired.object["retired"] == .bool(true))
            #expect(try retired.object.int("quiet_days") == 0)
            let active = try await client.execute(uri: "/api/v1/purposes", method: .get, headers: app.auth(app.salesRep))
            #expect(try !names(active).contains("Win-back"))
            let all = try await client.execute(uri: "/api/v1/purposes?include_retired=true", method: .get, headers: app.auth(app.salesRep))
            #expect(try names(all).contains("Win-back"))

            let renamed = try await client.execute(
                uri: "/api/v1/purposes/\(id)", method: .patch, headers: app.auth(app.admin), body: body(["name": "Win back", "retired": false]))
            #expect(try renamed.object.string("name") == "Win back")
            #expect(try renamed.object["retired"] == .bool(false))

            let repPatch = try await client.execute(
                uri: "/api/v1/purposes/\(id)", method: .patch, headers: app.auth(app.salesRep), body: body(["retired": true]))
            #expect(repPatch.status == .forbidden)
            let missing = try await client.execute(
                uri: "/api/v1/purposes/\(UUIDv7.make().uuidString)", method: .patch, headers: app.auth(app.admin), body: body(["retired": true]))
            #expect(missing.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func badPurposesAreRefusedNamingTheField(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            func post(_ value: JSONValue) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/purposes", method: .post, headers: app.auth(app.admin), body: body(value))
            }
            #expect(try await post(["quiet_days": 3]).problemFields == ["name"])
            #expect(try await post(["name": "   "]).problemFields == ["name"])
            #expect(try await post(["name": .string(String(repeating: "x", count: 61))]).problemFields == ["name"])
            #expect(try await post(["name": "renewal"]).problemFields == ["name"])  // the seeded "Renewal", folded
            #expect(try await post(["name": "Audit", "quiet_days": 366]).problemFields == ["quiet_days"])
            #expect(try await post(["name": "Audit", "quiet_days": "ten"]).problemFields == ["quiet_days"])
            #expect(try await post(["name": "Audit", "colour": "red"]).problemFields == ["colour"])
            #expect(try await post(["name": 5]).problemFields == ["name"])

            let renewal = try await app.purpose("Renewal")
            func patch(_ value: JSONValue) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/purposes/\(renewal.id)", method: .patch, headers: app.auth(app.admin), body: body(value))
            }
            #expect(try await patch(["name": ""]).problemFields == ["name"])
            #expect(try await patch(["name": "Upsell"]).problemFields == ["name"])
            #expect(try await patch(["quiet_days": -1]).problemFields == ["quiet_days"])
            #expect(try await patch(["retired": "yes"]).problemFields == ["retired"])

            let flag = try await client.execute(uri: "/api/v1/purposes?include_retired=sometimes", method: .get, headers: app.auth(app.admin))
            #expect(try flag.problemFields == ["include_retired"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFrequencyCapIsReadByAllAndSetByAdmins(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let standard = try await client.execute(uri: "/api/v1/settings/outreach", method: .get, headers: app.auth(app.salesRep))
            #expect(standard.status == .ok)
            #expect(try standard.object.int("cap_touches") == Int64(OutreachCap.standard.touches))
            #expect(try standard.object.int("cap_days") == Int64(OutreachCap.standard.days))

            func put(_ user: User, _ value: JSONValue) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/settings/outreach", method: .put, headers: app.auth(user), body: body(value))
            }
            #expect(try await put(app.salesManager, ["cap_touches": 0, "cap_days": 7]).status == .forbidden)
            let off = try await put(app.admin, ["cap_touches": 0, "cap_days": 10])
            #expect(off.status == .ok)
            #expect(try off.object.int("cap_touches") == 0)
            #expect(try await app.store.purposes.cap(in: app.workspace.id) == OutreachCap(touches: 0, days: 10))

            #expect(try await put(app.admin, ["cap_touches": 101, "cap_days": 7]).problemFields == ["cap_touches"])
            #expect(try await put(app.admin, ["cap_touches": 2]).problemFields == ["cap_days"])
            #expect(try await put(app.admin, ["cap_touches": 2, "cap_days": 0]).problemFields == ["cap_days"])
            #expect(try await put(app.admin, ["cap_touches": 2, "cap_days": 7, "extra": 1]).problemFields == ["extra"])
            #expect(try await app.store.purposes.cap(in: app.workspace.id) == OutreachCap(touches: 0, days: 10))
        }
    }
}
