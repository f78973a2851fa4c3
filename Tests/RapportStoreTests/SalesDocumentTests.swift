import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

/// Quotes, orders, invoices and payments through the store, on both databases.
@Suite struct SalesDocumentTests {
    private func product(_ f: Fixture, _ sku: String, price: Int64, cost: Int64? = nil, taxClass: String = "standard") async throws
        -> Record<Product>
    {
        var object = JSONObject([
            "sku": .string(sku), "name": .string("Product \(sku)"), "tax_class": .string(taxClass),
            "price": .object(["amount_minor": .int(price), "currency": .string("EUR")]),
        ])
        if let cost { object["cost"] = .object(["amount_minor": .int(cost), "currency": .string("EUR")]) }
        var input = Input(object)
        let changes = RecordChanges<Product>.read(&input, defaultCountry: "US")
        try input.finish()
        return try await f.store.products.create(changes, by: f.admin)
    }

    private func draft<D: SalesDocument>(_ f: Fixture, _: D.Type, _ values: [String: FieldValue], by principal: Principal) async throws
        -> Record<D>
    {
        var changes = RecordChanges<D>()
        changes.values["name"] = .some(.text("Lab upgrade"))
        changes.values["currency"] = .some(.text("EUR"))
        for (key, value) in values { changes.values[key] = .some(value) }
        return try await f.store.billing.store(D.self).create(changes, by: principal)
    }

    private func line(_ product: Record<Product>, _ quantity: String, discount: String = "0") throws -> LineRequest {
        LineRequest(productID: product.id.uuid, quantity: try Quantity.parse(quantity), discount: try Rate.percent(discount, field: "d"))
    }

    private func minor(_ record: Record<some Entity>, _ field: String) -> Int64? { record[field]?.money?.minor }

    @Test(arguments: TestDatabase.all)
    func aQuoteBecomesAnOrderThenInvoicesThenPaymentsToTheCent(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let scope = try await product(f, "SCOPE", price: 1_890_000, cost: 1_020_000)
            let buffer = try await product(f, "BUF", price: 6_900, cost: 2_100, taxClass: "reduced")
            let account = try await f.account(["name": "Aldermoor Labs"], by: f.rep)
            var quote = try await draft(f, Quote.self, ["account_id": .id(account.id.uuid)], by: f.rep)
            #expect(quote["number"] == .text("Q-00001") && quote["status"] == .text("draft") && quote["revision"] == .int(1))
            quote = try await billing.setLines([try line(scope, "2", discount: "10"), try line(buffer, "1")], of: quote.id, expecting: 1, by: f.rep)
            // 2 × 18,900.00 − 10% = 34,020.00 at 20% → 6,804.00; 69.00 at 5.5% → 3.795 → 3.80 (half away from zero).
            #expect(minor(quote, "subtotal") == 3_408_900)
            #expect(minor(quote, "discount_total") == 378_000)
            #expect(minor(quote, "tax_total") == 680_780)
            #expect(minor(quote, "total") == 4_089_680)
            #expect(minor(quote, "cost_total") == 2_042_100)
            #expect(quote["lines_summary"]?.text?.contains("2 × Product SCOPE") == true)

            quote = try await billing.send(quote.id, expecting: quote.version, by: f.rep)
            #expect(quote["status"] == .text("sent") && quote["valid_until"] != nil && quote["sent_at"] != nil)
            let changedSent = await rapportError {
                try await billing.setLines([try line(buffer, "3")], of: quote.id, expecting: nil, by: f.rep)
            }
            #expect(changedSent == .conflict("This quote is sent; its lines no longer change. Revise it to change its lines."))
            var rename = RecordChanges<Quote>()
            rename.values["name"] = .some(.text("Something else"))
            let renamed = await rapportError { try await billing.quotes.update(quote.id, rename, expecting: quote.version, by: f.rep) }
            #expect(renamed == .invalid(field: "name", reason: "cannot change: this quote is sent; revise it to change it"))

            let (accepted, order) = try await billing.accept(quote.id, expecting: quote.version, by: f.rep)
            #expect(accepted["status"] == .text("accepted") && accepted["order_id"] == .id(order.id.uuid))
            #expect(order["number"] == .text("SO-00001") && order["status"] == .text("draft") && minor(order, "total") == 4_089_680)
            #expect(order["account_id"] == .id(account.id.uuid) && order.ownerID == quote.ownerID)
            let orderLines = try await billing.lines(of: order)
            let quoteLines = try await billing.lines(of: accepted)
            #expect(orderLines.map(\.sourceLineID) == quoteLines.map(\.id))

            let early = await rapportError { try await billing.invoice(order.id, quantities: nil, expecting: nil, by: f.rep) }
            #expect(early == .conflict("A draft order cannot be invoiced."))
            let confirmed = try await billing.confirm(order.id, expecting: nil, by: f.rep)
            #expect(confirmed["status"] == .text("confirmed") && confirmed["order_date"] != nil)

            // Bill one of the two instruments first, then the rest.
            let first = try await billing.invoice(order.id, quantities: [orderLines[0].id: Quantity(1)], expecting: nil, by: f.rep)
            #expect(first["number"] == nil && first["status"] == .text("draft"))
            #expect(minor(first, "subtotal") == 1_701_000 && minor(first, "total") == 2_041_200)
            let tooMuch = await rapportError {
                try await billing.invoice(order.id, quantities: [orderLines[0].id: Quantity(2)], expecting: nil, by: f.rep)
            }
            #expect(tooMuch == .invalid(field: "lines[0].quantity", reason: "only 1 of Product SCOPE is left to invoice"))
            let issued = try await billing.issue(first.id, expecting: nil, by: f.rep)
            #expect(issued["number"] == .text("INV-00001") && issued["status"] == .text("issued"))
            #expect(minor(issued, "balance") == 2_041_200 && minor(issued, "paid_total") == 0)
            #expect(minor(try await billing.orders.get(order.id, by: f.rep), "invoiced_total") == 2_041_200)

            let rest = try await billing.invoice(order.id, quantities: nil, expecting: nil, by: f.rep)
            #expect(try await billing.lines(of: rest).map(\.quantity) == [Quantity(1), Quantity(1)])
            let second = try await billing.issue(rest.id, expecting: nil, by: f.rep)
            #expect(second["number"] == .text("INV-00002"))
            // The two invoices add up to the order exactly, whatever the rounding.
            #expect(minor(issued, "total")! + minor(second, "total")! == 4_089_680)
            let nothingLeft = await rapportError { try await billing.invoice(order.id, quantities: nil, expecting: nil, by: f.rep) }
            #expect(nothingLeft == .conflict("Everything on this order is invoiced already."))
            #expect(try await billing.unbilledOrders(by: f.rep).isEmpty)

            // Payments: part, too much, the rest; a refund reopens it.
            let eur = { (minor: Int64) in Money(minor: minor, currency: "EUR") }
            let part = try await billing.recordPayment(
                on: issued.id, amount: eur(1_000_000), receivedOn: nil, method: "bank_transfer", reference: "SEPA 1", expecting: nil, by: f.rep)
            #expect(part.invoice["status"] == .text("partially_paid") && minor(part.invoice, "balance") == 1_041_200)
            let over = await rapportError {
                try await billing.recordPayment(
                    on: issued.id, amount: eur(1_041_201), receivedOn: nil, method: "card", reference: "", expecting: nil, by: f.rep)
            }
            #expect(over == .invalid(field: "amount", reason: "is more than the balance due (EUR 10,412.00)"))
            let dollars = await rapportError {
                try await billing.recordPayment(
                    on: issued.id, amount: Money(minor: 100, currency: "USD"), receivedOn: nil, method: "card", reference: "", expecting: nil, by: f.rep)
            }
            #expect(dollars == .invalid(field: "amount", reason: "must be in the invoice's currency (EUR)"))
            let paid = try await billing.recordPayment(
                on: issued.id, amount: eur(1_041_200), receivedOn: nil, method: "card", reference: "", expecting: nil, by: f.rep)
            #expect(paid.invoice["status"] == .text("paid") && minor(paid.invoice, "balance") == 0 && paid.invoice["paid_at"] != nil)
            #expect(try await billing.payments(of: paid.invoice).map(\.amount.minor) == [1_000_000, 1_041_200])

            // An issued invoice is kept: voided, never deleted; a paid one is not voided either.
            let deleted = await rapportError { try await billing.invoices.delete(second.id, expecting: nil, by: f.rep) }
            #expect(deleted == .conflict("An issued invoice is never deleted, so that no number goes missing; void it instead."))
            let voidPaid = await rapportError { try await billing.void(issued.id, expecting: nil, by: f.rep) }
            #expect(voidPaid == .conflict("A paid invoice cannot be voided."))
            let voided = try await billing.void(second.id, expecting: nil, by: f.rep)
            #expect(voided["status"] == .text("void") && voided["number"] == .text("INV-00002"))
            #expect(minor(try await billing.orders.get(order.id, by: f.rep), "invoiced_total") == 2_041_200)
            // What the void gave back can be billed again, under the next number.
            let again = try await billing.invoice(order.id, quantities: nil, expecting: nil, by: f.rep)
            #expect(try await billing.issue(again.id, expecting: nil, by: f.rep)["number"] == .text("INV-00003"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func invoiceNumbersNeverRepeatOrSkipUnderConcurrentIssues(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let item = LineRequest(productID: nil, description: "Service day", quantity: Quantity(1), unitPrice: 90_000)
            var ids: [Record<Invoice>.ID] = []
            for _ in 0..<12 {
                let invoice = try await draft(f, Invoice.self, [:], by: f.rep)
                _ = try await billing.setLines([item], of: invoice.id, expecting: nil, by: f.rep)
                ids.append(invoice.id)
            }
            // One that cannot be issued (no lines): its failure must not use up a number.
            let empty = try await draft(f, Invoice.self, [:], by: f.rep)
            let numbers = try await withThrowingTaskGroup(of: String?.self) { group in
                for id in ids + [empty.id] {
                    group.addTask {
                        do { return try await billing.issue(id, expecting: nil, by: f.rep)["number"]?.text } catch let error as RapportError {
                            #expect(id == empty.id && error == .invalid(field: "lines", reason: "add at least one line first"))
                            return nil
                        }
                    }
                }
                var all: [String] = []
                for try await number in group { if let number { all.append(number) } }
                return all
            }
            #expect(numbers.sorted() == (1...12).map { DocumentKind.invoice.number(Int64($0)) })
            let stored = try await f.db.read { sql in
                try await sql.raw("SELECT number FROM invoices WHERE number <> '' ORDER BY number").all().map {
                    try $0.decode(column: "number", as: String.self)
                }
            }
            #expect(stored == numbers.sorted())
        }
    }

    @Test(arguments: TestDatabase.all)
    func badLinesAndStaleEditsAreRefusedAndNothingIsHalfWritten(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let scope = try await product(f, "SCOPE", price: 1_890_000)
            let retired = try await product(f, "OLD", price: 100)
            var retire = RecordChanges<Product>()
            retire.values["active"] = .some(.bool(false))
            _ = try await f.store.products.update(retired.id, retire, expecting: retired.version, by: f.admin)
            var quote = try await draft(f, Quote.self, [:], by: f.rep)
            quote = try await billing.setLines([try line(scope, "1")], of: quote.id, expecting: nil, by: f.rep)

            // Reading lines: negative quantities, bad discounts, a price in another currency.
            let read = #"[{"product_id": "x", "quantity": "-2"}, {"description": "Setup", "discount": "120"}, {"description": "Fee", "unit_price": {"amount_minor": 5, "currency": "USD"}}]"#
            let parsed = await rapportError { try LineRequest.read(try JSONDecoder().decode(JSONValue.self, from: Data(read.utf8)), currency: "EUR") }
            #expect(
                parsed
                    == .invalid([
                        FieldIssue(field: "lines[0].product_id", reason: "is not a product ID"),
                        FieldIssue(field: "lines[0].quantity", reason: "is not a quantity like 2 or 2.5 (up to 3 decimals)"),
                        FieldIssue(field: "lines[1].discount", reason: "is not a percentage from 0 to 100 like 20 or 8.875"),
                        FieldIssue(field: "lines[2].unit_price", reason: "must be in the document's currency (EUR)"),
                    ]))

            let unknown = await rapportError {
                try await billing.setLines([LineRequest(productID: UUID(), quantity: Quantity(1))], of: quote.id, expecting: nil, by: f.rep)
            }
            #expect(unknown == .invalid(field: "lines[0].product_id", reason: "is not a product of the catalog"))
            let old = await rapportError { try await billing.setLines([try line(retired, "1")], of: quote.id, expecting: nil, by: f.rep) }
            #expect(old == .invalid(field: "lines[0].product_id", reason: "Product OLD (OLD) is retired and cannot be sold"))
            let dollars = try await draft(f, Quote.self, ["currency": .text("USD")], by: f.rep)
            let noPrice = await rapportError { try await billing.setLines([try line(scope, "1")], of: dollars.id, expecting: nil, by: f.rep) }
            #expect(
                noPrice
                    == .invalid(
                        field: "lines[0].unit_price",
                        reason: "Product SCOPE (SCOPE) has no USD price: add it to a USD price book, or give a unit price"))
            let huge = await rapportError {
                try await billing.setLines(
                    [LineRequest(productID: scope.id.uuid, quantity: Quantity(3), unitPrice: Int64.max / 2)], of: quote.id, expecting: nil,
                    by: f.rep)
            }
            #expect(huge == .invalid(field: "lines[0].quantity", reason: "makes an amount too large"))
            // Two people editing the same quote: the second, still at version 2, is told.
            let stale = await rapportError { try await billing.setLines([try line(scope, "3")], of: quote.id, expecting: 1, by: f.rep) }
            #expect(stale == .staleVersion(entity: "quote", id: quote.id.description, current: quote.version))
            var currency = RecordChanges<Quote>()
            currency.values["currency"] = .some(.text("GBP"))
            let switched = await rapportError { try await billing.quotes.update(quote.id, currency, expecting: quote.version, by: f.rep) }
            #expect(switched == .invalid(field: "currency", reason: "cannot change while the quote has lines priced in it"))

            // Nothing of the refused changes was written.
            let now = try await billing.quotes.get(quote.id, by: f.rep)
            #expect(now.version == quote.version && minor(now, "subtotal") == 1_890_000)
            #expect(try await billing.lines(of: now).map(\.quantity) == [Quantity(1)])
            let viewer = await rapportError { try await billing.send(quote.id, expecting: nil, by: f.viewer) }
            #expect(viewer != nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func revisionsKeepTheNumberAndOldQuotesExpireAndUnpaidInvoicesFallOverdue(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let scope = try await product(f, "SCOPE", price: 50_000)
            var quote = try await draft(f, Quote.self, [:], by: f.rep)
            quote = try await billing.setLines([try line(scope, "1")], of: quote.id, expecting: nil, by: f.rep)
            quote = try await billing.send(quote.id, expecting: nil, by: f.rep)
            quote = try await billing.reject(quote.id, expecting: nil, by: f.rep)
            let revision = try await billing.revise(quote.id, expecting: nil, by: f.rep)
            #expect(revision["number"] == quote["number"] && revision["revision"] == .int(2) && revision["status"] == .text("draft"))
            #expect(revision["previous_id"] == .id(quote.id.uuid) && minor(revision, "total") == minor(quote, "total"))
            #expect(revision.title.hasPrefix("Q-00001 rev. 2"))
            let twice = await rapportError { try await billing.revise(quote.id, expecting: nil, by: f.rep) }
            #expect(twice == .conflict("Revision 2 already replaces this quote; revise that one."))

            let sent = try await billing.send(revision.id, expecting: nil, by: f.rep)
            var order = try await draft(f, SalesOrder.self, [:], by: f.rep)
            order = try await billing.setLines([try line(scope, "2")], of: order.id, expecting: nil, by: f.rep)
            _ = try await billing.confirm(order.id, expecting: nil, by: f.rep)
            let invoice = try await billing.issue(
                try await billing.invoice(order.id, quantities: nil, expecting: nil, by: f.rep).id, expecting: nil, by: f.rep)
            // A month later: the quote's validity and the invoice's due date have passed.
            try await f.db.write { sql in
                try await sql.raw("UPDATE quotes SET valid_until = '2020-01-01' WHERE id = \(bind: sent.id.uuid)").run()
                try await sql.raw("UPDATE invoices SET due_date = '2020-01-01' WHERE id = \(bind: invoice.id.uuid)").run()
            }
            #expect(try await billing.expireQuotes(in: f.workspace.id) == 1)
            #expect(try await billing.markOverdue(in: f.workspace.id) == 1)
            #expect(try await billing.quotes.get(sent.id, by: f.rep)["status"] == .text("expired"))
            let overdue = try await billing.invoices.get(invoice.id, by: f.rep)
            #expect(overdue["status"] == .text("overdue"))
            let late = await rapportError { try await billing.accept(sent.id, expecting: nil, by: f.rep) }
            #expect(late == .conflict("An expired quote cannot be accepted."))
            // Paying part of an overdue invoice leaves it overdue; paying the rest settles it.
            let part = try await billing.recordPayment(
                on: invoice.id, amount: Money(minor: 40_000, currency: "EUR"), receivedOn: nil, method: "cash", reference: "", expecting: nil,
                by: f.rep)
            #expect(part.invoice["status"] == .text("overdue"))
            #expect(try await billing.markOverdue(in: f.workspace.id) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func purchaseHistorySumsRevenueAndMarginAndFindsAnniversaries(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let scope = try await product(f, "SCOPE", price: 100_000, cost: 60_000)
            let service = LineRequest(productID: nil, description: "Install", quantity: Quantity(1), unitPrice: 20_000)
            let account = try await f.account(["name": "Aldermoor Labs"], by: f.rep)
            let person = try await f.contact(["first_name": "Ann", "last_name": "Lee", "account_id": .string(account.id.description)], by: f.rep)
            func order(_ date: String, _ lines: [LineRequest], contact: Bool = false, confirm: Bool = true) async throws -> Record<SalesOrder> {
                var values: [String: FieldValue] = ["account_id": .id(account.id.uuid), "order_date": .date(try LocalDate(date))]
                if contact { values["contact_id"] = .id(person.id.uuid) }
                let made = try await draft(f, SalesOrder.self, values, by: f.rep)
                _ = try await billing.setLines(lines, of: made.id, expecting: nil, by: f.rep)
                return confirm ? try await billing.confirm(made.id, expecting: nil, by: f.rep) : made
            }
            _ = try await order("2024-02-29", [try line(scope, "2", discount: "10")], contact: true)
            _ = try await order("2025-06-01", [try line(scope, "1"), service])
            _ = try await order("2026-01-10", [try line(scope, "5")], confirm: false)

            let (lines, summaries) = try await billing.purchases.history(of: .account(account.id.uuid), by: f.rep)
            // 2 × 1,000 − 10% = 1,800 and 1,000 + 200: revenue 3,000; cost 1,200 + 600 (the install has none).
            #expect(summaries.count == 1)
            let eur = try #require(summaries.first)
            #expect(eur.orders == 2 && eur.revenue.minor == 300_000 && eur.margin.minor == 120_000 && eur.linesWithoutCost == 1)
            #expect(eur.first?.description == "2024-02-29" && eur.last?.description == "2025-06-01")
            #expect(lines.map(\.description) == ["Product SCOPE", "Install", "Product SCOPE"], "newest order first, the draft left out")
            let theirs = try await billing.purchases.history(of: .contact(person.id.uuid), by: f.rep)
            #expect(theirs.summaries.first?.revenue.minor == 180_000)
            #expect(try await billing.purchases.history(of: .account(account.id.uuid), by: f.outsider).purchases.isEmpty)

            let leapYear = try await billing.purchases.anniversaries(on: try LocalDate("2028-02-29"), by: f.rep)
            #expect(leapYear.map(\.years) == [4])
            let plainYear = try await billing.purchases.anniversaries(on: try LocalDate("2027-02-28"), by: f.rep)
            #expect(plainYear.map(\.years) == [3], "a 29 February purchase is remembered on the 28th in other years")
            #expect(try await billing.purchases.anniversaries(on: try LocalDate("2026-06-01"), by: f.rep).map(\.years) == [1])
            #expect(try await billing.purchases.anniversaries(on: try LocalDate("2025-06-01"), by: f.rep).isEmpty, "not on the day itself")
        }
    }

    @Test(arguments: TestDatabase.all)
    func crossSellFindsWhoBoughtOneProductButNotAnotherAndMakesLeadsOnce(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let billing = f.store.billing
            let scope = try await product(f, "SCOPE", price: 100_000)
            let gold = try await product(f, "GOLD", price: 20_000)
            func customer(_ name: String, buys: [Record<Product>], on date: String, optOut: Bool = false) async throws -> Record<Contact> {
                let account = try await f.account(["name": .string(name)], by: f.rep)
                let person = try await f.contact(
                    ["first_name": "Pat", "last_name": .string(name), "account_id": .string(account.id.description), "email_opt_out": .bool(optOut)],
                    by: f.rep)
                let order = try await draft(
                    f, SalesOrder.self,
                    ["account_id": .id(account.id.uuid), "contact_id": .id(person.id.uuid), "order_date": .date(try LocalDate(date))], by: f.rep)
                _ = try await billing.setLines(try buys.map { try line($0, "1") }, of: order.id, expecting: nil, by: f.rep)
                _ = try await billing.confirm(order.id, expecting: nil, by: f.rep)
                return person
            }
            let recent = try await customer("Recent", buys: [scope], on: "2026-11-01")
            _ = try await customer("Covered", buys: [scope, gold], on: "2026-10-01")
            let old = try await customer("Old", buys: [scope], on: "2019-03-01")
            _ = try await customer("Quiet", buys: [scope], on: "2026-09-01", optOut: true)

            let crossSell = f.store.crossSell
            let rule = CrossSell.Rule(bought: scope.id.uuid, notBought: gold.id.uuid, withinMonths: nil)
            let everyone = try await crossSell.candidates(rule, by: f.rep)
            #expect(Set(everyone.map(\.contact.title)) == ["Pat Recent", "Pat Old", "Pat Quiet"])
            let lately = try await crossSell.candidates(CrossSell.Rule(bought: scope.id.uuid, notBought: gold.id.uuid, withinMonths: 24), by: f.rep)
            #expect(!lately.contains { $0.contact.id == old.id })
            #expect(try await crossSell.describe(rule, by: f.rep) == "Bought SCOPE, not GOLD")

            let (made, skipped) = try await crossSell.createLeads(rule, by: f.rep)
            #expect(made.count == 2 && skipped == 1, "the opted-out customer is left out")
            let lead = try #require(made.first { $0["last_name"] == .text("Recent") })
            #expect(lead["source"] == .text("associated_product") && lead["source_detail"] == .text("Bought SCOPE, not GOLD"))
            #expect(lead["company"] == .text("Recent") && lead["description"]?.text?.contains("/contacts/\(recent.id)") == true)
            let again = try await crossSell.createLeads(rule, by: f.rep)
            #expect(again.leads.isEmpty && again.skipped == 3, "a rule makes each person a lead once")
            let bad = await rapportError { try await crossSell.candidates(CrossSell.Rule(bought: scope.id.uuid, notBought: scope.id.uuid, withinMonths: 0), by: f.rep) }
            #expect(
                bad
                    == .invalid([
                        FieldIssue(field: "within_months", reason: "must be from 1 to 120"),
                        FieldIssue(field: "not_bought_product_id", reason: "must be another product"),
                    ]))
            let unknown = await rapportError { try await crossSell.candidates(CrossSell.Rule(bought: UUID(), notBought: nil, withinMonths: nil), by: f.rep) }
            #expect(unknown == .invalid(field: "bought_product_id", reason: "is not a product of the catalog"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aBundleIsQuotedAsOneLineListingItsContentsAtTheirCost(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let meter = try await product(f, "METER", price: 129_000, cost: 52_000)
            let buffer = try await product(f, "BUF", price: 6_900, cost: 1_900)
            let kit = try await product(f, "KIT", price: 135_000)
            let bundles = f.store.bundles
            try await bundles.setComponents(
                [Bundles.Component(product: meter.id.uuid, quantity: Quantity(1)), Bundles.Component(product: buffer.id.uuid, quantity: Quantity(2))],
                of: kit.id, by: f.manager)
            #expect(try await bundles.components(of: kit.id).map(\.quantity) == [Quantity(1), Quantity(2)])
            let byRep = await rapportError { try await bundles.setComponents([], of: kit.id, by: f.rep) }
            #expect(byRep == .forbidden("Only managers and admins change the catalog."))
            let itself = await rapportError {
                try await bundles.setComponents([Bundles.Component(product: kit.id.uuid, quantity: Quantity(1))], of: kit.id, by: f.manager)
            }
            #expect(itself == .invalid(field: "components[0].product_id", reason: "a bundle cannot hold itself"))
            let nested = await rapportError {
                try await bundles.setComponents([Bundles.Component(product: kit.id.uuid, quantity: Quantity(1))], of: meter.id, by: f.manager)
            }
            #expect(nested == .invalid(field: "components", reason: "Product METER (METER) is itself in a bundle; bundles do not nest"))

            let quote = try await draft(f, Quote.self, [:], by: f.rep)
            let priced = try await f.store.billing.setLines([try line(kit, "1")], of: quote.id, expecting: nil, by: f.rep)
            let lines = try await f.store.billing.lines(of: priced)
            #expect(lines.first?.description == "Product KIT (1 × Product METER, 2 × Product BUF)")
            #expect(lines.first?.unitCost == 55_800 && minor(priced, "subtotal") == 135_000)
        }
    }
}
