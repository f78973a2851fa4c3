import Foundation
import RapportCore
import RapportStore

/// Builds the generic form for an entity from its field specs: inputs of the right kind, the
/// values typed (or stored), and each validation problem beside its field.
enum FormBuilder<E: WebEntity> {
    static func build(
        heading: String, action: String, cancelHref: String, submitLabel: String, version: Int?,
        values: [String: String], issues: [FieldIssue], store: Store, principal: Principal, isNew: Bool
    ) async throws -> FormView {
        // Names of the accounts the values point at, to show a typed reference field by name.
        var accountNames: [UUID: String] = [:]
        let referenced = E.fields.compactMap { spec -> Record<Account>.ID? in
            guard case .reference("accounts") = spec.kind else { return nil }
            return values[spec.name].flatMap(Record<Account>.ID.init)
        }
        for account in try await store.accounts.get(many: referenced, by: principal) { accountNames[account.id.uuid] = account.title }
        var errors: [String: String] = [:]
        for issue in issues {
            let base = String(issue.field.prefix(while: { $0 != "[" && $0 != "." }))
            errors[base] = errors[base].map { $0 + "; " + issue.reason } ?? issue.reason
        }
        let needsAccounts = E.fields.contains { if case .reference("accounts") = $0.kind { true } else { false } }
        var accountOptions: [OptionView]?
        if needsAccounts { accountOptions = try await AccountChoices.options(store: store, principal: principal) }
        var sections: [SectionView] = []
        for (title, names) in E.formSections {
            var fields: [FieldView] = []
            for name in names {
                guard let spec = E.field(name) else { continue }
                fields.append(
                    contentsOf: views(for: spec, values: values, errors: errors, accounts: accountOptions, accountNames: accountNames))
            }
            sections.append(SectionView(title: title, fields: fields))
        }
        let users = try await store.directory.users(in: principal.workspaceID).filter(\.active)
        let teams = try await store.directory.teams(in: principal.workspaceID)
        let owner = values["owner_id"] ?? (isNew ? principal.userID?.description ?? "" : "")
        let team = values["team_id"] ?? (isNew ? principal.teamID?.description ?? "" : "")
        sections.append(
            SectionView(
                title: "Ownership",
                fields: [
                    select(
                        "owner_id", "Owner", help: "Who looks after this \(E.singular).", value: owner,
                        options: users.map { ($0.id.description, $0.name) }, blank: "No owner", error: errors["owner_id"]),
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

    /// `accounts` is nil when there are too many to list: the field is then typed (a name or an ID).
    static func views(for spec: FieldSpec, values: [String: String], errors: [String: String], accounts: [OptionView]?,
        accountNames: [UUID: String] = [:]) -> [FieldView]
    {
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
                    options: options.map { ($0, $0.replacingOccurrences(of: "_", with: " ").capitalized) },
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
        case .reference:
            guard var options = accounts else {
                field.placeholder = "Type the account's exact name"
                if let id = UUID(uuidString: value), let name = accountNames[id] { field.value = name }
                return [field]
            }
            if !value.isEmpty, !options.contains(where: { $0.value == value }) {
                options.insert(OptionView(value: value, label: "Current account", selected: true), at: 0)
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
    static func values(of record: Record<E>) -> [String: String] {
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
            default: values[spec.name] = value.display
            }
        }
        values["owner_id"] = record.ownerID?.description ?? ""
        values["team_id"] = record.teamID?.description ?? ""
        values["shared"] = record.shared ? "true" : ""
        return values
    }
}

/// The accounts a form offers to point at: every visible one, by name, while there are few enough
/// to list; past that the form asks for a name, which `resolve` turns into an ID.
enum AccountChoices {
    static let listLimit = 600

    static func options(store: Store, principal: Principal) async throws -> [OptionView]? {
        var options: [OptionView] = []
        var query = ListQuery(limit: 200)
        while true {
            let page = try await store.accounts.list(query, by: principal)
            options += page.items.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
            if options.count > listLimit { return nil }
            guard let next = page.nextCursor else { return options }
            query.cursor = try Cursor(decoding: next)
        }
    }

    /// The ID for what was typed in an account field: an ID as is, or the one visible account with
    /// exactly that name. Anything else is left for validation to reject with a clear reason.
    static func resolve(_ typed: String, store: Store, principal: Principal) async throws -> Result<String, FieldIssueReason> {
        let text = typed.trimmingWhitespace()
        if text.isEmpty || UUID(uuidString: text) != nil { return .success(text) }
        let candidates = try await store.accounts.list(ListQuery(q: text, limit: 50), by: principal).items
        let exact = candidates.filter { SearchText.fold($0.title) == SearchText.fold(text) }
        switch exact.count {
        case 1: return .success(exact[0].id.description)
        case 0: return .failure(FieldIssueReason(text: "no account you can see is named “\(text.prefix(80))”"))
        default: return .failure(FieldIssueReason(text: "several accounts are named “\(text.prefix(80))”; open the right one and add the person from there"))
        }
    }
}

/// A reason a field is invalid, as an error value.
struct FieldIssueReason: Error, Equatable {
    var text: String
}
