import Foundation
import RapportCore
import SQLKit

/// What a customer bought: the lines of their confirmed and fulfilled orders, with lifetime
/// revenue (before tax) and margin per currency, and the anniversaries of purchases (for the
/// thank-you automations).
public struct PurchaseHistory: Sendable {
    let db: Database
    let orders: RecordStore<SalesOrder>

    public struct Purchase: Sendable, Equatable {
        public var orderID: UUID
        public var orderNumber: String
        public var orderDate: LocalDate?
        public var productID: UUID?
        public var sku: String
        public var description: String
        public var quantity: Quantity
        public var net: Money
        public var cost: Money?
    }

    public struct Summary: Sendable, Equatable {
        public var currency: String
        public var orders: Int
        /// Net of discounts, before tax.
        public var revenue: Money
        /// Revenue less the cost of the lines whose cost is known.
        public var margin: Money
        /// Lines bought without a known unit cost (their margin counts as their whole revenue).
        public var linesWithoutCost: Int
        public var first: LocalDate?
        public var last: LocalDate?
    }

    /// Whose history: an account's orders, or a contact's.
    public enum Customer: Sendable {
        case account(UUID)
        case contact(UUID)
    }

    public func history(of customer: Customer, limit: Int = 500, by principal: Principal) async throws -> (purchases: [Purchase], summaries: [Summary]) {
        let column = if case .account = customer { "account_id" } else { "contact_id" }
        let id = switch customer {
        case .account(let id), .contact(let id): id
        }
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT o.id, o.number, o.order_date, o.currency, l.product_id, l.sku, l.description, l.quantity, l.net, l.unit_cost
                FROM orders o JOIN document_lines l ON l.document_id = o.id
                WHERE o.workspace_id = \(bind: principal.workspaceID.uuid) AND o.\(unsafeRaw: column) = \(bind: id)
                    AND o.status IN ('confirmed', 'fulfilled') AND o.deleted_at IS NULL
                ORDER BY o.order_date DESC, o.id, l.position
                """
            ).all()
        }
        let orderIDs = Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
        let visible = Set(try await orders.get(many: orderIDs.map { .init($0) }, by: principal).map(\.id.uuid))
        var purchases: [Purchase] = []
        var sums: [String: (orders: Set<UUID>, revenue: Int64, cost: Int64, missing: Int, first: LocalDate?, last: LocalDate?)] = [:]
        for row in rows {
            let order = try row.decode(column: "id", as: UUID.self)
            guard visible.contains(order) else { continue }
            let currency = try row.decode(column: "currency", as: String.self)
            let quantity = Quantity(thousandths: try row.decode(column: "quantity", as: Int64.self))
            let net = try row.decode(column: "net", as: Int64.self)
            let unitCost = try row.decode(column: "unit_cost", as: Int64?.self)
            let cost = unitCost.map { Int64(QuoteArithmetic.divideRounded(Int128(quantity.thousandths) * Int128($0), by: 1000)) }
            let dateText = try row.decode(column: "order_date", as: String.self)
            let date = dateText.isEmpty ? nil : try? LocalDate(dateText)
            var sum = sums[currency] ?? ([], 0, 0, 0, nil, nil)
            sum.orders.insert(order)
            sum.revenue += net
            if let cost { sum.cost += cost } else { sum.missing += 1 }
            if let date {
                sum.first = min(sum.first ?? date, date)
                sum.last = max(sum.last ?? date, date)
            }
            sums[currency] = sum
            if purchases.count < limit {
                purchases.append(
                    Purchase(
                        orderID: order, orderNumber: try row.decode(column: "number", as: String.self), orderDate: date,
                        productID: try row.decode(column: "product_id", as: UUID?.self), sku: try row.decode(column: "sku", as: String.self),
                        description: try row.decode(column: "description", as: String.self), quantity: quantity,
                        net: Money(minor: net, currency: currency), cost: cost.map { Money(minor: $0, currency: currency) }))
            }
        }
        let summaries = sums.keys.sorted().map { currency in
            let sum = sums[currency]!
            return Summary(
                currency: currency, orders: sum.orders.count, revenue: Money(minor: sum.revenue, currency: currency),
                margin: Money(minor: sum.revenue - sum.cost, currency: currency), linesWithoutCost: sum.missing, first: sum.first, last: sum.last)
        }
        return (purchases, summaries)
    }

    public struct Anniversary: Sendable {
        public var order: Record<SalesOrder>
        public var years: Int
    }

    /// Purchases made on this day and month in earlier years (a 29 February purchase counts on
    /// 28 February in other years), with how many years ago.
    public func anniversaries(on date: LocalDate, by principal: Principal) async throws -> [Anniversary] {
        var days = [String(format: "%02d-%02d", date.month, date.day)]
        if date.month == 2, date.day == 28, LocalDate.daysIn(month: 2, year: date.year) == 28 { days.append("02-29") }
        let monthDays = days
        let ids = try await db.read { sql in
            try await sql.raw(
                """
                SELECT id FROM orders WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND status IN ('confirmed', 'fulfilled')
                    AND deleted_at IS NULL AND order_date <> '' AND order_date < \(bind: date.description)
                    AND substr(order_date, 6, 5) IN (\(binds: monthDays))
                ORDER BY order_date, id
                """
            ).all().map { Record<SalesOrder>.ID(try $0.decode(column: "id", as: UUID.self)) }
        }
        return try await orders.get(many: ids, by: principal).compactMap { order in
            guard let bought = order["order_date"]?.date, bought.year < date.year else { return nil }
            return Anniversary(order: order, years: date.year - bought.year)
        }.sorted { ($0.years, $0.order.id.uuid.uuidString) < ($1.years, $1.order.id.uuid.uuidString) }
    }
}

extension SalesDocuments {
    public var purchases: PurchaseHistory { PurchaseHistory(db: db, orders: orders) }
}

extension SalesDocuments {
    /// The products a deal's quotes hold (for the knowledge shown on the deal).
    public func quotedProducts(deal: UUID, in workspace: Workspace.ID) async throws -> [UUID] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT DISTINCT l.product_id FROM document_lines l JOIN quotes q ON q.id = l.document_id
                WHERE q.workspace_id = \(bind: workspace.uuid) AND q.deal_id = \(bind: deal) AND q.deleted_at IS NULL AND l.product_id IS NOT NULL
                ORDER BY l.product_id
                """
            ).all().map { try $0.decode(column: "product_id", as: UUID.self) }
        }
    }
}
