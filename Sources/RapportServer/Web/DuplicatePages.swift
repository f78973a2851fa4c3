import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The duplicates page: the pairs the background scan found, side by side, to compare and merge or
/// to dismiss; managers and admins can start a scan from it.
struct DuplicatePages: Sendable {
    let store: Store
    let pages: Pages

    struct SideView {
        var title: String
        var href: String
        var lines: [String]
        var bare: Bool
    }

    struct PairView {
        var id: String
        var score: String
        var reasons: [String]
        var a: SideView
        var b: SideView
        var mergeHref: String
        var action: String
        var actionLabel: String
    }

    struct TabView {
        var label: String
        var href: String
        var current: Bool
    }

    struct DuplicatesView {
        var tabs: [TabView]
        var statusTabs: [TabView]
        var pairs: [PairView]
        var isEmpty: Bool
        var emptyMessage: String
        var scanLine: String?
        var note: String?
        var pending: Bool
        var canScan: Bool
        var scanAction: String
        var nextHref: String?
        var showingDismissed: Bool
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/duplicates") { request, context in try await list(request, context) }
        group.post("/duplicates/scan") { request, context -> Response in
            let principal = try context.requirePrincipal()
            var request = request
            let form = try await request.form(limit: 1 << 12)
            let entity = form["entity"] == Account.table ? Account.table : Contact.table
            let queued = try await store.duplicates.requestScan(entity: nil, by: principal)
            return .seeOther(
                "/duplicates?entity=\(entity)",
                flash: queued ? "A scan has started; new pairs show up here when it is done." : "A scan is already waiting to run.",
                kind: "info")
        }
        for (action, status, done) in [("dismiss", "dismissed", "Dismissed: they stay apart."), ("reopen", "open", "Pair reopened.")] {
            group.post(RouterPath("/duplicates/:id/\(action)")) { _, context -> Response in
                let principal = try context.requirePrincipal()
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)),
                    let entity = try await store.duplicates.entity(ofPair: id, by: principal)
                else { throw RapportError.notFound(entity: "duplicate pair", id: context.parameters.get("id") ?? "") }
                let next: DuplicatePair<Contact>.Status = status == "open" ? .open : .dismissed
                if entity == Account.table {
                    _ = try await store.duplicates.setStatus(Account.self, id: id, to: .init(rawValue: next.rawValue) ?? .open, by: principal)
                } else {
                    _ = try await store.duplicates.setStatus(Contact.self, id: id, to: next, by: principal)
                }
                let back = "/duplicates?entity=\(entity)" + (status == "open" ? "&status=dismissed" : "")
                return .seeOther(back, flash: done)
            }
        }
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let params = request.uri.queryParameters
        let entity = params.get("entity") == Account.table ? Account.table : Contact.table
        let dismissed = params.get("status") == "dismissed"
        if entity == Account.table {
            return try await render(Account.self, dismissed: dismissed, cursor: params.get("cursor"), request, context)
        }
        return try await render(Contact.self, dismissed: dismissed, cursor: params.get("cursor"), request, context)
    }

    func render<M: DuplicateMatching & WebEntity>(
        _ entity: M.Type, dismissed: Bool, cursor: String?, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let page: Page<DuplicatePair<M>>
        do {
            page = try await store.duplicates.pairs(M.self, status: dismissed ? .dismissed : .open, cursor: cursor, limit: 25, by: principal)
        } catch RapportError.invalid {
            return .seeOther("/duplicates?entity=\(M.table)")
        }
        var accountNames: [UUID: String] = [:]
        let accountIDs = page.items.flatMap { [$0.a, $0.b] }.compactMap { $0["account_id"]?.uuid }
        if !accountIDs.isEmpty {
            for account in try await store.accounts.get(many: accountIDs.map(Record<Account>.ID.init), by: principal) {
                accountNames[account.id.uuid] = account.title
            }
        }
        let status = dismissed ? "&status=dismissed" : ""
        let pairs = page.items.map { pair in
            PairView(
                id: pair.id.uuidString.lowercased(), score: String(format: "%.2f", pair.score), reasons: pair.reasons,
                a: side(pair.a, accountNames), b: side(pair.b, accountNames),
                mergeHref: "\(M.path)/\(pair.a.id)/merge?with=\(pair.b.id)",
                action: "/duplicates/\(pair.id.uuidString.lowercased())/\(dismissed ? "reopen" : "dismiss")",
                actionLabel: dismissed ? "Reopen" : "Dismiss")
        }
        let scan = try await store.duplicates.lastScan(M.self, workspace: principal.workspaceID)
        let zone = context.user.flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt
        let scanLine = scan.map { s in
            let skipped = s.blocksSkipped > 0 ? " · \(s.blocksSkipped) large group\(s.blocksSkipped == 1 ? "" : "s") skipped" : ""
            return "Last scan \(DateText.near(s.finishedAt, in: zone)): \(s.pairsFound) pair\(s.pairsFound == 1 ? "" : "s") found\(skipped)."
        }
        let canScan = principal.role >= .manager
        let pending = try await store.duplicates.scanPending(workspace: principal.workspaceID)
        let view = DuplicatesView(
            tabs: [Contact.self, Account.self].map { (e: any WebEntity.Type) in
                TabView(label: e.plural, href: "/duplicates?entity=\(e.table)\(status)", current: e.table == M.table)
            },
            statusTabs: [
                TabView(label: "To review", href: "/duplicates?entity=\(M.table)", current: !dismissed),
                TabView(label: "Dismissed", href: "/duplicates?entity=\(M.table)&status=dismissed", current: dismissed),
            ],
            pairs: pairs, isEmpty: pairs.isEmpty,
            emptyMessage: dismissed
                ? "Pairs you dismiss as two different \(M.plural.lowercased()) are listed here."
                : pending
                    ? "What the scan finds shows up here when it is done."
                : scan == nil
                    ? "No scan has run yet. \(canScan ? "Start one to look for \(M.plural.lowercased()) entered twice." : "It runs every night.")"
                    : "No possible duplicates among the \(M.plural.lowercased()) you can see.",
            scanLine: scanLine, note: scan.flatMap { $0.note.isEmpty ? nil : $0.note },
            pending: pending, canScan: canScan,
            scanAction: "/duplicates/scan",
            nextHref: page.nextCursor.map { "/duplicates?entity=\(M.table)\(status)&cursor=\($0)" },
            showingDismissed: dismissed)
        return pages.render("duplicates", title: "Duplicates", content: view, context: context, request: request)
    }

    /// One record of a pair: its name and the facts that make it look like the other.
    func side<M: DuplicateMatching & WebEntity>(_ record: Record<M>, _ accounts: [UUID: String]) -> SideView {
        var lines: [String] = []
        if let account = record["account_id"]?.uuid { lines.append(accounts[account] ?? "An account you cannot see") }
        if let title = record["title"]?.text { lines.append(title) }
        if let domain = record["domain"]?.text { lines.append(domain) }
        lines += (record["emails"]?.emails ?? []).prefix(2).map(\.address.value)
        lines += (record["phones"]?.phones ?? []).prefix(2).map(\.number.description)
        let place = [record["city"]?.text, record["country"]?.text].compactMap { $0 }.joined(separator: ", ")
        if !place.isEmpty { lines.append(place) }
        return SideView(title: record.title, href: "\(M.path)/\(record.id)", lines: lines, bare: lines.isEmpty)
    }
}
