import Foundation
import RapportCore

/// What quotes, orders and invoices share on pages: the customer column, the status badge, totals.
enum DocumentWeb {
    static func customer<D: SalesDocument>(_ r: Record<D>, _ l: Lookups) -> CellView {
        if let id = r["account_id"]?.uuid, let name = l.accounts[id] {
            return CellView(text: name, href: "/accounts/\(id.uuidString.lowercased())")
        }
        if let id = r["contact_id"]?.uuid, let name = l.names[id] {
            return CellView(text: name, href: "/contacts/\(id.uuidString.lowercased())")
        }
        return CellView(text: "—", muted: true)
    }

    static func status<D: SalesDocument>(_ r: Record<D>) -> CellView {
        CellView(text: ChoiceLabel.text(r["status"]?.text ?? D.initialStatus), badge: true)
    }

    static func money<D: SalesDocument>(_ r: Record<D>, _ field: String) -> CellView {
        CellView(text: r[field]?.display ?? "—", muted: r[field] == nil)
    }

    static func date<D: SalesDocument>(_ r: Record<D>, _ field: String) -> CellView {
        CellView(text: r[field]?.display ?? "—", muted: r[field] == nil)
    }

    static func facts<D: SalesDocument>(_ r: Record<D>, _ l: Lookups) -> [FactView] {
        var facts = [FactView(label: "Status", value: ChoiceLabel.text(r["status"]?.text ?? D.initialStatus))]
        if let total = r["total"] { facts.append(FactView(label: "Total", value: total.display)) }
        if let id = r["account_id"]?.uuid, let name = l.accounts[id] {
            facts.append(FactView(label: "Account", value: name, href: "/accounts/\(id.uuidString.lowercased())"))
        }
        if let id = r["contact_id"]?.uuid, let name = l.names[id] {
            facts.append(FactView(label: "Contact", value: name, href: "/contacts/\(id.uuidString.lowercased())"))
        }
        facts.append(FactView(label: "Owner", value: l.userName(r.ownerID)))
        return facts
    }
}

extension Quote: WebEntity {
    static let singular = "quote"
    static let plural = "Quotes"
    static let path = "/quotes"
    static let listFilters = ["status"]

    static let columns: [ListColumn<Quote>] = [
        ListColumn(label: "Quote", sort: .name) { r, _ in CellView(text: r.title, href: "/quotes/\(r.id)") },
        ListColumn(label: "Customer") { r, l in DocumentWeb.customer(r, l) },
        ListColumn(label: "Status") { r, _ in DocumentWeb.status(r) },
        ListColumn(label: "Valid until") { r, _ in DocumentWeb.date(r, "valid_until") },
        ListColumn(label: "Total", numeric: true) { r, _ in DocumentWeb.money(r, "total") },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Quote", ["name", "contact_id", "account_id", "deal_id", "currency", "valid_until"]),
        ("Terms and notes", ["terms", "notes"]),
    ]

    static func facts(_ r: Record<Quote>, _ l: Lookups) -> [FactView] {
        var facts = DocumentWeb.facts(r, l)
        if let until = r["valid_until"] { facts.insert(FactView(label: "Valid until", value: until.display), at: 2) }
        return facts
    }

    static func subheading(_ r: Record<Quote>, _ l: Lookups) -> String? {
        r["deal_id"]?.uuid.flatMap { l.names[$0] }.map { "For the deal \($0)" }
    }

    static func recordActions(_ record: Record<Quote>) -> [ActionLink] {
        [ActionLink(text: "Print", href: "/quotes/\(record.id)/print", icon: "print")]
    }
}

extension SalesOrder: WebEntity {
    static let singular = "order"
    static let plural = "Orders"
    static let path = "/orders"
    static let listFilters = ["status"]

    static let columns: [ListColumn<SalesOrder>] = [
        ListColumn(label: "Order", sort: .name) { r, _ in CellView(text: r.title, href: "/orders/\(r.id)") },
        ListColumn(label: "Customer") { r, l in DocumentWeb.customer(r, l) },
        ListColumn(label: "Status") { r, _ in DocumentWeb.status(r) },
        ListColumn(label: "Ordered") { r, _ in DocumentWeb.date(r, "order_date") },
        ListColumn(label: "Total", numeric: true) { r, _ in DocumentWeb.money(r, "total") },
        ListColumn(label: "Invoiced", numeric: true) { r, _ in DocumentWeb.money(r, "invoiced_total") },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
    ]

    static let formSections: [(String, [String])] = [
        ("Order", ["name", "contact_id", "account_id", "deal_id", "currency", "order_date"]),
        ("Notes", ["notes"]),
    ]

    static func facts(_ r: Record<SalesOrder>, _ l: Lookups) -> [FactView] {
        var facts = DocumentWeb.facts(r, l)
        if let invoiced = r["invoiced_total"] { facts.insert(FactView(label: "Invoiced", value: invoiced.display), at: 2) }
        return facts
    }

    static func subheading(_ r: Record<SalesOrder>, _ l: Lookups) -> String? {
        r["order_date"].map { "Ordered \($0.display)" }
    }

    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        [ActionLink(text: "Unbilled", href: "/billing/unbilled", icon: "list")]
    }

    static func recordActions(_ record: Record<SalesOrder>) -> [ActionLink] {
        [ActionLink(text: "Print", href: "/orders/\(record.id)/print", icon: "print")]
    }
}

extension Invoice: WebEntity {
    static let singular = "invoice"
    static let plural = "Invoices"
    static let path = "/invoices"
    static let listFilters = ["status"]

    static let columns: [ListColumn<Invoice>] = [
        ListColumn(label: "Invoice", sort: .name) { r, _ in CellView(text: r.title, href: "/invoices/\(r.id)") },
        ListColumn(label: "Customer") { r, l in DocumentWeb.customer(r, l) },
        ListColumn(label: "Status") { r, _ in DocumentWeb.status(r) },
        ListColumn(label: "Due") { r, _ in DocumentWeb.date(r, "due_date") },
        ListColumn(label: "Total", numeric: true) { r, _ in DocumentWeb.money(r, "total") },
        ListColumn(label: "Balance", numeric: true) { r, _ in DocumentWeb.money(r, "balance") },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
    ]

    static let formSections: [(String, [String])] = [
        ("Invoice", ["name", "contact_id", "account_id", "deal_id", "currency", "due_date"]),
        ("Terms and notes", ["terms", "notes"]),
    ]

    static func facts(_ r: Record<Invoice>, _ l: Lookups) -> [FactView] {
        var facts = DocumentWeb.facts(r, l)
        if let balance = r["balance"] { facts.insert(FactView(label: "Balance due", value: balance.display), at: 2) }
        if let due = r["due_date"] { facts.insert(FactView(label: "Due", value: due.display), at: 2) }
        return facts
    }

    static func subheading(_ r: Record<Invoice>, _ l: Lookups) -> String? {
        r["issue_date"].map { "Issued \($0.display)" }
    }

    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        [ActionLink(text: "Overdue", href: "/invoices?filter%5Bstatus%5D=overdue", icon: "list")]
    }

    static func recordActions(_ record: Record<Invoice>) -> [ActionLink] {
        [ActionLink(text: "Print", href: "/invoices/\(record.id)/print", icon: "print")]
    }
}
