import Foundation

/// Where a stage's deals count in the forecast.
public enum ForecastCategory: String, Sendable, CaseIterable, Codable {
    case pipeline
    case bestCase = "best_case"
    case commit
    case won
    case lost

    public var label: String {
        switch self {
        case .pipeline: "Pipeline"
        case .bestCase: "Best case"
        case .commit: "Commit"
        case .won: "Closed won"
        case .lost: "Closed lost"
        }
    }

    /// Won and lost deals are closed: they leave the board's open total.
    public var isClosed: Bool { self == .won || self == .lost }
}

/// One step of a pipeline, with what a deal needs to be there and what the rep should do.
public struct Stage: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Stage>
    public var id: ID
    public var pipelineID: Pipeline.ID
    public var name: String
    public var position: Int
    /// The deal's default probability in this stage, 0–100.
    public var probability: Int
    public var category: ForecastCategory
    /// Deal fields that must have a value before a deal may enter this stage.
    public var requiredFields: [String]
    /// What the rep should do at this stage, in a few lines.
    public var playbook: String
    public var retired: Bool

    public init(
        id: ID, pipelineID: Pipeline.ID, name: String, position: Int, probability: Int, category: ForecastCategory,
        requiredFields: [String] = [], playbook: String = "", retired: Bool = false
    ) {
        self.id = id
        self.pipelineID = pipelineID
        self.name = name
        self.position = position
        self.probability = probability
        self.category = category
        self.requiredFields = requiredFields
        self.playbook = playbook
        self.retired = retired
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.description), "pipeline_id": .string(pipelineID.description), "name": .string(name),
                "position": .int(Int64(position)), "probability": .int(Int64(probability)),
                "forecast_category": .string(category.rawValue), "required_fields": .array(requiredFields.map { .string($0) }),
                "playbook": .string(playbook), "retired": .bool(retired),
            ]))
    }
}

/// A sales process: ordered stages a deal moves through. A workspace may run several (new
/// business, renewals, partner deals); one is the default for new deals.
public struct Pipeline: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Pipeline>
    public var id: ID
    public var name: String
    public var position: Int
    public var isDefault: Bool
    public var retired: Bool
    /// Open stages first, in order, then the closed ones.
    public var stages: [Stage]

    public init(id: ID, name: String, position: Int, isDefault: Bool, retired: Bool, stages: [Stage]) {
        self.id = id
        self.name = name
        self.position = position
        self.isDefault = isDefault
        self.retired = retired
        self.stages = stages
    }

    public func stage(_ id: Stage.ID) -> Stage? { stages.first { $0.id == id } }

    /// The stages a new or moving deal may enter.
    public var activeStages: [Stage] { stages.filter { !$0.retired } }

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.description), "name": .string(name), "position": .int(Int64(position)),
                "is_default": .bool(isDefault), "retired": .bool(retired), "stages": .array(stages.map(\.json)),
            ]))
    }

    /// The stages a new workspace's "Sales" pipeline starts with: name, probability, category,
    /// required fields and playbook.
    public static let seedStages: [(String, Int, ForecastCategory, [String], String)] = [
        (
            "Qualification", 10, .pipeline, [],
            "Confirm budget, authority, need and timing. Find the champion and log the discovery call."
        ),
        (
            "Discovery", 25, .pipeline, ["contact_id"],
            "Map the buying committee and their roles. Agree on the problem, its cost and the decision process."
        ),
        (
            "Proposal", 50, .bestCase, ["amount", "close_date"],
            "Send a quote that answers the problem in their words. Book the review meeting before you send it."
        ),
        (
            "Negotiation", 75, .commit, ["amount", "close_date", "next_step"],
            "Trade, don't give: every concession gets something back. Confirm the paper process and the signer."
        ),
        ("Closed won", 100, .won, ["amount"], "Hand over to onboarding within a day and thank the champion."),
        ("Closed lost", 0, .lost, ["lost_reason"], "Record why and against whom; set a reminder to check back in six months."),
    ]
}

/// A contact's part in a deal.
public enum DealRole: String, Sendable, CaseIterable, Codable {
    case decisionMaker = "decision_maker"
    case economicBuyer = "economic_buyer"
    case champion
    case influencer
    case technicalEvaluator = "technical_evaluator"
    case user
    case blocker
    case other

    public var label: String {
        switch self {
        case .decisionMaker: "Decision maker"
        case .economicBuyer: "Economic buyer"
        case .champion: "Champion"
        case .influencer: "Influencer"
        case .technicalEvaluator: "Technical evaluator"
        case .user: "User"
        case .blocker: "Blocker"
        case .other: "Other"
        }
    }
}

/// What a person changes on a stage; nil leaves a value as it is.
public struct StageChanges: Sendable, Equatable {
    public var name: String?
    public var probability: Int?
    public var category: ForecastCategory?
    public var requiredFields: [String]?
    public var playbook: String?
    public var retired: Bool?

    public init(
        name: String? = nil, probability: Int? = nil, category: ForecastCategory? = nil, requiredFields: [String]? = nil,
        playbook: String? = nil, retired: Bool? = nil
    ) {
        self.name = name
        self.probability = probability
        self.category = category
        self.requiredFields = requiredFields
        self.playbook = playbook
        self.retired = retired
    }

    /// Deal fields a stage may require: every field a person can set, except the stage itself.
    public static var requirableFields: [FieldSpec] {
        Deal.fields.filter { !$0.readOnly && !["name", "pipeline_id", "stage_id", "forecast_category", "probability"].contains($0.name) }
    }

    /// Checks the values that are set, naming each bad field.
    public func validate() throws(RapportError) {
        var issues: [FieldIssue] = []
        if let name {
            let trimmed = name.trimmingWhitespace()
            if trimmed.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required")) }
            if trimmed.count > 60 { issues.append(FieldIssue(field: "name", reason: "must be at most 60 characters")) }
            if trimmed.hasControlCharacters { issues.append(FieldIssue(field: "name", reason: "must not contain control characters")) }
        }
        if let probability, !(0...100).contains(probability) {
            issues.append(FieldIssue(field: "probability", reason: "must be from 0 to 100"))
        }
        if let requiredFields {
            let allowed = Set(Self.requirableFields.map(\.name))
            for (i, field) in requiredFields.enumerated() where !allowed.contains(field) {
                issues.append(FieldIssue(field: "required_fields[\(i)]", reason: "is not a deal field a stage can require"))
            }
        }
        if let playbook, playbook.count > 2000 {
            issues.append(FieldIssue(field: "playbook", reason: "must be at most 2,000 characters"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
    }
}
