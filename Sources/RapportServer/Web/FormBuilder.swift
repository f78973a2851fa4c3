import Foundation
import RapportCore
import RapportStore

/// Builds the generic form for an entity from its field specs: inputs of the right kind, the
/// values typed (or stored), and each validation problem beside its field.
enum FormBuilder<E: WebEntity> {
    /// What reference and list fields offer, fetched once per form.
    struct Choices {
        /// Options by referenced table; nil when there are too many to list (the field is typed).
        var records: [String: [OptionView]?] = [:]
        /// Titles of the records the values point at, for typed fields.
        var names: [UUID: String] = [:]
        /// Entries of the picklists, by table.
        var picklists: [String: [Picklists.Entry]] = [:]
        var users: [User] = []
        /// Contacts offered as meeting attendees: the account's people.
        var attendees: [OptionView] = []
        /// Accounts offered as a deal's competitors: those of type competitor, and any already chosen.
        var competitors: [OptionView] = []
    }

    static func build(
        heading: String, action: String, cancelHref: String, submitLabel: String, version: Int?,
        values: [String: String], issues: [FieldIssue], store: Store, principal: Principal, isNew: Bool,
        zone: TimeZone = .gmt, extraSections: [SectionView] = []
    ) async throws -> FormView {
        let choices = try await loadChoices(values: values, store: store, principal: principal)
        var errors: [String: String] = [:]
        for issue in issues {
            let base = String(issue.field.prefix(while: { $0 != "[" && $0 != "." }))
            errors[base] = errors[base].map { $0 + "; " + issue.reason } ?? issue.reason
        }
        var sections: [SectionView] = []
        for (title, names) in E.formSections {
            var fields: [FieldView] = []
            for name in names {
                guard let spec = E.field(name) else { continue }
                fields.append(contentsOf: views(for: spec, values: values, errors: errors, choices: choices))
            }
            sections.append(SectionView(title: title, fields: fields))
        }
        sections += extraSections
        let users = choices.users
        let teams = try await store.directory.teams(in: principal.workspaceID)
        // A new lead's owner is left to the assignment rules unless someone is chosen.
        let ownerByRules = isNew && E.self == Lead.self
        let owner = values["owner_id"] ?? (isNew && !ownerByRules ? principal.userID?.description ?? "" : "")
        let team = values["team_id"] ?? (isNew ? principal.teamID?.description ?? "" : "")
        let ownerLabel = E.self == Todo.self ? "Assignee" : E.self == Activity.self ? "Made by" : "Owner"
        sections.append(
            SectionView(
                title: "Ownership",
                fields: [
                    select(
                        "owner_id", ownerLabel,
                        help: ownerByRules
                            ? "Left to the rules, the first matching assignment rule picks the owner; with none, it is yours."
                            : E.self == Todo.self ? "Who does it." : "Who looks after this \(E.singular).",
                        value: owner, options: users.map { ($0.id.description, $0.name) },
                        blank: ownerByRules ? "Assign by the rules" : "No one", error: errors["owner_id"]),
                    select(
                        "team_id", "Team", help: "The team's members and managers can see it.", value: team,
                        options: teams.map { ($0.id.description, $0.name) }, blank: "No team", error: errors["team_id"]),
                    checkbox(
                        "shared", "Shared with everyone", help: "Visible to every user, not only the owner and team.",
                        checked: ["on", "true", "1"].contains(values["shared"] ?? ""), error: errors["shared"]),
                ]))
        let labels = Dictionary(E.fields.map { ($0.name, $0.label) }, uniquingKeysWith: { a, _ in a })
        let errorItems = issues.map { issue -> ErrorItemView in
            let base = String(issue.field.prefix(while: { $0 != "[" && $0 != "." }))
            return ErrorItemView(field: base, label: labels[base] ?? base.replacingOccurrences(of: "_", with: " ").capitalized, reason: issue.reason)
        }
        return FormView(
            heading: heading, action: action, cancelHref: cancelHref, submitLabel: submitLabel, version: version,
            hasErrors: !issues.isEmpty, errors: errorItems, sections: sections)
    }

    static func loadChoices(values: [String: String], store: Store, principal: Principal) async throws -> Choices {
        var choices = Choices()
        choices.users = try await store.directory.users(in: principal.workspaceID).filter(\.active)
        var typed: [String: Set<UUID>] = [:]
        for spec in E.fields {
            switch spec.kind {
            case .reference(let table) where ReferenceChoices.tables.contains(table) && !spec.readOnly:
                if choices.records[table] == nil {
                    choices.records[table] = try await ReferenceChoices.options(table: table, store: store, principal: principal)
                }
                if let id = values[spec.name].flatMap(UUID.init(uuidString:)) { typed[table, default: []].insert(id) }
            case .picklist(let table):
                choices.picklists[table] = try await Picklists.entries(table, store: store, principal: principal)
            case .references("contacts", _):
                var account = values["account_id"].flatMap(UUID.init(uuidString:))
                if account == nil, let contact = values["contact_id"].flatMap({ Record<Contact>.ID($0) }) {
                    account = try? await store.contacts.get(contact, by: principal)["account_id"]?.uuid
                }
                var seen: Set<String> = []
                if let account {
                    let people = try await store.contacts.list(ListQuery(filters: ["account_id": account.uuidString], limit: 100), by: principal)
                    choices.attendees = people.items.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
                    seen = Set(choices.attendees.map(\.value))
                }
                let chosen = (values[spec.name] ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" })
                    .compactMap { Record<Contact>.ID(String($0).trimmingWhitespace()) }.filter { !seen.contains($0.description) }
                for contact in try await store.contacts.get(many: chosen, by: principal) {
                    choices.attendees.append(OptionView(value: contact.id.description, label: contact.title, selected: true))
                }
            case .references("accounts", _):
                let listed = try await store.accounts.list(ListQuery(filters: ["type": "competitor"], limit: 100), by: principal)
                choices.competitors = listed.items.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
                let seen = Set(choices.competitors.map(\.value))
                let chosen = (values[spec.name] ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" })
                    .compactMap { Record<Account>.ID(String($0).trimmingWhitespace()) }.filter { !seen.contains($0.description) }
                for account in try await store.accounts.get(many: chosen, by: principal) {
                    choices.competitors.append(OptionView(value: account.id.description, label: account.title, selected: true))
                }
            default: break
            }
        }
        var lookups = Lookups()
        try await lookups.add(typed, store: store, principal: principal)
        choices.names = lookups.accounts.merging(lookups.names) { a, _ in a }
        return choices
    }

    static func views(for spec: FieldSpec, values: [String: String], errors: [String: String], choices: Choices) -> [FieldView] {
        let value = values[spec.name] ?? ""
        var field = FieldView(
            name: spec.name, id: "field-\(spec.name)", label: spec.label, help: spec.help, required: spec.required,
            error: errors[spec.name], value: value, inputType: "text", isInput: true, isTextarea: false, isSelect: false,
            isCheckbox: false, checked: false, options: [], placeholder: nil, wide: false, rows: 3)
        switch spec.kind {
        case .text, .country, .timeZone:
            if spec.kind == .country { field.placeholder = "US" }
            if spec.kind == .timeZone { field.placeholder = "Europe/Paris" }
        case .url:
            field.inputType = "text"
            field.placeholder = "example.com"
        case .longText:
            field.isInput = false
            field.isTextarea = true
            field.wide = true
            field.rows = 5
        case .integer:
            field.inputType = "number"
        case .date:
            field.inputType = "date"
        case .dateTime:
            field.inputType = "datetime-local"
        case .money:
            field.placeholder = "1,250,000.00"
            let currency = values[spec.name + "_currency"] ?? "USD"
            var currencyField = select(
                spec.name + "_currency", "Currency", help: nil, value: currency,
                options: Money.common.map { ($0, $0) }, blank: nil, error: errors[spec.name + "_currency"])
            currencyField.wide = false
            return [field, currencyField]
        case .bool:
            return [checkbox(spec.name, spec.label, help: spec.help, checked: ["on", "true", "1"].contains(value), error: errors[spec.name])]
        case .choice(let options):
            return [
                select(
                    spec.name, spec.label, help: spec.help, value: value.isEmpty && spec.required ? options.first ?? "" : value,
                    options: options.map { ($0, ChoiceLabel.text($0)) },
                    blank: spec.required ? nil : "—", error: errors[spec.name], required: spec.required)
            ]
        case .emails:
            field.isInput = false
            field.isTextarea = true
            field.rows = 2
            field.placeholder = "One address per line"
        case .phones:
            field.isInput = false
            field.isTextarea = true
            field.rows = 2
            field.placeholder = "One number per line, e.g. +1 415 555 0100"
        case .tags:
            field.placeholder = "Comma-separated, e.g. champion, newsletter"
        case .picklist(let table):
            let offered = (choices.picklists[table] ?? []).filter { !$0.retired || $0.id.uuidString.lowercased() == value.lowercased() }
            return [
                select(
                    spec.name, spec.label, help: spec.help, value: value.lowercased(),
                    options: offered.map { ($0.id.uuidString.lowercased(), $0.retired ? "\($0.label) (retired)" : $0.label) }, blank: "—",
                    error: errors[spec.name], required: spec.required)
            ]
        case .references(let table, _):
            let chosen = Set(value.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { String($0).trimmingWhitespace().lowercased() })
            field.isInput = false
            field.isCheckGroup = true
            field.wide = true
            if table == "users" {
                field.options = choices.users.map { OptionView(value: $0.id.description, label: $0.name, selected: chosen.contains($0.id.description)) }
            } else if table == "accounts" {
                field.options = choices.competitors.map { OptionView(value: $0.value, label: $0.label, selected: chosen.contains($0.value)) }
            } else {
                field.options = choices.attendees.map { OptionView(value: $0.value, label: $0.label, selected: chosen.contains($0.value)) }
            }
        case .reference(let table):
            guard let listed = choices.records[table], var options = listed else {
                field.placeholder = "Type the exact name"
                if let id = UUID(uuidString: value), let name = choices.names[id] { field.value = name }
                return [field]
            }
            if !value.isEmpty, !options.contains(where: { $0.value == value }) {
                options.insert(OptionView(value: value, label: choices.names[UUID(uuidString: value) ?? UUID()] ?? "Current", selected: true), at: 0)
            }
            for i in options.indices { options[i].selected = options[i].value == value }
            field.isInput = false
            field.isSelect = true
            field.options = [OptionView(value: "", label: "—", selected: value.isEmpty)] + options
        }
        return [field]
    }

    static func select(
        _ name: String, _ label: String, help: String?, value: String, options: [(String, String)], blank: String?,
        error: String?, required: Bool = false
    ) -> FieldView {
        var list = options.map { OptionView(value: $0.0, label: $0.1, selected: $0.0 == value) }
        if let blank { list.insert(OptionView(value: "", label: blank, selected: value.isEmpty), at: 0) }
        return FieldView(
            name: name, id: "field-\(name)", label: label, help: help, required: required, error: error, value: value,
            inputType: "text", isInput: false, isTextarea: false, isSelect: true, isCheckbox: false, checked: false,
            options: list, placeholder: nil, wide: false, rows: 1)
    }

    static func checkbox(_ name: String, _ label: String, help: String?, checked: Bool, error: String?) -> FieldView {
        FieldView(
            name: name, id: "field-\(name)", label: label, help: help, required: false, error: error, value: "true",
            inputType: "checkbox", isInput: false, isTextarea: false, isSelect: false, isCheckbox: true, checked: checked,
            options: [], placeholder: nil, wide: false, rows: 1)
    }

    /// A stored record's values as form text.
    static func values(of record: Record<E>, zone: TimeZone = .gmt) -> [String: String] {
        var values: [String: String] = [:]
        for spec in E.fields {
            guard let value = record.values[spec.name] else { continue }
            switch value {
            case .emails(let list): values[spec.name] = list.map(\.address.value).joined(separator: "\n")
            case .phones(let list): values[spec.name] = list.map(\.number.description).joined(separator: "\n")
            case .tags(let list): values[spec.name] = list.joined(separator: ", ")
            case .money(let money):
                values[spec.name] = money.formattedAmount
                values[spec.name + "_currency"] = money.currency
            case .bool(let b): values[spec.name] = b ? "true" : ""
            case .id(let id): values[spec.name] = id.uuidString.lowercased()
            case .time(let time): values[spec.name] = time.localInput(in: zone)
            case .ids(let ids): values[spec.name] = ids.map { $0.uuidString.lowercased() }.joined(separator: ",")
            default: values[spec.name] = value.display
            }
        }
        values["owner_id"] = record.ownerID?.description ?? ""
        values["team_id"] = record.teamID?.description ?? ""
        values["shared"] = record.shared ? "true" : ""
        return values
    }
}

/// The records a form offers to point at (accounts, contacts): every visible one, by name, while
/// there are few enough to list; past that the form asks for a name, which `resolve` turns into an ID.
enum ReferenceChoices {
    /// Tables whose records a form offers by name.
    static let tables: Set<String> = ["accounts", "contacts", "leads", "deals", "products"]

    static func options(table: String, store: Store, principal: Principal) async throws -> [OptionView]? {
        switch table {
        case "contacts": try await RecordChoices<Contact>.options(store.contacts, principal: principal)
        case "leads": try await RecordChoices<Lead>.options(store.leads, principal: principal)
        case "deals": try await RecordChoices<Deal>.options(store.deals, principal: principal)
        case "products": try await RecordChoices<Product>.options(store.products, principal: principal)
        default: try await RecordChoices<Account>.options(store.accounts, principal: principal)
        }
    }

    static func resolve(_ typed: String, table: String, store: Store, principal: Principal) async throws
        -> Result<String, FieldIssueReason>
    {
        switch table {
        case "contacts": try await RecordChoices<Contact>.resolve(typed, store.contacts, principal: principal)
        case "leads": try await RecordChoices<Lead>.resolve(typed, store.leads, principal: principal)
        case "deals": try await RecordChoices<Deal>.resolve(typed, store.deals, principal: principal)
        case "products": try await RecordChoices<Product>.resolve(typed, store.products, principal: principal)
        default: try await RecordChoices<Account>.resolve(typed, store.accounts, principal: principal)
        }
    }
}

/// The accounts a form offers (the name the tests and older code use).
enum AccountChoices {
    static func options(store: Store, principal: Principal) async throws -> [OptionView]? {
        try await RecordChoices<Account>.options(store.accounts, principal: principal)
    }

    static func resolve(_ typed: String, store: Store, principal: Principal) async throws -> Result<String, FieldIssueReason> {
        try await RecordChoices<Account>.resolve(typed, store.accounts, principal: principal)
    }
}

enum RecordChoices<E: WebEntity> {
    static var listLimit: Int { 600 }

    static func options(_ records: RecordStore<E>, principal: Principal) async throws -> [OptionView]? {
        var options: [OptionView] = []
        var query = ListQuery(limit: 200)
        while true {
            let page = try await records.list(query, by: principal)
            options += page.items.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
            if options.count > listLimit { return nil }
            guard let next = page.nextCursor else { return options }
            query.cursor = try Cursor(decoding: next)
        }
    }

    /// The ID for what was typed in an account field: an ID as is, or the one visible account with
    /// exactly that name. Anything else is left for validation to reject with a clear reason.
    static func resolve(_ typed: String, _ records: RecordStore<E>, principal: Principal) async throws
        -> Result<String, FieldIssueReason>
    {
        let text = typed.trimmingWhitespace()
        if text.isEmpty || UUID(uuidString: text) != nil { return .success(text) }
        let candidates = try await records.list(ListQuery(q: text, limit: 50), by: principal).items
        let exact = candidates.filter { SearchText.fold($0.title) == SearchText.fold(text) }
        switch exact.count {
        case 1: return .success(exact[0].id.description)
        case 0: return .failure(FieldIssueReason(text: "no \(E.singular) you can see is named “\(text.prefix(80))”"))
        default: return .failure(FieldIssueReason(text: "several \(E.plural.lowercased()) are named “\(text.prefix(80))”; open the right one and start from there"))
        }
    }
}

/// A reason a field is invalid, as an error value.
struct FieldIssueReason: Error, Equatable {
    var text: String
}
