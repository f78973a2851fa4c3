import Foundation

/// A company: a customer, prospect, partner, supplier, distributor or competitor.
public enum Account: Entity {
    public static let name = "account"
    public static let table = "accounts"

    /// The kinds of account, in the order forms offer them.
    public static let types = ["customer", "prospect", "partner", "supplier", "distributor", "competitor", "other"]

    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", .text(max: 200), required: true, searchable: true),
        FieldSpec("type", "Type", .choice(types), required: true, help: "How this company relates to you."),
        FieldSpec("industry", "Industry", .text(max: 100)),
        FieldSpec("website", "Website", .url, help: "Its domain is used to match contacts' email addresses."),
        FieldSpec("domain", "Domain", .text(max: 253), searchable: true),
        FieldSpec("phones", "Phones", .phones(max: 10), searchable: true),
        FieldSpec("emails", "Emails", .emails(max: 10), searchable: true),
        FieldSpec("street", "Street", .text(max: 200)),
        FieldSpec("city", "City", .text(max: 100), searchable: true),
        FieldSpec("region", "Region", .text(max: 100)),
        FieldSpec("postal_code", "Postal code", .text(max: 20)),
        FieldSpec("country", "Country", .country, help: "Two-letter ISO code, e.g. US, FR, DE."),
        FieldSpec("employees", "Employees", .integer(0...10_000_000)),
        FieldSpec("annual_revenue", "Annual revenue", .money),
        FieldSpec("parent_id", "Parent account", .reference("accounts"), help: "The group this company belongs to."),
        FieldSpec("description", "Description", .longText(max: 10_000)),
        FieldSpec("external_id", "External ID", .text(max: 100), help: "Its ID in the system it came from; an import can update it by this."),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["type"] == nil { values["type"] = .text("prospect") }
        // A new website brings its domain along, unless the same change names the domain itself.
        if changed.contains("website"), !changed.contains("domain") { values["domain"] = nil }
        if values["domain"] == nil, let site = values["website"]?.text, let domain = Input.domain(ofURL: site) {
            values["domain"] = .text(domain)
        }
        if let domain = values["domain"]?.text {
            let d = domain.lowercased()
            values["domain"] = .text(d.hasPrefix("www.") ? String(d.dropFirst(4)) : d)
        }
    }

    public static func title(of values: FieldValues) -> String { values["name"]?.text ?? "Unnamed account" }

    /// `allow_duplicate`: create it even though it looks like an existing account.
    public static let flags = ["allow_duplicate"]
}

/// A typed link between two accounts.
public enum AccountRelationKind: String, Sendable, CaseIterable, Codable {
    case partnerOf = "partner_of"
    case supplierTo = "supplier_to"
    case distributorFor = "distributor_for"
    case subsidiaryOf = "subsidiary_of"

    /// How the relation reads from its source account.
    public var label: String {
        switch self {
        case .partnerOf: "Partner of"
        case .supplierTo: "Supplier to"
        case .distributorFor: "Distributor for"
        case .subsidiaryOf: "Subsidiary of"
        }
    }

    /// How the relation reads from its target account.
    public var inverseLabel: String {
        switch self {
        case .partnerOf: "Partner of"
        case .supplierTo: "Supplied by"
        case .distributorFor: "Distributed by"
        case .subsidiaryOf: "Parent of"
        }
    }
}

/// `from` is `kind` of `to`: "Acme is supplier to Globex".
public struct AccountRelation: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<AccountRelation>
    public var id: ID
    public var from: Record<Account>.ID
    public var to: Record<Account>.ID
    public var kind: AccountRelationKind
    public var note: String?
    public var createdAt: Timestamp

    public init(
        id: ID, from: Record<Account>.ID, to: Record<Account>.ID, kind: AccountRelationKind, note: String?,
        createdAt: Timestamp
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.kind = kind
        self.note = note
        self.createdAt = createdAt
    }
}
