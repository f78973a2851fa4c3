import Foundation
import RapportCore
import RapportStore

/// A confirmation shown above a form: what the checks found, with links to the records behind
/// each finding, and the field that lets the person go ahead anyway.
struct ConfirmationView {
    struct Item {
        var message: String
        var href: String?
        var linkText: String?
    }

    var title: String
    var items: [Item]
    var field: String
    /// A reason to type (`override_reason`), or a box to tick (`allow_duplicate`).
    var asksReason: Bool
    var reasonValue: String
    var reasonLabel: String

    static func make(_ confirmation: Confirmation, form: [String: String], store: Store, principal: Principal) async throws
        -> ConfirmationView
    {
        let items = confirmation.conflicts.map { conflict -> Item in
            if let id = conflict.details["activity_id"]?.stringValue {
                return Item(message: conflict.message, href: "/activities/\(id)", linkText: "See the activity")
            }
            if let id = conflict.details["task_id"]?.stringValue {
                return Item(message: conflict.message, href: "/tasks/\(id)", linkText: "See the task")
            }
            if let id = conflict.details["record_id"]?.stringValue, let entity = conflict.details["entity"]?.stringValue {
                return Item(message: conflict.message, href: "/\(entity == "account" ? "accounts" : "contacts")/\(id)", linkText: "Open it")
            }
            return Item(message: conflict.message, href: nil, linkText: nil)
        }
        let asksReason = confirmation.field == OutreachRules.confirmationField
        return ConfirmationView(
            title: confirmation.title, items: items, field: confirmation.field, asksReason: asksReason,
            reasonValue: form[confirmation.field] ?? "",
            reasonLabel: asksReason ? "Why go ahead anyway? (recorded on the activity)" : "Create it anyway")
    }
}

/// The follow-up section of the "log an activity" form: a task created with the activity.
enum FollowUpForm {
    static func sections<E: Entity>(for entity: E.Type, values: [String: String], users: [User]) -> [SectionView] {
        guard E.self == Activity.self else { return [] }
        let owner = values["follow_up_owner_id"] ?? ""
        var due = FieldView(
            name: "follow_up_due_at", id: "field-follow_up_due_at", label: "Follow up on",
            help: "Leave empty for no follow-up. A task is created for the person below.", required: false, error: nil,
            value: values["follow_up_due_at"] ?? "", inputType: "datetime-local", isInput: true, isTextarea: false,
            isSelect: false, isCheckbox: false, checked: false, options: [], placeholder: nil, wide: false, rows: 1)
        due.error = nil
        let title = FieldView(
            name: "follow_up_title", id: "field-follow_up_title", label: "Follow-up task", help: nil, required: false, error: nil,
            value: values["follow_up_title"] ?? "", inputType: "text", isInput: true, isTextarea: false, isSelect: false,
            isCheckbox: false, checked: false, options: [], placeholder: "Follow up: …", wide: false, rows: 1)
        let assignee = FormBuilder<Activity>.select(
            "follow_up_owner_id", "Assign to", help: nil, value: owner,
            options: users.filter(\.active).map { ($0.id.description, $0.name) }, blank: "Me", error: nil)
        return [SectionView(title: "Follow-up", fields: [due, title, assignee])]
    }

    /// The `follow_up` object for the form's follow-up fields, when a due time or title was given.
    static func object(from form: [String: String]) -> JSONObject? {
        let due = form["follow_up_due_at"]?.trimmingWhitespace() ?? ""
        let title = form["follow_up_title"]?.trimmingWhitespace() ?? ""
        guard !due.isEmpty || !title.isEmpty else { return nil }
        var object = JSONObject()
        if !due.isEmpty { object["due_at"] = .string(due) }
        if !title.isEmpty { object["title"] = .string(title) }
        if let owner = form["follow_up_owner_id"], !owner.isEmpty { object["owner_id"] = .string(owner) }
        return object
    }
}
