import Foundation

/// What scoring knows about a lead: its field values and what has happened with it.
public struct LeadFacts: Sendable, Equatable {
    public var values: FieldValues
    public var engagement: LeadEngagement

    public init(values: FieldValues, engagement: LeadEngagement = LeadEngagement()) {
        self.values = values
        self.engagement = engagement
    }

    /// The text of a field for matching: trimmed, `nil` when empty. Lists (tags) join with commas.
    public func text(_ field: String) -> String? {
        if field == "email_domain" { return emailDomain }
        guard let value = values[field] else { return nil }
        let text: String
        switch value {
        case .tags(let tags): text = tags.joined(separator: ", ")
        default: text = value.display
        }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The domain of the lead's first email address (`acme.com`).
    public var emailDomain: String? {
        guard let address = values["emails"]?.emails.first?.address.value, let at = address.lastIndex(of: "@") else { return nil }
        let domain = String(address[address.index(after: at)...])
        return domain.isEmpty ? nil : domain
    }

    /// Domains of free mail providers: a lead writing from one gives no company to go on.
    public static let freeMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de",
        "proton.me", "protonmail.com", "mail.com", "yandex.ru", "qq.com", "163.com", "orange.fr", "free.fr", "libero.it",
    ]
}

/// Counts of what has happened with a lead that scoring rewards. Only activities that took place
/// count (done, not cancelled); notes do not.
public struct LeadEngagement: Sendable, Equatable, Codable {
    public var calls: Int
    public var meetings: Int
    public var emails: Int
    /// Calls, meetings and emails that came from the lead: the strongest sign of interest.
    public var inbound: Int
    /// Submissions of the workspace's web forms.
    public var formSubmissions: Int

    public init(calls: Int = 0, meetings: Int = 0, emails: Int = 0, inbound: Int = 0, formSubmissions: Int = 0) {
        self.calls = calls
        self.meetings = meetings
        self.emails = emails
        self.inbound = inbound
        self.formSubmissions = formSubmissions
    }

    /// The count an engagement rule's event names.
    public func count(_ event: String) -> Int {
        switch event {
        case "calls": calls
        case "meetings": meetings
        case "emails": emails
        case "inbound": inbound
        case "form_submissions": formSubmissions
        default: 0
        }
    }
}
