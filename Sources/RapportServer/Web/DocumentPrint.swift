import Foundation
import RapportCore
import RapportStore

/// A quote, order or invoice as the customer reads it: the printable page.
enum DocumentPrint {
    static func load<D: SalesDocument>(_ document: Record<D>, store: Store, principal: Principal) async throws -> DocumentPrintView {
        let lines = try await store.billing.lines(of: document)
        let currency = document["currency"]?.text ?? ""
        let totals = try QuoteArithmetic.totals(lines.map(\.arithmetic))
        func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).formattedAmount }
        var customer: String?
        var address: String?
        if let id = document["account_id"]?.uuid, let account = try? await store.accounts.get(.init(id), by: principal) {
            customer = account.title
            let parts = ["street", "postal_code", "city", "country"].compactMap { account[$0]?.display }
            address = parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        var contact: String?
        if let id = document["contact_id"]?.uuid, let person = try? await store.contacts.get(.init(id), by: principal) {
            contact = person.title
            if customer == nil { customer = person.title; contact = nil }
        }
        var dates: [FactView] = []
        for (field, label) in [("issue_date", "Issued"), ("order_date", "Ordered"), ("valid_until", "Valid until"), ("due_date", "Due")] {
            if let value = document[field] { dates.append(FactView(label: label, value: value.display)) }
        }
        let workspace = try await store.directory.workspace(principal.workspaceID)?.name ?? ""
        return DocumentPrintView(
            workspace: workspace, kindTitle: D.name.capitalized, number: document["number"]?.text ?? "(draft)",
            revision: (document["revision"]?.int).flatMap { $0 > 1 ? String($0) : nil }, heading: document.title,
            status: ChoiceLabel.text(document["status"]?.text ?? D.initialStatus), dates: dates, customer: customer, contact: contact,
            address: address, title: document["name"]?.text ?? "",
            lines: zip(lines, totals.lines).map { line, amounts in
                DocumentLineView(
                    description: line.description, sku: line.sku, quantity: line.quantity.description, unitPrice: money(line.unitPrice),
                    discountRate: line.discount.millionths > 0 ? "\(line.discount)%" : nil, tax: "\(line.taxRate)%", net: money(amounts.net),
                    removeAction: nil)
            },
            subtotal: money(totals.subtotal),
            taxes: totals.taxes.map { TaxView(label: "Tax \($0.rate)% on \(money($0.base))", amount: money($0.tax)) },
            total: money(totals.total), paid: document["paid_total"]?.money.flatMap { $0.minor > 0 ? money($0.minor) : nil },
            balance: D.kind == .invoice ? document["balance"]?.money.map { money($0.minor) } : nil, terms: document["terms"]?.text,
            currency: currency, backHref: "/\(D.table)/\(document.id)")
    }
}

struct DocumentPrintContent { var doc: DocumentPrintView }

struct DocumentPrintView {
    var workspace: String
    var kindTitle: String
    var number: String
    var revision: String?
    var heading: String
    var status: String
    var dates: [FactView]
    var customer: String?
    var contact: String?
    var address: String?
    var title: String
    var lines: [DocumentLineView]
    var subtotal: String
    var taxes: [TaxView]
    var total: String
    var paid: String?
    var balance: String?
    var terms: String?
    var currency: String
    var backHref: String
}

struct UnbilledContent { var unbilled: UnbilledView }

struct UnbilledView { var rows: [UnbilledRowView] }

struct UnbilledRowView {
    var title: String
    var href: String
    var customer: String
    var status: String
    var ordered: String
    var total: String
    var unbilled: String
}

struct BillingSettingsContent { var billing: BillingSettingsView }

struct BillingSettingsView {
    var currency: String
    var rates: [RateFieldView]
    var quoteValidDays: Int
    var invoiceDueDays: Int

    init(_ settings: BillingSettings) {
        currency = settings.currency
        rates = Product.taxClasses.map {
            RateFieldView(name: $0, label: ChoiceLabel.text($0), value: settings.taxRates.rate(forClass: $0).description)
        }
        quoteValidDays = settings.quoteValidDays
        invoiceDueDays = settings.invoiceDueDays
    }
}

struct RateFieldView {
    var name: String
    var label: String
    var value: String
}
