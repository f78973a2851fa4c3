import Foundation

/// A task: something someone must do by a time, often the follow-up of an activity.
///
/// The task's owner is its assignee. Called `Todo` in Swift so it does not shadow `Task`;
/// the API and the UI call it a task.
public enum Todo: Entity {
    public static let name = "task"
    public static let table = "tasks"

    public static let priorities = ["low", "normal", "high"]
    public static let statuses = ["open", "done"]

    /// `override`: create although the outreach guard warns (a follow-up of an overridden activity).
    public static let flags = ["override"]
    public static let visibleThrough = ["contact_id", "account_id", "lead_id", "deal_id"]

    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", .text(max: 200), required: true),
        FieldSpec("due_at", "Due", .dateTime),
        FieldSpec("priority", "Priority", .choice(priorities), required: true),
        FieldSpec("status", "Status", .choice(statuses), required: true),
        FieldSpec("purpose_id", "Purpose", .picklist("purposes")),
        FieldSpec("contact_id", "Contact", .reference("contacts")),
        FieldSpec("account_id", "Account", .reference("accounts"), help: "Filled from the contact when left empty."),
        FieldSpec("lead_id", "Lead", .reference("leads")),
        FieldSpec("deal_id", "Deal", .reference("deals")),
        FieldSpec("activity_id", "Follows up", .reference("activities"), help: "The activity this task follows up."),
        FieldSpec("completed_at", "Completed", .dateTime),
        FieldSpec("notes", "Notes", .longText(max: 10_000)),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["priority"] == nil { values["priority"] = .text("normal") }
        if values["status"] == nil { values["status"] = .text("open") }
        if values["status"]?.text == "done" {
            if values["completed_at"] == nil { values["completed_at"] = .time(.now()) }
        } else {
            values["completed_at"] = nil
        }
    }

    public static func title(of values: FieldValues) -> String { values["title"]?.text ?? "Untitled task" }

    public static func isOpen(_ values: FieldValues) -> Bool { values["status"]?.text != "done" }
}
