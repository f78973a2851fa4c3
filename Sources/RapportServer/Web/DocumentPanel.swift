import Foundation
import RapportCore
import RapportStore

/// The lines, totals, steps and payments of a quote, order or invoice, on its record page.
enum DocumentPanel {
    static func load<D: SalesDocument>(_ document: Record<D>, store: Store, principal: Principal) async throws -> DocumentPanelView {
        let lines = try await store.billing.lines(of: document)
        let currency = document["currency"]?.text ?? ""
        let totals = try QuoteArithmetic.totals(lines.map(\.arithmetic))
        let status = document["status"]?.text ?? D.initialStatus
        let editable = D.isEditable(document.values) && document.deletedAt == nil && principal.canWrite
        let base = "/\(D.table)/\(document.id)"
        func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).description }
        var view = DocumentPanelView(
            kind: D.name, version: document.version, editable: editable,
            lines: zip(lines, totals.lines).map { line, amounts in
                DocumentLineView(
                    description: line.description, sku: line.sku, quantity: line.quantity.description, unitPrice: money(line.unitPrice),
                    discountRate: line.discount.millionths > 0 ? "\(line.discount)%" : nil, tax: "\(line.taxRate)%", net: money(amounts.net),
                    removeAction: editable ? "\(base)/lines/\(line.id.lowercasedText)/remove" : nil)
            },
            hasLines: !lines.isEmpty, subtotal: money(totals.subtotal), discount: totals.discount > 0 ? money(totals.discount) : nil,
            taxes: totals.taxes.map { TaxView(label: "Tax \($0.rate)% on \(money($0.base))", amount: money($0.tax)) },
            total: money(totals.total), margin: nil, addAction: "\(base)/lines/add", products: [], steps: [], links: [], payments: [],
            paymentAction: nil, methods: [], balance: nil, today: "")
        if let cost = document["cost_total"]?.money, totals.subtotal > 0 {
            let tenths = QuoteArithmetic.tenths(totals.subtotal - cost.minor, of: totals.subtotal, scale: 1000)
            view.margin = "\(money(totals.subtotal - cost.minor)) (\(tenths < 0 ? "-" : "")\(QuoteArithmetic.tenthsText(tenths))%)"
        }
        if editable {
            let catalog = try await store.products.list(ListQuery(limit: 500), by: principal)
            view.products = catalog.items.filter { $0["active"]?.bool != false }.map {
                OptionView(value: $0.id.description, label: $0.title, selected: false)
            }
            if D.kind == .quote {
                let configurable = Set(try await store.configurators.configurableProducts(in: principal.workspaceID))
                view.configure = catalog.items.filter { configurable.contains($0.id.uuid) && $0["active"]?.bool != false }.map {
                    LinkView(text: "Configure \($0["name"]?.text ?? $0.title)…", href: "/products/\($0.id)/configurator?quote=\(document.id)")
                }
            }
        }
        guard principal.canWrite, document.deletedAt == nil else { return view }
        func step(_ label: String, _ name: String, primary: Bool = false, confirm: String? = nil) -> StepView {
            StepView(label: label, action: "\(base)/\(name)", primary: primary, confirm: confirm)
        }
        switch D.kind {
        case .quote:
            if status == "draft" { view.steps.append(step("Mark as sent", "send", primary: true)) }
            if status == "sent" {
                view.steps.append(step("Accepted", "accept", primary: true, confirm: "Record that the customer accepted? An order is made from it."))
                view.steps.append(step("Rejected", "reject", confirm: "Record that the customer said no?"))
            }
            if ["sent", "rejected", "expired"].contains(status) { view.steps.append(step("Revise", "revise")) }
            if let order = document["order_id"]?.uuid { view.links.append(LinkView(text: "Its order", href: "/orders/\(order.lowercasedText)")) }
            if let previous = document["previous_id"]?.uuid {
                view.links.append(LinkView(text: "Previous revision", href: "/quotes/\(previous.lowercasedText)"))
            }
        case .order:
            if status == "draft" { view.steps.append(step("Confirm order", "confirm", primary: true)) }
            if let order = document as? Record<SalesOrder>, SalesOrder.purchased.contains(status) {
                let open = try await store.billing.unbilled(order).contains { $0.remaining.thousandths > 0 }
                if open { view.steps.append(step("Create invoice", "invoice", primary: status == "fulfilled")) }
            }
            if status == "confirmed" { view.steps.append(step("Mark fulfilled", "fulfil", primary: true)) }
            if ["draft", "confirmed"].contains(status) { view.steps.append(step("Cancel order", "cancel", confirm: "Cancel this order?")) }
            if let quote = document["quote_id"]?.uuid { view.links.append(LinkView(text: "From quote", href: "/quotes/\(quote.lowercasedText)")) }
            let invoices = try await store.billing.invoices.list(ListQuery(filters: ["order_id": document.id.description], limit: 50), by: principal)
            for invoice in invoices.items {
                view.links.append(
                    LinkView(text: "\(invoice.title) (\(ChoiceLabel.text(invoice["status"]?.text ?? "").lowercased()))", href: "/invoices/\(invoice.id)"))
            }
        case .invoice:
            if status == "draft" {
                view.steps.append(
                    step("Issue invoice", "issue", primary: true, confirm: "Issue this invoice? It takes the next number and no longer changes."))
            }
            if let invoice = document as? Record<Invoice> {
                view.payments = try await store.billing.payments(of: invoice).map {
                    PaymentView(
                        date: $0.receivedOn.description, amount: $0.amount.description, method: ChoiceLabel.text($0.method), reference: $0.reference)
                }
            }
            if Invoice.open.contains(status) {
                view.paymentAction = "\(base)/payments"
                view.balance = document["balance"]?.money?.formattedAmount
                view.methods = Payment.methods.map { OptionView(value: $0, label: ChoiceLabel.text($0), selected: $0 == "bank_transfer") }
                view.today = try await store.billing.settings(in: principal.workspaceID).today.description
                if (document["paid_total"]?.money?.minor ?? 0) == 0 {
                    view.steps.append(step("Void", "void", confirm: "Void this invoice? Its number stays used and it no longer counts."))
                }
            }
            if let order = document["order_id"]?.uuid { view.links.append(LinkView(text: "Its order", href: "/orders/\(order.lowercasedText)")) }
        }
        return view
    }
}

struct DocumentPanelView {
    var kind: String
    var version: Int
    var editable: Bool
    var lines: [DocumentLineView]
    var hasLines: Bool
    var subtotal: String
    var discount: String?
    var taxes: [TaxView]
    var total: String
    var margin: String?
    var addAction: String
    var products: [OptionView]
    /// Configurable products, to configure into this quote.
    var configure: [LinkView] = []
    var steps: [StepView]
    var links: [LinkView]
    var payments: [PaymentView]
    var paymentAction: String?
    var methods: [OptionView]
    var balance: String?
    var today: String
}

struct DocumentLineView {
    var description: String
    var sku: String
    var quantity: String
    var unitPrice: String
    var discountRate: String?
    var tax: String
    var net: String
    var removeAction: String?
}

struct TaxView {
    var label: String
    var amount: String
}

struct StepView {
    var label: String
    var action: String
    var primary: Bool
    var confirm: String?
}

struct PaymentView {
    var date: String
    var amount: String
    var method: String
    var reference: String
}

/// The quotes, orders and invoices of a deal, an account or a contact, newest first, on its page.
enum DocumentsRelated {
    static func load<E: Entity>(for record: Record<E>, store: Store, principal: Principal) async throws -> RelatedView {
        let field = E.self == Deal.self ? "deal_id" : E.self == Account.self ? "account_id" : "contact_id"
        let filter = [field: record.id.description]
        let query = ListQuery(filters: filter, sort: .updatedAt, descending: true, limit: 10)
        var items: [(Timestamp, RelatedItemView)] = []
        func add<D: SalesDocument>(_ page: Page<Record<D>>) {
            for document in page.items {
                let status = ChoiceLabel.text(document["status"]?.text ?? D.initialStatus)
                let total = document["total"]?.display ?? "no lines yet"
                items.append(
                    (document.updatedAt, RelatedItemView(title: document.title, subtitle: "\(D.name.capitalized) · \(status) · \(total)", href: "/\(D.table)/\(document.id)")))
            }
        }
        add(try await store.billing.quotes.list(query, by: principal))
        add(try await store.billing.orders.list(query, by: principal))
        add(try await store.billing.invoices.list(query, by: principal))
        return RelatedView(
            title: "Quotes, orders and invoices", items: items.sorted { $0.0 > $1.0 }.prefix(15).map(\.1),
            emptyText: "None yet.", addHref: principal.canWrite ? "/quotes/new?\(field)=\(record.id)" : nil, addLabel: "New quote")
    }
}
