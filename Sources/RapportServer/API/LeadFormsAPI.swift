import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Web-to-lead forms over the API: everyone reads them, admins change them. Each answers with its
/// public URL and the embed snippet.
struct LeadFormsAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int
    let secure: Bool

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/lead-forms") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let origin = Self.origin(request, secure: secure)
            let forms = try await store.leadForms.all(in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(forms.map { LeadAutomationJSON.form($0, origin: origin) })])))
        }
        group.post("/api/v1/lead-forms") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let form = try Self.read(&input, onto: nil)
            let created = try await store.leadForms.create(form, by: principal)
            return .json(
                LeadAutomationJSON.form(created, origin: Self.origin(request, secure: secure)), status: .created,
                headers: [.location: "/api/v1/lead-forms/\(created.id)"])
        }
        group.get("/api/v1/lead-forms/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let form = try await store.leadForms.get(try Self.formID(context), in: principal.workspaceID)
            return .json(LeadAutomationJSON.form(form, origin: Self.origin(request, secure: secure)))
        }
        group.patch("/api/v1/lead-forms/:id") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            let current = try await store.leadForms.get(try Self.formID(context), in: principal.workspaceID)
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let form = try Self.read(&input, onto: current)
            let updated = try await store.leadForms.update(form, by: principal)
            return .json(LeadAutomationJSON.form(updated, origin: Self.origin(request, secure: secure)))
        }
        group.delete("/api/v1/lead-forms/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try LeadScoringAPI.requireAdmin(principal)
            try await store.leadForms.delete(try Self.formID(context), by: principal)
            return Response(status: .noContent)
        }
    }

    /// Reads a form: a name is needed for a new one; fields default to name, email, company, message.
    static func read(_ input: inout Input, onto current: LeadForm?) throws -> LeadForm {
        var form = current ?? LeadForm(id: .make(), token: "", name: "", createdAt: .now(), updatedAt: .now())
        switch input.text("name", max: 100) {
        case .set(let name?): form.name = name
        case .set(nil): input.fail("name", "is required")
        case .keep: if current == nil { input.fail("name", "is required") }
        }
        if case .set(let text) = input.text("intro", max: 1000) { form.intro = text ?? "" }
        if case .set(let text) = input.text("thank_you", max: 1000) { form.thankYou = text ?? "" }
        if case .set(let text) = input.text("source_detail", max: 200) { form.sourceDetail = text ?? "" }
        if case .set(let text) = input.text("redirect_url", max: 500) { form.redirectURL = text }
        if case .set(let active) = input.bool("active") { form.active = active }
        if let list = LeadAutomationJSON.strings(&input, "fields", max: 20, itemMax: 40) { form.fields = list }
        if let list = LeadAutomationJSON.strings(&input, "required", max: 20, itemMax: 40) { form.required = list }
        try input.finish()
        return form
    }

    static func formID(_ context: AppRequestContext) throws(RapportError) -> LeadForm.ID {
        guard let id = context.parameters.get("id").flatMap(LeadForm.ID.init) else {
            throw .notFound(entity: "lead form", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    /// The server's address as the caller reached it, for the public URL; `https` when the server
    /// runs behind TLS (`RAPPORT_SECURE_COOKIES=1`).
    static func origin(_ request: Request, secure: Bool) -> String {
        let host = request.head.authority ?? "localhost"
        let clean = host.filter { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
        return (secure ? "https://" : "http://") + (clean.isEmpty ? "localhost" : clean)
    }
}
