import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Leads › Cross-sell: choose "bought this, not that", see who that is, make them leads.
struct CrossSellPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/leads/cross-sell") { request, context in try await page(request, context) }
        group.post("/leads/cross-sell") { request, context in try await create(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = request.uri.queryParameters
        var form: [String: String] = [:]
        for key in ["bought_product_id", "not_bought_product_id", "within_months"] { form[key] = params.get(key) }
        let catalog = try await store.products.list(ListQuery(limit: 500), by: principal).items
        var view = CrossSellView(
            bought: Self.options(catalog, selected: form["bought_product_id"], blank: nil),
            notBought: Self.options(catalog, selected: form["not_bought_product_id"], blank: "Anything else"),
            withinMonths: form["within_months"] ?? "", rows: [], searched: false, detail: "", error: nil, canCreate: principal.canWrite,
            hidden: form.compactMap { $0.value.isEmpty ? nil : ParamView(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name })
        if let bought = form["bought_product_id"], !bought.isEmpty {
            do {
                let rule = try Self.rule(form)
                view.rows = try await store.crossSell.candidates(rule, by: principal).map { c in
                    CrossSellRowView(
                        name: c.contact.title, href: "/contacts/\(c.contact.id)", company: c.account?.title ?? "—",
                        lastBought: c.lastBought?.description ?? "—", order: c.order)
                }
                view.detail = try await store.crossSell.describe(rule, by: principal)
                view.searched = true
            } catch let error as RapportError {
                view.error = DocumentPages.words(error)
            }
        }
        return pages.render("cross-sell", title: "Cross-sell", content: CrossSellContent(crossSell: view), context: context, request: request)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = "/leads/cross-sell" + FormData.query(form.filter { $0.key != "_csrf" }.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) })
        do {
            let (leads, skipped) = try await store.crossSell.createLeads(try Self.rule(form), by: principal)
            let note = skipped > 0 ? " \(skipped) left out: already on this list, or opted out of email." : ""
            return .seeOther("/leads?filter%5Bsource%5D=associated_product", flash: "\(leads.count) cross-sell leads made.\(note)")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            return .seeOther(back, flash: DocumentPages.words(error), kind: "error")
        }
    }

    static func rule(_ form: [String: String]) throws -> CrossSell.Rule {
        guard let bought = form["bought_product_id"].flatMap(UUID.init(uuidString:)) else {
            throw RapportError.invalid(field: "bought_product_id", reason: "choose the product they bought")
        }
        var months: Int?
        if let text = form["within_months"]?.trimmingWhitespace(), !text.isEmpty {
            guard let value = Int(text) else { throw RapportError.invalid(field: "within_months", reason: "must be a whole number of months") }
            months = value
        }
        return CrossSell.Rule(bought: bought, notBought: form["not_bought_product_id"].flatMap(UUID.init(uuidString:)), withinMonths: months)
    }

    static func options(_ catalog: [Record<Product>], selected: String?, blank: String?) -> [OptionView] {
        (blank.map { [OptionView(value: "", label: $0, selected: selected?.isEmpty ?? true)] } ?? [])
            + catalog.map { OptionView(value: $0.id.description, label: $0.title, selected: $0.id.description == selected) }
    }
}

struct CrossSellContent { var crossSell: CrossSellView }

struct CrossSellView {
    var bought: [OptionView]
    var notBought: [OptionView]
    var withinMonths: String
    var rows: [CrossSellRowView]
    var searched: Bool
    var detail: String
    var error: String?
    var canCreate: Bool
    var hidden: [ParamView]
}

struct CrossSellRowView {
    var name: String
    var href: String
    var company: String
    var lastBought: String
    var order: String
}
