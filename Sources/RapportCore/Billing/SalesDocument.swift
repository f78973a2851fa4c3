import Foundation

/// The three documents of a sale: a quote the customer may accept, the order it becomes, and the
/// invoices that bill the order. They share their shape (a customer, a currency, lines, totals,
/// a number, a status) and one store; each kind has its own statuses and steps.
public enum DocumentKind: String, Sendable, CaseIterable {
    case quote, order, invoice

    /// The start of a document's number: `Q-00042`, `SO-00042`, `INV-00042`.
    public var prefix: String {
        switch self {
        case .quote: "Q"
        case .order: "SO"
        case .invoice: "INV"
        }
    }

    /// The number a counter value gives: at least five digits.
    public func number(_ value: Int64) -> String {
        let digits = String(value)
        return prefix + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}

/// An entity that is a sales document: its lines live in `document_lines`, its totals are set by
/// Rapport from them, and its status only moves through the store's steps.
public protocol SalesDocument: Entity {
    static var kind: DocumentKind { get }
    /// The status a new document starts in.
    static var initialStatus: String { get }
    /// Statuses in which lines and customer fields may change.
    static var editableStatuses: Set<String> { get }
}

extension SalesDocument {
    public static var editableStatuses: Set<String> { ["draft"] }
    public static var initialStatus: String { "draft" }

    public static func isEditable(_ values: FieldValues) -> Bool {
        editableStatuses.contains(values["status"]?.text ?? initialStatus)
    }

    /// `Q-00042 · Spectrometer upgrade`, or `Draft invoice · …` before an invoice is numbered.
    public static func documentTitle(of values: FieldValues) -> String {
        let number = values["number"]?.text ?? ""
        let name = values["name"]?.text ?? ""
        let head = number.isEmpty ? "Draft \(kind.rawValue)" : number
        return name.isEmpty ? head : "\(head) · \(name)"
    }
}

/// The fields every sales document has: set by Rapport from its lines and steps.
enum DocumentFields {
    static func head(statuses: [String]) -> [FieldSpec] {
        [
            FieldSpec("number", "Number", .text(max: 32), help: "Given by Rapport, in sequence.", searchable: true, readOnly: true),
            FieldSpec("name", "Title", .text(max: 200), required: true, help: "What is sold, as the customer will read it.", searchable: true),
            FieldSpec("status", "Status", .choice(statuses), readOnly: true),
        ]
    }

    static let customer: [FieldSpec] = [
        FieldSpec("account_id", "Account", .reference("accounts")),
        FieldSpec("contact_id", "Contact", .reference("contacts"), help: "Who receives it; the account follows the contact."),
        FieldSpec("deal_id", "Deal", .reference("deals")),
        FieldSpec(
            "currency", "Currency", .text(max: 3),
            help: "Three letters, e.g. EUR; the workspace's currency when empty. Prices come from the price book of this currency."),
    ]

    static let totals: [FieldSpec] = [
        FieldSpec("lines_summary", "Lines", .longText(max: 20_000), help: "What the lines hold, in words.", searchable: true, readOnly: true),
        FieldSpec("subtotal", "Subtotal", .money, help: "The lines after their discounts, before tax.", readOnly: true),
        FieldSpec("discount_total", "Discounts", .money, readOnly: true),
        FieldSpec("tax_total", "Tax", .money, readOnly: true),
        FieldSpec("total", "Total", .money, readOnly: true),
        FieldSpec("cost_total", "Cost", .money, help: "What the lines cost the company, from the products' unit costs.", readOnly: true),
    ]

    /// Checks shared by every document: a valid currency, in capitals.
    static func finish(_ values: inout FieldValues, issues: inout [FieldIssue]) {
        if let currency = values["currency"]?.text {
            let upper = currency.trimmingWhitespace().uppercased()
            if Money.isValidCurrency(upper) {
                values["currency"] = .text(upper)
            } else {
                issues.append(FieldIssue(field: "currency", reason: "must be a three-letter currency code like EUR"))
            }
        }
    }
}
