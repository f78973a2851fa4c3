import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The workspace's contact purposes and its outreach cap over the API: everyone reads them,
/// admins change them.
struct PurposesAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/purposes") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let retired = try WorkAPI.flag("include_retired", request.uri.queryParameters.get("include_retired"))
            let purposes = try await store.purposes.all(in: principal.workspaceID).filter { retired || !$0.retired }
            return .json(.object(JSONObject(["data": .array(purposes.map(\.json))])))
        }
        group.post("/api/v1/purposes") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let name = input.text("name", max: 60)
            let days = input.int("quiet_days", in: Purpose.quietDaysRange)
            if case .keep = name, input.object["name"] == nil { input.fail("name", "is required") }
            if case .set(nil) = name { input.fail("name", "is required") }
            try input.finish()
            guard case .set(let text?) = name else { throw RapportError.invalid(field: "name", reason: "is required") }
            let purpose = try await store.purposes.add(name: text, quietDays: Int(days.applied(to: 14) ?? 14), by: principal)
            return .json(purpose.json, status: .created, headers: [.location: "/api/v1/purposes/\(purpose.id)"])
        }
        group.patch("/api/v1/purposes/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            guard let id = context.parameters.get("id").flatMap(Purpose.ID.init) else {
                throw RapportError.notFound(entity: "purpose", id: context.parameters.get("id") ?? "")
            }
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let name = input.text("name", max: 60)
            let days = input.int("quiet_days", in: Purpose.quietDaysRange)
            let retired = input.bool("retired")
            if case .set(nil) = name { input.fail("name", "must not be empty") }
            if case .set(nil) = days { input.fail("quiet_days", "must be a whole number of days") }
            try input.finish()
            var newName: String?
            if case .set(let n?) = name { newName = n }
            var newDays: Int?
            if case .set(let d?) = days { newDays = Int(d) }
            var newRetired: Bool?
            if case .set(let r) = retired { newRetired = r }
            let purpose = try await store.purposes.update(id, name: newName, quietDays: newDays, retired: newRetired, by: principal)
            return .json(purpose.json)
        }
        group.get("/api/v1/settings/outreach") { _, context -> Response in
            let principal = try context.requirePrincipal()
            return .json(Self.json(try await store.purposes.cap(in: principal.workspaceID)))
        }
        group.put("/api/v1/settings/outreach") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let touches = input.int("cap_touches", in: 0...100)
            let days = input.int("cap_days", in: 1...365)
            for (key, value) in [("cap_touches", touches), ("cap_days", days)] {
                if case .set(nil) = value { input.fail(key, "is required") }
                if case .keep = value, input.object[key] == nil { input.fail(key, "is required") }
            }
            try input.finish()
            guard case .set(let t?) = touches, case .set(let d?) = days else {
                throw RapportError.malformed("Send cap_touches and cap_days.")
            }
            let cap = OutreachCap(touches: Int(t), days: Int(d))
            try await store.purposes.setCap(cap, by: principal)
            return .json(Self.json(cap))
        }
    }

    static func json(_ cap: OutreachCap) -> JSONValue {
        .object(JSONObject(["cap_touches": .int(Int64(cap.touches)), "cap_days": .int(Int64(cap.days))]))
    }

    /// Checked before the body is read, so a rep hears "forbidden" rather than about their fields.
    static func requireAdmin(_ principal: Principal) throws(RapportError) {
        guard principal.role == .admin else { throw .forbidden("Only admins manage purposes and the outreach cap.") }
    }
}
