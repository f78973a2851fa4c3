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
