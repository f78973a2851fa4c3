import Foundation
import RapportCore
import RapportStore

/// The JSON forms of lead scoring, assignment and web forms, shared by their API routes.
enum LeadAutomationJSON {
    static func rule(_ r: LeadScoreRule) -> JSONValue {
        .object(
            JSONObject([
                "id": .string(r.id.description), "kind": .string(r.kind.rawValue), "field": .string(r.field),
                "operator": .string(r.op.rawValue), "value": .string(r.value), "points": .int(Int64(r.points)),
                "max_points": r.maxPoints.map { .int(Int64($0)) } ?? .null, "label": .string(r.label), "active": .bool(r.active),
                "position": .int(Int64(r.position)), "summary": .string(r.summary),
            ]))
    }

    static func contribution(_ c: ConversionPrediction.Contribution) -> JSONValue {
        .object(
            JSONObject([
                "feature": .string(c.feature), "value": .string(c.value), "text": .string(c.text),
                "weight": .double((c.weight * 1000).rounded() / 1000),
            ]))
    }

    static func model(_ s: LeadScoring.ModelStatus) -> JSONValue {
        .object(
            JSONObject([
                "trained_at": .string(s.trainedAt?.iso8601), "converted": .int(Int64(s.converted)),
                "disqualified": .int(Int64(s.disqualified)), "usable": .bool(s.usable), "training": .bool(s.training),
                "minimum_per_outcome": .int(Int64(ConversionModel.minimumPerOutcome)),
                "strongest": .array(s.strongest.map(contribution)),
            ]))
    }

    static func score(_ e: LeadScoreExplanation?, lead: Record<Lead>) -> JSONValue {
        var model: JSONValue = .null
        if let e, let probability = e.probability {
            model = .object(
                JSONObject([
                    "probability": .int(Int64(probability)), "summary": .string(e.modelSummary ?? "model: \(probability)%"),
                    "for": .array(e.modelFor.map(contribution)), "against": .array(e.modelAgainst.map(contribution)),
                ]))
        }
        return .object(
            JSONObject([
                "lead_id": .string(lead.id.description), "score": .int(Int64(e?.points ?? Int(lead["score"]?.int ?? 0))),
                "conversion_probability": e?.probability.map { .int(Int64($0)) } ?? .null,
                "reasons": .array(
                    (e?.reasons ?? []).map {
                        .object(
                            JSONObject([
                                "points": .int(Int64($0.points)), "text": .string($0.text), "line": .string($0.line),
                                "rule_id": .string($0.ruleID?.description),
                            ]))
                    }),
                "model": model, "scored_at": .string(e?.scoredAt.iso8601),
            ]))
    }

    static func assignmentRule(_ r: LeadAssignmentRule) -> JSONValue {
        .object(
            JSONObject([
                "id": .string(r.id.description), "name": .string(r.name), "position": .int(Int64(r.position)),
                "active": .bool(r.active), "countries": .array(r.countries.map { .string($0) }),
                "regions": .array(r.regions.map { .string($0) }), "postal_prefixes": .array(r.postalPrefixes.map { .string($0) }),
                "sources": .array(r.sources.map { .string($0) }), "team_id": .string(r.teamID?.description),
                "user_ids": .array(r.userIDs.map { .string($0.description) }), "assigned": .int(Int64(r.assigned)),
                "conditions": .string(r.conditionsSummary),
            ]))
    }

    static func policy(_ p: FirstTouchPolicy) -> JSONValue {
        .object(
            JSONObject([
                "hours": .int(Int64(p.hours)), "business_hours": .string(p.businessHours.description), "time_zone": .string(p.timeZone),
            ]))
    }

    /// `origin` is the server's own address as the caller reached it (`https://crm.example.com`).
    static func form(_ f: LeadForm, origin: String) -> JSONValue {
        let url = origin + "/f/" + f.token
        return .object(
            JSONObject([
                "id": .string(f.id.description), "name": .string(f.name), "intro": .string(f.intro),
                "fields": .array(f.orderedFields.map { .string($0) }), "required": .array(f.required.map { .string($0) }),
                "thank_you": .string(f.thankYou), "redirect_url": .string(f.redirectURL), "source_detail": .string(f.sourceDetail),
                "active": .bool(f.active), "submissions": .int(Int64(f.submissions)), "blocked": .int(Int64(f.blocked)),
                "last_submission_at": .string(f.lastSubmissionAt?.iso8601), "token": .string(f.token), "public_url": .string(url),
                "embed_html": .string(LeadFormEmbed.snippet(url: url, title: f.name)), "created_at": .string(f.createdAt.iso8601),
                "updated_at": .string(f.updatedAt.iso8601),
            ]))
    }

    /// A list of strings from JSON (or a form's text, one per line or comma); problems are named per item.
    static func strings(_ input: inout Input, _ key: String, max: Int, itemMax: Int = 100) -> [String]? {
        guard let items = input.list(key, max: max) else { return nil }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let text) = item else {
                input.fail("\(key)[\(i)]", "must be a string")
                continue
            }
            let trimmed = text.trimmingWhitespace()
            if trimmed.count > itemMax || trimmed.hasControlCharacters {
                input.fail("\(key)[\(i)]", "must be at most \(itemMax) characters of text")
                continue
            }
            if !trimmed.isEmpty { result.append(trimmed) }
        }
        return result
    }
}

/// The HTML people paste into their site to show a form.
enum LeadFormEmbed {
    static func snippet(url: String, title: String) -> String {
        let escaped = title.replacingAll("&", with: "&amp;").replacingAll("\"", with: "&quot;").replacingAll("<", with: "&lt;")
        return "<iframe src=\"\(url)\" title=\"\(escaped)\" width=\"100%\" height=\"720\" style=\"border:0;max-width:640px\" loading=\"lazy\"></iframe>"
    }
}
