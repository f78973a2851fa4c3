import Foundation
import RapportCore
import SQLKit

extension DemoRun {
    /// Northwind's sales on paper: customers who bought instruments and service over the last two
    /// years (orders fulfilled, invoiced and paid), a few quotes out now, an order waiting to be
    /// billed and an invoice gone overdue. Documents are shared so billing sees them.
    /// Returns how many orders were made.
    func createBilling() async throws -> Int {
        var random = DemoRandom(seed: 0xB111_1A6E)
        let billing = store.billing
        let sellers = [try principal(.sophie), try principal(.jonas), try principal(.olivia), try principal(.ethan)]
        let catalog = try await store.products.list(ListQuery(limit: 50), by: try principal(.maya)).items
        func product(_ sku: String) -> UUID? { catalog.first { $0["sku"]?.text == sku }?.id.uuid }
        let instruments = ["AUR-UV200", "TMX-T50", "NW-200", "FLS-U40", "VEC-G3"].compactMap(product)
        let extras = ["SVC-INST", "SVC-GOLD", "CUV-Q10", "BUF-CAL", "LIC-LAB"].compactMap(product)
        guard !instruments.isEmpty, !extras.isEmpty else { return 0 }
        let customers = accounts.filter { $0["type"]?.text == "customer" }.prefix(14)
        let today = try await billing.settings(in: workspace.id).today
        var orders = 0
        // Purchases in date order, so invoice numbers follow the calendar.
        let plan = customers.map { ($0, today.adding(days: -(60 + random.below(600)))) }.sorted { $0.1 < $1.1 }
        for (index, (account, bought)) in plan.enumerated() {
            // The account's owner sells to it (someone who can see it).
            let seller = principals.values.first { $0.userID == account.ownerID && $0.canWrite } ?? sellers[index % sellers.count]
            let person = contacts.first { $0["account_id"]?.uuid == account.id.uuid }
            var values: [String: FieldValue] = [
                "name": .text(["Lab upgrade", "New line instrumentation", "Quality lab refit", "Process monitoring"][index % 4]),
                "account_id": .id(account.id.uuid), "currency": .text("USD"),
                "terms": .text("Payment 30 days net. Delivery within 4 weeks of order. Prices exclude shipping."),
            ]
            if let person { values["contact_id"] = .id(person.id.uuid) }
            var lines = [
                LineRequest(
                    productID: instruments[random.below(instruments.count)], quantity: Quantity(Int64(1 + random.below(3))),
                    discount: Rate(millionths: Int64(random.below(3)) * 50_000))
            ]
            lines.append(LineRequest(productID: extras[random.below(extras.count)], quantity: Quantity(Int64(1 + random.below(4)))))
            // An earlier purchase, months ago: ordered, fulfilled, invoiced and paid.
            var orderValues = values
            orderValues["order_date"] = .date(bought)
            let order = try await Self.document(SalesOrder.self, orderValues, store: billing, by: seller)
            _ = try await billing.setLines(lines, of: order.id, expecting: nil, by: seller)
            _ = try await billing.confirm(order.id, expecting: nil, by: seller)
            orders += 1
            if index == 3 { continue }  // Confirmed, not yet billed: on the unbilled list.
            _ = try await billing.fulfil(order.id, expecting: nil, by: seller)
            let invoice = try await billing.invoice(order.id, quantities: nil, expecting: nil, by: seller)
            let issued = try await billing.issue(invoice.id, expecting: nil, by: seller)
            let issuedOn = bought.adding(days: 3)
            let due = issuedOn.adding(days: 30)
            try await store.db.write { sql in
                try await sql.raw(
                    """
                    UPDATE invoices SET issue_date = \(bind: issuedOn.description), due_date = \(bind: due.description)
                    WHERE id = \(bind: issued.id.uuid)
                    """
                ).run()
            }
            if index == 5 { continue }  // Never paid: overdue after the daily pass.
            let total = issued["total"]?.money ?? Money(minor: 0, currency: "USD")
            _ = try await billing.recordPayment(
                on: issued.id, amount: total, receivedOn: due.adding(days: -random.below(20)), method: "bank_transfer",
                reference: "Remittance \(1000 + index)", expecting: nil, by: seller)
            // Some come back for more: a quote out now, one draft being prepared.
            if index % 3 == 0 {
                var quoteValues = values
                quoteValues["name"] = .text("Service and consumables renewal")
                let quote = try await Self.document(Quote.self, quoteValues, store: billing, by: seller)
                _ = try await billing.setLines(
                    [LineRequest(productID: extras[random.below(extras.count)], quantity: Quantity(Int64(2 + random.below(5))))], of: quote.id,
                    expecting: nil, by: seller)
                if index != 9 { _ = try await billing.send(quote.id, expecting: nil, by: seller) }
            }
        }
        _ = try await billing.markOverdue(in: workspace.id)
        return orders
    }

    static func document<D: SalesDocument>(_: D.Type, _ values: [String: FieldValue], store: SalesDocuments, by principal: Principal)
        async throws -> Record<D>
    {
        var changes = RecordChanges<D>()
        for (key, value) in values { changes.values[key] = .some(value) }
        changes.shared = .set(true)
        return try await store.store(D.self).create(changes, by: principal)
    }
}
