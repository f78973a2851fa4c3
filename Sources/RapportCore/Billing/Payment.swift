import Foundation

/// Money received against an invoice. Payments are kept for good: a mistaken one is reversed by
/// a negative payment (a refund), which is recorded the same way.
public struct Payment: Sendable, Equatable {
    public static let methods = ["bank_transfer", "card", "cash", "cheque", "direct_debit", "other"]

    public var id: UUID
    public var invoiceID: UUID
    public var amount: Money
    public var receivedOn: LocalDate
    public var method: String
    public var reference: String
    public var recordedBy: UUID?
    public var recordedAt: Timestamp

    public init(
        id: UUID, invoiceID: UUID, amount: Money, receivedOn: LocalDate, method: String, reference: String, recordedBy: UUID?,
        recordedAt: Timestamp
    ) {
        self.id = id
        self.invoiceID = invoiceID
        self.amount = amount
        self.receivedOn = receivedOn
        self.method = method
        self.reference = reference
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.lowercasedText), "invoice_id": .string(invoiceID.lowercasedText), "amount": FieldValue.money(amount).json,
                "received_on": .string(receivedOn.description), "method": .string(method), "reference": .string(reference),
                "recorded_by": recordedBy.map { .string($0.lowercasedText) } ?? .null, "recorded_at": .string(recordedAt.iso8601),
            ]))
    }
}
