import Foundation
import RapportCore
import SQLKit

/// An order's steps: confirmed (a purchase from then on), fulfilled, or cancelled; and billed by
/// invoices for what it holds, all at once or part by part.
extension SalesDocuments {
    public func confirm(_ id: Record<SalesOrder>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<SalesOrder> {
        try await db.write { sql in
            let order = try await Self.forStep(id, expecting: version, statuses: ["draft"], step: "confirmed", by: principal, on: sql)
            try await Self.requireLines(order, on: sql)
            var patch: RecordValuesPatch = ["status": .text("confirmed"), "confirmed_at": .time(.now())]
            if order["order_date"] == nil { patch["order_date"] = .date(try await BillingSettings.load(principal.workspaceID, on: sql).today) }
            return try await orders.update(id, .setting(patch), expecting: order.version, by: principal, on: sql)
        }
    }

    public func fulfil(_ id: Record<SalesOrder>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<SalesOrder> {
        try await db.write { sql in
            let order = try await Self.forStep(id, expecting: version, statuses: ["confirmed"], step: "fulfilled", by: principal, on: sql)
            return try await orders.update(
                id, .setting(["status": .text("fulfilled"), "fulfilled_at": .time(.now())]), expecting: order.version, by: principal, on: sql)
        }
    }

    /// Cancels an order that no live invoice bills (void them first).
    public func cancel(_ id: Record<SalesOrder>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<SalesOrder> {
        try await db.write { sql in
            let order = try await Self.forStep(
                id, expecting: version, statuses: ["draft", "confirmed"], step: "cancelled", by: principal, on: sql)
            let billed = try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM invoices WHERE order_id = \(bind: order.id.uuid) AND status <> 'void' AND deleted_at IS NULL
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
            if billed > 0 { throw RapportError.conflict("This order has invoices; void them before cancelling it.") }
            return try await orders.update(id, .setting(["status": .text("cancelled")]), expecting: order.version, by: principal, on: sql)
        }
    }

    /// What of each of an order's lines no live invoice bills yet, by order line.
    public func unbilled(_ order: Record<SalesOrder>) async throws -> [(line: DocumentLine, remaining: Quantity)] {
        try await db.read { sql in try await Self.unbilled(order.id.uuid, on: sql) }
    }

    static func unbilled(_ order: UUID, on sql: any SQLDatabase) async throws -> [(line: DocumentLine, remaining: Quantity)] {
        let lines = try await DocumentLines.load(order, on: sql)
        var billed: [UUID: Int64] = [:]
        for row in try await sql.raw(
            """
            SELECT l.source_line_id, CAST(SUM(l.quantity) AS BIGINT) AS billed FROM document_lines l JOIN invoices i ON i.id = l.document_id
            WHERE i.order_id = \(bind: order) AND i.status <> 'void' AND i.deleted_at IS NULL AND l.source_line_id IS NOT NULL
            GROUP BY l.source_line_id
            """
        ).all() {
            billed[try row.decode(column: "source_line_id", as: UUID.self)] = try row.decode(column: "billed", as: Int64.self)
        }
        return lines.map { ($0, Quantity(thousandths: max(0, $0.quantity.thousandths - (billed[$0.id] ?? 0)))) }
    }

    /// A draft invoice for a confirmed or fulfilled order: `quantities` by order line (what is left
    /// of every line when nil). Each line keeps the order's price, discount and tax.
    public func invoice(
        _ id: Record<SalesOrder>.ID, quantities: [UUID: Quantity]?, expecting version: Int?, by principal: Principal
    ) async throws -> Record<Invoice> {
        try await db.write { sql in
            let order = try await Self.forStep(
                id, expecting: version, statuses: Set(SalesOrder.purchased), step: "invoiced", by: principal, on: sql)
            let open = try await Self.unbilled(order.id.uuid, on: sql)
            if let quantities {
                let known = Set(open.map(\.line.id))
                if let unknown = quantities.keys.first(where: { !known.contains($0) }) {
                    throw RapportError.invalid(field: "lines", reason: "\(unknown.lowercasedText) is not a line of this order")
                }
            }
            var lines: [DocumentLine] = []
            var issues: [FieldIssue] = []
            for (index, entry) in open.enumerated() {
                let wanted = quantities.map { $0[entry.line.id] ?? Quantity(thousandths: 0) } ?? entry.remaining
                if wanted.thousandths < 0 {
                    issues.append(FieldIssue(field: "lines[\(index)].quantity", reason: "cannot be negative"))
                } else if wanted > entry.remaining {
                    issues.append(
                        FieldIssue(field: "lines[\(index)].quantity", reason: "only \(entry.remaining) of \(entry.line.description) is left to invoice"))
                }
                guard wanted.thousandths > 0, wanted <= entry.remaining else { continue }
                var line = entry.line
                line.id = UUIDv7.make()
                line.sourceLineID = entry.line.id
                line.quantity = wanted
                lines.append(line)
            }
            if !issues.isEmpty { throw RapportError.invalid(issues) }
            if lines.isEmpty { throw RapportError.conflict("Everything on this order is invoiced already.") }
            var patch = Self.carried(from: order.values)
            patch["order_id"] = .some(.id(order.id.uuid))
            let invoice = try await Self.insert(patch, owner: order, records: invoices, by: principal, on: sql)
            return try await Self.write(lines, to: invoice, records: invoices, by: principal, on: sql)
        }
    }

    /// Brings an order's invoiced total in step with its live issued invoices.
    static func refreshInvoiced(_ order: UUID?, records: RecordStore<SalesOrder>, by principal: Principal, on sql: any SQLDatabase)
        async throws
    {
        guard let order else { return }
        guard let current = try await RecordStore<SalesOrder>.fetch(.init(order), workspace: principal.workspaceID, on: sql) else { return }
        let sum = try await sql.raw(
            """
            SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) AS invoiced FROM invoices
            WHERE order_id = \(bind: order) AND number <> '' AND status <> 'void' AND deleted_at IS NULL
            """
        ).first()?.decode(column: "invoiced", as: Int64.self) ?? 0
        let currency = current["currency"]?.text ?? ""
        _ = try await records.update(
            current.id, .setting(["invoiced_total": .money(Money(minor: sum, currency: currency))]), expecting: nil,
            by: .system(principal.workspaceID), on: sql)
    }
}

extension SalesDocuments {
    public struct UnbilledOrder: Sendable {
        public var order: Record<SalesOrder>
        public var customer: String?
        public var unbilled: Money
    }

    /// Confirmed and fulfilled orders that issued invoices do not yet bill in full, oldest first
    /// (the billing team's work list).
    public func unbilledOrders(by principal: Principal, limit: Int = 500) async throws -> [UnbilledOrder] {
        let ids = try await db.read { sql in
            try await sql.raw(
                """
                SELECT id FROM orders WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND status IN ('confirmed', 'fulfilled')
                    AND deleted_at IS NULL AND COALESCE(invoiced_total, 0) < COALESCE(total, 0)
                ORDER BY order_date, id LIMIT \(bind: limit)
                """
            ).all().map { Record<SalesOrder>.ID(try $0.decode(column: "id", as: UUID.self)) }
        }
        let orders = try await orders.get(many: ids, by: principal)
        let accountIDs = orders.compactMap { $0["account_id"]?.uuid }
        let names = try await RecordStore<Account>(db).get(many: accountIDs.map { .init($0) }, by: principal)
        let byID = Dictionary(names.map { ($0.id.uuid, $0.title) }, uniquingKeysWith: { a, _ in a })
        return orders.sorted { ($0["order_date"]?.date?.description ?? "", $0.id.uuid.uuidString) < ($1["order_date"]?.date?.description ?? "", $1.id.uuid.uuidString) }
            .map { order in
                let currency = order["currency"]?.text ?? ""
                let open = (order["total"]?.money?.minor ?? 0) - (order["invoiced_total"]?.money?.minor ?? 0)
                return UnbilledOrder(
                    order: order, customer: order["account_id"]?.uuid.flatMap { byID[$0] }, unbilled: Money(minor: open, currency: currency))
            }
    }
}
