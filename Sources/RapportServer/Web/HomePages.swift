import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The home page and global search pages.
struct HomePages: Sendable {
    let store: Store
    let pages: Pages

    struct StatView {
        var label: String
        var value: String
        var href: String
    }

    struct ChecklistItem {
        var label: String
        var href: String
        var done: Bool
    }

    struct HomeView {
        var greeting: String
        var stats: [StatView]
        var recent: [RelatedItemView]
        var checklist: [ChecklistItem]
        var dashboard: DashboardView?
    }

    struct SearchGroupView {
        var label: String
        var hits: [RelatedItemView]
    }

    struct SearchView {
        var q: String
        var groups: [SearchGroupView]
        var isEmpty: Bool
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/") { _, _ in Response.seeOther("/home") }
        group.get("/home") { request, context in try await home(request, context) }
        group.get("/search") { request, context in try await search(request, context) }
        group.get("/search/suggest") { request, context in try await suggest(request, context) }
    }

    func home(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let user = context.user
        let recentAccounts = try await store.accounts.list(ListQuery(sort: .updatedAt, descending: true, limit: 6), by: principal)
        let recentContacts = try await store.contacts.list(ListQuery(sort: .updatedAt, descending: true, limit: 6), by: principal)
        var recent: [(Timestamp, RelatedItemView)] = recentAccounts.items.map {
            ($0.updatedAt, RelatedItemView(title: $0.title, subtitle: "Account · updated \(DateText.short($0.updatedAt))", href: "/accounts/\($0.id)"))
        }
        recent += recentContacts.items.map {
            ($0.updatedAt, RelatedItemView(title: $0.title, subtitle: "Contact · updated \(DateText.short($0.updatedAt))", href: "/contacts/\($0.id)"))
        }
        recent.sort { $0.0 > $1.0 }
        var stats: [StatView] = []
        func stat(_ label: String, _ count: Int, _ href: String) -> StatView {
            StatView(label: label, value: count >= 10_000 ? "10,000+" : count.formatted(), href: href)
        }
        if let me = principal.userID {
            let mine = ListQuery(filters: ["owner_id": me.description])
            stats.append(stat("My accounts", try await store.accounts.count(mine, by: principal), "/accounts?filter[owner_id]=\(me)"))
            stats.append(stat("My contacts", try await store.contacts.count(mine, by: principal), "/contacts?filter[owner_id]=\(me)"))
        }
        let customers = try await store.accounts.count(ListQuery(filters: ["type": "customer"]), by: principal)
        stats.append(stat("Customers", customers, "/accounts?filter[type]=customer"))
        let users = try await store.directory.users(in: principal.workspaceID)
        let checklist = [
            ChecklistItem(label: "Add your first account", href: "/accounts/new", done: !recentAccounts.items.isEmpty),
            ChecklistItem(label: "Add the people you talk to", href: "/contacts/new", done: !recentContacts.items.isEmpty),
            ChecklistItem(label: "Invite your team (rapport user create)", href: "/home", done: users.count > 1),
        ]
        let hour = Calendar(identifier: .gregorian).component(.hour, from: Date())
        let partOfDay = hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening"
        let first = user?.name.split(separator: " ").first.map(String.init) ?? ""
        let view = HomeView(
            greeting: "\(partOfDay), \(first)", stats: stats, recent: recent.prefix(8).map(\.1), checklist: checklist,
            dashboard: try await Dashboard.make(for: principal, store: store, zone: context.zone))
        return pages.render("home", title: "Home", content: view, context: context, request: request)
    }

    func hits(_ q: String, principal: Principal, limit: Int) async throws -> [SearchGroupView] {
        let results = try await store.search(q, limit: limit, by: principal)
        var groups: [SearchGroupView] = []
        for (entity, label, path) in [
            ("account", "Accounts", "/accounts"), ("contact", "Contacts", "/contacts"), ("lead", "Leads", "/leads"), ("deal", "Deals", "/deals"),
            ("product", "Products", "/products"), ("article", "Knowledge", "/articles"), ("quote", "Quotes", "/quotes"),
            ("order", "Orders", "/orders"), ("invoice", "Invoices", "/invoices"),
        ] {
            let items = results.filter { $0.entity == entity }.map {
                RelatedItemView(title: $0.title, subtitle: $0.subtitle, href: "\(path)/\($0.id)")
            }
            if !items.isEmpty { groups.append(SearchGroupView(label: label, hits: items)) }
        }
        return groups
    }

    func search(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let q = String((request.uri.queryParameters.get("q") ?? "").prefix(200))
        let groups = q.isEmpty ? [] : try await hits(q, principal: principal, limit: 50)
        return pages.render(
            "search", title: q.isEmpty ? "Search" : "Search: \(q)", content: SearchView(q: q, groups: groups, isEmpty: !q.isEmpty && groups.isEmpty),
            context: context, request: request, searchQuery: q)
    }

    /// Suggestions as you type, for the search box's script.
    func suggest(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let q = String((request.uri.queryParameters.get("q") ?? "").prefix(200))
        let groups = try await hits(q, principal: principal, limit: 12)
        let json: JSONValue = .object(
            JSONObject([
                "groups": .array(
                    groups.map { group in
                        .object(
                            JSONObject([
                                "label": .string(group.label),
                                "hits": .array(
                                    group.hits.map {
                                        .object(JSONObject(["title": .string($0.title), "subtitle": .string($0.subtitle), "href": .string($0.href)]))
                                    }),
                            ]))
                    })
            ]))
        return .json(json)
    }
}

/// Adding and removing relations between accounts from an account page.
struct RelationPages: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("/accounts/:id/relations") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<Account>.ID.init) else {
                throw RapportError.notFound(entity: "account", id: "")
            }
            var request = request
            let form = try await request.form(limit: 1 << 16)
            guard let kind = form["kind"].flatMap(AccountRelationKind.init(rawValue:)) else {
                return .seeOther("/accounts/\(id)", flash: "Choose how the accounts are related.", kind: "error")
            }
            guard let other = form["to_id"].flatMap(Record<Account>.ID.init) else {
                return .seeOther("/accounts/\(id)", flash: "Choose the other account.", kind: "error")
            }
            let note = form["note"]?.trimmingWhitespace()
            do {
                _ = try await store.relations.relate(id, kind, other, note: note?.isEmpty == false ? note : nil, by: principal)
            } catch RapportError.conflict(let message) {
                return .seeOther("/accounts/\(id)", flash: message, kind: "error")
            } catch RapportError.invalid(let issues) {
                return .seeOther("/accounts/\(id)", flash: issues.map(\.reason).joined(separator: "; "), kind: "error")
            }
            return .seeOther("/accounts/\(id)", flash: "Relation added.")
        }
        group.post("/accounts/:id/relations/:relation/delete") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id"),
                let relation = context.parameters.get("relation").flatMap(AccountRelation.ID.init)
            else { throw RapportError.notFound(entity: "relation", id: "") }
            try await store.relations.unrelate(relation, by: principal)
            return .seeOther("/accounts/\(id)", flash: "Relation removed.")
        }
    }
}
