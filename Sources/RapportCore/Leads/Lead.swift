import Foundation

/// Someone who may become a customer: a person and their company, where they came from, and how
/// far sales has got with them. A qualified lead is converted into an account, a contact and a deal.
///
/// The score, the first-touch times and the conversion links are set by Rapport (`readOnly`):
/// scoring rules, the first outbound activity and the conversion write them.
public enum Lead: Entity {
    public static let name = "lead"
    public static let table = "leads"

    public static let statuses = ["new", "working", "nurturing", "qualified", "disqualified", "converted"]
    /// Statuses a person may choose; `converted` only comes from converting.
    public static let choosableStatuses = ["new", "working", "nurturing", "qualified", "disqualified"]
    public static let sources = [
        "bought_list", "web_form", "referral", "event", "inbound_call", "inbound_email", "associated_product",
        "website", "partner", "other",
    ]
    public static let disqualifiedReasons = [
        "no_budget", "no_need", "no_authority", "bad_timing", "chose_competitor", "unreachable", "spam", "duplicate", "other",
    ]

    public static let fields: [FieldSpec] = [
        FieldSpec("first_name", "First name", .text(max: 100), searchable: true),
        FieldSpec("last_name", "Last name", .text(max: 100), searchable: true),
        FieldSpec("title", "Job title", .text(max: 150), searchable: true),
        FieldSpec("company", "Company", .text(max: 200), searchable: true),
        FieldSpec("website", "Website", .url),
        FieldSpec("industry", "Industry", .text(max: 100)),
        FieldSpec("employees", "Employees", .integer(0...10_000_000)),
        FieldSpec("emails", "Emails", .emails(max: 5), searchable: true),
        FieldSpec("phones", "Phones", .phones(max: 5), help: "Any format; stored as +country number.", searchable: true),
        FieldSpec("email_opt_out", "Opted out of email", .bool),
        FieldSpec("street", "Street", .text(max: 200)),
        FieldSpec("city", "City", .text(max: 100)),
        FieldSpec("region", "Region", .text(max: 100), help: "State, province or region; used by territory assignment."),
        FieldSpec("postal_code", "Postal code", .text(max: 20)),
        FieldSpec("country", "Country", .country),
        FieldSpec("status", "Status", .choice(statuses), required: true),
        FieldSpec(
            "disqualified_reason", "Disqualified because", .choice(disqualifiedReasons),
            help: "Required when the status is disqualified; it teaches the conversion model."),
        FieldSpec("source", "Source", .choice(sources), help: "Where the lead came from."),
        FieldSpec(
            "source_detail", "Source detail", .text(max: 200),
            help: "The list's name, the event, who referred them, the product they own."),
        FieldSpec("tags", "Tags", .tags(max: 30), searchable: true),
        FieldSpec("description", "Notes", .longText(max: 10_000)),
        FieldSpec("score", "Score", .integer(-100_000...100_000), readOnly: true),
        FieldSpec("conversion_probability", "Chance to convert (%)", .integer(0...100), readOnly: true),
        FieldSpec("first_touch_due_at", "First touch due", .dateTime, readOnly: true),
        FieldSpec("first_touched_at", "First touched", .dateTime, readOnly: true),
        FieldSpec("converted_at", "Converted", .dateTime, readOnly: true),
        FieldSpec("converted_account_id", "Converted to account", .reference("accounts"), readOnly: true),
        FieldSpec("converted_contact_id", "Converted to contact", .reference("contacts"), readOnly: true),
        FieldSpec("converted_deal_id", "Converted to deal", .reference("deals"), readOnly: true),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["status"] == nil { values["status"] = .text("new") }
        if values["email_opt_out"] == nil { values["email_opt_out"] = .bool(false) }
        if values["first_name"] == nil && values["last_name"] == nil && values["company"] == nil {
            issues.append(FieldIssue(field: "last_name", reason: "a name or a company is required"))
        }
        let status = values["status"]?.text
        if status == "disqualified" {
            if values["disqualified_reason"] == nil {
                issues.append(FieldIssue(field: "disqualified_reason", reason: "is required to disqualify a lead"))
            }
        } else if changed.contains("status") {
            values["disqualified_reason"] = nil
        }
        if changed.contains("status"), status == "converted", values["converted_at"] == nil {
            issues.append(FieldIssue(field: "status", reason: "becomes converted by converting the lead, not by choosing it"))
        }
    }

    public static func title(of values: FieldValues) -> String {
        let person = [values["first_name"]?.text, values["last_name"]?.text].compactMap { $0 }.joined(separator: " ")
        if !person.isEmpty { return person }
        return values["company"]?.text ?? "Unnamed lead"
    }

    /// Whether sales still works the lead (it counts for first-touch breaches and assignment).
    public static func isOpen(_ values: FieldValues) -> Bool {
        !["converted", "disqualified"].contains(values["status"]?.text ?? "new")
    }
}
