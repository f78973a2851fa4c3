import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Converting a lead over the API: the accounts and contacts it may already be, and the
/// conversion itself.
struct LeadsAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/leads/:id/conversion-candidates") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let candidates = try await store.conversion.candidates(for: try LeadPages.leadID(context), by: principal)
            func json<M>(_ list: [DuplicateCandidate<M>]) -> JSONValue {
                .array(
                    list.map {
                        .object(
                            JSONObject([
                                "id": .string($0.id.description), "title": .string($0.title), "score": .double($0.match.score),
                                "reasons": .array($0.match.reasons.map { .string($0) }),
                            ]))
                    })
            }
            return .json(.object(JSONObject(["accounts": json(candidates.accounts), "contacts": json(candidates.contacts)])))
        }
        group.post("/api/v1/leads/:id/convert") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try LeadPages.leadID(context)
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            let lead = try await store.leads.get(id, by: principal)
            let (plan, version) = try Self.plan(object, hasCompany: lead["company"] != nil)
            do {
                let outcome = try await store.conversion.convert(id, plan, expecting: version, by: principal)
                return .json(
                    .object(
                        JSONObject([
                            "lead": .object(outcome.lead.json()), "account": outcome.account.map { .object($0.json()) } ?? .null,
                            "contact": .object(outcome.contact.json()), "deal": outcome.deal.map { .object($0.json()) } ?? .null,
                        ])), status: .created, headers: [.location: "/api/v1/leads/\(id)"])
            } catch RapportError.staleVersion(let entity, let rid, let current) {
                throw Problem.stale(entity: entity, id: rid, current: current, record: try await store.leads.get(id, by: principal).json())
            }
        }
    }

    /// Reads `{account, contact, deal, owner_id, allow_duplicate, version}`; each bad member is named.
    static func plan(_ object: JSONObject, hasCompany: Bool) throws -> (ConversionPlan, Int?) {
        var input = Input(object)
        var account: ConversionPlan.Target<Account>? = .new
        var contact: ConversionPlan.Target<Contact> = .new
        var hasAccount = false
        if case .set(let raw) = input.text("account", max: 40) {
            hasAccount = true
            switch raw {
            case nil, "none": account = nil
            case "new": account = .new
            case let text?:
                if let id = Record<Account>.ID(text) { account = .existing(id) } else { input.fail("account", "must be \"new\", \"none\" or an account ID") }
            }
        }
        if case .set(let raw) = input.text("contact", max: 40) {
            switch raw {
            case "new", nil: contact = .new
            case let text?:
                if let id = Record<Contact>.ID(text) { contact = .existing(id) } else { input.fail("contact", "must be \"new\" or a contact ID") }
            }
        }
        var deal: ConversionPlan.DealDraft?
        input.accept("deal")
        switch object["deal"] {
        case nil, .null?: break
        case .object(let members)?:
            var dealInput = Input(members)
            let name = dealInput.text("name", max: 200)
            let amount = dealInput.money("amount")
            let close = dealInput.date("close_date")
            let stage = dealInput.id("stage_id", Stage.ID.self)
            var draft = ConversionPlan.DealDraft(name: "")
            if case .set(let text?) = name { draft.name = text } else { dealInput.fail("name", "is required") }
            if case .set(let value?) = amount, case .money(let money) = value { draft.amount = money }
            if case .set(let date?) = close { draft.closeDate = date }
            if case .set(let id?) = stage { draft.stageID = id.uuid }
            // (A do/catch with a pattern over this typed throw crashes Swift 6.3's compiler.)
            let finished: Result<Void, RapportError> = Result { () throws(RapportError) in try dealInput.finish() }
            if case .failure(let error) = finished {
                for issue in error.fieldIssues { input.fail("deal." + issue.field, issue.reason) }
            }
            deal = draft
        default:
            input.fail("deal", "must be an object {name, amount, close_date, stage_id} or null")
        }
        let owner = input.id("owner_id", User.ID.self)
        let allow = input.bool("allow_duplicate")
        let version = input.int("version", in: 1...Int64(Int32.max))
        try input.finish()
        var plan = ConversionPlan(account: account, contact: contact, deal: deal, allowDuplicates: allow.applied(to: false))
        if case .set(let id?) = owner { plan.ownerID = id }
        // Without a word about the account, a lead without a company converts without one.
        plan.account = hasAccount ? account : (hasCompany ? .new : nil)
        return (plan, version.value.flatMap { $0.map { Int($0) } })
    }
}
