import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The lines and steps of quotes, orders and invoices over the API (their fields, lists and
/// history are `RecordsAPI`'s): `GET|PUT /api/v1/quotes/{id}/lines`, `POST …/{id}/send` and the
/// other steps, payments, and the billing settings.
struct DocumentsAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        addLines(Quote.self, to: group)
        addLines(SalesOrder.self, to: group)
        addLines(Invoice.self, to: group)
        step(Quote.self, "send", to: group) { id, version, p in try await store.billing.send(id, expecting: version, by: p) }
        step(Quote.self, "reject", to: group) { id, version, p in try await store.billing.reject(id, expecting: version, by: p) }
        step(Quote.self, "revise", to: group, created: true) { id, version, p in try await store.billing.revise(id, expecting: version, by: p) }
        group.post("/api/v1/quotes/:id/accept") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let (id, version, _) = try await Self.stepInput(Quote.self, request, context, limit: maxBodyBytes)
            let (quote, order) = try await store.billing.accept(id, expecting: version, by: principal)
            var object = try await Self.documentJSON(quote, store: store)
            object["order"] = .object(try await Self.documentJSON(order, store: store))
            return .json(.object(object))
        }
        step(SalesOrder.self, "confirm", to: group) { id, version, p in try await store.billing.confirm(id, expecting: version, by: p) }
        step(SalesOrder.self, "fulfil", to: group) { id, version, p in try await store.billing.fulfil(id, expecting: version, by: p) }
        step(SalesOrder.self, "cancel", to: group) { id, version, p in try await store.billing.cancel(id, expecting: version, by: p) }
        group.post("/api/v1/orders/:id/invoices") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let (id, version, object) = try await Self.stepInput(SalesOrder.self, request, context, limit: maxBodyBytes)
            let quantities = try Self.quantities(object["lines"])
            let invoice = try await store.billing.invoice(id, quantities: quantities, expecting: version, by: principal)
            return .json(
                .object(try await Self.documentJSON(invoice, store: store)), status: .created,
                headers: [.location: "/api/v1/invoices/\(invoice.id)"])
        }
        step(Invoice.self, "issue", to: group) { id, version, p in try await store.billing.issue(id, expecting: version, by: p) }
        step(Invoice.self, "void", to: group) { id, version, p in try await store.billing.void(id, expecting: version, by: p) }
        group.get("/api/v1/invoices/:id/payments") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let invoice = try await store.billing.invoices.get(try Self.id(Invoice.self, context), by: principal)
            let payments = try await store.billing.payments(of: invoice)
            return .json(.object(JSONObject(["data": .array(payments.map(\.json))])))
        }
        group.post("/api/v1/invoices/:id/payments") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let (id, version, object) = try await Self.stepInput(Invoice.self, request, context, limit: maxBodyBytes)
            let payment = try Self.payment(object)
            let current = try await store.billing.invoices.get(id, by: principal)
            let amount = try Self.amount(object["amount"], currency: current["currency"]?.text ?? "")
            let (invoice, recorded) = try await store.billing.recordPayment(
                on: id, amount: amount, receivedOn: payment.date, method: payment.method, reference: payment.reference,
                expecting: version, by: principal)
            var body = try await Self.documentJSON(invoice, store: store)
            body["payment"] = recorded.json
            return .json(.object(body), status: .created)
        }
        group.get("/api/v1/billing/settings") { _, context -> Response in
            let principal = try context.requirePrincipal()
            return .json(try await store.billing.settings(in: principal.workspaceID).json)
        }
        group.patch("/api/v1/billing/settings") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            let input = try BillingSettingsInput.read(object)
            return .json(
                try await store.billing.updateSettings(
                    taxRates: input.taxRates, quoteValidDays: input.quoteValidDays, invoiceDueDays: input.invoiceDueDays, by: principal
                ).json)
        }
    }

    private func addLines<D: SalesDocument>(_: D.Type, to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath("/api/v1/\(D.table)/:id/lines")) { _, context -> Response in
            let principal = try context.requirePrincipal()
            let document = try await store.billing.store(D.self).get(try Self.id(D.self, context), by: principal)
            return .json(.object(try await Self.documentJSON(document, store: store)))
        }
        group.put(RouterPath("/api/v1/\(D.table)/:id/lines")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            let id = try Self.id(D.self, context)
            let version = try RecordsAPI<Account>.requiredVersion(request, object, noun: D.name)
            for key in object.keys where key != "lines" && key != "version" {
                throw RapportError.invalid(field: key, reason: "is not accepted here: send lines and version")
            }
            let current = try await store.billing.store(D.self).get(id, by: principal)
            let currency = current["currency"]?.text ?? ""
            let lines = try LineRequest.read(object["lines"], currency: currency)
            let document = try await store.billing.setLines(lines, of: id, expecting: version, by: principal)
            return .json(.object(try await Self.documentJSON(document, store: store)), headers: [.eTag: "\"\(document.version)\""])
        }
    }

    private func step<D: SalesDocument>(
        _: D.Type, _ name: String, to group: RouterGroup<AppRequestContext>, created: Bool = false,
        run: @escaping @Sendable (Record<D>.ID, Int?, Principal) async throws -> Record<D>
    ) {
        let limit = maxBodyBytes
        group.post(RouterPath("/api/v1/\(D.table)/:id/\(name)")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            let (id, version, _) = try await Self.stepInput(D.self, request, context, limit: limit)
            let document = try await run(id, version, principal)
            return .json(
                .object(try await Self.documentJSON(document, store: store)), status: created ? .created : .ok,
                headers: created ? [.location: "/api/v1/\(D.table)/\(document.id)"] : [:])
        }
    }

    /// The document, its version (If-Match or body; optional for a step) and the rest of the body.
    static func stepInput<D: SalesDocument>(_: D.Type, _ request: Request, _ context: AppRequestContext, limit: Int) async throws
        -> (Record<D>.ID, Int?, JSONObject)
    {
        var request = request
        let hasBody = request.headers[.contentLength].map { $0 != "0" } ?? (request.headers[.transferEncoding] != nil)
        let object = hasBody ? try await request.jsonObject(limit: limit) : JSONObject()
        var version = try RecordsAPI<Account>.ifMatch(request)
        if object["version"] != nil { version = try RecordsAPI<Account>.requiredVersion(request, object, noun: D.name) }
        return (try id(D.self, context), version, object)
    }

    static func id<D: SalesDocument>(_: D.Type, _ context: AppRequestContext) throws(RapportError) -> Record<D>.ID {
        guard let raw = context.parameters.get("id"), let id = Record<D>.ID(raw) else {
            throw .notFound(entity: D.name, id: context.parameters.get("id") ?? "")
        }
        return id
    }

    /// The record's JSON with its lines (and their amounts) and the tax per rate.
    static func documentJSON<D: SalesDocument>(_ document: Record<D>, store: Store) async throws -> JSONObject {
        let lines = try await store.billing.lines(of: document)
        let currency = document["currency"]?.text ?? ""
        let totals = try QuoteArithmetic.totals(lines.map(\.arithmetic))
        var object = document.json()
        object["lines"] = .array(zip(lines, totals.lines).map { $0.json(currency: currency, amounts: $1) })
        object["taxes"] = .array(
            totals.taxes.map { tax in
                .object(
                    JSONObject([
                        "rate": .string(tax.rate.description), "base": FieldValue.money(Money(minor: tax.base, currency: currency)).json,
                        "tax": FieldValue.money(Money(minor: tax.tax, currency: currency)).json,
                    ]))
            })
        return object
    }

    /// `lines: [{"line_id": …, "quantity": "2"}]` of an invoice request; nil bills what is left.
    static func quantities(_ value: JSONValue?) throws -> [UUID: Quantity]? {
        guard let value, value != .null else { return nil }
        guard case .array(let items) = value else { throw RapportError.invalid(field: "lines", reason: "must be a list of {line_id, quantity}") }
        var result: [UUID: Quantity] = [:]
        for (index, item) in items.enumerated() {
            guard case .object(let object) = item, let raw = object["line_id"]?.stringValue, let id = UUID(uuidString: raw) else {
                throw RapportError.invalid(field: "lines[\(index)].line_id", reason: "must be the ID of one of the order's lines")
            }
            result[id] = try Quantity.parse(LineRequest.decimalText(object["quantity"], default: "-"), field: "lines[\(index)].quantity")
        }
        return result
    }

    static func amount(_ value: JSONValue?, currency: String) throws -> Money {
        guard case .object(let money)? = value, case .int(let minor)? = money["amount_minor"] else {
            throw RapportError.invalid(field: "amount", reason: "is required: {\"amount_minor\": 1250, \"currency\": \"\(currency)\"}")
        }
        let code = money["currency"]?.stringValue ?? currency
        return Money(minor: minor, currency: code)
    }

    static func payment(_ object: JSONObject) throws -> (date: LocalDate?, method: String, reference: String) {
        var date: LocalDate?
        if let raw = object["received_on"], raw != .null {
            guard let text = raw.stringValue, let parsed = try? LocalDate(text) else {
                throw RapportError.invalid(field: "received_on", reason: "must be a date like 2026-12-07")
            }
            date = parsed
        }
        for key in object.keys where !["amount", "received_on", "method", "reference", "version"].contains(key) {
            throw RapportError.invalid(field: key, reason: "is not a payment field")
        }
        return (date, object["method"]?.stringValue ?? "bank_transfer", object["reference"]?.stringValue ?? "")
    }
}

/// The billing settings a request changes.
struct BillingSettingsInput {
    var taxRates: TaxRates?
    var quoteValidDays: Int?
    var invoiceDueDays: Int?

    static func read(_ object: JSONObject) throws -> BillingSettingsInput {
        var input = BillingSettingsInput()
        for key in object.keys where !["tax_rates", "quote_valid_days", "invoice_due_days"].contains(key) {
            throw RapportError.invalid(field: key, reason: "is not a billing setting")
        }
        if let raw = object["tax_rates"] {
            guard case .object(let rates) = raw else {
                throw RapportError.invalid(field: "tax_rates", reason: "must map tax classes to percentages, e.g. {\"standard\": \"20\"}")
            }
            var texts: [String: String] = [:]
            for (key, value) in rates { texts[key] = LineRequest.decimalText(value, default: "-") }
            input.taxRates = try TaxRates.read(texts)
        }
        for (key, path) in [("quote_valid_days", \BillingSettingsInput.quoteValidDays), ("invoice_due_days", \.invoiceDueDays)] {
            guard let raw = object[key] else { continue }
            guard case .int(let days) = raw, let value = Int(exactly: days) else {
                throw RapportError.invalid(field: key, reason: "must be a whole number of days")
            }
            input[keyPath: path] = value
        }
        return input
    }
}
