import RapportCore

extension Navigation {
    /// The rail's entries past the records: duplicates and reports for managers and admins, settings for admins.
    static func managing(_ context: AppRequestContext) -> [(String, String, String)] {
        guard let role = context.user?.role else { return [] }
        var items: [(String, String, String)] = []
        if role >= .manager { items.append(("Duplicates", "/duplicates", "duplicates")) }
        if role >= .manager { items.append(("Reports", "/reports/outreach-overrides", "reports")) }
        if role == .admin { items.append(("Settings", "/settings/purposes", "settings")) }
        // Managers read the lead SLA, assignment and scoring settings (admins change them).
        if role == .manager { items.append(("Settings", "/settings/leads", "settings")) }
        return items
    }

    /// The "My work" badge: overdue and due-today tasks, when there are any.
    static func workBadge(_ context: AppRequestContext) -> String? {
        guard let count = context.dueTasks, count > 0 else { return nil }
        return count > 99 ? "99+" : String(count)
    }
}
