import Foundation

/// A public web-to-lead form: which lead fields a visitor fills in, which of them are required,
/// what they read afterwards, and where the lead is said to come from. Anyone with the form's
/// token URL may submit it, so the token is long and random.
public struct LeadForm: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<LeadForm>

    /// Lead fields a form may offer, in the order a form shows them.
    public static let offerableFields = [
        "first_name", "last_name", "emails", "phones", "company", "title", "website", "industry", "employees", "street",
        "city", "region", "postal_code", "country", "description",
    ]
    /// What a new form asks for.
    public static let defaultFields = ["first_name", "last_name", "emails", "company", "description"]
    public static let defaultRequired = ["last_name", "emails"]

    public var id: ID
    /// The secret part of the public URL `/f/{token}`.
    public var token: String
    public var name: String
    /// A sentence or two above the fields.
    public var intro: String
    public var fields: [String]
    public var required: [String]
    /// Shown after a submission (when there is no redirect).
    public var thankYou: String
    /// Where the visitor's browser goes after a submission, instead of the thank-you page.
    public var redirectURL: String?
    /// Stored on each lead as its source detail; the form's name when empty.
    public var sourceDetail: String
    public var active: Bool
    /// Leads made from the form.
    public var submissions: Int
    /// Submissions held back as spam (honeypot filled in or sent too fast).
    public var blocked: Int
    public var lastSubmissionAt: Timestamp?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    public init(
        id: ID, token: String, name: String, intro: String = "", fields: [String] = LeadForm.defaultFields,
        required: [String] = LeadForm.defaultRequired, thankYou: String = "", redirectURL: String? = nil, sourceDetail: String = "",
        active: Bool = true, submissions: Int = 0, blocked: Int = 0, lastSubmissionAt: Timestamp? = nil, createdAt: Timestamp,
        updatedAt: Timestamp
    ) {
        self.id = id
        self.token = token
        self.name = name
        self.intro = intro
        self.fields = fields
        self.required = required
        self.thankYou = thankYou
        self.redirectURL = redirectURL
        self.sourceDetail = sourceDetail
        self.active = active
        self.submissions = submissions
        self.blocked = blocked
        self.lastSubmissionAt = lastSubmissionAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The thank-you text visitors read.
    public var thankYouText: String {
        thankYou.trimmingWhitespace().isEmpty ? "Thank you — we have your details and will be in touch soon." : thankYou
    }

    /// The source detail stored on each lead.
    public var leadSourceDetail: String { sourceDetail.trimmingWhitespace().isEmpty ? name : sourceDetail }

    /// Checks the form's definition, naming the offending member.
    public func validate() throws(RapportError) {
        var issues: [FieldIssue] = []
        let trimmed = name.trimmingWhitespace()
        if trimmed.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required")) }
        if trimmed.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters")) }
        if intro.count > 1000 { issues.append(FieldIssue(field: "intro", reason: "must be at most 1000 characters")) }
        if thankYou.count > 1000 { issues.append(FieldIssue(field: "thank_you", reason: "must be at most 1000 characters")) }
        if sourceDetail.count > 200 { issues.append(FieldIssue(field: "source_detail", reason: "must be at most 200 characters")) }
        for (i, field) in fields.enumerated() where !Self.offerableFields.contains(field) {
            issues.append(FieldIssue(field: "fields[\(i)]", reason: "must be one of: \(Self.offerableFields.joined(separator: ", "))"))
        }
        if fields.isEmpty { issues.append(FieldIssue(field: "fields", reason: "must offer at least one field")) }
        if Set(fields).count != fields.count { issues.append(FieldIssue(field: "fields", reason: "names a field twice")) }
        for (i, field) in required.enumerated() where !fields.contains(field) {
            issues.append(FieldIssue(field: "required[\(i)]", reason: "must be one of the form's fields"))
        }
        // A lead needs a name or a company (`Lead.finish`), so the form must ask for one of them for sure.
        if !required.contains(where: { ["first_name", "last_name", "company"].contains($0) }) {
            issues.append(FieldIssue(field: "required", reason: "must include a last name, first name or company"))
        }
        if let redirectURL {
            if redirectURL.count > 500 || URL(string: redirectURL).map({ ["http", "https"].contains($0.scheme?.lowercased() ?? "") && $0.host != nil }) != true {
                issues.append(FieldIssue(field: "redirect_url", reason: "must be an http or https address"))
            }
        }
        for (key, text) in [("name", name), ("source_detail", sourceDetail)] where text.hasControlCharacters {
            issues.append(FieldIssue(field: key, reason: "must not contain control characters"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    /// The fields in the order forms show them.
    public var orderedFields: [String] { Self.offerableFields.filter { fields.contains($0) } }
}
