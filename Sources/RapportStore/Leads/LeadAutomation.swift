import Foundation
import RapportCore
import SQLKit

/// What Rapport works out for a lead on every write, in the write's own transaction: who gets a
/// new lead (assignment rules), when it must be touched (the first-touch SLA), when it was first
/// touched, and its score with the reasons (rules plus the learned conversion probability).
///
/// Leads written through `RecordStore<Lead>` get all of this from the lead derivation. A bulk
/// path that inserts rows itself loads a `Context` once per batch and calls `prepare` per row.
public enum LeadAutomation {
    /// The workspace's rules, model and policy, loaded once and used for many leads.
    public struct Context: Sendable {
        public var policy: FirstTouchPolicy
        public var scoreRules: [LeadScoreRule]
        public var assignmentRules: [LeadAssignmentRule]
        /// Nil until the workspace has enough closed leads to learn from.
        public var model: ConversionModel?

        /// `assigning` false skips the assignment rules (a lead that already has its owner).
        public static func load(_ workspace: Workspace.ID, assigning: Bool = true, on sql: any SQLDatabase) async throws -> Context {
            Context(
                policy: try await FirstTouchSettings.policy(workspace, on: sql),
                scoreRules: try await LeadScoring.rules(workspace, on: sql),
                assignmentRules: assigning ? try await LeadAssignment.rules(workspace, on: sql) : [],
                model: try await LeadScoring.model(workspace, on: sql).flatMap { $0.isUsable ? $0 : nil })
        }

        /// The score of a lead with these facts.
        public func score(_ facts: LeadFacts) -> LeadScoreExplanation {
            let rules = RuleScore.compute(scoreRules, facts: facts)
            let prediction = model?.predict(LeadFeatures.of(facts))
            return LeadScoreExplanation(
                points: rules.points, reasons: rules.reasons, probability: prediction?.percent,
                modelFor: prediction?.reasonsFor() ?? [], modelAgainst: prediction?.reasonsAgainst() ?? [],
                modelSummary: prediction?.summary, scoredAt: .now())
        }
    }

    /// The lead derivation: everything above, for every lead write.
    static func derivation() -> WriteDerivation<Lead> {
        WriteDerivation { record, previous, principal, sql in
            let assigning = previous == nil && record.ownerID == nil
            let context = try await Context.load(principal.workspaceID, assigning: assigning, on: sql)
            try await prepare(&record, previous: previous, context: context, by: principal, on: sql)
        }
    }

    /// Fills a lead's owner (when new and unowned), first-touch times and score, and stores the
    /// score's reasons. For a new lead without an owner the assignment rules decide; when none
    /// applies, the creator owns it (a web form's lead stays unowned for admins to pick up).
    /// `readsActivities` false skips looking up activities and form submissions: a bulk import of
    /// brand-new leads knows there are none, and saves two queries a row.
    public static func prepare(
        _ record: inout Record<Lead>, previous: Record<Lead>?, context: Context, by principal: Principal,
        readsActivities: Bool = true, on sql: any SQLDatabase
    ) async throws {
        if previous == nil {
            if record.ownerID == nil {
                if let assignment = try await LeadAssignment.assign(
                    record.values, rules: context.assignmentRules, workspace: record.workspaceID, on: sql)
                {
                    // The team comes with the owner (the rule's team, or theirs), so their managers see it.
                    record.ownerID = assignment.ownerID
                    record.teamID = assignment.teamID
                } else {
                    record.ownerID = principal.userID
                }
            }
            record.values["first_touch_due_at"] = context.policy.dueAt(createdAt: record.createdAt).map(FieldValue.time)
        }
        var engagement = LeadEngagement()
        if readsActivities {
            record.values["first_touched_at"] = try await LeadActivityFacts.firstTouch(of: record, on: sql).map(FieldValue.time)
            engagement = try await LeadActivityFacts.engagement(of: record.id.uuid, workspace: record.workspaceID, on: sql)
        }
        let explanation = context.score(LeadFacts(values: record.values, engagement: engagement))
        record.values["score"] = .int(Int64(explanation.points))
        record.values["conversion_probability"] = explanation.probability.map { .int(Int64($0)) }
        try await LeadScoring.store(explanation, lead: record.id, workspace: record.workspaceID, on: sql)
    }

    /// Brings a lead up to date after something it is scored on changed elsewhere (an activity
    /// about it logged, changed or deleted), as a normal lead write in the same transaction. The
    /// actor is whoever made that change, or the system when they cannot see the lead.
    static func refresh(_ id: UUID, leads: RecordStore<Lead>, by principal: Principal, on sql: any SQLDatabase) async throws {
        guard let lead = try await RecordStore<Lead>.fetch(.init(id), workspace: principal.workspaceID, on: sql),
            lead.deletedAt == nil
        else { return }
        var actor = principal
        if try await !RecordStore<Lead>.canSee(lead, by: principal, on: sql) || !principal.canWrite {
            actor = .system(principal.workspaceID)
        }
        _ = try await leads.update(lead.id, RecordChanges(), expecting: nil, by: actor, on: sql)
    }

    /// The activity effect: a lead an activity is (or was) about is re-scored and its first touch
    /// re-read whenever the activity is logged, changed, deleted or restored.
    static func activityEffect(leads: RecordStore<Lead>) -> WriteEffect<Activity> {
        WriteEffect { activity, previous, principal, sql in
            var ids = Set<UUID>()
            if let id = activity["lead_id"]?.uuid { ids.insert(id) }
            if let id = previous?["lead_id"]?.uuid { ids.insert(id) }
            for id in ids.sorted(by: { $0.uuidString < $1.uuidString }) {
                try await refresh(id, leads: leads, by: principal, on: sql)
            }
        }
    }
}
