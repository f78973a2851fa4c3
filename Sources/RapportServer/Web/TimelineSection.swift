import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// One entry of a record page's timeline.
struct TimelineEntryView {
    var kind: String
    var icon: String
    var title: String
    var href: String?
    var when: String
    var whenISO: String
    var actor: String
    var team: String?
    var purpose: String?
    var with: String?
    var withHref: String?
    var detail: String?
    var overrideReason: String?
    var planned: Bool
    var isChange: Bool
    var changes: [ChangeView]
}

struct TimelineTaskView {
    var title: String
    var href: String
    var due: String?
    var overdue: Bool
    var assignee: String
    var purpose: String?
}

/// The timeline panel: filters, open follow-ups, entries, and the way to older ones.
struct TimelineSectionView {
    var entries: [TimelineEntryView]
    var openTasks: [TimelineTaskView]
    var kindOptions: [OptionView]
    var purposeOptions: [OptionView]
    var teamOptions: [OptionView]
    var filtered: Bool
    var basePath: String
    var olderHref: String?
    /// "Log call", "Log meeting"… links that come back here.
    var logLinks: [LogLinkView]
}

struct LogLinkView {
    var label: String
    var icon: String
    var href: String
}

enum TimelineSection {
    /// The timeline of an account or a contact, filtered by the page's query.
    static func load<E: WebEntity>(
        for record: Record<E>, request: Request, store: Store, principal: Principal, lookups: inout Lookups
    ) async throws -> TimelineSectionView? {
        guard let subjectParam = TimelineSubject.column(E.self) else { return nil }
        let params = request.uri.queryParameters
        var filter = TimelineFilter(limit: 50, cursor: params.get("cursor"))
        if let kind = params.get("kind"), !kind.isEmpty {
            guard TimelineFilter.allKinds.contains(kind) else {
                throw RapportError.invalid(field: "kind", reason: "must be one of: \(TimelineFilter.allKinds.joined(separator: ", "))")
            }
            filter.kinds = [kind]
        }
        if let purpose = params.get("purpose"), !purpose.isEmpty {
            guard let id = UUID(uuidString: purpose) else { throw RapportError.invalid(field: "purpose", reason: "must be an ID") }
            filter.purposeID = id
        }
        if let team = params.get("team"), !team.isEmpty {
            guard let id = UUID(uuidString: team) else { throw RapportError.invalid(field: "team", reason: "must be an ID") }
            filter.teamID = id
        }
        let page = try await store.timeline.page(of: record, filter: filter, by: principal)
        let open = try await store.taskQueries.open(about: record, by: principal)
        let purposes = try await store.purposes.all(in: principal.workspaceID)
        for purpose in purposes { lookups.names[purpose.id.uuid] = purpose.name }
        var contactIDs: Set<UUID> = []
        for item in page.items {
            if case .activity(let a) = item, let id = a["contact_id"]?.uuid { contactIDs.insert(id) }
        }
        if E.self == Account.self { try await lookups.add(["contacts": contactIDs], store: store, principal: principal) }

        let base = "\(E.path)/\(record.id)"
        let now = Timestamp.now()
        let entries = page.items.map { entry(for: $0, subject: E.self, lookups: lookups, now: now) }
        var query: [(String, String?)] = [
            ("kind", filter.kinds.first), ("purpose", filter.purposeID?.uuidString.lowercased()),
            ("team", filter.teamID?.uuidString.lowercased()),
        ]
        let older = page.nextCursor.map { cursor -> String in
            query.append(("cursor", cursor))
            return base + FormData.query(query) + "#timeline"
        }
        let back = FormData.encode(base)
        // A deal's activities are also with its main contact and account.
        var about = "\(subjectParam)=\(record.id)"
        for name in ["contact_id", "account_id"] where name != subjectParam {
            if let id = record.values[name]?.uuid { about += "&\(name)=\(id.uuidString.lowercased())" }
        }
        let logLinks = [
            ("Log call", "phone", "/activities/new?kind=call"), ("Log meeting", "calendar", "/activities/new?kind=meeting"),
            ("Log email", "mail", "/activities/new?kind=email"), ("Add note", "edit", "/activities/new?kind=note"),
            ("Add task", "check", "/tasks/new?"),
        ].map { label, icon, path in
            LogLinkView(
                label: label, icon: icon,
                href: path + (path.hasSuffix("?") ? "" : "&") + "\(about)&return_to=\(back)")
        }
        func options(_ pairs: [(String, String)], selected: String?, any: String) -> [OptionView] {
            [OptionView(value: "", label: any, selected: selected == nil)]
                + pairs.map { OptionView(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        return TimelineSectionView(
            entries: entries,
            openTasks: open.map { task in
                let due = task["due_at"]?.time
                return TimelineTaskView(
                    title: task.title, href: "/tasks/\(task.id)", due: due.map { DateText.near($0, in: lookups.zone, now: now) },
                    overdue: due.map { $0 < now } ?? false, assignee: lookups.userName(task.ownerID),
                    purpose: task["purpose_id"]?.uuid.flatMap { lookups.names[$0] })
            },
            kindOptions: options(
                [("call", "Calls"), ("meeting", "Meetings"), ("email", "Emails"), ("note", "Notes"), ("task", "Tasks"), ("change", "Changes")],
                selected: filter.kinds.first, any: "Everything"),
            purposeOptions: options(
                purposes.map { ($0.id.description, $0.name) }, selected: filter.purposeID?.uuidString.lowercased(), any: "Any purpose"),
            teamOptions: options(
                lookups.teams.values.sorted { $0.name < $1.name }.map { ($0.id.description, $0.name) },
                selected: filter.teamID?.uuidString.lowercased(), any: "Any team"),
            filtered: !filter.kinds.isEmpty || filter.purposeID != nil || filter.teamID != nil, basePath: base,
            olderHref: older, logLinks: logLinks)
    }

    static func entry<E: Entity>(for item: TimelineItem, subject: E.Type, lookups: Lookups, now: Timestamp) -> TimelineEntryView {
        let subjectIsAccount = E.self == Account.self
        switch item {
        case .activity(let a):
            let kind = a["kind"]?.text ?? "note"
            let at = item.at
            let contact = a["contact_id"]?.uuid
            let detail = [a["outcome"]?.text, a["body"]?.text.map { String($0.prefix(280)) }].compactMap { $0 }.joined(separator: " — ")
            return TimelineEntryView(
                kind: kind, icon: ["call": "phone", "meeting": "calendar", "email": "mail"][kind] ?? "edit",
                title: a.title + (a["status"]?.text == "cancelled" ? " (cancelled)" : ""), href: "/activities/\(a.id)",
                when: DateText.near(at, in: lookups.zone, now: now), whenISO: at.iso8601, actor: lookups.userName(a.ownerID),
                team: a.teamID.map { lookups.teamName($0) }, purpose: a["purpose_id"]?.uuid.flatMap { lookups.names[$0] },
                with: subjectIsAccount ? contact.flatMap { lookups.names[$0] } : nil,
                withHref: subjectIsAccount ? contact.map { "/contacts/\($0.uuidString.lowercased())" } : nil,
                detail: detail.isEmpty ? nil : detail, overrideReason: a["override_reason"]?.text, planned: at > now,
                isChange: false, changes: [])
        case .task(let t):
            return TimelineEntryView(
                kind: "task", icon: "check", title: "Completed: " + t.title, href: "/tasks/\(t.id)",
                when: DateText.near(item.at, in: lookups.zone, now: now), whenISO: item.at.iso8601,
                actor: lookups.userName(t.ownerID), team: t.teamID.map { lookups.teamName($0) },
                purpose: t["purpose_id"]?.uuid.flatMap { lookups.names[$0] }, with: nil, withHref: nil,
                detail: t["notes"]?.text.map { String($0.prefix(280)) }, overrideReason: nil, planned: false, isChange: false, changes: [])
        case .change(let event):
            let history = HistoryText.entry(event, entity: E.self, lookups: lookups)
            return TimelineEntryView(
                kind: "change", icon: "edit", title: history.actionLabel, href: nil, when: DateText.near(event.at, in: lookups.zone, now: now),
                whenISO: event.at.iso8601, actor: history.actor, team: nil, purpose: nil, with: nil, withHref: nil, detail: nil,
                overrideReason: nil, planned: false, isChange: true, changes: history.changes)
        }
    }
}
