import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Settings › Pipelines: add and rename pipelines, choose the default, retire them; and for one
/// pipeline its stages (name, probability, forecast category, required fields, playbook, order).
/// Admins only.
struct PipelinePages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/pipelines") { request, context -> Response in
            let principal = try PipelineSettingsView.admin(context)
            let chosen = request.uri.queryParameters.get("pipeline").flatMap(Pipeline.ID.init)
            return try await page(chosen, errors: [:], principal: principal, request: request, context: context)
        }
        group.post("/settings/pipelines") { request, context -> Response in
            let principal = try PipelineSettingsView.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let pipeline = try await store.pipelines.addPipeline(
                    name: form["name"] ?? "", makeDefault: form["is_default"] == "true", by: principal)
                return .seeOther("/settings/pipelines?pipeline=\(pipeline.id)", flash: "Added the pipeline “\(pipeline.name)”.")
            } catch RapportError.invalid(let issues) {
                return try await page(nil, errors: Self.errors("new-pipeline", issues), principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        group.post("/settings/pipelines/:id") { request, context -> Response in
            let principal = try PipelineSettingsView.admin(context)
            let id = try PipelinesAPI.pipelineID(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            let action = form["action"] ?? "save"
            do {
                let pipeline = try await store.pipelines.updatePipeline(
                    id, name: action == "save" ? form["name"] : nil, makeDefault: action == "default" ? true : nil,
                    retired: action == "retire" ? true : action == "restore" ? false : nil, by: principal)
                let message =
                    switch action {
                    case "default": "New deals now go into “\(pipeline.name)”."
                    case "retire": "Retired “\(pipeline.name)”: its deals stay, new ones can’t use it."
                    case "restore": "“\(pipeline.name)” is back."
                    default: "Saved “\(pipeline.name)”."
                    }
                return .seeOther("/settings/pipelines?pipeline=\(id)", flash: message)
            } catch RapportError.invalid(let issues) {
                return try await page(id, errors: Self.errors("pipeline", issues), principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        group.post("/settings/pipelines/:id/stages") { request, context -> Response in
            let principal = try PipelineSettingsView.admin(context)
            let id = try PipelinesAPI.pipelineID(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let changes = try Self.stageChanges(form, requiredFromForm: false)
                let stage = try await store.pipelines.addStage(to: id, changes, by: principal)
                return .seeOther("/settings/pipelines?pipeline=\(id)#stage-\(stage.id)", flash: "Added the stage “\(stage.name)”.")
            } catch RapportError.invalid(let issues) {
                return try await page(id, errors: Self.errors("new-stage", issues), principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
        group.post("/settings/stages/:id") { request, context -> Response in
            let principal = try PipelineSettingsView.admin(context)
            let id = try PipelinesAPI.stageID(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            let pipelineID = form["pipeline_id"].flatMap(Pipeline.ID.init)
            let back = "/settings/pipelines" + (pipelineID.map { "?pipeline=\($0)" } ?? "")
            do {
                switch form["action"] ?? "save" {
                case "up", "down":
                    _ = try await store.pipelines.moveStage(id, by: form["action"] == "up" ? -1 : 1, principal: principal)
                    return .seeOther(back + "#stage-\(id)", flash: "Moved.")
                case "retire", "restore":
                    let stage = try await store.pipelines.updateStage(id, StageChanges(retired: form["action"] == "retire"), by: principal)
                    return .seeOther(back + "#stage-\(id)", flash: stage.retired ? "Retired “\(stage.name)”." : "“\(stage.name)” is back.")
                default:
                    let stage = try await store.pipelines.updateStage(id, try Self.stageChanges(form, requiredFromForm: true), by: principal)
                    return .seeOther(back + "#stage-\(id)", flash: "Saved “\(stage.name)”.")
                }
            } catch RapportError.invalid(let issues) {
                return try await page(pipelineID, errors: Self.errors("stage-\(id)", issues), principal: principal, request: request, context: context, status: .unprocessableContent)
            }
        }
    }

    /// The stage a stage form describes. `requiredFromForm`: the form shows every requirable field
    /// as a checkbox, so none ticked means none required.
    static func stageChanges(_ form: [String: String], requiredFromForm: Bool) throws -> StageChanges {
        var changes = StageChanges(name: form["name"] ?? "")
        var issues: [FieldIssue] = []
        if let raw = form["probability"]?.trimmingWhitespace(), !raw.isEmpty {
            if let p = Int(raw) { changes.probability = p } else { issues.append(FieldIssue(field: "probability", reason: "must be a whole number from 0 to 100")) }
        }
        if let raw = form["forecast_category"], !raw.isEmpty {
            if let category = ForecastCategory(rawValue: raw) { changes.category = category } else { issues.append(FieldIssue(field: "forecast_category", reason: "choose a category")) }
        }
        let ticked = StageChanges.requirableFields.map(\.name).filter { form["required." + $0] == "true" }
        if requiredFromForm || !ticked.isEmpty { changes.requiredFields = ticked }
        if let playbook = form["playbook"] { changes.playbook = playbook.trimmingWhitespace() }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return changes
    }

    static func errors(_ form: String, _ issues: [FieldIssue]) -> [String: [String: String]] {
        [form: Dictionary(issues.map { (String($0.field.prefix(while: { $0 != "[" })), $0.reason) }, uniquingKeysWith: { a, b in a + "; " + b })]
    }

    func page(
        _ chosen: Pipeline.ID?, errors: [String: [String: String]], principal: Principal, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let pipelines = try await store.pipelines.all(in: principal.workspaceID)
        let view = PipelineSettingsView(pipelines: pipelines, chosen: chosen, errors: errors)
        return pages.render("pipelines", title: "Pipelines", content: view, context: context, request: request, status: status)
    }
}
