import Foundation

/// One of a workspace's ordered rules for who gets a new lead: conditions on territory (country,
/// region, postcode prefix) and source, and a round-robin among a team's members or a chosen list
/// of people. The first active rule whose conditions all hold wins; an empty condition holds for
/// every lead, so a rule without any is the catch-all at the bottom.
public struct LeadAssignmentRule: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<LeadAssignmentRule>

    public var id: ID
    public var name: String
    public var position: Int
    public var active: Bool
    /// ISO country codes, upper case.
    public var countries: [String]
    /// Regions (states, provinces) as written; compared without case or accents.
    public var regions: [String]
    /// Postcode beginnings, compared without spaces or case (`SW1`, `80`).
    public var postalPrefixes: [String]
    /// Lead sources (`web_form`, `event`…).
    public var sources: [String]
    /// Round-robin among this team's active members…
    public var teamID: Team.ID?
    /// …or among these people, in this order.
    public var userIDs: [User.ID]
    /// How many leads the rule has handed out: the round-robin's pointer.
    public var assigned: Int

    public init(
        id: ID, name: String, position: Int = 0, active: Bool = true, countries: [String] = [], regions: [String] = [],
        postalPrefixes: [String] = [], sources: [String] = [], teamID: Team.ID? = nil, userIDs: [User.ID] = [], assigned: Int = 0
    ) {
        self.id = id
        self.name = name
        self.position = position
        self.active = active
        self.countries = countries
        self.regions = regions
        self.postalPrefixes = postalPrefixes
        self.sources = sources
        self.teamID = teamID
        self.userIDs = userIDs
        self.assigned = assigned
    }

    /// Checks the rule, naming the offending member.
    public func validate() throws(RapportError) {
        var issues: [FieldIssue] = []
        if name.trimmingWhitespace().isEmpty { issues.append(FieldIssue(field: "name", reason: "is required")) }
        if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters")) }
        if teamID == nil && userIDs.isEmpty {
            issues.append(FieldIssue(field: "user_ids", reason: "choose a team or at least one person to assign to"))
        }
        if teamID != nil && !userIDs.isEmpty {
            issues.append(FieldIssue(field: "user_ids", reason: "choose either a team or people, not both"))
        }
        if Set(userIDs).count != userIDs.count { issues.append(FieldIssue(field: "user_ids", reason: "names someone twice")) }
        for (i, code) in countries.enumerated() where code.count != 2 || !code.allSatisfy({ $0.isASCII && $0.isLetter }) {
            issues.append(FieldIssue(field: "countries[\(i)]", reason: "must be a two-letter country code"))
        }
        for (i, source) in sources.enumerated() where !Lead.sources.contains(source) {
            issues.append(FieldIssue(field: "sources[\(i)]", reason: "must be one of: \(Lead.sources.joined(separator: ", "))"))
        }
        for (key, list) in [("regions", regions), ("postal_prefixes", postalPrefixes)] {
            for (i, item) in list.enumerated() where item.isEmpty || item.count > 100 || item.hasControlCharacters {
                issues.append(FieldIssue(field: "\(key)[\(i)]", reason: "must be 1 to 100 characters"))
            }
        }
        for (key, list) in [("countries", countries), ("regions", regions), ("postal_prefixes", postalPrefixes), ("sources", sources)]
        where list.count > 200 {
            issues.append(FieldIssue(field: key, reason: "must have at most 200 items"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    /// Whether every condition holds for a lead's values.
    public func matches(_ values: FieldValues) -> Bool {
        guard active else { return false }
        if !countries.isEmpty {
            guard let country = values["country"]?.text?.uppercased(), countries.contains(country) else { return false }
        }
        if !regions.isEmpty {
            guard let region = values["region"]?.text.map(SearchText.fold),
                regions.contains(where: { SearchText.fold($0) == region })
            else { return false }
        }
        if !postalPrefixes.isEmpty {
            guard let postcode = values["postal_code"]?.text.map(Self.postcodeKey), !postcode.isEmpty,
                postalPrefixes.contains(where: { postcode.hasPrefix(Self.postcodeKey($0)) })
            else { return false }
        }
        if !sources.isEmpty {
            guard let source = values["source"]?.text, sources.contains(source) else { return false }
        }
        return true
    }

    /// A postcode without spaces, dashes or case: `sw1a 1aa` → `SW1A1AA`.
    public static func postcodeKey(_ text: String) -> String {
        text.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// The first rule (in order) whose conditions hold.
    public static func firstMatch(_ rules: [LeadAssignmentRule], for values: FieldValues) -> LeadAssignmentRule? {
        rules.sorted { ($0.position, $0.id) < ($1.position, $1.id) }.first { $0.matches(values) }
    }

    /// Who gets the lead when the rule has handed out `assigned` leads before, among `members` (in
    /// their fixed order); nil when nobody is there to take it.
    public static func pick(_ members: [User.ID], assigned: Int) -> User.ID? {
        guard !members.isEmpty else { return nil }
        return members[((assigned % members.count) + members.count) % members.count]
    }

    /// The conditions as a sentence: "Country is DE or AT · postcode starts with 8".
    public var conditionsSummary: String {
        func either(_ items: [String]) -> String {
            items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + (items.last ?? "")
        }
        var parts: [String] = []
        if !countries.isEmpty { parts.append("country is " + either(countries)) }
        if !regions.isEmpty { parts.append("region is " + either(regions)) }
        if !postalPrefixes.isEmpty { parts.append("postcode starts with " + either(postalPrefixes)) }
        if !sources.isEmpty { parts.append("source is " + either(sources.map { $0.replacingAll("_", with: " ") })) }
        guard !parts.isEmpty else { return "Every lead" }
        let text = parts.joined(separator: " · ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
