import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

struct ChoiceView {
    var value: String
    var label: String
    var detail: String?
    var href: String?
    var checked: Bool
}

struct ConvertView {
    var heading: String
    var action: String
    var cancelHref: String
    var version: Int
    var accountChoices: [ChoiceView]
    var contactChoices: [ChoiceView]
    var openDeal: Bool
    var dealName: String
    var dealAmount: String
    var currencies: [OptionView]
    var dealCloseDate: String
    var stages: [OptionView]
    var owners: [OptionView]
    var errors: [ErrorItemView]
    var hasErrors: Bool
}

struct ConvertContent {
    var convert: ConvertView
}

/// Converting a lead in the web UI: the page shows the accounts and contacts it may already be
/// (matched by the duplicate finder) beside "create new", and the deal to open.
struct LeadPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/leads/:id/convert") { request, context in try await form(request, context) }
        group.post("/leads/:id/convert") { request, context in try await convert(request, context) }
    }

    func form(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        let lead = try await store.leads.get(try Self.leadID(context), by: principal)
        if lead["converted_at"] != nil { return .seeOther("/leads/\(lead.id)", flash: "This lead was converted already.", kind: "info") }
        let view = try await build(lead, values: [:], issues: [], principal: principal)
        return pages.render("lead-convert", title: view.heading, content: ConvertContent(convert: view), context: context, request: request)
    }

    func convert(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try Self.leadID(context)
        var request = request
        let form = try await request.form(limit: 1 << 16)
        do {
            let plan = try Self.plan(form)
            let outcome = try await store.conversion.convert(id, plan, expecting: form["version"].flatMap(Int.init), by: principal)
            let target = outcome.deal.map { "/deals/\($0.id)" } ?? "/contacts/\(outcome.contact.id)"
            return .seeOther(target, flash: "\(outcome.lead.title) converted.")
        } catch RapportError.invalid(let issues) {
            let lead = try await store.leads.get(id, by: principal)
            let view = try await build(lead, values: form, issues: issues, principal: principal)
            return pages.render(
                "lead-convert", title: view.heading, content: ConvertContent(convert: view), context: context, request: request,
                status: .unprocessableContent)
        }
    }

    /// The plan a submitted form describes; bad values are named by their form field.
    static func plan(_ form: [String: String]) throws -> ConversionPlan {
        var issues: [FieldIssue] = []
        var account: ConversionPlan.Target<Account>?
        switch form["account"] ?? "new" {
        case "new": account = .new
        case "none": account = nil
        case let raw:
            if let id = Record<Account>.ID(raw) { account = .existing(id) } else { issues.append(FieldIssue(field: "account", reason: "choose an account")) }
        }
        var contact: ConversionPlan.Target<Contact> = .new
        switch form["contact"] ?? "new" {
        case "new": contact = .new
        case let raw:
            if let id = Record<Contact>.ID(raw) { contact = .existing(id) } else { issues.append(FieldIssue(field: "contact", reason: "choose a contact")) }
        }
        var deal: ConversionPlan.DealDraft?
        if ["on", "true", "1"].contains(form["open_deal"] ?? "") {
            var input = Input(
                JSONObject([
                    "amount": .string(form["deal_amount"] ?? ""), "amount_currency": .string(form["deal_amount_currency"] ?? "USD"),
                    "close_date": .string(form["deal_close_date"] ?? ""),
                ]), lenient: true)
            let amount = input.money("amount")
            let close = input.date("close_date")
            for issue in input.issues { issues.append(FieldIssue(field: "deal." + issue.field, reason: issue.reason)) }
            var draft = ConversionPlan.DealDraft(name: form["deal_name"] ?? "")
            if case .set(let value?) = amount, case .money(let money) = value { draft.amount = money }
            if case .set(let date?) = close { draft.closeDate = date }
            draft.stageID = form["deal_stage_id"].flatMap(UUID.init(uuidString:))
            deal = draft
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return ConversionPlan(
            account: account, contact: contact, deal: deal, ownerID: form["owner_id"].flatMap(User.ID.init), allowDuplicates: true)
    }

    func build(_ lead: Record<Lead>, values: [String: String], issues: [FieldIssue], principal: Principal) async throws -> ConvertView {
        let candidates = try await store.conversion.candidates(for: lead.id, by: principal)
        let company = lead["company"]?.text
        // A strong match is chosen for the person; otherwise new records are.
        let accountDefault = values["account"]
            ?? candidates.accounts.first.map { $0.match.score >= 0.9 ? $0.id.description : nil } ?? (company == nil ? "none" : "new")
        var accountChoices: [ChoiceView] = candidates.accounts.map {
            ChoiceView(
                value: $0.id.description, label: "Use \($0.title)", detail: $0.match.reasons.joined(separator: ", "),
                href: "/accounts/\($0.id)", checked: false)
        }
        if let company { accountChoices.append(ChoiceView(value: "new", label: "Create the account \(company)", detail: nil, href: nil, checked: false)) }
        accountChoices.append(ChoiceView(value: "none", label: "No account", detail: "A person buying for themselves.", href: nil, checked: false))
        for i in accountChoices.indices { accountChoices[i].checked = accountChoices[i].value == (accountDefault ?? "new") }
        let contactDefault = values["contact"] ?? candidates.contacts.first.map { $0.match.score >= 0.9 ? $0.id.description : "new" } ?? "new"
        var contactChoices: [ChoiceView] = candidates.contacts.map {
            ChoiceView(
                value: $0.id.description, label: "Use \($0.title)", detail: $0.match.reasons.joined(separator: ", "),
                href: "/contacts/\($0.id)", checked: false)
        }
        contactChoices.append(ChoiceView(value: "new", label: "Create the contact \(lead.title)", detail: nil, href: nil, checked: false))
        for i in contactChoices.indices { contactChoices[i].checked = contactChoices[i].value == contactDefault }
        let pipelines = try await store.pipelines.all(in: principal.workspaceID).filter { !$0.retired }
        let chosenStage = values["deal_stage_id"] ?? ""
        let stages = pipelines.flatMap { pipeline in
            pipeline.activeStages.filter { !$0.category.isClosed }.map {
                OptionView(
                    value: $0.id.description, label: pipelines.count > 1 ? "\(pipeline.name) · \($0.name)" : $0.name,
                    selected: $0.id.description == chosenStage)
            }
        }
        let owner = values["owner_id"] ?? lead.ownerID?.description ?? principal.userID?.description ?? ""
        let users = try await store.directory.users(in: principal.workspaceID).filter(\.active)
        let currency = values["deal_amount_currency"] ?? "USD"
        let labels = ["account": "Account", "contact": "Contact", "deal.name": "Deal name", "deal.amount": "Amount", "deal.close_date": "Expected close"]
        return ConvertView(
            heading: "Convert \(lead.title)", action: "/leads/\(lead.id)/convert", cancelHref: "/leads/\(lead.id)",
            version: Int(values["version"] ?? "") ?? lead.version, accountChoices: accountChoices, contactChoices: contactChoices,
            openDeal: values.isEmpty ? true : ["on", "true", "1"].contains(values["open_deal"] ?? ""),
            dealName: values["deal_name"] ?? "\(company ?? lead.title) — new business", dealAmount: values["deal_amount"] ?? "",
            currencies: Money.common.map { OptionView(value: $0, label: $0, selected: $0 == currency) },
            dealCloseDate: values["deal_close_date"] ?? "", stages: stages,
            owners: users.map { OptionView(value: $0.id.description, label: $0.name, selected: $0.id.description == owner) },
            errors: issues.map { ErrorItemView(field: $0.field, label: labels[$0.field] ?? $0.field, reason: $0.reason) },
            hasErrors: !issues.isEmpty)
    }

    static func leadID(_ context: AppRequestContext) throws -> Record<Lead>.ID {
        guard let id = context.parameters.get("id").flatMap(Record<Lead>.ID.init) else {
            throw RapportError.notFound(entity: "lead", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
