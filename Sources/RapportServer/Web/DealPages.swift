import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Deal pages beyond the generic ones: moving a deal to another stage (from its page or the
/// board), the form that asks for a stage's required fields, and the people in a deal.
struct DealPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/deals/:id/stage") { request, context in try await move(request, context) }
        group.get("/deals/:id/stage") { request, context in try await moveForm(request, context) }
        group.post("/deals/:id/people") { request, context in try await addPerson(request, context) }
        group.post("/deals/:id/people/:contact/delete") { request, context in try await removePerson(request, context) }
    }

    /// Moves a deal. From the board's script (`Accept: application/json`) the answer is JSON: the
    /// deal's new version and the columns' totals, or `moved: false` with the fields the stage
    /// needs and the form to fill them in.
    func move(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.dealID(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let json = WorkBadgeMiddleware.wantsJSON(request)
        guard let stage = form["stage_id"].flatMap(UUID.init(uuidString:)) else {
            throw RapportError.invalid(field: "stage_id", reason: "choose a stage")
        }
        guard let version = form["version"].flatMap(Int.init) else {
            throw RapportError.invalid(field: "version", reason: "is missing; reload the page")
        }
        let back = form["return_to"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/deals/\(id)"
        var changes = RecordChanges<Deal>()
        changes.values["stage_id"] = .some(.id(stage))
        do {
            let deal = try await store.deals.update(id, changes, expecting: version, by: principal)
            let names = try await DealsAPI.stageNames(store, principal)
            let name = names[stage] ?? "the new stage"
            if json {
                // The board's columns as they are now, so its headers stay true.
                var columns = JSONObject()
                if let pipelineID = deal["pipeline_id"]?.uuid {
                    let pipeline = try await store.pipelines.get(.init(pipelineID), in: principal.workspaceID)
                    for (stageID, totals) in try await store.dealBoard.totals(of: pipeline, by: principal) {
                        columns[stageID.description] = .object(
                            JSONObject(["count": .int(Int64(totals.count)), "totals": .string(DealBoardPages.totalsText(totals))]))
                    }
                }
                return .json(
                    .object(
                        JSONObject([
                            "moved": .bool(true), "id": .string(deal.id.description), "version": .int(Int64(deal.version)),
                            "stage": .string(name),
                            "probability": deal["probability"]?.json ?? .null, "message": .string("\(deal.title) moved to \(name)."),
                            "columns": .object(columns),
                        ])))
            }
            return .seeOther(back, flash: "\(deal.title) moved to \(name).")
        } catch RapportError.invalid(let issues) {
            let formHref = "/deals/\(id)/stage?to=\(stage.uuidString.lowercased())&return_to=\(FormData.encode(back))"
            if json {
                // Not an error for the board: the deal needs more before it may enter the stage, and
                // the answer says where to give it (a 4xx would be logged as a failure by browsers).
                return .json(
                    .object(
                        JSONObject([
                            "moved": .bool(false),
                            "errors": .array(issues.map { .object(JSONObject(["field": .string($0.field), "reason": .string($0.reason)])) }),
                            "form_href": .string(formHref),
                        ])))
            }
            return .seeOther(formHref)
        } catch RapportError.staleVersion {
            if json { throw RapportError.conflict("Someone changed this deal meanwhile; reload and try again.") }
            return .seeOther(back, flash: "Someone changed this deal meanwhile; look again and retry.", kind: "error")
        }
    }

    /// The deal's form with the new stage chosen and the stage's missing fields marked.
    func moveForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        let deal = try await store.deals.get(try Self.dealID(context), by: principal)
        let params = request.uri.queryParameters
        guard let target = params.get("to").flatMap(UUID.init(uuidString:)),
            let stage = try await store.pipelines.all(in: principal.workspaceID).lazy.compactMap({ $0.stage(.init(target)) }).first
        else { throw RapportError.invalid(field: "to", reason: "is not a stage of this workspace") }
        var values = FormBuilder<Deal>.values(of: deal, zone: context.zone)
        values["stage_id"] = stage.id.description
        values["pipeline_id"] = stage.pipelineID.description
        let issues = stage.requiredFields.filter { deal.values[$0] == nil }.map {
            FieldIssue(field: $0, reason: "is required in the \(stage.name) stage")
        }
        var form = try await FormBuilder<Deal>.build(
            heading: "Move \(deal.title) to \(stage.name)", action: "/deals/\(deal.id)", cancelHref: "/deals/\(deal.id)",
            submitLabel: "Move to \(stage.name)", version: deal.version, values: values, issues: issues, store: store,
            principal: principal, isNew: false, zone: context.zone)
        form.returnTo = params.get("return_to").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil }
        return pages.render("form", title: "Move to \(stage.name)", content: FormContent(form: form), context: context, request: request)
    }

    func addPerson(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.dealID(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        guard let contact = form["contact_id"].flatMap(Record<Contact>.ID.init) else {
            return .seeOther("/deals/\(id)", flash: "Choose a person to add.", kind: "error")
        }
        guard let role = form["role"].flatMap(DealRole.init(rawValue:)) else {
            return .seeOther("/deals/\(id)", flash: "Choose their role in the deal.", kind: "error")
        }
        let member = try await store.dealContacts.set(contact, role: role, on: id, by: principal)
        return .seeOther("/deals/\(id)", flash: "\(member.contactName) added as \(role.label.lowercased()).")
    }

    func removePerson(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.dealID(context)
        guard let contact = context.parameters.get("contact").flatMap(Record<Contact>.ID.init) else {
            throw RapportError.notFound(entity: "contact", id: context.parameters.get("contact") ?? "")
        }
        try await store.dealContacts.remove(contact, from: id, by: principal)
        return .seeOther("/deals/\(id)", flash: "Removed from the deal.")
    }

    static func dealID(_ context: AppRequestContext) throws -> Record<Deal>.ID { try DealsAPI.dealID(context) }
}
