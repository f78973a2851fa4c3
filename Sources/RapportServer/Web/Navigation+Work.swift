import RapportCore

extension Navigation {
    /// The rail's entries past the records: duplicates and reports for managers and admins, settings for admins.
    static func managing(_ context: AppRequestContext) -> [(String, String, String)] {
        guard let role = context.user?.role else { return [] }
        var items: [(String, String, String)] = []
        if role >= .manager { items.append(("Duplicates", "/duplicates", "duplicates")) }
        items.append(("Reports", "/reports", "reports"))
        if role == .admin { items.append(("Settings", "/settings/purposes", "settings")) }
        // Managers read the lead SLA, assignment and scoring settings (admins change them).
        if role == .manager { items.append(("Settings", "/settings/leads", "settings")) }
        return items
    }

    /// The settings pages' tabs, on settings pages only; admins see the workspace's, everyone their own.
    static func settings(for context: AppRequestContext, path: String) -> [NavItem] {
        guard path.hasPrefix("/settings"), let role = context.user?.role else { return [] }
        var items: [(String, String)] = []
        if role == .admin {
            items += [("Purposes", "/settings/purposes"), ("Pipelines", "/settings/pipelines"), ("Forecast", "/settings/forecast"), ("Billing", "/settings/billing")]
        }
        // The lead settings: everyone reads them, admins change them.
        items += [
            ("Lead SLA & assignment", "/settings/leads"), ("Lead scoring", "/settings/lead-scoring"), ("Web forms", "/settings/lead-forms"),
        ]
        items.append(("Calendar feed", "/settings/calendar"))
        return items.map { NavItem(label: $0.0, href: $0.1, active: path.hasPrefix($0.1), icon: "settings") }
    }

    /// The "My work" badge: overdue and due-today tasks, when there are any.
    static func workBadge(_ context: AppRequestContext) -> String? {
        guard let count = context.dueTasks, count > 0 else { return nil }
        return count > 99 ? "99+" : String(count)
    }
}
