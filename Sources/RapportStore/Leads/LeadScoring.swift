import Foundation
import RapportCore
import SQLKit

/// Why a lead has its score: the rules that counted, biggest first, and the model's chance with
/// the features that moved it most.
public struct LeadScoreExplanation: Sendable, Equatable {
    public var points: Int
    public var reasons: [ScoreReason]
    /// The learned chance to convert in percent; nil until the workspace has a usable model.
    public var probability: Int?
    public var modelFor: [ConversionPrediction.Contribution]
    public var modelAgainst: [ConversionPrediction.Contribution]
    /// "model: 64%, chiefly because source is event and country is DE".
    public var modelSummary: String?
    public var scoredAt: Timestamp
}

/// The workspace's scoring rules (everyone reads them, admins change them), the learned model, and
/// the stored explanation of every lead's score.
public struct LeadScoring: Sendable {
    let db: Database
    let jobs: JobQueue

    public init(_ db: Database, jobs: JobQueue) {
        self.db = db
        self.jobs = jobs
    }

    // MARK: Rules

    public func rules(in workspace: Workspace.ID) async throws -> [LeadScoreRule] {
        try await db.read { sql in try await Self.rules(workspace, on: sql) }
    }

    static func rules(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [LeadScoreRule] {
        try await sql.raw(
            """
            SELECT id, kind, field, operator, value, points, max_points, label, active, position FROM lead_score_rules
            WHERE workspace_id = \(bind: workspace.uuid) ORDER BY position, id
            """
        ).all().compactMap { row in
            // A kind or operator this build does not know (written by a newer one) is skipped.
            guard let kind = LeadScoreRule.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
                let op = LeadScoreRule.Operator(rawValue: try row.decode(column: "operator", as: String.self))
            else { return nil }
            return LeadScoreRule(
                id: .init(try row.decode(column: "id", as: UUID.self)), kind: kind, field: try row.decode(column: "field", as: String.self),
                op: op, value: try row.decode(column: "value", as: String.self), points: try row.decode(column: "points", as: Int.self),
                maxPoints: try row.decode(column: "max_points", as: Int?.self), label: try row.decode(column: "label", as: String.self),
                position: try row.decode(column: "position", as: Int.self), active: try row.decode(column: "active", as: Bool.self))
        }
    }

    public func rule(_ id: LeadScoreRule.ID, in workspace: Workspace.ID) async throws -> LeadScoreRule {
        guard let rule = try await rules(in: workspace).first(where: { $0.id == id }) else {
            throw RapportError.notFound(entity: "scoring rule", id: id.description)
        }
        return rule
    }

    /// Adds a rule at the end (admins); open leads are re-scored in the background.
    public func create(_ rule: LeadScoreRule, by principal: Principal) async throws -> LeadScoreRule {
        try principal.requireAdmin()
        let draft = Self.normalized(rule)
        try draft.validate()
        let workspace = principal.workspaceID
        let created = try await db.write { sql in
            var rule = draft
            let last = try await sql.raw(
                "SELECT MAX(position) AS p FROM lead_score_rules WHERE workspace_id = \(bind: workspace.uuid)"
            ).first()?.decode(column: "p", as: Int?.self)
            rule.position = (last ?? -1) + 1
            let now = Timestamp.now().micros
            try await sql.raw(
                """
                INSERT INTO lead_score_rules
                    (id, workspace_id, kind, field, operator, value, points, max_points, label, active, position, created_at, updated_at)
                VALUES (\(bind: rule.id.uuid), \(bind: workspace.uuid), \(bind: rule.kind.rawValue), \(bind: rule.field),
                    \(bind: rule.op.rawValue), \(bind: rule.value), \(bind: rule.points), \(bind: rule.maxPoints), \(bind: rule.label),
                    \(bind: rule.active), \(bind: rule.position), \(bind: now), \(bind: now))
                """
            ).run()
            return rule
        }
        try await requestRescore(workspace)
        return created
    }

    /// Replaces a rule (admins); its place stays.
    public func update(_ rule: LeadScoreRule, by principal: Principal) async throws -> LeadScoreRule {
        try principal.requireAdmin()
        let current = try await self.rule(rule.id, in: principal.workspaceID)
        var rule = Self.normalized(rule)
        rule.position = current.position
        try rule.validate()
        let updated = rule
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE lead_score_rules SET kind = \(bind: updated.kind.rawValue), field = \(bind: updated.field),
                    operator = \(bind: updated.op.rawValue), value = \(bind: updated.value), points = \(bind: updated.points),
                    max_points = \(bind: updated.maxPoints), label = \(bind: updated.label), active = \(bind: updated.active),
                    updated_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: updated.id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
        }
        if updated != current { try await requestRescore(principal.workspaceID) }
        return updated
    }

    public func delete(_ id: LeadScoreRule.ID, by principal: Principal) async throws {
        try principal.requireAdmin()
        _ = try await rule(id, in: principal.workspaceID)
        try await db.write { sql in
            try await sql.raw(
                "DELETE FROM lead_score_rules WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).run()
        }
        try await requestRescore(principal.workspaceID)
    }

    static func normalized(_ rule: LeadScoreRule) -> LeadScoreRule {
        var rule = rule
        rule.field = rule.field.trimmingWhitespace()
        rule.value = rule.values.joined(separator: ", ")
        if rule.op == .between || rule.op == .atLeast { rule.value = rule.value.replacingAll(" ", with: "") }
        if [.isSet, .isEmpty, .each].contains(rule.op) { rule.value = "" }
        rule.label = rule.label.trimmingWhitespace()
        return rule
    }

    /// A starting set for a workspace without rules: fit on seniority and company email,
    /// engagement with inbound counting most. Admins tune or delete them.
    public func addStarterRules(by principal: Principal) async throws -> [LeadScoreRule] {
        try principal.requireAdmin()
        guard try await rules(in: principal.workspaceID).isEmpty else { return try await rules(in: principal.workspaceID) }
        let starters: [LeadScoreRule] = [
            LeadScoreRule(id: .make(), kind: .fit, field: "title", op: .contains, value: "CEO, Founder, Owner, VP, Director, Head of", points: 15),
            LeadScoreRule(id: .make(), kind: .fit, field: "employees", op: .between, value: "50-5000", points: 10),
            LeadScoreRule(id: .make(), kind: .fit, field: "source", op: .is, value: "referral, inbound_call, inbound_email, web_form", points: 10),
            LeadScoreRule(id: .make(), kind: .fit, field: "email_domain", op: .is, value: "gmail.com, yahoo.com, hotmail.com, outlook.com", points: -10),
            LeadScoreRule(id: .make(), kind: .engagement, field: "inbound", op: .each, points: 10, maxPoints: 30),
            LeadScoreRule(id: .make(), kind: .engagement, field: "meetings", op: .each, points: 10, maxPoints: 20),
            LeadScoreRule(id: .make(), kind: .engagement, field: "calls", op: .each, points: 5, maxPoints: 15),
            LeadScoreRule(id: .make(), kind: .engagement, field: "emails", op: .each, points: 2, maxPoints: 10),
            LeadScoreRule(id: .make(), kind: .engagement, field: "form_submissions", op: .each, points: 8, maxPoints: 16),
        ]
        for rule in starters { _ = try await create(rule, by: principal) }
        return try await rules(in: principal.workspaceID)
    }

    // MARK: Explanations

    /// Why a lead has its score, if it has been scored.
    public func explanation(of id: Record<Lead>.ID, by principal: Principal) async throws -> LeadScoreExplanation? {
        try await db.read { sql in
            _ = try await RecordStore<Lead>.visible(id, by: principal, on: sql)
            guard
                let row = try await sql.raw(
                    """
                    SELECT points, probability, reasons, model_reasons, scored_at FROM lead_scores
                    WHERE lead_id = \(bind: id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid)
                    """
                ).first()
            else { return nil }
            let decoder = JSONDecoder()
            let reasons = (try? decoder.decode([ScoreReason].self, from: Data(try row.decode(column: "reasons", as: String.self).utf8))) ?? []
            let model =
                (try? decoder.decode(StoredModelReasons.self, from: Data(try row.decode(column: "model_reasons", as: String.self).utf8)))
            return LeadScoreExplanation(
                points: try row.decode(column: "points", as: Int.self), reasons: reasons,
                probability: try row.decode(column: "probability", as: Int?.self), modelFor: model?.for ?? [],
                modelAgainst: model?.against ?? [], modelSummary: model?.summary,
                scoredAt: Timestamp(micros: try row.decode(column: "scored_at", as: Int64.self)))
        }
    }

    struct StoredModelReasons: Codable {
        var `for`: [ConversionPrediction.Contribution]
        var against: [ConversionPrediction.Contribution]
        var summary: String?
    }

    /// Keeps a lead's explanation beside its score, in the lead's write transaction.
    static func store(_ explanation: LeadScoreExplanation, lead: Record<Lead>.ID, workspace: Workspace.ID, on sql: any SQLDatabase)
        async throws
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let reasons = String(decoding: try encoder.encode(explanation.reasons), as: UTF8.self)
        let model = String(
            decoding: try encoder.encode(
                StoredModelReasons(for: explanation.modelFor, against: explanation.modelAgainst, summary: explanation.modelSummary)),
            as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO lead_scores (lead_id, workspace_id, points, probability, reasons, model_reasons, scored_at)
            VALUES (\(bind: lead.uuid), \(bind: workspace.uuid), \(bind: explanation.points), \(bind: explanation.probability),
                \(bind: reasons), \(bind: model), \(bind: explanation.scoredAt.micros))
            ON CONFLICT (lead_id) DO UPDATE SET points = excluded.points, probability = excluded.probability,
                reasons = excluded.reasons, model_reasons = excluded.model_reasons, scored_at = excluded.scored_at
            """
        ).run()
    }
}
