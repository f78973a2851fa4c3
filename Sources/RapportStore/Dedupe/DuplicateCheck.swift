import Foundation
import RapportCore
import SQLKit

/// The create check that holds a new account or contact back when it looks like one that exists,
/// until the caller confirms with `allow_duplicate`.
///
/// Candidates the caller may not see are reported too — a duplicate is a duplicate, and creating
/// a second record of a customer another team owns is what the check is for — but only as "a
/// contact you cannot see": no ID, name, owner, score or reasons, so the check cannot be used to
/// read what is hidden. What it does tell is that something alike exists, which is the least a
/// person needs to go and ask before adding it again.
public enum DuplicateCheck {
    /// The request flag that acknowledges possible duplicates.
    public static let flag = "allow_duplicate"
    public static let kind = "possible_duplicate"

    public static func check<M: DuplicateMatching>(_ entity: M.Type) -> WriteCheck<M> {
        WriteCheck { record, flags, principal, sql in
            guard !flags.contains(flag) else { return }
            let candidates = try await DuplicateCandidates.find(record, on: sql)
            guard !candidates.isEmpty else { return }
            throw RapportError.needsConfirmation(confirmation(candidates, by: principal))
        }
    }

    static func confirmation<M: DuplicateMatching>(_ candidates: [DuplicateCandidate<M>], by principal: Principal)
        -> Confirmation
    {
        let conflicts = candidates.map { candidate -> Conflict in
            guard principal.canSee(owner: candidate.ownerID, team: candidate.teamID, shared: candidate.shared) else {
                return Conflict(
                    code: kind,
                    message: "Looks like \(article(M.name)) \(M.name) you cannot see; ask your manager or an admin before adding another.",
                    details: JSONObject(["entity": .string(M.name), "visible": .bool(false)]))
            }
            let reasons = candidate.match.reasons.filter { !$0.hasPrefix("different") }
            return Conflict(
                code: kind,
                message: "Looks like \(candidate.title) (\(reasons.joined(separator: ", "))).",
                details: JSONObject([
                    "record_id": .string(candidate.id.description), "entity": .string(M.name),
                    "title": .string(candidate.title), "score": .double(Double(candidate.match.milli) / 1000),
                    "reasons": .array(reasons.map { .string($0) }), "visible": .bool(true),
                ]))
        }
        let noun = M.name
        let title =
            candidates.count == 1
            ? "This \(noun) may already exist" : "This \(noun) may already exist (\(candidates.count) look alike)"
        return Confirmation(kind: kind, title: title, field: flag, conflicts: conflicts)
    }

    static func article(_ noun: String) -> String { "aeiou".contains(noun.first ?? "x") ? "an" : "a" }
}
