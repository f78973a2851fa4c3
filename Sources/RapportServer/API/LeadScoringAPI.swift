import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Lead scoring over the API: the rules and the model (everyone reads, admins change), a lead's
/// score with its reasons, and training the model on request.
struct LeadScoringAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/lead-scoring") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let rules = try await store.leadScoring.rules(in: principal.workspaceID)
            let model = try await store.leadScoring.modelStatus(in: principal.workspaceID)
            return .json(
                .object(JSONObject(["rules": .array(rules.map(LeadAutomationJSON.rule)), "model": LeadAutomationJSON.model(model)])))
        }
        group.post("/api/v1/lead-scoring/rules") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let rule = try Self.read(&input, onto: nil)
            let created = try await store.leadScoring.create(rule, by: principal)
            return .json(LeadAutomationJSON.rule(created), status: .created, headers: [.location: "/api/v1/lead-scoring/rules/\(created.id)"])
        }
        group.patch("/api/v1/lead-scoring/rules/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let current = try await store.leadScoring.rule(try Self.ruleID(context), in: principal.workspaceID)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let rule = try Self.read(&input, onto: current)
            return .json(LeadAutomationJSON.rule(try await store.leadScoring.update(rule, by: principal)))
        }
        group.delete("/api/v1/lead-scoring/rules/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            try await store.leadScoring.delete(try Self.ruleID(context), by: principal)
            return Response(status: .noContent)
        }
        group.post("/api/v1/lead-scoring/train") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try Self.requireAdmin(principal)
            let queued = try await store.leadScoring.requestTraining(by: principal)
            let model = try await store.leadScoring.modelStatus(in: principal.workspaceID)
            return .json(
                .object(JSONObject(["queued": .bool(queued), "model": LeadAutomationJSON.model(model)])), status: .accepted)
        }
        group.get("/api/v1/leads/:id/score") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try LeadPages.leadID(context)
            let lead = try await store.leads.get(id, by: principal)
            let explanation = try await store.leadScoring.explanation(of: id, by: principal)
            return .json(LeadAutomationJSON.score(explanation, lead: lead))
        }
    }

    /// Reads a rule from a body: every member for a new rule, any of them over `current`.
    static func read(_ input: inout Input, onto current: LeadScoreRule?) throws -> LeadScoreRule {
        var rule = current ?? LeadScoreRule(id: .make(), kind: .fit, field: "", op: .is, points: 0)
        if case .set(let kind) = input.choice("kind", LeadScoreRule.Kind.self) { rule.kind = kind }
        if case .set(let field) = input.text("field", max: 40) { rule.field = field ?? "" }
        if case .set(let op) = input.choice("operator", LeadScoreRule.Operator.self) { rule.op = op }
        if case .set(let value) = input.text("value", max: 500) { rule.value = value ?? "" }
        switch input.int("points", in: Int64(LeadScoreRule.pointsRange.lowerBound)...Int64(LeadScoreRule.pointsRange.upperBound)) {
        case .set(let points?): rule.points = Int(points)
        case .set(nil): input.fail("points", "is required")
        case .keep: break
        }
        if case .set(let cap) = input.int("max_points", in: -100_000...100_000) { rule.maxPoints = cap.map { Int($0) } }
        if case .set(let label) = input.text("label", max: 100) { rule.label = label ?? "" }
        if case .set(let active) = input.bool("active") { rule.active = active }
        if current == nil {
            for key in ["kind", "field", "operator", "points"] where input.object[key] == nil { input.fail(key, "is required") }
        }
        try input.finish()
        return rule
    }

    static func ruleID(_ context: AppRequestContext) throws(RapportError) -> LeadScoreRule.ID {
        guard let id = context.parameters.get("id").flatMap(LeadScoreRule.ID.init) else {
            throw .notFound(entity: "scoring rule", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    /// Checked before the body is read, so a rep hears "forbidden" rather than about their fields.
    static func requireAdmin(_ principal: Principal) throws(RapportError) {
        guard principal.role == .admin else { throw .forbidden("Only admins change lead scoring, assignment and web forms.") }
    }
}
