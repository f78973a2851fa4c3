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
    /// Buttons beside “New” on the list (exports, imports); none unless the entity has some.
    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink]
    /// Buttons beside “Edit” on a record page.
    static func recordActions(_ record: Record<Self>) -> [ActionLink]
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
    /// Titles of other referenced records (contacts, activities) and names of purposes, by ID.
    var names: [UUID: String] = [:]
    /// The reader's time zone, for times on the page.
    var zone: TimeZone = .gmt

    func userName(_ id: User.ID?) -> String { id.flatMap { users[$0]?.name } ?? "—" }
    func name(_ id: UUID) -> String? { accounts[id] ?? names[id] }
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
    /// "Mon 23 Nov 2026, 14:30" in a zone.
    static func full(_ t: Timestamp, in zone: TimeZone) -> String {
        let local = t.localInput(in: zone)
        guard let date = try? LocalDate(String(local.prefix(10))) else { return local }
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((date.daysSinceEpoch % 7) + 7) % 7]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.month - 1]
        return "\(weekday) \(date.day) \(month) \(date.year), \(local.suffix(5))"
    }

    /// "8 Sep 2026" for a calendar date.
    static func dayOf(_ date: LocalDate) -> String {
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.month - 1]
        return "\(date.day) \(month) \(date.year)"
    }

    /// "8 Sep 2026" in a zone.
    static func day(_ t: Timestamp, in zone: TimeZone) -> String {
        guard let date = LocalDate.of(t, in: zone) else { return String(t.iso8601.prefix(10)) }
        return dayOf(date)
    }

    /// "14:30" today, "Tomorrow 09:00", or the full form.
    static func near(_ t: Timestamp, in zone: TimeZone, now: Timestamp = .now()) -> String {
        let day = String(t.localInput(in: zone).prefix(10))
        let today = String(now.localInput(in: zone).prefix(10))
        let tomorrow = String(now.adding(seconds: 86_400).localInput(in: zone).prefix(10))
        let yesterday = String(now.adding(seconds: -86_400).localInput(in: zone).prefix(10))
        let time = String(t.localInput(in: zone).suffix(5))
        switch day {
        case today: return "Today \(time)"
        case tomorrow: return "Tomorrow \(time)"
        case yesterday: return "Yesterday \(time)"
        default: return full(t, in: zone)
        }
    }

    static func short(_ t: Timestamp) -> String {
        let seconds = Date().timeIntervalSince(t.date)
        if seconds < 60 { return "just now" }
        if seconds < 3600 { return "\(Int(seconds / 60)) min ago" }
        if seconds < 86400 { return "\(Int(seconds / 3600)) h ago" }
        if seconds < 7 * 86400 { return "\(Int(seconds / 86400)) d ago" }
        return String(t.iso8601.prefix(10))
    }
}

extension Activity: WebEntity {
    static let singular = "activity"
    static let plural = "Activities"
    static let path = "/activities"
    static let listFilters = ["kind", "direction", "status"]

    static let columns: [ListColumn<Activity>] = [
        ListColumn(label: "When", sort: .createdAt) { r, l in
            CellView(text: r["occurred_at"]?.time.map { DateText.near($0, in: l.zone) } ?? "—", muted: true)
        },
        ListColumn(label: "Activity", sort: .name) { r, _ in CellView(text: r.title, href: "/activities/\(r.id)") },
        ListColumn(label: "Kind") { r, _ in CellView(text: kindLabel(r), badge: true) },
        ListColumn(label: "Purpose") { r, l in CellView(text: r["purpose_id"]?.uuid.flatMap { l.names[$0] } ?? "—", muted: r["purpose_id"] == nil) },
        ListColumn(label: "With") { r, l in
            if let id = r["contact_id"]?.uuid { return CellView(text: l.name(id) ?? "—", href: "/contacts/\(id.uuidString.lowercased())") }
            if let id = r["account_id"]?.uuid { return CellView(text: l.name(id) ?? "—", href: "/accounts/\(id.uuidString.lowercased())") }
            return CellView(text: "—", muted: true)
        },
        ListColumn(label: "By") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Team") { r, l in CellView(text: l.teamName(r.teamID), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("What happened", ["kind", "direction", "subject", "purpose_id", "occurred_at", "ends_at", "duration_minutes", "status", "call_result", "location"]),
        ("With", ["contact_id", "account_id", "lead_id", "deal_id", "attendee_contact_ids", "attendee_user_ids"]),
        ("Outcome", ["outcome", "body"]),
    ]

    static func kindLabel(_ r: Record<Activity>) -> String {
        let kind = r["kind"]?.text ?? "note"
        guard kind != "note", let direction = r["direction"]?.text else { return kind.capitalized }
        return "\(kind.capitalized) · \(direction)"
    }

    static func facts(_ r: Record<Activity>, _ l: Lookups) -> [FactView] {
        var facts = [FactView(label: "Kind", value: kindLabel(r))]
        if let at = r["occurred_at"]?.time { facts.append(FactView(label: "When", value: DateText.full(at, in: l.zone))) }
        if let purpose = r["purpose_id"]?.uuid { facts.append(FactView(label: "Purpose", value: l.names[purpose] ?? "—")) }
        facts.append(FactView(label: "By", value: l.userName(r.ownerID)))
        facts.append(FactView(label: "Team", value: l.teamName(r.teamID)))
        if let status = r["status"]?.text, status != "done" { facts.append(FactView(label: "Status", value: status.capitalized)) }
        return facts
    }

    static func subheading(_ r: Record<Activity>, _ l: Lookups) -> String? {
        let with = [r["contact_id"]?.uuid, r["account_id"]?.uuid].compactMap { $0.flatMap(l.name) }
        return with.isEmpty ? nil : "With " + with.joined(separator: " at ")
    }
}

extension Todo: WebEntity {
    static let singular = "task"
    static let plural = "Tasks"
    static let path = "/tasks"
    static let listFilters = ["status", "priority"]

    static let columns: [ListColumn<Todo>] = [
        ListColumn(label: "Task", sort: .name) { r, _ in CellView(text: r.title, href: "/tasks/\(r.id)") },
        ListColumn(label: "Due") { r, l in
            guard let due = r["due_at"]?.time else { return CellView(text: "—", muted: true) }
            return CellView(text: DateText.near(due, in: l.zone), muted: !Todo.isOpen(r.values))
        },
        ListColumn(label: "Status") { r, _ in CellView(text: r["status"]?.text?.capitalized ?? "", badge: true) },
        ListColumn(label: "Priority") { r, _ in CellView(text: r["priority"]?.text?.capitalized ?? "", muted: r["priority"]?.text != "high") },
        ListColumn(label: "About") { r, l in
            if let id = r["contact_id"]?.uuid { return CellView(text: l.name(id) ?? "—", href: "/contacts/\(id.uuidString.lowercased())") }
            if let id = r["account_id"]?.uuid { return CellView(text: l.name(id) ?? "—", href: "/accounts/\(id.uuidString.lowercased())") }
            return CellView(text: "—", muted: true)
        },
        ListColumn(label: "Assignee") { r, l in CellView(text: l.userName(r.ownerID)) },
    ]

    static let formSections: [(String, [String])] = [
        ("Task", ["title", "due_at", "priority", "status", "purpose_id"]),
        ("About", ["contact_id", "account_id", "lead_id", "deal_id"]),
        ("Notes", ["notes"]),
    ]

    static func facts(_ r: Record<Todo>, _ l: Lookups) -> [FactView] {
        var facts = [FactView(label: "Status", value: r["status"]?.text?.capitalized ?? "Open")]
        if let due = r["due_at"]?.time { facts.append(FactView(label: "Due", value: DateText.full(due, in: l.zone))) }
        facts.append(FactView(label: "Assignee", value: l.userName(r.ownerID)))
        facts.append(FactView(label: "Priority", value: r["priority"]?.text?.capitalized ?? "Normal"))
        if let purpose = r["purpose_id"]?.uuid { facts.append(FactView(label: "Purpose", value: l.names[purpose] ?? "—")) }
        if let activity = r["activity_id"]?.uuid {
            facts.append(FactView(label: "Follows up", value: l.name(activity) ?? "Activity", href: "/activities/\(activity.uuidString.lowercased())"))
        }
        return facts
    }

    static func subheading(_ r: Record<Todo>, _ l: Lookups) -> String? {
        let about = [r["contact_id"]?.uuid, r["account_id"]?.uuid].compactMap { $0.flatMap(l.name) }
        return about.isEmpty ? nil : "About " + about.joined(separator: " at ")
    }
}
