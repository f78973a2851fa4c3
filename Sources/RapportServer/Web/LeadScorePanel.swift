import Foundation
import RapportCore
import RapportStore

/// A lead page's score panel: the points with the rules that gave them, and the learned chance to
/// convert with what moved it most.
struct LeadScorePanelView {
    struct Reason {
        var line: String
        var positive: Bool
    }

    var score: String
    var reasons: [Reason]
    var more: Int
    var hasMore: Bool
    var noReasons: Bool
    var probability: String?
    var modelFor: [String]
    var modelAgainst: [String]
    var modelMissing: String?
    var settingsHref: String
}

enum LeadScorePanel {
    static func load(_ lead: Record<Lead>, store: Store, principal: Principal) async throws -> LeadScorePanelView {
        let explanation = try await store.leadScoring.explanation(of: lead.id, by: principal)
        let reasons = explanation?.reasons ?? []
        let shown = reasons.prefix(6)
        var missing: String?
        if explanation?.probability == nil {
            let minimum = ConversionModel.minimumPerOutcome
            missing =
                "A learned chance to convert appears once the model has \(minimum) converted and \(minimum) disqualified leads to learn from."
        }
        func sentence(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
        return LeadScorePanelView(
            score: String(lead["score"]?.int ?? Int64(explanation?.points ?? 0)),
            reasons: shown.map { LeadScorePanelView.Reason(line: $0.line, positive: $0.points >= 0) }, more: reasons.count - shown.count,
            hasMore: reasons.count > shown.count, noReasons: reasons.isEmpty,
            probability: (lead["conversion_probability"]?.int).map { "\($0)%" },
            modelFor: (explanation?.modelFor ?? []).map { sentence($0.text) },
            modelAgainst: (explanation?.modelAgainst ?? []).map { sentence($0.text) }, modelMissing: missing,
            settingsHref: "/settings/lead-scoring")
    }
}
