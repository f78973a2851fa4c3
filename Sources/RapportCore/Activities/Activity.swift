import Foundation

/// A contact with a customer: a call, a meeting, an email or a note, with its purpose and outcome.
///
/// The activity's `team_id` is the department of the person who made it; the outreach guard
/// compares it with other teams' activities of the same purpose.
public enum Activity: Entity {
    public static let name = "activity"
    public static let table = "activities"

    public static let kinds = ["call", "meeting", "email", "note"]
    public static let directions = ["outbound", "inbound"]
    public static let statuses = ["done", "planned", "cancelled"]
    public static let callResults = ["connected", "left_voicemail", "no_answer", "busy", "wrong_number"]

    public static let visibleThrough = ["contact_id", "account_id", "lead_id", "deal_id"]

    public static let fields: [FieldSpec] = [
        FieldSpec("kind", "Kind", .choice(kinds), required: true),
        FieldSpec("direction", "Direction", .choice(directions), help: "Outbound when you reached out, inbound when they did."),
        FieldSpec("subject", "Subject", .text(max: 200)),
        FieldSpec("purpose_id", "Purpose", .picklist("purposes"), help: "Why you contacted them; other teams see it."),
        FieldSpec("contact_id", "Contact", .reference("contacts")),
        FieldSpec("account_id", "Account", .reference("accounts"), help: "Filled from the contact when left empty."),
        FieldSpec("lead_id", "Lead", .reference("leads")),
        FieldSpec("deal_id", "Deal", .reference("deals")),
        FieldSpec("occurred_at", "When", .dateTime, help: "Now when left empty; a time ahead plans it."),
        FieldSpec("ends_at", "Ends", .dateTime),
        FieldSpec("duration_minutes", "Duration (minutes)", .integer(0...1440)),
        FieldSpec("status", "Status", .choice(statuses), help: "Planned for a call or meeting still to come."),
        FieldSpec("call_result", "Call result", .choice(callResults)),
        FieldSpec("location", "Location", .text(max: 200)),
        FieldSpec("attendee_user_ids", "Attendees (colleagues)", .references("users", max: 50)),
        FieldSpec("attendee_contact_ids", "Attendees (contacts)", .references("contacts", max: 50)),
        FieldSpec("outcome", "Outcome", .text(max: 500), help: "What came of it, in a sentence."),
        FieldSpec("body", "Notes", .longText(max: 20_000)),
        FieldSpec(
            "override_reason", "Override reason", .text(max: 500),
            help: "Why this went ahead although the outreach guard warned."),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        let kind = values["kind"]?.text ?? "note"
        if values["occurred_at"] == nil { values["occurred_at"] = .time(.now()) }
        if kind == "note" {
            values["direction"] = nil
        } else if values["direction"] == nil {
            values["direction"] = .text("outbound")
        }
        if kind != "call" { values["call_result"] = nil }
        if values["status"] == nil {
            let future = (values["occurred_at"]?.time ?? .now()) > Timestamp.now().adding(seconds: 60)
            values["status"] = .text(future ? "planned" : "done")
        }
        if kind == "meeting", let start = values["occurred_at"]?.time, values["ends_at"] == nil,
            let minutes = values["duration_minutes"].flatMap({ if case .int(let m) = $0 { m } else { nil } })
        {
            values["ends_at"] = .time(start.adding(seconds: minutes * 60))
        }
        if let start = values["occurred_at"]?.time, let end = values["ends_at"]?.time {
            if end < start { issues.append(FieldIssue(field: "ends_at", reason: "must not be before the start")) }
            if values["duration_minutes"] == nil, kind == "meeting" || kind == "call" {
                values["duration_minutes"] = .int(min(1440, (end.micros - start.micros) / 60_000_000))
            }
        }
        if ["contact_id", "account_id", "lead_id", "deal_id"].allSatisfy({ values[$0] == nil }) {
            issues.append(FieldIssue(field: "contact_id", reason: "an activity needs a contact, an account, a lead or a deal"))
        }
    }

    public static func title(of values: FieldValues) -> String {
        if let subject = values["subject"]?.text { return subject }
        let kind = values["kind"]?.text ?? "note"
        switch (kind, values["direction"]?.text) {
        case ("call", "inbound"): return "Inbound call"
        case ("call", _): return "Outbound call"
        case ("email", "inbound"): return "Email received"
        case ("email", _): return "Email sent"
        case ("meeting", _): return "Meeting"
        default: return "Note"
        }
    }

    /// Whether an activity is a touch the outreach guard counts: anything but a note or a cancellation.
    public static func isTouch(_ values: FieldValues) -> Bool {
        values["kind"]?.text != "note" && values["status"]?.text != "cancelled"
    }

    /// Whether we reached out (the frequency cap and the guard apply to these).
    public static func isOutbound(_ values: FieldValues) -> Bool {
        isTouch(values) && values["direction"]?.text == "outbound"
    }
}
