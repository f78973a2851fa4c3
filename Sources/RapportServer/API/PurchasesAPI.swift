import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// Purchase history over the API: what an account or a contact bought, lifetime revenue and
/// margin, and purchase anniversaries on a date.
struct PurchasesAPI: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/accounts/:id/purchases") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<Account>.ID.init) else {
                throw RapportError.notFound(entity: "account", id: context.parameters.get("id") ?? "")
            }
            _ = try await store.accounts.get(id, by: principal)
            return .json(try await Self.history(.account(id.uuid), store: store, principal: principal))
        }
        group.get("/api/v1/contacts/:id/purchases") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<Contact>.ID.init) else {
                throw RapportError.notFound(entity: "contact", id: context.parameters.get("id") ?? "")
            }
            _ = try await store.contacts.get(id, by: principal)
            return .json(try await Self.history(.contact(id.uuid), store: store, principal: principal))
        }
        group.post("/api/v1/cross-sell/preview") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let rule = try Self.rule(try await request.jsonObject(limit: 1 << 16))
            let found = try await store.crossSell.candidates(rule, by: principal)
            return .json(
                .object(
                    JSONObject([
                        "source_detail": .string(try await store.crossSell.describe(rule, by: principal)),
                        "data": .array(
                            found.map { c in
                                .object(
                                    JSONObject([
                                        "contact_id": .string(c.contact.id.description), "name": .string(c.contact.title),
                                        "account_id": c.account.map { .string($0.id.description) } ?? .null,
                                        "company": c.account.map { .string($0.title) } ?? .null,
                                        "last_bought": c.lastBought.map { .string($0.description) } ?? .null, "order": .string(c.order),
                                    ]))
                            }),
                    ])))
        }
        group.post("/api/v1/cross-sell/leads") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let rule = try Self.rule(try await request.jsonObject(limit: 1 << 16))
            let (leads, skipped) = try await store.crossSell.createLeads(rule, by: principal)
            return .json(
                .object(
                    JSONObject([
                        "created": .int(Int64(leads.count)), "skipped": .int(Int64(skipped)),
                        "lead_ids": .array(leads.map { .string($0.id.description) }),
                    ])), status: .created)
        }
        group.get("/api/v1/purchases/anniversaries") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let text = request.uri.queryParameters.get("date"), let date = try? LocalDate(text) else {
                throw RapportError.invalid(field: "date", reason: "is required: a date like 2026-12-07")
            }
            let found = try await store.billing.purchases.anniversaries(on: date, by: principal)
            return .json(
                .object(
                    JSONObject([
                        "data": .array(
                            found.map { anniversary in
                                let order = anniversary.order
                                return .object(
                                    JSONObject([
                                        "order_id": .string(order.id.description), "number": .string(order["number"]?.text ?? ""),
                                        "order_date": .string(order["order_date"]?.date?.description ?? ""), "years": .int(Int64(anniversary.years)),
                                        "account_id": order["account_id"]?.json ?? .null, "contact_id": order["contact_id"]?.json ?? .null,
                                        "total": order["total"]?.json ?? .null,
                                    ]))
                            })
                    ])))
        }
    }

    /// `{"bought_product_id": …, "not_bought_product_id": …, "within_months": 12}`.
    static func rule(_ object: JSONObject) throws -> CrossSell.Rule {
        for key in object.keys where !["bought_product_id", "not_bought_product_id", "within_months"].contains(key) {
            throw RapportError.invalid(field: key, reason: "is not part of a cross-sell rule")
        }
        guard let raw = object["bought_product_id"]?.stringValue, let bought = UUID(uuidString: raw) else {
            throw RapportError.invalid(field: "bought_product_id", reason: "is required: the product they bought")
        }
        var notBought: UUID?
        if let value = object["not_bought_product_id"], value != .null {
            guard let raw = value.stringValue, let id = UUID(uuidString: raw) else {
                throw RapportError.invalid(field: "not_bought_product_id", reason: "must be a product ID")
            }
            notBought = id
        }
        var months: Int?
        if let value = object["within_months"], value != .null {
            guard case .int(let n) = value, let m = Int(exactly: n) else {
                throw RapportError.invalid(field: "within_months", reason: "must be a whole number of months")
            }
            months = m
        }
        return CrossSell.Rule(bought: bought, notBought: notBought, withinMonths: months)
    }

    static func history(_ customer: PurchaseHistory.Customer, store: Store, principal: Principal) async throws -> JSONValue {
        let (purchases, summaries) = try await store.billing.purchases.history(of: customer, by: principal)
        return .object(
            JSONObject([
                "summary": .array(
                    summaries.map { s in
                        .object(
                            JSONObject([
                                "currency": .string(s.currency), "orders": .int(Int64(s.orders)), "revenue": FieldValue.money(s.revenue).json,
                                "margin": FieldValue.money(s.margin).json, "lines_without_cost": .int(Int64(s.linesWithoutCost)),
                                "first_purchase": s.first.map { .string($0.description) } ?? .null,
                                "last_purchase": s.last.map { .string($0.description) } ?? .null,
                            ]))
                    }),
                "data": .array(
                    purchases.map { p in
                        .object(
                            JSONObject([
                                "order_id": .string(p.orderID.lowercasedText), "order_number": .string(p.orderNumber),
                                "order_date": p.orderDate.map { .string($0.description) } ?? .null,
                                "product_id": p.productID.map { .string($0.lowercasedText) } ?? .null, "sku": .string(p.sku),
                                "description": .string(p.description), "quantity": .string(p.quantity.description),
                                "net": FieldValue.money(p.net).json, "cost": p.cost.map { FieldValue.money($0).json } ?? .null,
                            ]))
                    }),
            ]))
    }
}
