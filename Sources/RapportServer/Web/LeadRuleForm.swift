import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Adding and editing one assignment rule (admins): its conditions and who takes the leads.
struct LeadRuleForm: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/leads/rules/new") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            return try await page(nil, form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/leads/rules") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let rule = try await store.leadAssignment.create(Self.rule(form, onto: nil), by: principal)
                return .seeOther("/settings/leads#rules", flash: "Added the rule “\(rule.name)” at the bottom.")
            } catch RapportError.invalid(let issues) {
                return try await page(nil, form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
        group.get("/settings/leads/rules/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let rule = try await store.leadAssignment.rule(try LeadAssignmentAPI.ruleID(context), in: principal.workspaceID)
            return try await page(rule, form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/leads/rules/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let current = try await store.leadAssignment.rule(try LeadAssignmentAPI.ruleID(context), in: principal.workspaceID)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let rule = try await store.leadAssignment.update(Self.rule(form, onto: current), by: principal)
                return .seeOther("/settings/leads#rules", flash: "Saved the rule “\(rule.name)”.")
            } catch RapportError.invalid(let issues) {
                return try await page(current, form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
    }

    /// The rule a submitted form describes.
    static func rule(_ form: [String: String], onto current: LeadAssignmentRule?) -> LeadAssignmentRule {
        var rule = current ?? LeadAssignmentRule(id: .make(), name: "")
        rule.name = (form["name"] ?? "").trimmingWhitespace()
        rule.active = SettingsInput.ticked(form["active"])
        rule.countries = SettingsInput.list(form["countries"])
        rule.regions = SettingsInput.list(form["regions"])
        rule.postalPrefixes = SettingsInput.list(form["postal_prefixes"])
        rule.sources = Lead.sources.filter { SettingsInput.ticked(form["source.\($0)"]) }
        if form["assign_to"] == "team" {
            rule.teamID = form["team_id"].flatMap(Team.ID.init)
            rule.userIDs = []
            if rule.teamID == nil { rule.userIDs = [] }
        } else {
            rule.teamID = nil
            rule.userIDs = form.keys.sorted().compactMap { key in
                guard key.hasPrefix("user."), SettingsInput.ticked(form[key]) else { return nil }
                return User.ID(String(key.dropFirst(5)))
            }
            // The people keep the order they were ticked in before, new ones after (by name on the page).
            if let current, !rule.userIDs.isEmpty {
                let kept = current.userIDs.filter(rule.userIDs.contains)
                rule.userIDs = kept + rule.userIDs.filter { !kept.contains($0) }
            }
        }
        return rule
    }

    func page(
        _ rule: LeadAssignmentRule?, form: [String: String]?, issues: [FieldIssue], principal: Principal, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let users = try await store.directory.users(in: principal.workspaceID).filter { $0.active && $0.role != .viewer }
        let teams = try await store.directory.teams(in: principal.workspaceID)
        let shown = form.map { Self.rule($0, onto: rule) } ?? rule
        let byTeam = form.map { $0["assign_to"] == "team" } ?? (shown?.teamID != nil)
        let errors = SettingsInput.errors(issues)
        let view = LeadRuleFormView(
            heading: rule == nil ? "New assignment rule" : "Edit “\(rule?.name ?? "")”",
            action: rule.map { "/settings/leads/rules/\($0.id)" } ?? "/settings/leads/rules",
            name: form?["name"] ?? shown?.name ?? "", active: form.map { SettingsInput.ticked($0["active"]) } ?? (shown?.active ?? true),
            countries: form?["countries"] ?? shown?.countries.joined(separator: ", ") ?? "",
            regions: form?["regions"] ?? shown?.regions.joined(separator: ", ") ?? "",
            postalPrefixes: form?["postal_prefixes"] ?? shown?.postalPrefixes.joined(separator: ", ") ?? "",
            sources: Lead.sources.map { OptionView(value: $0, label: ChoiceLabel.text($0), selected: shown?.sources.contains($0) ?? false) },
            byTeam: byTeam,
            teams: [OptionView(value: "", label: "Choose a team", selected: shown?.teamID == nil)]
                + teams.map { OptionView(value: $0.id.description, label: $0.name, selected: $0.id == shown?.teamID) },
            people: users.map { OptionView(value: $0.id.description, label: $0.name, selected: shown?.userIDs.contains($0.id) ?? false) },
            nameError: errors["name"], countriesError: errors["countries"], regionsError: errors["regions"],
            postalError: errors["postal_prefixes"], sourcesError: errors["sources"], teamError: errors["team_id"],
            peopleError: errors["user_ids"], hasErrors: !issues.isEmpty)
        return pages.render(
            "settings-lead-rule", title: view.heading, content: view, context: context, request: request,
            status: issues.isEmpty ? .ok : .unprocessableContent)
    }
}

struct LeadRuleFormView {
    var heading: String
    var action: String
    var name: String
    var active: Bool
    var countries: String
    var regions: String
    var postalPrefixes: String
    var sources: [OptionView]
    var byTeam: Bool
    var teams: [OptionView]
    var people: [OptionView]
    var nameError: String?
    var countriesError: String?
    var regionsError: String?
    var postalError: String?
    var sourcesError: String?
    var teamError: String?
    var peopleError: String?
    var hasErrors: Bool
}
