import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Settings › Web forms: the workspace's web-to-lead forms with their public links and counts
/// (everyone reads), and creating and editing one with its embed snippet (admins).
struct LeadFormPages: Sendable {
    let store: Store
    let pages: Pages
    let secure: Bool

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/lead-forms") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let forms = try await store.leadForms.all(in: principal.workspaceID)
            let origin = LeadFormsAPI.origin(request, secure: secure)
            let view = LeadFormsView( canEdit: principal.role == .admin,
                forms: forms.map { form in
                    LeadFormsView.Row(
                        name: form.name, href: "/settings/lead-forms/\(form.id)", publicURL: origin + "/f/" + form.token, active: form.active,
                        submissions: form.submissions, blocked: form.blocked,
                        last: form.lastSubmissionAt.map { DateText.near($0, in: context.zone) } ?? "—")
                })
            return pages.render("settings-lead-forms", title: "Web forms", content: view, context: context, request: request)
        }
        group.get("/settings/lead-forms/new") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            return page(nil, form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/lead-forms") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let created = try await store.leadForms.create(Self.definition(form, onto: nil), by: principal)
                return .seeOther("/settings/lead-forms/\(created.id)", flash: "Form created. Share its link or embed it on your site.")
            } catch RapportError.invalid(let issues) {
                return page(nil, form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
        group.get("/settings/lead-forms/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let current = try await store.leadForms.get(try LeadFormsAPI.formID(context), in: principal.workspaceID)
            return page(current, form: nil, issues: [], principal: principal, request: request, context: context)
        }
        group.post("/settings/lead-forms/:id") { request, context -> Response in
            let principal = try PurposePages.admin(context)
            let current = try await store.leadForms.get(try LeadFormsAPI.formID(context), in: principal.workspaceID)
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let saved = try await store.leadForms.update(Self.definition(form, onto: current), by: principal)
                return .seeOther("/settings/lead-forms/\(saved.id)", flash: "Saved “\(saved.name)”.")
            } catch RapportError.invalid(let issues) {
                return page(current, form: form, issues: issues, principal: principal, request: request, context: context)
            }
        }
        group.post("/settings/lead-forms/:id/delete") { _, context -> Response in
            let principal = try PurposePages.admin(context)
            let current = try await store.leadForms.get(try LeadFormsAPI.formID(context), in: principal.workspaceID)
            do {
                try await store.leadForms.delete(current.id, by: principal)
            } catch RapportError.conflict(let message) {
                return .seeOther("/settings/lead-forms/\(current.id)", flash: message, kind: "error")
            }
            return .seeOther("/settings/lead-forms", flash: "Deleted “\(current.name)”.")
        }
    }

    /// The definition a submitted settings form describes.
    static func definition(_ form: [String: String], onto current: LeadForm?) -> LeadForm {
        var definition = current ?? LeadForm(id: .make(), token: "", name: "", createdAt: .now(), updatedAt: .now())
        definition.name = (form["name"] ?? "").trimmingWhitespace()
        definition.intro = (form["intro"] ?? "").trimmingWhitespace()
        definition.thankYou = (form["thank_you"] ?? "").trimmingWhitespace()
        definition.sourceDetail = (form["source_detail"] ?? "").trimmingWhitespace()
        let redirect = (form["redirect_url"] ?? "").trimmingWhitespace()
        definition.redirectURL = redirect.isEmpty ? nil : redirect
        definition.active = SettingsInput.ticked(form["active"])
        definition.fields = LeadForm.offerableFields.filter { SettingsInput.ticked(form["ask.\($0)"]) }
        definition.required = LeadForm.offerableFields.filter { SettingsInput.ticked(form["require.\($0)"]) }
        return definition
    }

    func page(
        _ current: LeadForm?, form: [String: String]?, issues: [FieldIssue], principal: Principal, request: Request, context: AppRequestContext
    ) -> Response {
        let shown = form.map { Self.definition($0, onto: current) } ?? current
            ?? LeadForm(id: .make(), token: "", name: "", createdAt: .now(), updatedAt: .now())
        let origin = LeadFormsAPI.origin(request, secure: secure)
        let url = current.map { origin + "/f/" + $0.token }
        let errors = SettingsInput.errors(issues)
        let view = LeadFormEditView(
            heading: current.map { "“\($0.name)”" } ?? "New web form", action: current.map { "/settings/lead-forms/\($0.id)" } ?? "/settings/lead-forms",
            isNew: current == nil, name: shown.name, intro: shown.intro, thankYou: shown.thankYou, redirectURL: shown.redirectURL ?? "",
            sourceDetail: shown.sourceDetail, active: shown.active,
            fields: LeadForm.offerableFields.map { name in
                LeadFormEditView.FieldRow(
                    name: name, label: PublicLeadFormView.label(name), asked: shown.fields.contains(name), required: shown.required.contains(name))
            },
            publicURL: url, embed: url.map { LeadFormEmbed.snippet(url: $0, title: shown.name) },
            submissions: current?.submissions ?? 0, blocked: current?.blocked ?? 0,
            last: current?.lastSubmissionAt.map { DateText.full($0, in: context.zone) },
            leadsHref: "/leads?filter%5Bsource%5D=web_form", deleteAction: current.map { "/settings/lead-forms/\($0.id)/delete" },
            nameError: errors["name"], fieldsError: errors["fields"], requiredError: errors["required"], redirectError: errors["redirect_url"],
            introError: errors["intro"], thankYouError: errors["thank_you"], sourceDetailError: errors["source_detail"], hasErrors: !issues.isEmpty)
        return pages.render(
            "settings-lead-form", title: current?.name ?? "New web form", content: view, context: context, request: request,
            status: issues.isEmpty ? .ok : .unprocessableContent)
    }
}

struct LeadFormsView {
    struct Row {
        var name: String
        var href: String
        var publicURL: String
        var active: Bool
        var submissions: Int
        var blocked: Int
        var last: String
    }

    var canEdit: Bool
    var forms: [Row]
}

struct LeadFormEditView {
    struct FieldRow {
        var name: String
        var label: String
        var asked: Bool
        var required: Bool
    }

    var heading: String
    var action: String
    var isNew: Bool
    var name: String
    var intro: String
    var thankYou: String
    var redirectURL: String
    var sourceDetail: String
    var active: Bool
    var fields: [FieldRow]
    var publicURL: String?
    var embed: String?
    var submissions: Int
    var blocked: Int
    var last: String?
    var leadsHref: String
    var deleteAction: String?
    var nameError: String?
    var fieldsError: String?
    var requiredError: String?
    var redirectError: String?
    var introError: String?
    var thankYouError: String?
    var sourceDetailError: String?
    var hasErrors: Bool
}
