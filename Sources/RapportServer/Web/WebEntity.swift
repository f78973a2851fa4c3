import Foundation
import RapportCore

/// How an entity appears in the web UI: its names, list columns, filters and form layout.
protocol WebEntity: Entity {
    static var singular: String { get }
    static var plural: String { get }
    static var path: String { get }
    static var columns: [ListColumn<Self>] { get }
    /// Form sections: a title and the field names in it.
    static var formSections: [(String, [String])] { get }
    /// Choice filters offered above the list (field names).
    static var listFilters: [String] { get }
    /// Key facts shown in a record's header.
    static func facts(_ record: Record<Self>, _ lookups: Lookups) -> [FactView]
    static func subheading(_ record: Record<Self>, _ lookups: Lookups) -> String?
}

/// One column of a list.
struct ListColumn<E: Entity>: Sendable {
    var label: String
    var sort: SortField?
    var numeric = false
    var cell: @Sendable (Record<E>, Lookups) -> CellView
}

/// Names of users, teams and accounts needed to render a page, fetched once per request.
struct Lookups: Sendable {
    var users: [User.ID: User] = [:]
    var teams: [Team.ID: Team] = [:]
    var accounts: [UUID: String] = [:]

    func userName(_ id: User.ID?) -> String { id.flatMap { users[$0]?.name } ?? "—" }
    func teamName(_ id: Team.ID?) -> String { id.flatMap { teams[$0]?.name } ?? "—" }
}

extension Account: WebEntity {
    static let singular = "account"
    static let plural = "Accounts"
    static let path = "/accounts"
    static let listFilters = ["type"]

    static let columns: [ListColumn<Account>] = [
        ListColumn(label: "Name", sort: .name) { r, _ in CellView(text: r.title, href: "/accounts/\(r.id)") },
        ListColumn(label: "Type") { r, _ in CellView(text: r["type"]?.text?.capitalized ?? "", badge: true) },
        ListColumn(label: "Industry") { r, _ in CellView(text: r["industry"]?.text ?? "—", muted: r["industry"] == nil) },
        ListColumn(label: "City") { r, _ in
            let place = [r["city"]?.text, r["country"]?.text].compactMap { $0 }.joined(separator: ", ")
            return CellView(text: place.isEmpty ? "—" : place, muted: place.isEmpty)
        },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Company", ["name", "type", "industry", "website", "domain", "parent_id", "employees", "annual_revenue"]),
        ("Contact details", ["phones", "emails"]),
        ("Address", ["street", "city", "region", "postal_code", "country"]),
        ("About", ["description"]),
    ]

    static func facts(_ r: Record<Account>, _ l: Lookups) -> [FactView] {
        var facts = [
            FactView(label: "Type", value: r["type"]?.text?.capitalized ?? "—"),
            FactView(label: "Owner", value: l.userName(r.ownerID)),
            FactView(label: "Team", value: l.teamName(r.teamID)),
        ]
        if let revenue = r["annual_revenue"] { facts.append(FactView(label: "Annual revenue", value: revenue.display)) }
        if let site = r["website"]?.text { facts.append(FactView(label: "Website", value: r["domain"]?.text ?? site, href: site)) }
        return facts
    }

    static func subheading(_ r: Record<Account>, _ l: Lookups) -> String? {
        let parts = [r["industry"]?.text, r["city"]?.text, r["country"]?.text].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}

extension Contact: WebEntity {
    static let singular = "contact"
    static let plural = "Contacts"
    static let path = "/contacts"
    static let listFilters: [String] = []

    static let columns: [ListColumn<Contact>] = [
        ListColumn(label: "Name", sort: .name) { r, _ in CellView(text: r.title, href: "/contacts/\(r.id)") },
        ListColumn(label: "Title") { r, _ in CellView(text: r["title"]?.text ?? "—", muted: r["title"] == nil) },
        ListColumn(label: "Account") { r, l in
            guard let id = r["account_id"]?.uuid else { return CellView(text: "—", muted: true) }
            return CellView(text: l.accounts[id] ?? "—", href: "/accounts/\(id.uuidString.lowercased())")
        },
        ListColumn(label: "Email") { r, _ in
            guard let email = r["emails"]?.emails.first?.address.value else { return CellView(text: "—", muted: true) }
            return CellView(text: email, href: "mailto:" + email)
        },
        ListColumn(label: "Phone") { r, _ in
            guard let phone = r["phones"]?.phones.first?.number else { return CellView(text: "—", muted: true) }
            return CellView(text: phone.e164, href: "tel:" + phone.e164)
        },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Person", ["prefix", "first_name", "middle_name", "last_name", "suffix", "title", "account_id"]),
        ("Reaching them", ["emails", "phones", "email_opt_out", "time_zone", "birthday"]),
        ("Address", ["street", "city", "region", "postal_code", "country"]),
        ("More", ["tags", "description"]),
    ]

    static func facts(_ r: Record<Contact>, _ l: Lookups) -> [FactView] {
        var facts: [FactView] = []
        if let id = r["account_id"]?.uuid {
            facts.append(FactView(label: "Account", value: l.accounts[id] ?? "—", href: "/accounts/\(id.uuidString.lowercased())"))
        }
        facts.append(FactView(label: "Owner", value: l.userName(r.ownerID)))
        if let email = r["emails"]?.emails.first?.address.value {
            facts.append(FactView(label: "Email", value: email, href: "mailto:" + email))
        }
        if let phone = r["phones"]?.phones.first?.number.e164 {
            facts.append(FactView(label: "Phone", value: phone, href: "tel:" + phone))
        }
        if r["email_opt_out"] == .bool(true) { facts.append(FactView(label: "Email", value: "Opted out")) }
        return facts
    }

    static func subheading(_ r: Record<Contact>, _ l: Lookups) -> String? {
        let account = r["account_id"]?.uuid.flatMap { l.accounts[$0] }
        let parts = [r["title"]?.text, account].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " at ")
    }
}

/// Dates and times as people read them.
enum DateText {
    static func short(_ t: Timestamp) -> String {
        let seconds = Date().timeIntervalSince(t.date)
        if seconds < 60 { return "just now" }
        if seconds < 3600 { return "\(Int(seconds / 60)) min ago" }
        if seconds < 86400 { return "\(Int(seconds / 3600)) h ago" }
        if seconds < 7 * 86400 { return "\(Int(seconds / 86400)) d ago" }
        return String(t.iso8601.prefix(10))
    }
}
