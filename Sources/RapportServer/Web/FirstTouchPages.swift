import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Leads › First-touch breaches: open leads past their deadline and untouched, leads touched late,
/// and each owner's record, among the leads the reader may see.
struct FirstTouchPages: Sendable {
    let store: Store
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/leads/first-touch") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            var filter = try LeadAssignmentAPI.breachFilter(params)
            if params.get("since") == nil, let days = params.get("days").flatMap(Int.init), [7, 30, 90].contains(days) {
                filter.since = Timestamp.now().adding(seconds: -Int64(days) * 86_400)
            }
            let report = try await store.firstTouchBreaches.report(filter, by: principal)
            let policy = try await store.firstTouch.policy(in: principal.workspaceID)
            let users = try await store.directory.users(in: principal.workspaceID)
            let teams = try await store.directory.teams(in: principal.workspaceID)
            var lookups = Lookups()
            for user in users { lookups.users[user.id] = user }
            for team in teams { lookups.teams[team.id] = team }
            lookups.zone = context.zone
            let now = Timestamp.now()
            let days = params.get("days").flatMap(Int.init) ?? 30
            let view = FirstTouchView(
                policyText: policy.isOn
                    ? "New leads must be touched within \(policy.hours) business hours (\(LeadSettingsView.describe(policy.businessHours)), \(policy.timeZone))."
                    : "The first-touch SLA is off, so new leads get no deadline.",
                overdueCount: report.overdueCount, lateCount: report.lateCount, hasOverdue: report.overdueCount > 0,
                hasLate: report.lateCount > 0,
                tallies: report.tallies.map { t in
                    let total = t.late + t.onTime
                    return FirstTouchView.TallyRow(
                        owner: t.ownerID == nil ? "Unassigned" : lookups.userName(t.ownerID), team: lookups.teamName(t.teamID),
                        overdue: t.overdue, late: t.late, onTime: t.onTime,
                        rate: total == 0 ? "—" : "\(Int((Double(t.onTime) / Double(total) * 100).rounded()))%",
                        href: t.ownerID.map { "/leads/first-touch?owner_id=\($0)&days=\(days)" })
                },
                rows: report.rows.map { row in
                    let late: String
                    if let touched = row.touchedAt {
                        late = "touched \(Self.span(policy.businessSeconds(from: row.dueAt, to: touched))) late"
                    } else {
                        late = "\(Self.span(policy.businessSeconds(from: row.dueAt, to: now))) overdue"
                    }
                    return FirstTouchView.Row(
                        name: row.lead.title, href: "/leads/\(row.lead.id)", company: row.lead["company"]?.text ?? "",
                        owner: row.lead.ownerID == nil ? "Unassigned" : lookups.userName(row.lead.ownerID), overdue: row.kind == .overdue,
                        due: DateText.near(row.dueAt, in: context.zone, now: now), late: late,
                        source: row.lead["source"]?.text.map(ChoiceLabel.text) ?? "—")
                },
                periods: [7, 30, 90].map {
                    OptionView(value: String($0), label: "Last \($0) days", selected: $0 == days)
                },
                owners: [OptionView(value: "", label: "Everyone", selected: filter.ownerID == nil)]
                    + users.filter(\.active).map { OptionView(value: $0.id.description, label: $0.name, selected: $0.id == filter.ownerID) },
                teams: [OptionView(value: "", label: "Every team", selected: filter.teamID == nil)]
                    + teams.map { OptionView(value: $0.id.description, label: $0.name, selected: $0.id == filter.teamID) },
                kinds: [
                    OptionView(value: "", label: "Overdue and late", selected: filter.kind == nil),
                    OptionView(value: "overdue", label: "Overdue now", selected: filter.kind == .overdue),
                    OptionView(value: "late", label: "Touched late", selected: filter.kind == .late),
                ],
                settingsHref: "/settings/leads")
            return pages.render("first-touch", title: "First-touch breaches", content: view, context: context, request: request)
        }
    }

    /// Business time as people say it: "45 min", "3 h", "2 d 4 h" (8-hour business days are not
    /// assumed: days here are 24 business hours apart only when the week is open round the clock).
    static func span(_ seconds: Int64) -> String {
        let minutes = seconds / 60
        if minutes < 60 { return "\(max(minutes, 1)) min" }
        let hours = minutes / 60
        let rest = minutes % 60
        return rest == 0 || hours >= 10 ? "\(hours) business h" : "\(hours) h \(rest) min"
    }
}

struct FirstTouchView {
    struct TallyRow {
        var owner: String
        var team: String
        var overdue: Int
        var late: Int
        var onTime: Int
        var rate: String
        var href: String?
    }

    struct Row {
        var name: String
        var href: String
        var company: String
        var owner: String
        var overdue: Bool
        var due: String
        var late: String
        var source: String
    }

    var policyText: String
    var overdueCount: Int
    var lateCount: Int
    var hasOverdue: Bool
    var hasLate: Bool
    var tallies: [TallyRow]
    var rows: [Row]
    var periods: [OptionView]
    var owners: [OptionView]
    var teams: [OptionView]
    var kinds: [OptionView]
    var settingsHref: String
}

/// The Leads list's warning about leads past their first-touch deadline.
enum FirstTouchNotice {
    static func make(store: Store, principal: Principal) async throws -> ListNoticeView? {
        let count = try await store.firstTouchBreaches.overdueCount(by: principal)
        guard count > 0 else { return nil }
        let text =
            count == 1
            ? "1 new lead is past its first-touch deadline and nobody has reached out yet."
            : "\(count >= 1000 ? "1000+" : String(count)) new leads are past their first-touch deadline and nobody has reached out yet."
        return ListNoticeView(text: text, linkText: "See breaches", href: "/leads/first-touch")
    }
}
