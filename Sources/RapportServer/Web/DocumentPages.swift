import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// The web side of quotes, orders and invoices beyond their generic record pages: editing lines,
/// the steps (send, accept, confirm, invoice, issue, record a payment…), the printable page, the
/// unbilled orders and the billing settings. Every form posts, then comes back to the document
/// with a message: what happened, or what was wrong.
struct DocumentPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        lines(Quote.self, to: group)
        lines(SalesOrder.self, to: group)
        lines(Invoice.self, to: group)
        step(Quote.self, "send", "Quote sent.", to: group) { id, v, p, _ in try await store.billing.send(id, expecting: v, by: p).id.description }
        step(Quote.self, "reject", "Quote marked rejected.", to: group) { id, v, p, _ in
            try await store.billing.reject(id, expecting: v, by: p).id.description
        }
        step(Quote.self, "revise", "New revision drafted: change it, then send it.", to: group) { id, v, p, _ in
            try await store.billing.revise(id, expecting: v, by: p).id.description
        }
        step(Quote.self, "accept", "Quote accepted: here is its order, to confirm.", to: group, goesTo: SalesOrder.path) { id, v, p, _ in
            try await store.billing.accept(id, expecting: v, by: p).order.id.description
        }
        step(SalesOrder.self, "confirm", "Order confirmed.", to: group) { id, v, p, _ in
            try await store.billing.confirm(id, expecting: v, by: p).id.description
        }
        step(SalesOrder.self, "fulfil", "Order fulfilled.", to: group) { id, v, p, _ in
            try await store.billing.fulfil(id, expecting: v, by: p).id.description
        }
        step(SalesOrder.self, "cancel", "Order cancelled.", to: group) { id, v, p, _ in
            try await store.billing.cancel(id, expecting: v, by: p).id.description
        }
        step(SalesOrder.self, "invoice", "Draft invoice made from the order: check it, then issue it.", to: group, goesTo: Invoice.path) {
            id, _, p, _ in try await store.billing.invoice(id, quantities: nil, expecting: nil, by: p).id.description
        }
        step(Invoice.self, "issue", "Invoice issued.", to: group) { id, v, p, _ in try await store.billing.issue(id, expecting: v, by: p).id.description }
        step(Invoice.self, "void", "Invoice voided; its number stays used.", to: group) { id, v, p, _ in
            try await store.billing.void(id, expecting: v, by: p).id.description
        }
        step(Invoice.self, "payments", "Payment recorded.", to: group) { id, v, p, form in
            let invoice = try await store.billing.invoices.get(id, by: p)
            let currency = invoice["currency"]?.text ?? ""
            let amount: Money
            do { amount = try Money.parse(form["amount"] ?? "", currency: currency) } catch {
                throw RapportError.invalid(field: "amount", reason: "is not an amount like 1,250.00")
            }
            var date: LocalDate?
            if let text = form["received_on"], !text.isEmpty {
                guard let parsed = try? LocalDate(text) else { throw RapportError.invalid(field: "received_on", reason: "is not a date") }
                date = parsed
            }
            return try await store.billing.recordPayment(
                on: id, amount: amount, receivedOn: date, method: form["method"] ?? "bank_transfer", reference: form["reference"] ?? "",
                expecting: v, by: p
            ).invoice.id.description
        }
        printPage(Quote.self, to: group)
        printPage(SalesOrder.self, to: group)
        printPage(Invoice.self, to: group)
        group.get("/billing/unbilled") { request, context in try await unbilled(request, context) }
        group.get("/settings/billing") { request, context in try await settingsPage(request, context) }
        group.post("/settings/billing") { request, context in try await saveSettings(request, context) }
    }

    // MARK: Lines

    private func lines<D: SalesDocument & WebEntity>(_: D.Type, to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath("\(D.path)/:id/lines/add")) { request, context in
            try await changeLines(D.self, request, context, done: "Line added.") { current, form, currency in
                guard let product = form["product_id"].flatMap(UUID.init(uuidString:)) else {
                    throw RapportError.invalid(field: "product_id", reason: "choose a product")
                }
                var line = LineRequest(productID: product, quantity: try Quantity.parse(form["quantity"] ?? "1"))
                if line.quantity.thousandths == 0 { throw RapportError.invalid(field: "quantity", reason: "must be more than zero") }
                if let text = form["discount"], !text.trimmingWhitespace().isEmpty { line.discount = try Rate.percent(text, field: "discount") }
                if let text = form["unit_price"], !text.trimmingWhitespace().isEmpty {
                    do { line.unitPrice = try Money.parse(text, currency: currency).minor } catch {
                        throw RapportError.invalid(field: "unit_price", reason: "is not an amount like 1,250.00")
                    }
                }
                return current.map(\.request) + [line]
            }
        }
        group.post(RouterPath("\(D.path)/:id/lines/:line/remove")) { request, context in
            let lineID = context.parameters.get("line").flatMap(UUID.init(uuidString:))
            return try await changeLines(D.self, request, context, done: "Line removed.") { current, _, _ in
                guard current.contains(where: { $0.id == lineID }) else {
                    throw RapportError.conflict("That line is no longer on this \(D.name).")
                }
                return current.filter { $0.id != lineID }.map(\.request)
            }
        }
    }

    /// Reads the document's lines as requests that keep their prices, lets `change` edit them, and
    /// stores the result at the form's version.
    private func changeLines<D: SalesDocument & WebEntity>(
        _: D.Type, _ request: Request, _ context: AppRequestContext, done: String,
        change: ([(id: UUID, request: LineRequest)], [String: String], String) throws -> [LineRequest]
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters.get("id").flatMap(Record<D>.ID.init) else {
            throw RapportError.notFound(entity: D.name, id: context.parameters.get("id") ?? "")
        }
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = "\(D.path)/\(id)#lines"
        do {
            let document = try await store.billing.store(D.self).get(id, by: principal)
            let current = try await store.billing.lines(of: document).map {
                (
                    id: $0.id,
                    request: LineRequest(
                        productID: $0.productID, description: $0.description, quantity: $0.quantity, unitPrice: $0.unitPrice,
                        discount: $0.discount, taxRate: $0.taxRate, sourceLineID: $0.sourceLineID)
                )
            }
            let next = try change(current, form, document["currency"]?.text ?? "")
            _ = try await store.billing.setLines(next, of: id, expecting: Int(form["version"] ?? ""), by: principal)
            return .seeOther(back, flash: done)
        } catch let error as RapportError {
            return .seeOther(back, flash: Self.words(error), kind: "error")
        }
    }

    // MARK: Steps

    private func step<D: SalesDocument & WebEntity>(
        _: D.Type, _ name: String, _ done: String, to group: RouterGroup<AppRequestContext>, goesTo: String? = nil,
        run: @escaping @Sendable (Record<D>.ID, Int?, Principal, [String: String]) async throws -> String
    ) {
        group.post(RouterPath("\(D.path)/:id/\(name)")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<D>.ID.init) else {
                throw RapportError.notFound(entity: D.name, id: context.parameters.get("id") ?? "")
            }
            var request = request
            let form = try await request.form(limit: 1 << 16)
            do {
                let target = try await run(id, Int(form["version"] ?? ""), principal, form)
                return .seeOther("\(goesTo ?? D.path)/\(target)", flash: done)
            } catch let error as RapportError {
                return .seeOther("\(D.path)/\(id)", flash: Self.words(error), kind: "error")
            }
        }
    }

    /// An error as one sentence for a message: the fields and what is wrong, or the conflict.
    static func words(_ error: RapportError) -> String {
        switch error {
        case .invalid(let issues):
            issues.map { "\(FieldWords.name($0.field)): \($0.reason)" }.joined(separator: "; ")
        case .conflict(let message), .forbidden(let message): message
        case .staleVersion: "Someone changed this meanwhile; here it is as it is now. Try again."
        default: "\(error)"
        }
    }

    // MARK: Print

    private func printPage<D: SalesDocument & WebEntity>(_: D.Type, to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath("\(D.path)/:id/print")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<D>.ID.init) else {
                throw RapportError.notFound(entity: D.name, id: context.parameters.get("id") ?? "")
            }
            let document = try await store.billing.store(D.self).get(id, by: principal)
            let view = try await DocumentPrint.load(document, store: store, principal: principal)
            return pages.render("document-print", title: document.title, content: DocumentPrintContent(doc: view), context: context, request: request)
        }
    }

    // MARK: Unbilled orders

    func unbilled(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let rows = try await store.billing.unbilledOrders(by: principal)
        let view = UnbilledView(
            rows: rows.map { row in
                UnbilledRowView(
                    title: row.order.title, href: "/orders/\(row.order.id)", customer: row.customer ?? "—",
                    status: ChoiceLabel.text(row.order["status"]?.text ?? ""), ordered: row.order["order_date"]?.display ?? "—",
                    total: row.order["total"]?.display ?? "—", unbilled: row.unbilled.description)
            })
        return pages.render("billing-unbilled", title: "Unbilled orders", content: UnbilledContent(unbilled: view), context: context, request: request)
    }

    // MARK: Settings

    func settingsPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins change billing settings.") }
        let settings = try await store.billing.settings(in: principal.workspaceID)
        return pages.render(
            "settings-billing", title: "Billing", content: BillingSettingsContent(billing: BillingSettingsView(settings)), context: context,
            request: request)
    }

    func saveSettings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        do {
            var texts: [String: String] = [:]
            for taxClass in Product.taxClasses { if let text = form["tax_\(taxClass)"] { texts[taxClass] = text } }
            func days(_ name: String) throws -> Int? {
                guard let text = form[name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
                guard let value = Int(text) else { throw RapportError.invalid(field: name, reason: "must be a whole number of days") }
                return value
            }
            _ = try await store.billing.updateSettings(
                taxRates: try TaxRates.read(texts), quoteValidDays: try days("quote_valid_days"), invoiceDueDays: try days("invoice_due_days"),
                by: principal)
            return .seeOther("/settings/billing", flash: "Billing settings saved.")
        } catch let error as RapportError where !error.fieldIssues.isEmpty {
            return .seeOther("/settings/billing", flash: Self.words(error), kind: "error")
        }
    }
}

/// Field names as words for messages: `lines[2].unit_price` → `Line 3 unit price`.
enum FieldWords {
    static func name(_ field: String) -> String {
        var text = field
        if field.hasPrefix("lines["), let close = field.firstIndex(of: "]"),
            let index = Int(field[field.index(field.startIndex, offsetBy: 6)..<close])
        {
            text = "Line \(index + 1)" + field[close...].dropFirst().replacingOccurrences(of: ".", with: " ")
        }
        let words = text.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "tax rates.", with: "tax rate ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
