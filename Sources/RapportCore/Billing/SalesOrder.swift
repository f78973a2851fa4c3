/// What a customer ordered: from an accepted quote or entered directly. A confirmed order is a
/// purchase (purchase history and revenue count it); it is billed by one or more invoices.
public enum SalesOrder: SalesDocument {
    public static let name = "order"
    public static let table = "orders"
    public static let kind = DocumentKind.order
    public static let statuses = ["draft", "confirmed", "fulfilled", "cancelled"]
    /// Statuses in which an order is a purchase.
    public static let purchased: Set<String> = ["confirmed", "fulfilled"]

    public static let fields: [FieldSpec] =
        DocumentFields.head(statuses: statuses) + DocumentFields.customer
        + [
            FieldSpec("order_date", "Order date", .date, help: "Today when empty."),
            FieldSpec("notes", "Internal notes", .longText(max: 10_000)),
        ]
        + DocumentFields.totals
        + [
            FieldSpec("invoiced_total", "Invoiced", .money, help: "The total of its issued invoices.", readOnly: true),
            FieldSpec("quote_id", "From quote", .reference("quotes"), readOnly: true),
            FieldSpec("confirmed_at", "Confirmed", .dateTime, readOnly: true),
            FieldSpec("fulfilled_at", "Fulfilled", .dateTime, readOnly: true),
        ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        DocumentFields.finish(&values, issues: &issues)
    }

    public static func title(of values: FieldValues) -> String { documentTitle(of: values) }
}

extension SalesOrder {
    public static func deletionRefusal(_ values: FieldValues) -> String? {
        (values["status"]?.text ?? "draft") == "draft" ? nil : "Only draft orders are deleted; cancel this one instead."
    }
}
