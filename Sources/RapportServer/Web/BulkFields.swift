import Foundation
import RapportCore
import RapportStore

/// What a list's bulk action may change, and how the chosen value reads into the bulk API's body
/// (`BulkEdit`), so the web and the API change many records the same way.
enum BulkFields<E: WebEntity> {
    struct Choice: Equatable {
        /// `owner_id`, `team_id`, a field's name, or `tags` / `tags.remove`.
        var key: String
        var label: String
    }

    /// Owner and team, then the fields a list is changed by in practice (choices, lists, flags,
    /// dates, countries, tags and references people pick from a list), in the form's order.
    static var choices: [Choice] {
        var result = [Choice(key: "owner_id", label: E.self == Todo.self ? "Assignee" : "Owner"), Choice(key: "team_id", label: "Team")]
        for name in E.formSections.flatMap(\.1) {
            guard let spec = E.field(name), !spec.readOnly else { continue }
            switch spec.kind {
            case .choice, .picklist, .bool, .date, .country, .timeZone:
                result.append(Choice(key: name, label: spec.label))
            case .reference(let table) where ReferenceChoices.tables.contains(table):
                result.append(Choice(key: name, label: spec.label))
            case .tags:
                result.append(Choice(key: "tags", label: "Add tags"))
                result.append(Choice(key: "tags.remove", label: "Remove tags"))
            default: continue
            }
        }
        return result
    }

    static func choice(_ key: String?) -> Choice? { choices.first { $0.key == key } }

    /// The bulk API's body for the submitted value of `choice`: `{ids, set: {field: value}}`, or
    /// `{ids, add_tags}` / `{ids, remove_tags}`. A typed reference is resolved as the record forms do.
    static func body(
        _ choice: Choice, form: [String: String], ids: [Record<E>.ID], store: Store, principal: Principal
    ) async throws -> JSONObject {
        var body = JSONObject(["ids": .array(ids.map { .string($0.description) })])
        let raw = form["value"] ?? ""
        switch choice.key {
        case "tags", "tags.remove":
            let tags = raw.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            body[choice.key == "tags" ? "add_tags" : "remove_tags"] = .array(tags.map { .string($0) })
            return body
        default: break
        }
        var value: JSONValue = raw.trimmingWhitespace().isEmpty ? .null : .string(raw)
        if let spec = E.field(choice.key) {
            switch spec.kind {
            case .bool:
                value = .string(["on", "true", "1"].contains(raw) ? "true" : "false")
            case .reference(let table) where !raw.trimmingWhitespace().isEmpty:
                switch try await ReferenceChoices.resolve(raw, table: table, store: store, principal: principal) {
                case .success(let id): value = .string(id)
                case .failure(let reason): throw RapportError.invalid(field: "set." + spec.name, reason: reason.text)
                }
            default: break
            }
        }
        body["set"] = .object(JSONObject([choice.key: value]))
        return body
    }

    /// The input for the chosen field on the confirmation page, as the record form draws it.
    static func fieldViews(
        _ choice: Choice, value: String, error: String?, store: Store, principal: Principal
    ) async throws -> [FieldView] {
        switch choice.key {
        case "owner_id":
            let users = try await store.directory.users(in: principal.workspaceID).filter(\.active)
            return [
                FormBuilder<E>.select(
                    "value", choice.label, help: "Empty leaves them with no one.", value: value,
                    options: users.map { ($0.id.description, $0.name) }, blank: "No one", error: error)
            ]
        case "team_id":
            let teams = try await store.directory.teams(in: principal.workspaceID)
            return [
                FormBuilder<E>.select(
                    "value", "Team", help: "The team's members and managers can see them.", value: value,
                    options: teams.map { ($0.id.description, $0.name) }, blank: "No team", error: error)
            ]
        case "tags", "tags.remove":
            return [
                FieldView(
                    name: "value", id: "field-value", label: choice.label, help: "Separate tags with commas.", required: true,
                    error: error, value: value, inputType: "text", isInput: true, isTextarea: false, isSelect: false,
                    isCheckbox: false, checked: false, options: [], placeholder: "e.g. champion, newsletter", wide: true, rows: 1)
            ]
        default:
            guard let spec = E.field(choice.key) else { return [] }
            let choices = try await FormBuilder<E>.loadChoices(values: [spec.name: value], store: store, principal: principal)
            return FormBuilder<E>.views(for: spec, values: [spec.name: value], errors: error.map { [spec.name: $0] } ?? [:], choices: choices)
                .map { view in
                    // One input named `value`, whatever the field.
                    var view = view
                    if view.name == spec.name {
                        view.name = "value"
                        view.id = "field-value"
                    }
                    return view
                }
        }
    }
}
