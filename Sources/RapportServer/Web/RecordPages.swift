import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The web pages of one entity: list, record, create and edit forms, delete and restore.
/// Every entity uses the same templates, driven by its `WebEntity` description.
struct RecordPages<E: WebEntity>: Sendable {
    let store: Store
    let records: RecordStore<E>
    let pages: Pages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(RouterPath(E.path)) { request, context in try await list(request, context) }
        group.get(RouterPath("\(E.path)/new")) { request, context in try await newForm(request, context) }
        group.post(RouterPath(E.path)) { request, context in try await create(request, context) }
        group.get(RouterPath("\(E.path)/:id")) { request, context in try await show(request, context) }
        group.get(RouterPath("\(E.path)/:id/edit")) { request, context in try await editForm(request, context) }
        group.post(RouterPath("\(E.path)/:id")) { request, context in try await update(request, context) }
        group.post(RouterPath("\(E.path)/:id/delete")) { request, context in try await delete(request, context) }
        group.post(RouterPath("\(E.path)/:id/restore")) { request, context in try await restore(request, context) }
    }

    // MARK: List

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = request.uri.queryParameters
        let query = try ListQuery(params, for: E.self)
        let sortParam = params.get("sort") ?? "name"
        let filters = query.filters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let page = try await records.list(query, by: principal)
        var lookups = try await Lookups.load(for: page.items, store: store, principal: principal)
        lookups.zone = context.zone

        func href(sort: String? = nil, cursor: String? = nil, scope: String? = nil, dropFilter: String? = nil) -> String {
            var pairs: [(String, String?)] = [("q", query.q)]
            for (name, value) in filters where name != dropFilter { pairs.append(("filter[\(name)]", value)) }
            pairs.append(("tag", query.tag))
            pairs.append(("sort", sort ?? (sortParam == "name" ? nil : sortParam)))
            pairs.append(("scope", scope ?? (query.scope == .deleted ? "deleted" : nil)))
            pairs.append(("cursor", cursor))
            return E.path + FormData.query(pairs)
        }
        let columns = E.columns.map { column -> ColumnView in
            guard let sort = column.sort else {
                return ColumnView(label: column.label, sortHref: nil, sortedAsc: false, sortedDesc: false, numeric: column.numeric)
            }
            let active = query.sort == sort
            let next = active && !query.descending ? "-" + sort.rawValue : sort.rawValue
            return ColumnView(
                label: column.label, sortHref: href(sort: next), sortedAsc: active && !query.descending,
                sortedDesc: active && query.descending, numeric: column.numeric)
        }
        let rows = page.items.map { record in
            RowView(
                href: "\(E.path)/\(record.id)",
                cells: E.columns.map { column in
                    var cell = column.cell(record, lookups)
                    cell.label = column.label
                    cell.numeric = column.numeric
                    return cell
                }, id: record.id.description, title: record.title)
        }
        var filterViews: [FilterView] = []
        for name in E.listFilters {
            guard let spec = E.field(name) else { continue }
            if case .picklist(let table) = spec.kind {
                let entries = try await Picklists.entries(table, store: store, principal: principal)
                filterViews.append(
                    FilterView(
                        name: "filter[\(name)]", label: spec.label,
                        options: [OptionView(value: "", label: "Any \(spec.label.lowercased())", selected: query.filters[name] == nil)]
                            + entries.filter { !$0.retired || query.filters[name] == $0.id.uuidString.lowercased() }.map {
                                let id = $0.id.uuidString.lowercased()
                                return OptionView(value: id, label: $0.label, selected: query.filters[name]?.lowercased() == id)
                            }))
                continue
            }
            guard case .choice(let options) = spec.kind else { continue }
            filterViews.append(
                FilterView(
                    name: "filter[\(name)]", label: spec.label,
                    options: [OptionView(value: "", label: "Any \(spec.label.lowercased())", selected: query.filters[name] == nil)]
                        + options.map { OptionView(value: $0, label: ChoiceLabel.text($0), selected: query.filters[name] == $0) }))
        }
        let users = lookups.users.values.sorted { $0.name < $1.name }
        filterViews.append(
            FilterView(
                name: "filter[owner_id]", label: "Owner",
                options: [OptionView(value: "", label: "Any owner", selected: query.filters["owner_id"] == nil)]
                    + users.map {
                        OptionView(value: $0.id.description, label: $0.name, selected: query.filters["owner_id"] == $0.id.description)
                    }))
        var chips = filters.map { name, value -> ChipView in
            let label: String
            if name == "owner_id", let id = User.ID(value) {
                label = "Owner: \(lookups.userName(id))"
            } else if let id = UUID(uuidString: value), let entry = lookups.names[id] {
                label = "\(E.field(name)?.label ?? name): \(entry)"
            } else {
                label = "\(E.field(name)?.label ?? name): \(value.replacingOccurrences(of: "_", with: " ").capitalized)"
            }
            return ChipView(label: label, removeHref: href(dropFilter: name))
        }
        if let tag = query.tag, !tag.isEmpty {
            var pairs: [(String, String?)] = [("q", query.q)]
            for (name, value) in filters { pairs.append(("filter[\(name)]", value)) }
            chips.append(ChipView(label: "Tag: \(tag)", removeHref: E.path + FormData.query(pairs)))
        }
        var hidden: [ParamView] = []
        if sortParam != "name" { hidden.append(ParamView(name: "sort", value: sortParam)) }
        if query.scope == .deleted { hidden.append(ParamView(name: "scope", value: "deleted")) }
        if let tag = query.tag { hidden.append(ParamView(name: "tag", value: tag)) }
        let filtered = !(query.q ?? "").isEmpty || !filters.isEmpty || query.tag != nil
        var view = ListPageView(
            heading: query.scope == .deleted ? "Deleted \(E.plural.lowercased())" : E.plural, singular: E.singular,
            basePath: E.path, newHref: principal.mayChange(E.self) ? "\(E.path)/new" : nil, q: query.q ?? "",
            hiddenParams: hidden, filters: filterViews, chips: chips, columns: columns, rows: rows, isEmpty: rows.isEmpty,
            emptyTitle: filtered ? "No \(E.plural.lowercased()) match" : "No \(E.plural.lowercased()) yet",
            emptyMessage: filtered
                ? "Try fewer filters or another search."
                : "Add your first \(E.singular) to start recording every conversation with it.",
            nextHref: page.nextCursor.map { href(cursor: $0) }, prevHref: page.previousCursor.map { href(cursor: $0) },
            showingDeleted: query.scope == .deleted,
            toggleDeletedHref: query.scope == .deleted ? E.path : E.path + "?scope=deleted",
            toggleDeletedLabel: query.scope == .deleted ? "Back to \(E.plural.lowercased())" : "Show deleted",
            countText: nil)
        view.actions = E.listActions(query, principal: principal)
        if principal.mayChange(E.self), query.scope != .deleted {
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            view.bulk = BulkBarView(
                action: "\(E.path)/bulk", returnTo: back,
                fields: BulkFields<E>.choices.map { OptionView(value: $0.key, label: $0.label, selected: false) })
        }
        if principal.canWrite, store.imports.kind(E.table) != nil {
            view.actions.append(ActionLink(text: "Import CSV", href: "/imports/new?entity=\(E.table)", icon: "upload"))
        }
        if E.self == Lead.self { view.notice = try await FirstTouchNotice.make(store: store, principal: principal) }
        return pages.render(
            "list", title: view.heading, content: ListContent(page: view), context: context, request: request)
    }

    // MARK: Record

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await records.get(try id(context), by: principal)
        var lookups = try await Lookups.load(for: [record], store: store, principal: principal)
        lookups.zone = context.zone
        let extras = try await RelatedContent.load(for: record, store: store, principal: principal, lookups: &lookups)
        let timeline = try await TimelineSection.load(for: record, request: request, store: store, principal: principal, lookups: &lookups)
        let history = timeline == nil ? try await records.history(record.id, limit: 100, by: principal) : []
        var view = RecordView(
            kindLabel: E.singular.capitalized, heading: record.title, subheading: E.subheading(record, lookups),
            deleted: record.deletedAt != nil, editHref: "\(E.path)/\(record.id)/edit",
            deleteAction: "\(E.path)/\(record.id)/delete", restoreAction: "\(E.path)/\(record.id)/restore",
            version: record.version, facts: E.facts(record, lookups),
            sections: DetailSections.make(record, lookups: lookups), related: extras.related,
            relations: extras.relations, history: history.map { HistoryText.entry($0, entity: E.self, lookups: lookups) })
        view.actions = E.recordActions(record)
        view.timeline = timeline
        if let deal = record as? Record<Deal> {
            view.deal = try await DealPanels.load(deal, store: store, principal: principal, zone: context.zone)
        }
        if let product = record as? Record<Product> {
            view.bundle = try await BundlePanel.load(product, store: store, principal: principal)
            let books = try await store.priceBooks.books(in: principal.workspaceID)
            let prices = try await store.priceBooks.prices(of: product.id, in: principal.workspaceID)
            view.productPrices = ProductPricesView(
                rows: books.compactMap { book in
                    prices[book.id].map {
                        ProductPriceRowView(
                            book: book.name, href: "/price-books/\(book.id)", forWhom: PriceBookPages.forWhom(book), price: $0.description,
                            active: book.active)
                    }
                })
        }
        view.canEdit = principal.mayChange(E.self)
        if let article = record as? Record<Article> {
            view.articleHTML = Markdown.html(article["body"]?.text ?? "")
            view.sections = view.sections.filter { $0.title != "Text" }
        }
        if E.self == Deal.self || E.self == Account.self || E.self == Contact.self {
            view.related.append(try await DocumentsRelated.load(for: record, store: store, principal: principal))
        }
        if E.self == Product.self || E.self == Deal.self {
            view.related.append(try await KnowledgePanel.load(for: record, store: store, principal: principal))
        }
        if E.self == Account.self {
            view.purchases = try await PurchasesPanel.load(.account(record.id.uuid), store: store, principal: principal)
        } else if E.self == Contact.self {
            view.purchases = try await PurchasesPanel.load(.contact(record.id.uuid), store: store, principal: principal)
        }
        if let document = record as? Record<Quote> {
            view.document = try await DocumentPanel.load(document, store: store, principal: principal)
            view.canEdit = view.canEdit && Quote.isEditable(document.values)
        } else if let document = record as? Record<SalesOrder> {
            view.document = try await DocumentPanel.load(document, store: store, principal: principal)
            view.canEdit = view.canEdit && SalesOrder.isEditable(document.values)
        } else if let document = record as? Record<Invoice> {
            view.document = try await DocumentPanel.load(document, store: store, principal: principal)
            view.canEdit = view.canEdit && Invoice.isEditable(document.values)
        }
        if let lead = record as? Record<Lead> {
            view.lead = LeadPanels.make(lead, lookups: lookups)
            view.leadScore = try await LeadScorePanel.load(lead, store: store, principal: principal)
        }
        let merges = try await MergeBanners.load(for: record, store: store, principal: principal)
        let content = RecordContent(
            record: view, mergeBanners: merges, mergedAway: merges.contains(where: \.mergedAway),
            mergeHref: E.self == Account.self || E.self == Contact.self ? "\(E.path)/\(record.id)/merge" : nil)
        return pages.render("record", title: record.title, content: content, context: context, request: request)
    }

    // MARK: Forms

    func newForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        var values: [String: String] = [:]
        let params = request.uri.queryParameters
        for name in [
            "account_id", "parent_id", "contact_id", "lead_id", "deal_id", "kind", "direction", "purpose_id", "activity_id",
            "pipeline_id", "stage_id", "product_id",
        ] {
            if let value = params.get(name), E.field(name) != nil { values[name] = value }
        }
        if E.self == Activity.self {
            values["occurred_at"] = Timestamp.now().localInput(in: context.zone)
            if values["kind"] != "note", values["direction"] == nil { values["direction"] = "outbound" }
        }
        if let back = params.get("return_to") { values["return_to"] = back }
        let cancel = Self.returnPath(values) ?? E.path
        var form = try await FormBuilder<E>.build(
            heading: Self.newHeading(values), action: E.path, cancelHref: cancel, submitLabel: "Save \(E.singular)",
            version: nil, values: values, issues: [], store: store, principal: principal, isNew: true, zone: context.zone,
            extraSections: FollowUpForm.sections(for: E.self, values: values, users: try await store.directory.users(in: principal.workspaceID)))
        form.returnTo = Self.returnPath(values)
        return pages.render("form", title: "New \(E.singular)", content: FormContent(form: form), context: context, request: request)
    }

    func editForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite()
        let record = try await records.get(try id(context), by: principal)
        let form = try await FormBuilder<E>.build(
            heading: "Edit \(record.title)", action: "\(E.path)/\(record.id)", cancelHref: "\(E.path)/\(record.id)",
            submitLabel: "Save changes", version: record.version, values: FormBuilder<E>.values(of: record, zone: context.zone),
            issues: [], store: store, principal: principal, isNew: false, zone: context.zone)
        return pages.render("form", title: "Edit \(record.title)", content: FormContent(form: form), context: context, request: request)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 20)
        do {
            let (changes, extras) = try await readForm(form, principal: principal, current: [:], zone: context.zone, isNew: true)
            let record = try await RecordCreation.create(
                changes, id: nil, extras: extras, records: records, store: store, principal: principal)
            let flash = extras.followUp == nil ? "\(E.singular.capitalized) created." : "\(E.singular.capitalized) created with its follow-up."
            if let back = Self.returnPath(form) { return .seeOther(back, flash: flash) }
            return .seeOther("\(E.path)/\(record.id)", flash: flash)
        } catch let error as RapportError {
            var issues: [FieldIssue] = []
            var confirmation: Confirmation?
            switch error {
            case .invalid(let list): issues = list
            case .needsConfirmation(let found): confirmation = found
            default: throw error
            }
            var view = try await FormBuilder<E>.build(
                heading: Self.newHeading(form), action: E.path, cancelHref: Self.returnPath(form) ?? E.path,
                submitLabel: confirmation == nil ? "Save \(E.singular)" : "Save anyway", version: nil, values: form, issues: issues,
                store: store, principal: principal, isNew: true, zone: context.zone,
                extraSections: FollowUpForm.sections(for: E.self, values: form, users: try await store.directory.users(in: principal.workspaceID)))
            view.returnTo = Self.returnPath(form)
            if let confirmation {
                view.confirmation = try await ConfirmationView.make(confirmation, form: form, store: store, principal: principal)
            }
            return pages.render(
                "form", title: Self.newHeading(form), content: FormContent(form: view), context: context, request: request,
                status: confirmation == nil ? .unprocessableContent : .conflict)
        }
    }

    func update(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try id(context)
        var request = request
        let form = try await request.form(limit: 1 << 20)
        guard let version = form["version"].flatMap(Int.init) else {
            throw RapportError.invalid(field: "version", reason: "is missing; reload the form")
        }
        do {
            let current = try await records.get(id, by: principal)
            let (changes, _) = try await readForm(form, principal: principal, current: current.values, zone: context.zone, isNew: false)
            let record = try await records.update(id, changes, expecting: version, by: principal)
            return .seeOther(Self.returnPath(form) ?? "\(E.path)/\(record.id)", flash: "Changes saved.")
        } catch let error as RapportError {
            let issues: [FieldIssue]
            var shownVersion = version
            switch error {
            case .invalid(let list): issues = list
            case .staleVersion(_, _, let current):
                issues = [FieldIssue(field: "version", reason: "Someone else saved this \(E.singular) while you were editing. Your changes are below; check the record and save again.")]
                shownVersion = current
            default: throw error
            }
            let record = try await records.get(id, by: principal)
            let view = try await FormBuilder<E>.build(
                heading: "Edit \(record.title)", action: "\(E.path)/\(id)", cancelHref: "\(E.path)/\(id)",
                submitLabel: "Save changes", version: shownVersion, values: form, issues: issues, store: store,
                principal: principal, isNew: false, zone: context.zone)
            return pages.render(
                "form", title: "Edit \(record.title)", content: FormContent(form: view), context: context, request: request,
                status: issues.first?.field == "version" ? .conflict : .unprocessableContent)
        }
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let record = try await records.delete(try id(context), expecting: form["version"].flatMap(Int.init), by: principal)
        return .seeOther("\(E.path)/\(record.id)", flash: "\(E.singular.capitalized) deleted. You can restore it from this page.")
    }

    func restore(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await records.restore(try id(context), by: principal)
        return .seeOther("\(E.path)/\(record.id)", flash: "\(E.singular.capitalized) restored.")
    }

    /// Reads a submitted form with the same rules as the API (lenient about strings).
    func readForm(_ form: [String: String], principal: Principal, current: FieldValues, zone: TimeZone, isNew: Bool)
        async throws -> (RecordChanges<E>, CreateExtras)
    {
        var object = JSONObject()
        var groups: [String: [String]] = [:]
        for (key, value) in form.sorted(by: { $0.key < $1.key }) where key != "_csrf" && key != "version" && key != "return_to" {
            // A checkbox group arrives as `<field>.<id>=true`, one key per ticked box.
            if let dot = key.firstIndex(of: "."), let spec = E.field(String(key[..<dot])), case .references = spec.kind {
                if value == "true" { groups[spec.name, default: []].append(String(key[key.index(after: dot)...])) }
                continue
            }
            if key.hasPrefix("follow_up_") { continue }
            object[key] = .string(value)
        }
        for spec in E.fields {
            guard case .references = spec.kind else { continue }
            // Every group is on the form, so no ticked box means none.
            object[spec.name] = .array((groups[spec.name] ?? []).map { .string($0) })
        }
        if isNew, let followUp = FollowUpForm.object(from: form) { object["follow_up"] = .object(followUp) }
        // An unticked checkbox is not submitted at all; the form always shows every field, so absent means false.
        for spec in E.fields where spec.kind == .bool && object[spec.name] == nil { object[spec.name] = .string("false") }
        if object["shared"] == nil { object["shared"] = .string("false") }
        var typedReferenceIssues: [FieldIssue] = []
        for spec in E.fields {
            guard case .reference(let table) = spec.kind, ReferenceChoices.tables.contains(table),
                let typed = object[spec.name]?.stringValue
            else { continue }
            switch try await ReferenceChoices.resolve(typed, table: table, store: store, principal: principal) {
            case .success(let id): object[spec.name] = .string(id)
            case .failure(let reason):
                object[spec.name] = nil
                typedReferenceIssues.append(FieldIssue(field: spec.name, reason: reason.text))
            }
        }
        var input = Input(object, lenient: true)
        input.localZone = zone
        for issue in typedReferenceIssues { input.fail(issue.field, issue.reason) }
        let country = try await store.directory.defaultCountry(of: principal.workspaceID)
        let changes = RecordChanges<E>.read(&input, defaultCountry: country)
        let extras = RecordCreation.readExtras(E.self, input: &input, activityValues: try? changes.apply(to: current), country: country)
        try changes.validate(input, against: current)
        return (changes, extras)
    }

    /// Where to go after saving a form opened from another page (a contact's "Log call").
    static func returnPath(_ values: [String: String]) -> String? {
        if let back = values["return_to"], back.hasPrefix("/"), !back.hasPrefix("//") { return back }
        return nil
    }

    static func newHeading(_ values: [String: String]) -> String {
        guard E.self == Activity.self else { return "New \(E.singular)" }
        switch values["kind"] {
        case "call": return "Log a call"
        case "meeting": return "Log a meeting"
        case "email": return "Log an email"
        case "note": return "Add a note"
        default: return "Log an activity"
        }
    }

    func id(_ context: AppRequestContext) throws -> Record<E>.ID {
        guard let raw = context.parameters.get("id"), let id = Record<E>.ID(raw) else {
            throw RapportError.notFound(entity: E.name, id: context.parameters.get("id") ?? "")
        }
        return id
    }
}

extension Lookups {
    /// Users and teams of the workspace, and the names of accounts the records point at.
    static func load<E: Entity>(for records: [Record<E>], store: Store, principal: Principal) async throws -> Lookups {
        var lookups = Lookups()
        for user in try await store.directory.users(in: principal.workspaceID) { lookups.users[user.id] = user }
        for team in try await store.directory.teams(in: principal.workspaceID) { lookups.teams[team.id] = team }
        var ids: [String: Set<UUID>] = [:]
        let picklists = Picklists.tables(of: E.self)
        for record in records {
            for spec in E.fields {
                switch spec.kind {
                case .reference(let table): if let id = record.values[spec.name]?.uuid { ids[table, default: []].insert(id) }
                case .references(let table, _): ids[table, default: []].formUnion(record.values[spec.name]?.uuids ?? [])
                default: break
                }
            }
        }
        try await lookups.add(ids, picklists: picklists, store: store, principal: principal)
        return lookups
    }

    /// Adds the titles of referenced records (by table) and the names of the picklists' entries.
    mutating func add(_ ids: [String: Set<UUID>], picklists: Set<String> = [], store: Store, principal: Principal) async throws {
        if let accounts = ids["accounts"], !accounts.isEmpty {
            for account in try await store.accounts.get(many: accounts.map { Record<Account>.ID($0) }, by: principal) {
                self.accounts[account.id.uuid] = account.title
            }
        }
        if let contacts = ids["contacts"], !contacts.isEmpty {
            for contact in try await store.contacts.get(many: contacts.map { Record<Contact>.ID($0) }, by: principal) {
                names[contact.id.uuid] = contact.title
            }
        }
        if let activities = ids["activities"], !activities.isEmpty {
            for activity in try await store.activities.get(many: activities.map { Record<Activity>.ID($0) }, by: principal) {
                names[activity.id.uuid] = activity.title
            }
        }
        if let leads = ids["leads"], !leads.isEmpty {
            for lead in try await store.leads.get(many: leads.map { Record<Lead>.ID($0) }, by: principal) {
                names[lead.id.uuid] = lead.title
            }
        }
        if let deals = ids["deals"], !deals.isEmpty {
            for deal in try await store.deals.get(many: deals.map { Record<Deal>.ID($0) }, by: principal) {
                names[deal.id.uuid] = deal.title
            }
        }
        try await addTitles(ids["quotes"], store.billing.quotes, principal: principal)
        try await addTitles(ids["products"], store.products, principal: principal)
        try await addTitles(ids["orders"], store.billing.orders, principal: principal)
        try await addTitles(ids["invoices"], store.billing.invoices, principal: principal)
        for table in picklists.sorted() {
            for entry in try await Picklists.entries(table, store: store, principal: principal) { names[entry.id] = entry.label }
        }
    }

    private mutating func addTitles<E: Entity>(_ ids: Set<UUID>?, _ records: RecordStore<E>, principal: Principal) async throws {
        guard let ids, !ids.isEmpty else { return }
        for record in try await records.get(many: ids.map { Record<E>.ID($0) }, by: principal) { names[record.id.uuid] = record.title }
    }
}
