import Foundation

/// How a lead becomes a customer: the account and contact it becomes (existing ones, matched
/// instead of duplicated, or new ones made from the lead), and whether a deal opens.
public struct ConversionPlan: Sendable, Equatable {
    /// An existing record to use, or a new one to make from the lead.
    public enum Target<E: Entity>: Sendable, Equatable {
        case existing(Record<E>.ID)
        case new
    }

    /// The deal to open with the conversion.
    public struct DealDraft: Sendable, Equatable {
        public var name: String
        public var amount: Money?
        public var closeDate: LocalDate?
        public var stageID: UUID?

        public init(name: String, amount: Money? = nil, closeDate: LocalDate? = nil, stageID: UUID? = nil) {
            self.name = name
            self.amount = amount
            self.closeDate = closeDate
            self.stageID = stageID
        }
    }

    /// nil: the person has no company to record (a consumer lead).
    public var account: Target<Account>?
    public var contact: Target<Contact>
    public var deal: DealDraft?
    /// Who owns what the conversion makes; the lead's owner when nil.
    public var ownerID: User.ID?
    /// New records are made even when they look like existing ones (the person saw the look-alikes).
    public var allowDuplicates: Bool
    /// IDs for the records the conversion makes, when the caller chooses them (deterministic demo
    /// data, a client that retries); new ones otherwise.
    public var newIDs: (account: UUID?, contact: UUID?, deal: UUID?) = (nil, nil, nil)

    public static func == (a: ConversionPlan, b: ConversionPlan) -> Bool {
        a.account == b.account && a.contact == b.contact && a.deal == b.deal && a.ownerID == b.ownerID
            && a.allowDuplicates == b.allowDuplicates && a.newIDs.account == b.newIDs.account
            && a.newIDs.contact == b.newIDs.contact && a.newIDs.deal == b.newIDs.deal
    }

    public init(
        account: Target<Account>?, contact: Target<Contact>, deal: DealDraft?, ownerID: User.ID? = nil, allowDuplicates: Bool = false
    ) {
        self.account = account
        self.contact = contact
        self.deal = deal
        self.ownerID = ownerID
        self.allowDuplicates = allowDuplicates
    }

    /// The account fields a lead brings to a new account.
    public static let accountFields: [(lead: String, account: String)] = [
        ("company", "name"), ("website", "website"), ("industry", "industry"), ("employees", "employees"), ("street", "street"),
        ("city", "city"), ("region", "region"), ("postal_code", "postal_code"), ("country", "country"),
    ]

    /// The contact fields a lead brings to a new contact.
    public static let contactFields = [
        "first_name", "last_name", "title", "emails", "phones", "email_opt_out", "street", "city", "region", "postal_code",
        "country", "tags", "description",
    ]
}
