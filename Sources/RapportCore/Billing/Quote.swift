import Foundation

/// An offer to a customer: lines at prices from the price book, valid until a date. A sent quote
/// no longer changes; a new revision (same number, next revision) replaces it. An accepted quote
/// becomes an order.
public enum Quote: SalesDocument {
    public static let name = "quote"
    public static let table = "quotes"
    public static let kind = DocumentKind.quote
    public static let statuses = ["draft", "sent", "accepted", "rejected", "expired"]

    public static let fields: [FieldSpec] =
        DocumentFields.head(statuses: statuses)
        + [FieldSpec("revision", "Revision", .integer(1...999), readOnly: true)]
        + DocumentFields.customer
        + [
            FieldSpec("valid_until", "Valid until", .date, help: "30 days from today when empty."),
            FieldSpec("terms", "Terms", .longText(max: 10_000), help: "Payment and delivery terms printed on the quote."),
            FieldSpec("notes", "Internal notes", .longText(max: 10_000), help: "Not printed."),
        ]
        + DocumentFields.totals
        + [
            FieldSpec("sent_at", "Sent", .dateTime, readOnly: true),
            FieldSpec("decided_at", "Decided", .dateTime, readOnly: true),
            FieldSpec("previous_id", "Revises", .reference("quotes"), readOnly: true),
            FieldSpec("order_id", "Order", .reference("orders"), readOnly: true),
        ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        DocumentFields.finish(&values, issues: &issues)
    }

    public static func title(of values: FieldValues) -> String {
        let base = documentTitle(of: values)
        guard let revision = values["revision"]?.int, revision > 1, let number = values["number"]?.text else { return base }
        return base.replacingOccurrences(of: number, with: "\(number) rev. \(revision)")
    }
}

extension Quote {
    public static func deletionRefusal(_ values: FieldValues) -> String? {
        values["status"]?.text == "accepted" ? "An accepted quote stays with the order it became." : nil
    }
}
