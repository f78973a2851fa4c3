import Foundation

/// Something about a write that a person should see before it goes ahead: another team contacted
/// this customer for the same reason last week, or the new contact looks like one that exists.
///
/// Each check that can hold a write back (the outreach guard, duplicate detection) reports its
/// findings as conflicts; the write proceeds only when the caller acknowledges them with the
/// confirmation's field (`override_reason`, `allow_duplicate`). The API answers 409 listing them,
/// the web form shows them above the form with that field to tick or fill in.
public struct Confirmation: Hashable, Sendable {
    /// What kind of check raised it, e.g. `outreach_conflict`, `possible_duplicate`.
    public var kind: String
    /// A sentence for the heading: "This contact was reached recently".
    public var title: String
    /// The request field that acknowledges the conflicts and lets the write proceed.
    public var field: String
    public var conflicts: [Conflict]

    public init(kind: String, title: String, field: String, conflicts: [Conflict]) {
        self.kind = kind
        self.title = title
        self.field = field
        self.conflicts = conflicts
    }
}

/// One finding of a check: a machine-readable code, a sentence for people, and details.
public struct Conflict: Hashable, Sendable {
    /// Stable code, e.g. `same_purpose_other_team`, `same_email`.
    public var code: String
    /// What a person reads: "Billing called Ana Ruiz about payment reminder 3 days ago."
    public var message: String
    /// Facts behind it (record IDs, dates, scores) for the API and for links in the UI.
    public var details: JSONObject

    public init(code: String, message: String, details: JSONObject = JSONObject()) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["code"] = .string(code)
        object["message"] = .string(message)
        for (key, value) in details { object[key] = value }
        return .object(object)
    }
}
