import Foundation

/// One of a workspace's scoring rules: points for how well a lead fits (a field's value) or for
/// what it has done (engagement), with the label people read beside the points.
public struct LeadScoreRule: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<LeadScoreRule>

    public enum Kind: String, Sendable, CaseIterable {
        /// A field of the lead: industry, size, country, title…
        case fit
        /// Activities logged on the lead and web-form submissions.
        case engagement
    }

    public enum Operator: String, Sendable, CaseIterable {
        /// The field is one of the listed values (case and accents ignored).
        case `is`
        case isNot = "is_not"
        /// The field contains one of the listed words ("title contains VP, Director").
        case contains
        /// A number between `min` and `max` written `min-max`, `min-` or `-max` (employees ranges).
        case between
        case isSet = "is_set"
        case isEmpty = "is_empty"
        /// Engagement: the points for each occurrence, up to the rule's cap.
        case each
        /// Engagement: the points once the count reaches the value.
        case atLeast = "at_least"

        public var label: String {
            switch self {
            case .is: "is"
            case .isNot: "is not"
            case .contains: "contains"
            case .between: "between"
            case .isSet: "is filled in"
            case .isEmpty: "is empty"
            case .each: "for each"
            case .atLeast: "at least"
            }
        }
    }

    /// Lead fields fit rules may test; `email_domain` is the domain of the first email.
    public static let fitFields = [
        "industry", "employees", "country", "region", "city", "postal_code", "title", "company", "source", "source_detail",
        "email_domain", "tags",
    ]
    /// What engagement rules count.
    public static let engagementEvents = ["calls", "meetings", "emails", "inbound", "form_submissions"]
    public static let fitOperators: [Operator] = [.is, .isNot, .contains, .between, .isSet, .isEmpty]
    public static let engagementOperators: [Operator] = [.each, .atLeast]
    public static let pointsRange: ClosedRange<Int> = -1000...1000

    public var id: ID
    public var kind: Kind
    /// A fit field or an engagement event.
    public var field: String
    public var op: Operator
    /// Comma-separated values for `is`/`contains`, a range for `between`, a count for `at_least`.
    public var value: String
    public var points: Int
    /// The most an `each` rule adds (nil: no cap).
    public var maxPoints: Int?
    /// What people read; empty means a description made from the rule.
    public var label: String
    public var position: Int
    public var active: Bool

    public init(
        id: ID, kind: Kind, field: String, op: Operator, value: String = "", points: Int, maxPoints: Int? = nil, label: String = "",
        position: Int = 0, active: Bool = true
    ) {
        self.id = id
        self.kind = kind
        self.field = field
        self.op = op
        self.value = value
        self.points = points
        self.maxPoints = maxPoints
        self.label = label
        self.position = position
        self.active = active
    }

    /// Checks that the rule makes sense, naming the offending member.
    public func validate() throws(RapportError) {
        var issues: [FieldIssue] = []
        switch kind {
        case .fit:
            if !Self.fitFields.contains(field) {
                issues.append(FieldIssue(field: "field", reason: "must be one of: \(Self.fitFields.joined(separator: ", "))"))
            }
            if !Self.fitOperators.contains(op) {
                issues.append(
                    FieldIssue(field: "operator", reason: "must be one of: \(Self.fitOperators.map(\.rawValue).joined(separator: ", "))"))
            }
        case .engagement:
            if !Self.engagementEvents.contains(field) {
                issues.append(FieldIssue(field: "field", reason: "must be one of: \(Self.engagementEvents.joined(separator: ", "))"))
            }
            if !Self.engagementOperators.contains(op) {
                issues.append(
                    FieldIssue(
                        field: "operator", reason: "must be one of: \(Self.engagementOperators.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        switch op {
        case .is, .isNot, .contains:
            if values.isEmpty { issues.append(FieldIssue(field: "value", reason: "needs at least one value")) }
        case .between:
            if Self.range(value) == nil {
                issues.append(FieldIssue(field: "value", reason: "must be a range of whole numbers such as 50-200, 1000- or -10"))
            }
        case .atLeast:
            if Int(value.trimmingWhitespace()).map({ $0 >= 1 }) != true {
                issues.append(FieldIssue(field: "value", reason: "must be a count of 1 or more"))
            }
        case .isSet, .isEmpty, .each: break
        }
        if !Self.pointsRange.contains(points) {
            issues.append(FieldIssue(field: "points", reason: "must be between -1000 and 1000"))
        }
        if let maxPoints, op != .each || maxPoints == 0 || (maxPoints > 0) != (points > 0) {
            issues.append(FieldIssue(field: "max_points", reason: "caps an “each” rule and has the sign of its points"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    /// The comma-separated values, trimmed.
    public var values: [String] {
        value.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// `min-max`, `min-` or `-max` as bounds.
    public static func range(_ text: String) -> (Int64?, Int64?)? {
        let t = text.trimmingWhitespace().replacingAll(" ", with: "").replacingAll("–", with: "-")
        guard let dash = t.firstIndex(of: "-"), t.filter({ $0 == "-" }).count == 1 else { return nil }
        let low = String(t[..<dash])
        let high = String(t[t.index(after: dash)...])
        let lower = low.isEmpty ? nil : Int64(low)
        let upper = high.isEmpty ? nil : Int64(high)
        if !low.isEmpty && lower == nil || !high.isEmpty && upper == nil || (lower == nil && upper == nil) { return nil }
        if let lower, let upper, lower > upper { return nil }
        return (lower, upper)
    }

    // MARK: Evaluating

    /// The points this rule gives a lead and why, or nil when it does not apply.
    public func evaluate(_ facts: LeadFacts) -> ScoreReason? {
        guard active else { return nil }
        switch kind {
        case .fit:
            guard let matched = match(facts) else { return nil }
            return ScoreReason(points: points, text: label.isEmpty ? matched : label, ruleID: id)
        case .engagement:
            let count = facts.engagement.count(field)
            switch op {
            case .each:
                guard count > 0 else { return nil }
                var total = count * points
                if let maxPoints { total = points > 0 ? min(total, maxPoints) : max(total, maxPoints) }
                return ScoreReason(points: total, text: label.isEmpty ? Self.describe(count: count, event: field) : "\(label) (\(count))", ruleID: id)
            case .atLeast:
                guard let needed = Int(value.trimmingWhitespace()), count >= needed else { return nil }
                return ScoreReason(
                    points: points, text: label.isEmpty ? Self.describe(count: count, event: field) : "\(label) (\(count))", ruleID: id)
            default: return nil
            }
        }
    }

    /// What a fit rule matched, as people read it ("industry is Pharmaceuticals"), or nil.
    func match(_ facts: LeadFacts) -> String? {
        let name = Self.fieldLabel(field)
        let actual = facts.text(field)
        switch op {
        case .isSet: return actual == nil ? nil : "\(name) is filled in"
        case .isEmpty: return actual == nil ? "no \(name)" : nil
        case .is:
            guard let actual else { return nil }
            let folded = SearchText.fold(actual)
            guard values.contains(where: { SearchText.fold($0) == folded }) else { return nil }
            return "\(name) is \(actual)"
        case .isNot:
            let folded = actual.map(SearchText.fold)
            if let folded, values.contains(where: { SearchText.fold($0) == folded }) { return nil }
            return actual.map { "\(name) is \($0)" } ?? "no \(name)"
        case .contains:
            guard let actual else { return nil }
            let folded = SearchText.fold(actual)
            guard let word = values.first(where: { folded.contains(SearchText.fold($0)) }) else { return nil }
            return "\(name) contains “\(word)”"
        case .between:
            guard let number = facts.values[field]?.int ?? actual.flatMap({ Int64($0) }), let (low, high) = Self.range(value) else {
                return nil
            }
            if let low, number < low { return nil }
            if let high, number > high { return nil }
            let span = [low.map(String.init) ?? "", high.map(String.init) ?? ""].joined(separator: "–")
            return "\(name) \(number) (\(span))"
        case .each, .atLeast: return nil
        }
    }

    /// "3 calls logged", "1 web form submitted".
    public static func describe(count: Int, event: String) -> String {
        switch event {
        case "calls": count == 1 ? "1 call logged" : "\(count) calls logged"
        case "meetings": count == 1 ? "1 meeting held" : "\(count) meetings held"
        case "emails": count == 1 ? "1 email exchanged" : "\(count) emails exchanged"
        case "inbound": count == 1 ? "they reached out once" : "they reached out \(count) times"
        case "form_submissions": count == 1 ? "1 web form submitted" : "\(count) web forms submitted"
        default: "\(count) \(event)"
        }
    }

    /// How a field or event reads in a sentence.
    public static func fieldLabel(_ field: String) -> String {
        switch field {
        case "employees": "employees"
        case "postal_code": "postcode"
        case "source_detail": "source detail"
        case "email_domain": "email domain"
        case "form_submissions": "web form submissions"
        case "inbound": "inbound calls, meetings and emails"
        default: field.replacingAll("_", with: " ")
        }
    }

    /// How an "each" rule reads, per event.
    static let eachPhrase = [
        "calls": "each call logged", "meetings": "each meeting held", "emails": "each email exchanged",
        "inbound": "each time they reach out (call, meeting or email)", "form_submissions": "each web form submitted",
    ]

    /// The rule as a sentence for the settings page: "industry is Pharma, Biotech".
    public var summary: String {
        let name = Self.fieldLabel(field)
        switch op {
        case .isSet, .isEmpty: return "\(name) \(op.label)"
        case .each: return Self.eachPhrase[field] ?? "each of \(name)"
        case .atLeast: return "at least \(value.trimmingWhitespace()) \(name)"
        case .between: return "\(name) between \(value.trimmingWhitespace())"
        default: return "\(name) \(op.label) \(values.joined(separator: ", "))"
        }
    }
}

/// One line of a score's explanation: "+20 industry is Pharmaceuticals".
public struct ScoreReason: Sendable, Equatable, Codable {
    public var points: Int
    public var text: String
    public var ruleID: LeadScoreRule.ID?

    public init(points: Int, text: String, ruleID: LeadScoreRule.ID? = nil) {
        self.points = points
        self.text = text
        self.ruleID = ruleID
    }

    /// `+20 industry is Pharmaceuticals`, `-10 no company`.
    public var line: String { (points >= 0 ? "+" : "") + "\(points) \(text)" }
}

/// A lead's points from the workspace's rules, with every rule that counted, biggest first.
public struct RuleScore: Sendable, Equatable {
    public var points: Int
    public var reasons: [ScoreReason]

    /// Applies every active rule; the total stays within the lead's score field's range.
    public static func compute(_ rules: [LeadScoreRule], facts: LeadFacts) -> RuleScore {
        let reasons = rules.sorted { ($0.position, $0.id.uuid.uuidString) < ($1.position, $1.id.uuid.uuidString) }
            .compactMap { $0.evaluate(facts) }
        let total = reasons.reduce(0) { $0 + $1.points }
        let ordered = reasons.enumerated().sorted { a, b in
            abs(a.element.points) != abs(b.element.points) ? abs(a.element.points) > abs(b.element.points) : a.offset < b.offset
        }.map(\.element)
        return RuleScore(points: max(-100_000, min(100_000, total)), reasons: ordered)
    }
}
