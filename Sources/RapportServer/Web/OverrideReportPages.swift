import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Reports › Outreach overrides: where people went ahead although the outreach guard warned, by
/// team and purpose, for managers to see where departments step on each other.
struct OverrideReportPages: Sendable {
    let store: Store
    let pages: Pages

    static let periods = [30, 90, 365]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/reports/outreach-overrides") { request, context in try await report(request, context) }
    }

    func report(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try OutreachAPI.requireReports(principal)
        let asked = request.uri.queryParameters.get("days").flatMap { Int($0) } ?? 30
        let days = Self.periods.contains(asked) ? asked : 30
        let to = Timestamp.now()
        let report = try await OverrideReport.load(store.db, from: to.adding(seconds: -Int64(days) * 86_400), to: to, by: principal)
        let view = OverrideReportView(report, days: days, zone: context.zone)
        return pages.render("report-overrides", title: "Outreach overrides", content: view, context: context, request: request)
    }
}

struct OverrideReportView {
    struct Period {
        var label: String
        var href: String
        var current: Bool
    }

    struct GroupRow {
        var team: String
        var purpose: String
        var count: Int
        /// The bar's length in percent of the largest group.
        var percent: Int
    }

    struct RecentRow {
        var when: String
        var whenISO: String
        var href: String
        var user: String
        var team: String
        var contact: String
        var contactHref: String?
        var purpose: String
        var reason: String
    }

    var days: Int
    var periods: [Period]
    var total: Int
    var summary: String
    var groups: [GroupRow]
    var recent: [RecentRow]
    var isEmpty: Bool

    init(_ report: OverrideReport, days: Int, zone: TimeZone) {
        self.days = days
        periods = OverrideReportPages.periods.map {
            Period(label: "Last \($0) days", href: "/reports/outreach-overrides?days=\($0)", current: $0 == days)
        }
        total = report.groups.reduce(0) { $0 + $1.count }
        let largest = max(1, report.groups.map(\.count).max() ?? 1)
        groups = report.groups.map { group in
            GroupRow(
                team: group.teamName ?? "No team", purpose: group.purposeName ?? "No purpose", count: group.count,
                percent: max(2, group.count * 100 / largest))
        }
        recent = report.recent.map { row in
            let at = row.activity["occurred_at"]?.time ?? row.activity.createdAt
            let contact = row.activity["contact_id"]?.uuid
            return RecentRow(
                when: DateText.full(at, in: zone), whenISO: at.iso8601, href: "/activities/\(row.activity.id)",
                user: row.userName ?? "—", team: row.teamName ?? "No team", contact: row.contactName ?? "—",
                contactHref: contact.map { "/contacts/\($0.uuidString.lowercased())" }, purpose: row.purposeName ?? "—",
                reason: row.activity["override_reason"]?.text ?? "")
        }
        isEmpty = report.groups.isEmpty
        let teams = Set(report.groups.map { $0.teamID }).count
        summary =
            total == 0
            ? "Nobody went ahead against a warning in the last \(days) days."
            : "\(total) override\(total == 1 ? "" : "s") by \(teams) team\(teams == 1 ? "" : "s") in the last \(days) days."
    }
}
