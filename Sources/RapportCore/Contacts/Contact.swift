import Foundation

/// A person, usually at an account.
public enum Contact: Entity {
    public static let name = "contact"
    public static let table = "contacts"

    public static let fields: [FieldSpec] = [
        FieldSpec("prefix", "Prefix", .text(max: 20)),
        FieldSpec("first_name", "First name", .text(max: 100), searchable: true),
        FieldSpec("middle_name", "Middle name", .text(max: 100)),
        FieldSpec("last_name", "Last name", .text(max: 100), searchable: true),
        FieldSpec("suffix", "Suffix", .text(max: 20)),
        FieldSpec("title", "Job title", .text(max: 150), searchable: true),
        FieldSpec("account_id", "Account", .reference("accounts"), help: "The company this person works for."),
        FieldSpec("emails", "Emails", .emails(max: 10), searchable: true),
        FieldSpec("phones", "Phones", .phones(max: 10), help: "Any format; stored as +country number.", searchable: true),
        FieldSpec("birthday", "Birthday", .date),
        FieldSpec("time_zone", "Time zone", .timeZone, help: "Used to send date-based emails at their local time."),
        FieldSpec("email_opt_out", "Opted out of email", .bool, help: "No marketing email will be sent."),
        FieldSpec("tags", "Tags", .tags(max: 30), searchable: true),
        FieldSpec("street", "Street", .text(max: 200)),
        FieldSpec("city", "City", .text(max: 100)),
        FieldSpec("region", "Region", .text(max: 100)),
        FieldSpec("postal_code", "Postal code", .text(max: 20)),
        FieldSpec("country", "Country", .country),
        FieldSpec("description", "Notes", .longText(max: 10_000)),
        FieldSpec("external_id", "External ID", .text(max: 100), help: "Its ID in the system it came from; an import can update it by this."),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["first_name"] == nil && values["last_name"] == nil {
            issues.append(FieldIssue(field: "last_name", reason: "a first or last name is required"))
        }
        if values["email_opt_out"] == nil { values["email_opt_out"] = .bool(false) }
    }

    public static func title(of values: FieldValues) -> String {
        let parts = [values["first_name"]?.text, values["last_name"]?.text].compactMap { $0 }
        return parts.isEmpty ? "Unnamed contact" : parts.joined(separator: " ")
    }

    /// `allow_duplicate`: create it even though it looks like an existing contact.
    public static let flags = ["allow_duplicate"]
}
