import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Settings › Lead scoring: the fit and engagement rules with their points, and the learned
/// conversion model (what it learned from, its strongest signals, "train now"). Everyone may read
/// the page; admins change it.
struct LeadScoringPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/lead-scoring") { request, context -> Response in
            let principal = try context.requirePrincipal()
            return try await page(form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/lead-scoring/rules") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let rule = try await store.leadScoring.create(try Self.rule(form, onto: nil), by: principal)
                return .seeOther("/settings/lead-scoring#rules", flash: "Added “\(rule.label.isEmpty ? rule.summary : rule.label)”. Open leads are being re-scored.")
            } catch RapportError.invalid(let issues) {
                return try await page(form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
        group.post("/settings/lead-scoring/starter") { _, context -> Response in
            let principal = try PurposePages.admin(context)
            _ = try await store.leadScoring.addStarterRules(by: principal)
            return .seeOther("/settings/lead-scoring#rules", flash: "Added a starting set of rules. Tune the points to your business.")
        }
        group.post("/settings/lead-scoring/train") { _, context -> Response in
            let principal = try PurposePages.admin(context)
            let queued = try await store.leadScoring.requestTraining(by: principal)
            return .seeOther(
                "/settings/lead-scoring", flash: queued ? "Training started; open leads are re-scored when it is done." : "Training is already under way.",
                kind: "info")
        }
        group.get("/settings/lead-scoring/rules/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let rule = try await store.leadScoring.rule(try LeadScoringAPI.ruleID(context), in: principal.workspaceID)
            return try await editPage(rule, form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/lead-scoring/rules/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let current = try await store.leadScoring.rule(try LeadScoringAPI.ruleID(context), in: principal.workspaceID)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                _ = try await store.leadScoring.update(try Self.rule(form, onto: current), by: principal)
                return .seeOther("/settings/lead-scoring#rules", flash: "Saved. Open leads are being re-scored.")
            } catch RapportError.invalid(let issues) {
                return try await editPage(current, form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
        group.post("/settings/lead-scoring/rules/:id/delete") { _, context -> Response in
            let principal = try PurposePages.admin(context)
            try await store.leadScoring.delete(try LeadScoringAPI.ruleID(context), by: principal)
            return .seeOther("/settings/lead-scoring#rules", flash: "Rule removed. Open leads are being re-scored.")
        }
    }

    /// The rule a submitted form describes; bad numbers are named by their field.
    static func rule(_ form: [String: String], onto current: LeadScoreRule?) throws -> LeadScoreRule {
        var issues: [FieldIssue] = []
        var rule = current ?? LeadScoreRule(id: .make(), kind: .fit, field: "", op: .is, points: 0)
        // The field names its kind: engagement events are not lead fields.
        let field = form["field"] ?? ""
        rule.field = field
        rule.kind = LeadScoreRule.engagementEvents.contains(field) ? .engagement : .fit
        if let op = LeadScoreRule.Operator(rawValue: form["operator"] ?? "") { rule.op = op } else {
            issues.append(FieldIssue(field: "operator", reason: "choose how to compare"))
        }
        rule.value = (form["value"] ?? "").trimmingWhitespace()
        rule.label = (form["label"] ?? "").trimmingWhitespace()
        if let points = Int((form["points"] ?? "").trimmingWhitespace()) { rule.points = points } else {
            issues.append(FieldIssue(field: "points", reason: "must be a whole number, negative to take points off"))
        }
        let cap = (form["max_points"] ?? "").trimmingWhitespace()
        if cap.isEmpty { rule.maxPoints = nil } else if let n = Int(cap) { rule.maxPoints = n } else {
            issues.append(FieldIssue(field: "max_points", reason: "must be a whole number or empty"))
        }
        rule.active = current == nil ? true : SettingsInput.ticked(form["active"])
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        try rule.validate()
        return rule
    }

    func page(form: [String: String]?, issues: [FieldIssue], principal: Principal, request: Request, context: AppRequestContext)
        async throws -> Response
    {
        let rules = try await store.leadScoring.rules(in: principal.workspaceID)
        let model = try await store.leadScoring.modelStatus(in: principal.workspaceID)
        let view = LeadScoringView( canEdit: principal.role == .admin,
            rules: rules, model: model, zone: context.zone, addForm: ScoreRuleFormView(rule: nil, form: form, issues: issues, action: "/settings/lead-scoring/rules"))
        return pages.render(
            "settings-lead-scoring", title: "Lead scoring", content: view, context: context, request: request,
            status: issues.isEmpty ? .ok : .unprocessableContent)
    }

    func editPage(
        _ rule: LeadScoreRule, form: [String: String]?, issues: [FieldIssue], principal: Principal, request: Request, context: AppRequestContext
    ) async throws -> Response {
        let view = ScoreRuleEditView(
            heading: "Edit “\(rule.label.isEmpty ? rule.summary : rule.label)”",
            ruleForm: ScoreRuleFormView(rule: rule, form: form, issues: issues, action: "/settings/lead-scoring/rules/\(rule.id)"))
        return pages.render(
            "settings-lead-score-rule", title: view.heading, content: view, context: context, request: request,
            status: issues.isEmpty ? .ok : .unprocessableContent)
    }
}

struct LeadScoringView {
    struct RuleRow {
        var summary: String
        var label: String
        var points: String
        var positive: Bool
        var active: Bool
        var editHref: String
        var deleteAction: String
    }

    var canEdit: Bool
    var fitRules: [RuleRow]
    var engagementRules: [RuleRow]
    var hasRules: Bool
    var modelUsable: Bool
    var modelText: String
    var modelTraining: Bool
    var strongest: [String]
    var addForm: ScoreRuleFormView
    var hasErrors: Bool

    init(canEdit: Bool, rules: [LeadScoreRule], model: LeadScoring.ModelStatus, zone: TimeZone, addForm: ScoreRuleFormView) {
        self.canEdit = canEdit
        func row(_ r: LeadScoreRule) -> RuleRow {
            let points = r.op == .each ? "\(r.points >= 0 ? "+" : "")\(r.points) each" + (r.maxPoints.map { ", up to \($0)" } ?? "") : "\(r.points >= 0 ? "+" : "")\(r.points)"
            return RuleRow(
                summary: r.summary.prefix(1).uppercased() + r.summary.dropFirst(), label: r.label, points: points, positive: r.points >= 0,
                active: r.active, editHref: "/settings/lead-scoring/rules/\(r.id)", deleteAction: "/settings/lead-scoring/rules/\(r.id)/delete")
        }
        fitRules = rules.filter { $0.kind == .fit }.map(row)
        engagementRules = rules.filter { $0.kind == .engagement }.map(row)
        hasRules = !rules.isEmpty
        modelUsable = model.usable
        modelTraining = model.training
        let minimum = ConversionModel.minimumPerOutcome
        if model.usable, let at = model.trainedAt {
            modelText = "Learned from \(model.converted) converted and \(model.disqualified) disqualified leads on \(DateText.full(at, in: zone)). Every lead shows its chance to convert and why."
        } else if let at = model.trainedAt {
            modelText = "Not enough history yet: it needs at least \(minimum) converted and \(minimum) disqualified leads (it had \(model.converted) and \(model.disqualified) on \(DateText.full(at, in: zone)))."
        } else {
            modelText = "Not trained yet. It learns each night from your own converted and disqualified leads, once there are at least \(minimum) of each."
        }
        strongest = model.strongest.map { $0.text.prefix(1).uppercased() + $0.text.dropFirst() }
        self.addForm = addForm
        hasErrors = addForm.hasErrors
    }
}

struct ScoreRuleEditView {
    var heading: String
    var ruleForm: ScoreRuleFormView
}

/// The add/edit form of a scoring rule.
struct ScoreRuleFormView {
    struct Group {
        var label: String
        var options: [OptionView]
    }

    var action: String
    var editing: Bool
    var fieldGroups: [Group]
    var operators: [OptionView]
    var value: String
    var points: String
    var maxPoints: String
    var label: String
    var active: Bool
    var fieldError: String?
    var operatorError: String?
    var valueError: String?
    var pointsError: String?
    var maxPointsError: String?
    var hasErrors: Bool

    init(rule: LeadScoreRule?, form: [String: String]?, issues: [FieldIssue], action: String) {
        let errors = SettingsInput.errors(issues)
        self.action = action
        editing = rule != nil
        let field = form?["field"] ?? rule?.field ?? "industry"
        fieldGroups = [
            Group(label: "Fit: the lead’s", options: LeadScoreRule.fitFields.map { OptionView(value: $0, label: LeadScoreRule.fieldLabel($0), selected: $0 == field) }),
            Group(
                label: "Engagement: what happened",
                options: LeadScoreRule.engagementEvents.map { OptionView(value: $0, label: LeadScoreRule.fieldLabel($0), selected: $0 == field) }),
        ]
        let op = form?["operator"] ?? rule?.op.rawValue ?? "is"
        operators = LeadScoreRule.Operator.allCases.map {
            OptionView(value: $0.rawValue, label: $0.label + ($0 == .each || $0 == .atLeast ? " (engagement)" : ""), selected: $0.rawValue == op)
        }
        value = form?["value"] ?? rule?.value ?? ""
        points = form?["points"] ?? rule.map { String($0.points) } ?? "10"
        maxPoints = form?["max_points"] ?? rule?.maxPoints.map(String.init) ?? ""
        label = form?["label"] ?? rule?.label ?? ""
        active = form.map { SettingsInput.ticked($0["active"]) } ?? rule?.active ?? true
        fieldError = errors["field"]
        operatorError = errors["operator"]
        valueError = errors["value"]
        pointsError = errors["points"]
        maxPointsError = errors["max_points"]
        hasErrors = !issues.isEmpty
    }
}
