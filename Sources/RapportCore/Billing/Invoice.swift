/// A bill for (part of) an order. It is numbered when issued, in one sequence per workspace with
/// no number skipped or used twice; an issued invoice is never deleted, only voided.
public enum Invoice: SalesDocument {
    public static let name = "invoice"
    public static let table = "invoices"
    public static let kind = DocumentKind.invoice
    public static let statuses = ["draft", "issued", "partially_paid", "paid", "overdue", "void"]
    /// Statuses in which an invoice is owed money (payments may be recorded).
    public static let open: Set<String> = ["issued", "partially_paid", "overdue"]

    public static let fields: [FieldSpec] =
        DocumentFields.head(statuses: statuses) + DocumentFields.customer
        + [
            FieldSpec("due_date", "Due", .date, help: "30 days after issue when empty."),
            FieldSpec("terms", "Terms", .longText(max: 10_000), help: "Payment terms printed on the invoice."),
            FieldSpec("notes", "Internal notes", .longText(max: 10_000)),
        ]
        + DocumentFields.totals
        + [
            FieldSpec("paid_total", "Paid", .money, readOnly: true),
            FieldSpec("balance", "Balance due", .money, readOnly: true),
            FieldSpec("issue_date", "Issued on", .date, readOnly: true),
            FieldSpec("order_id", "Order", .reference("orders"), readOnly: true),
            FieldSpec("paid_at", "Paid in full", .dateTime, readOnly: true),
        ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        DocumentFields.finish(&values, issues: &issues)
    }

    public static func title(of values: FieldValues) -> String { documentTitle(of: values) }
}

extension Invoice {
    public static func deletionRefusal(_ values: FieldValues) -> String? {
        (values["number"]?.text ?? "").isEmpty ? nil : "An issued invoice is never deleted, so that no number goes missing; void it instead."
    }
}
