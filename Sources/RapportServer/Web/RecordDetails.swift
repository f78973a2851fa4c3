import Foundation
import RapportCore
import RapportStore

/// The left column of a record page: its fields, grouped as in the form.
enum DetailSections {
    static func make<E: WebEntity>(_ record: Record<E>, lookups: Lookups) -> [DetailSectionView] {
        var sections: [DetailSectionView] = []
        for (title, names) in E.formSections {
            var rows: [DetailRowView] = []
            for name in names {
                guard let spec = E.field(name), let value = record.values[name] else { continue }
                rows.append(row(spec, value, lookups: lookups))
            }
            if !rows.isEmpty { sections.append(DetailSectionView(title: title, rows: rows)) }
        }
        sections.append(
            DetailSectionView(
                title: "Record",
                rows: [
                    DetailRowView(label: "Owner", value: lookups.userName(record.ownerID), href: nil, links: []),
                    DetailRowView(label: "Team", value: lookups.teamName(record.teamID), href: nil, links: []),
                    DetailRowView(label: "Visibility", value: record.shared ? "Shared with everyone" : "Owner and team", href: nil, links: []),
                    DetailRowView(label: "Created", value: "\(DateText.short(record.createdAt)) by \(lookups.userName(record.createdBy))", href: nil, links: []),
                    DetailRowView(label: "Updated", value: "\(DateText.short(record.updatedAt)) by \(lookups.userName(record.updatedBy))", href: nil, links: []),
                ]))
        return sections
    }

    static func row(_ spec: FieldSpec, _ value: FieldValue, lookups: Lookups) -> DetailRowView {
        switch value {
        case .emails(let list):
            return DetailRowView(
                label: spec.label, value: "", href: nil,
                links: list.map { LinkView(text: "\($0.address.value) (\($0.label))", href: "mailto:\($0.address.value)") })
        case .phones(let list):
            return DetailRowView(
                label: spec.label, value: "", href: nil,
                links: list.map { LinkView(text: "\($0.number.description) (\($0.label))", href: "tel:\($0.number.e164)") })
        case .id(let id):
            switch spec.kind {
            case .picklist:
                return DetailRowView(label: spec.label, value: lookups.names[id] ?? "—", href: nil, links: [])
            case .reference(let table):
                return DetailRowView(
                    label: spec.label, value: lookups.name(id) ?? spec.label, href: "/\(table)/\(id.uuidString.lowercased())",
                    links: [])
            default:
                return DetailRowView(label: spec.label, value: id.uuidString.lowercased(), href: nil, links: [])
            }
        case .ids(let ids):
            guard case .references(let table, _) = spec.kind else { break }
            if table == "users" {
                return DetailRowView(
                    label: spec.label, value: ids.map { lookups.userName(User.ID($0)) }.joined(separator: ", "), href: nil, links: [])
            }
            return DetailRowView(
                label: spec.label, value: "", href: nil,
                links: ids.map { LinkView(text: lookups.name($0) ?? "Someone you cannot see", href: "/\(table)/\($0.uuidString.lowercased())") })
        case .time(let time):
            return DetailRowView(label: spec.label, value: DateText.full(time, in: lookups.zone), href: nil, links: [])
        case .text(let s) where spec.kind == .url:
            return DetailRowView(label: spec.label, value: s, href: s, links: [])
        case .text(let s):
            if case .choice = spec.kind {
                return DetailRowView(label: spec.label, value: s.replacingOccurrences(of: "_", with: " ").capitalized, href: nil, links: [])
            }
            return DetailRowView(label: spec.label, value: s, href: nil, links: [])
        case .tags(let tags):
            return DetailRowView(
                label: spec.label, value: "", href: nil,
                links: tags.map { LinkView(text: $0, href: "/contacts?tag=\(FormData.encode($0))") })
        default: break
        }
        return DetailRowView(label: spec.label, value: value.display, href: nil, links: [])
    }
}

/// Records related to the one shown: an account's people and subsidiaries, and its relations.
enum RelatedContent {
    struct Extras {
        var related: [RelatedView] = []
        var relations: RelationsView?
    }

    static func load<E: WebEntity>(for record: Record<E>, store: Store, principal: Principal, lookups: inout Lookups)
        async throws -> Extras
    {
        var extras = Extras()
        guard E.self == Account.self else { return extras }
        let id = record.id.description
        let contacts = try await store.contacts.list(ListQuery(filters: ["account_id": id], limit: 50), by: principal)
        extras.related.append(
            RelatedView(
                title: "People",
                items: contacts.items.map {
                    RelatedItemView(title: $0.title, subtitle: $0["title"]?.text ?? $0["emails"]?.emails.first?.address.value ?? "", href: "/contacts/\($0.id)")
                },
                emptyText: "No one at this account yet.", addHref: "/contacts/new?account_id=\(id)", addLabel: "Add person"))
        let subsidiaries = try await store.accounts.list(ListQuery(filters: ["parent_id": id], limit: 50), by: principal)
        if !subsidiaries.items.isEmpty {
            extras.related.append(
                RelatedView(
                    title: "Subsidiaries",
                    items: subsidiaries.items.map { RelatedItemView(title: $0.title, subtitle: $0["city"]?.text ?? "", href: "/accounts/\($0.id)") },
                    emptyText: "", addHref: nil, addLabel: ""))
        }
        let links = try await store.relations.links(of: Record<Account>.ID(record.id.uuid), by: principal)
        let options = try await store.accounts.list(ListQuery(limit: 200), by: principal).items
            .filter { $0.id.uuid != record.id.uuid }
            .map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
        extras.relations = RelationsView(
            items: links.map {
                RelationItemView(
                    label: $0.label, otherName: $0.otherName, otherHref: "/accounts/\($0.other)", note: $0.relation.note,
                    deleteAction: "/accounts/\(id)/relations/\($0.relation.id)/delete")
            },
            kinds: AccountRelationKind.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: false) },
            addAction: "/accounts/\(id)/relations", accountOptions: options)
        return extras
    }
}

/// History entries in words.
enum HistoryText {
    /// Fields Rapport keeps up to date by itself (a lead's score and first touch).
    static let derivedFields: Set<String> = ["score", "conversion_probability", "first_touched_at"]
    /// Fields set to the moment of the change itself (a deal's time in its new stage).
    static let restatingTime: Set<String> = ["stage_entered_at"]

    static func entry<E: Entity>(_ event: Event, entity: E.Type, lookups: Lookups) -> HistoryEntryView {
        let (labels, order) = FieldOrder.of(E.self)
        // A field that only restates the event's own time is left out.
        let sorted = event.changes.filter { !HistoryText.restatingTime.contains($0.field) }.sorted { (order[$0.field] ?? Int.max, $0.field) < (order[$1.field] ?? Int.max, $1.field) }
        let changes = sorted.map { change -> ChangeView in
            let label: String =
                switch change.field {
                case "owner_id": "Owner"
                case "team_id": "Team"
                case "shared": "Shared"
                case "deleted_at": "Deleted"
                case "relation": "Relation"
                case "merged_from": "Merged in"
                case "merged_into": "Merged into"
                default: labels[change.field] ?? change.field
                }
            return ChangeView(
                field: label, before: text(change.before, field: change.field, lookups: lookups),
                after: text(change.after, field: change.field, lookups: lookups))
        }
        let fields = Set(event.changes.map(\.field))
        let action: String =
            switch event.action {
            case .created: "created"
            // A new owner is news in itself; a change only Rapport's derived values make reads as such.
            case .updated where fields.contains("owner_id"): "reassigned"
            case .updated where fields.contains("first_touched_at") && fields.isSubset(of: HistoryText.derivedFields):
                "recorded the first touch"
            case .updated where !fields.isEmpty && fields.isSubset(of: HistoryText.derivedFields): "re-scored"
            case .updated: "updated"
            case .deleted: "deleted"
            case .restored: "restored"
            case .related: "added a relation"
            case .unrelated: "removed a relation"
            case .merged: "merged"
            case .unmerged: "undid a merge"
            }
        return HistoryEntryView(
            when: DateText.short(event.at), whenISO: event.at.iso8601, actor: event.actorName, actionLabel: action,
            changes: event.action == .created ? changes.filter { $0.after != "—" } : changes)
    }

    /// Each entity's field labels and the order its form shows fields in (stored changes come back
    /// without their order), made once per entity rather than for every entry of a timeline.
    private enum FieldOrder {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var byEntity: [ObjectIdentifier: ([String: String], [String: Int])] = [:]

        static func of<E: Entity>(_: E.Type) -> ([String: String], [String: Int]) {
            lock.lock()
            defer { lock.unlock() }
            if let known = byEntity[ObjectIdentifier(E.self)] { return known }
            let labels = Dictionary(E.fields.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
            let order = Dictionary(
                (["merged_from", "merged_into", "owner_id", "team_id", "shared", "deleted_at", "relation"] + E.fields.map(\.name))
                    .enumerated().map { ($1, $0) },
                uniquingKeysWith: { a, _ in a })
            byEntity[ObjectIdentifier(E.self)] = (labels, order)
            return (labels, order)
        }
    }

    static func text(_ value: JSONValue, field: String, lookups: Lookups) -> String {
        switch value {
        case .null: return "—"
        case .string(let s):
            if field == "owner_id", let id = User.ID(s) { return lookups.userName(id) }
            if field == "team_id", let id = Team.ID(s) { return lookups.teamName(id) }
            if field == "deleted_at" { return String(s.prefix(16)).replacingOccurrences(of: "T", with: " ") }
            if s.count >= 20, s.hasSuffix("Z"), let time = Timestamp.parse(s) { return DateText.full(time, in: lookups.zone) }
            if s.count == 36, let id = UUID(uuidString: s), let name = lookups.name(id) { return name }
            return s
        case .bool(let b): return b ? "Yes" : "No"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .array(let items):
            return items.map { item -> String in
                if case .object(let o) = item {
                    return (o["address"] ?? o["number"])?.stringValue ?? JSONWriter.string(item)
                }
                return text(item, field: field, lookups: lookups)
            }.joined(separator: ", ")
        case .object(let o):
            if let title = o["title"]?.stringValue, o["id"] != nil { return title }
            if case .int(let minor)? = o["amount_minor"], let currency = o["currency"]?.stringValue {
                return Money(minor: minor, currency: currency).description
            }
            return JSONWriter.string(value)
        }
    }
}
