import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Pipelines and their stages over the API: everyone reads them, admins change them.
struct PipelinesAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/pipelines") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let retired = try WorkAPI.flag("include_retired", request.uri.queryParameters.get("include_retired"))
            let pipelines = try await store.pipelines.all(in: principal.workspaceID).filter { retired || !$0.retired }
            return .json(.object(JSONObject(["data": .array(pipelines.map(\.json))])))
        }
        group.get("/api/v1/pipelines/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            return .json(try await store.pipelines.get(try Self.pipelineID(context), in: principal.workspaceID).json)
        }
        group.post("/api/v1/pipelines") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let name = input.text("name", max: 60)
            let isDefault = input.bool("is_default")
            try input.finish()
            guard case .set(let text?) = name else { throw RapportError.invalid(field: "name", reason: "is required") }
            let pipeline = try await store.pipelines.addPipeline(name: text, makeDefault: isDefault.applied(to: false), by: principal)
            return .json(pipeline.json, status: .created, headers: [.location: "/api/v1/pipelines/\(pipeline.id)"])
        }
        group.patch("/api/v1/pipelines/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let id = try Self.pipelineID(context)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let name = input.text("name", max: 60)
            let isDefault = input.bool("is_default")
            let retired = input.bool("retired")
            if case .set(nil) = name { input.fail("name", "must not be empty") }
            try input.finish()
            var newName: String?
            if case .set(let n?) = name { newName = n }
            let pipeline = try await store.pipelines.updatePipeline(
                id, name: newName, makeDefault: isDefault.value, retired: retired.value, by: principal)
            return .json(pipeline.json)
        }
        group.post("/api/v1/pipelines/:id/stages") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let id = try Self.pipelineID(context)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let changes = Self.stageChanges(&input)
            if changes.name == nil { input.fail("name", "is required") }
            try input.finish()
            let stage = try await store.pipelines.addStage(to: id, changes, by: principal)
            return .json(stage.json, status: .created, headers: [.location: "/api/v1/pipelines/\(id)"])
        }
        group.patch("/api/v1/stages/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let id = try Self.stageID(context)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            var changes = Self.stageChanges(&input)
            changes.retired = input.bool("retired").value
            try input.finish()
            return .json(try await store.pipelines.updateStage(id, changes, by: principal).json)
        }
        group.post("/api/v1/stages/:id/move") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let id = try Self.stageID(context)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let direction = input.text("direction", max: 10)
            try input.finish()
            guard case .set(let raw?) = direction, raw == "up" || raw == "down" else {
                throw RapportError.invalid(field: "direction", reason: "must be up or down")
            }
            return .json(try await store.pipelines.moveStage(id, by: raw == "up" ? -1 : 1, principal: principal).json)
        }
    }

    /// The stage fields a request sets; problems are collected in the input.
    static func stageChanges(_ input: inout Input) -> StageChanges {
        var changes = StageChanges()
        if case .set(let name) = input.text("name", max: 60) {
            if let name { changes.name = name } else { input.fail("name", "must not be empty") }
        }
        if case .set(let p) = input.int("probability", in: 0...100) {
            if let p { changes.probability = Int(p) } else { input.fail("probability", "must be from 0 to 100") }
        }
        if case .set(let raw) = input.text("forecast_category", max: 20) {
            if let raw, let category = ForecastCategory(rawValue: raw) {
                changes.category = category
            } else {
                input.fail("forecast_category", "must be one of: \(Deal.categories.joined(separator: ", "))")
            }
        }
        if let items = input.list("required_fields", max: 20) {
            var fields: [String] = []
            for (i, item) in items.enumerated() {
                guard let name = item.stringValue else {
                    input.fail("required_fields[\(i)]", "must be a field name")
                    continue
                }
                fields.append(name)
            }
            changes.requiredFields = fields
        }
        if case .set(let playbook) = input.text("playbook", max: 2000) { changes.playbook = playbook ?? "" }
        // The stage's own rules too, so one answer names every bad field.
        let checked: Result<Void, RapportError> = Result { () throws(RapportError) in try changes.validate() }
        if case .failure(let error) = checked {
            let named = Set(input.issues.map(\.field))
            for issue in error.fieldIssues where !named.contains(issue.field) { input.fail(issue.field, issue.reason) }
        }
        return changes
    }

    static func pipelineID(_ context: AppRequestContext) throws -> Pipeline.ID {
        guard let id = context.parameters.get("id").flatMap(Pipeline.ID.init) else {
            throw RapportError.notFound(entity: "pipeline", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    static func stageID(_ context: AppRequestContext) throws -> Stage.ID {
        guard let id = context.parameters.get("id").flatMap(Stage.ID.init) else {
            throw RapportError.notFound(entity: "stage", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    /// Checked before the body is read, so a rep hears "forbidden" rather than about their fields.
    static func requireAdmin(_ principal: Principal) throws(RapportError) {
        guard principal.role == .admin else { throw .forbidden("Only admins manage pipelines and stages.") }
    }
}
