import Foundation
import RapportCore
import RapportStore

extension OpenAPIDocument {
    /// Lead scoring (`LeadScoringAPI`), assignment rules, the first-touch SLA and its breaches
    /// (`LeadAssignmentAPI`), and web-to-lead forms (`LeadFormsAPI`).
    static func addLeadAutomation(paths: inout JSONObject, schemas: inout JSONObject) {
        let bool: JSONValue = .object(["type": "boolean"])
        let int: JSONValue = .object(["type": "integer"])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let strings: JSONValue = .object(["type": "array", "items": str()])
        let admin = "Admins only; everyone else gets 403."
        let changeErrors = [400, 401, 403, 413, 415, 422]

        schemas["LeadScoreRule"] = obj(
            [
                "id": uuid(), "kind": enumOf(LeadScoreRule.Kind.allCases.map(\.rawValue)), "field": str(),
                "operator": enumOf(LeadScoreRule.Operator.allCases.map(\.rawValue)), "value": str(), "points": int,
                "max_points": nullable(int), "label": str(), "active": bool, "position": int, "summary": str(),
            ],
            required: ["id", "kind", "field", "operator", "value", "points", "max_points", "label", "active", "position", "summary"])
        schemas["ModelFeature"] = obj(
            ["feature": str(), "value": str(), "text": str(), "weight": .object(["type": "number"])],
            required: ["feature", "value", "text", "weight"])
        schemas["LeadScoringModel"] = obj(
            [
                "trained_at": nullable(dateTime()), "converted": count, "disqualified": count, "usable": bool, "training": bool,
                "minimum_per_outcome": count, "strongest": .object(["type": "array", "items": ref("ModelFeature")]),
            ],
            required: ["trained_at", "converted", "disqualified", "usable", "training", "minimum_per_outcome", "strongest"])
        let ruleProperties: JSONObject = [
            "kind": enumOf(LeadScoreRule.Kind.allCases.map(\.rawValue)),
            "field": enumOf(LeadScoreRule.fitFields + LeadScoreRule.engagementEvents),
            "operator": enumOf(LeadScoreRule.Operator.allCases.map(\.rawValue)), "value": nullable(str(max: 500)),
            "points": .object(["type": "integer", "minimum": -1000, "maximum": 1000]),
            "max_points": nullable(.object(["type": "integer", "minimum": -100_000, "maximum": 100_000])),
            "label": nullable(str(max: 100)), "active": bool,
        ]
        paths["/api/v1/lead-scoring"] = .object([
            "get": op(
                "getLeadScoring", "The scoring rules and the learned model's state", tag: "Lead scoring",
                responses: ["200": obj(["rules": .object(["type": "array", "items": ref("LeadScoreRule")]), "model": ref("LeadScoringModel")], required: ["rules", "model"])],
                errors: [401])
        ])
        paths["/api/v1/lead-scoring/rules"] = .object([
            "post": op(
                "createLeadScoreRule", "Add a scoring rule; open leads are re-scored in the background. \(admin)", tag: "Lead scoring",
                body: .object([
                    "type": "object", "additionalProperties": false, "properties": .object(ruleProperties),
                    "required": .array(["kind", "field", "operator", "points"]),
                ]),
                responses: ["201": ref("LeadScoreRule")], errors: changeErrors)
        ])
        paths["/api/v1/lead-scoring/rules/{id}"] = .object([
            "parameters": .array([idParam]),
            "patch": op(
                "updateLeadScoreRule", "Change a scoring rule. \(admin)", tag: "Lead scoring",
                body: .object(["type": "object", "additionalProperties": false, "properties": .object(ruleProperties)]),
                responses: ["200": ref("LeadScoreRule")], errors: changeErrors + [404]),
            "delete": op(
                "deleteLeadScoreRule", "Remove a scoring rule. \(admin)", tag: "Lead scoring", responses: ["204": nil],
                errors: [401, 403, 404]),
        ])
        paths["/api/v1/lead-scoring/train"] = .object([
            "post": op(
                "trainLeadScoringModel", "Queue training of the conversion model on the workspace's closed leads. \(admin)",
                tag: "Lead scoring",
                responses: ["202": obj(["queued": bool, "model": ref("LeadScoringModel")], required: ["queued", "model"])],
                errors: [401, 403])
        ])
        let contributions: JSONValue = .object(["type": "array", "items": ref("ModelFeature")])
        schemas["LeadScore"] = obj(
            [
                "lead_id": uuid(), "score": int, "conversion_probability": nullable(.object(["type": "integer", "minimum": 0, "maximum": 100])),
                "reasons": .object([
                    "type": "array",
                    "items": obj(
                        ["points": int, "text": str(), "line": str(), "rule_id": nullable(uuid())],
                        required: ["points", "text", "line", "rule_id"]),
                ]),
                "model": nullable(
                    obj(
                        ["probability": int, "summary": str(), "for": contributions, "against": contributions],
                        required: ["probability", "summary", "for", "against"])),
                "scored_at": nullable(dateTime()),
            ],
            required: ["lead_id", "score", "conversion_probability", "reasons", "model", "scored_at"])
        paths["/api/v1/leads/{id}/score"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getLeadScore", "A lead's score with the rules that counted and the model's reasons", tag: "Leads",
                responses: ["200": ref("LeadScore")], errors: [401, 404]),
        ])

        addLeadAssignment(paths: &paths, schemas: &schemas)
        addLeadForms(paths: &paths, schemas: &schemas)
    }

    static func addLeadAssignment(paths: inout JSONObject, schemas: inout JSONObject) {
        let bool: JSONValue = .object(["type": "boolean"])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let admin = "Admins only; everyone else gets 403."
        func list(_ max: Int, item: JSONValue) -> JSONValue { .object(["type": "array", "maxItems": .int(Int64(max)), "items": item]) }
        schemas["LeadAssignmentRule"] = obj(
            [
                "id": uuid(), "name": str(), "position": count, "active": bool, "countries": .object(["type": "array", "items": str()]),
                "regions": .object(["type": "array", "items": str()]), "postal_prefixes": .object(["type": "array", "items": str()]),
                "sources": .object(["type": "array", "items": enumOf(Lead.sources)]), "team_id": nullable(uuid()),
                "user_ids": .object(["type": "array", "items": uuid()]), "assigned": count, "conditions": str(),
            ],
            required: [
                "id", "name", "position", "active", "countries", "regions", "postal_prefixes", "sources", "team_id", "user_ids",
                "assigned", "conditions",
            ])
        let properties: JSONObject = [
            "name": str(max: 100), "active": bool, "countries": list(200, item: str(max: 2)), "regions": list(200, item: str(max: 100)),
            "postal_prefixes": list(200, item: str(max: 20)), "sources": list(20, item: enumOf(Lead.sources)),
            "team_id": nullable(uuid()), "user_ids": list(100, item: uuid()),
        ]
        let rules = listOf(ref("LeadAssignmentRule"))
        paths["/api/v1/lead-assignment-rules"] = .object([
            "get": op("listLeadAssignmentRules", "The assignment rules in order", tag: "Lead assignment", responses: ["200": rules], errors: [401]),
            "post": op(
                "createLeadAssignmentRule",
                "Add a rule at the bottom: conditions (empty holds for every lead) and a team or people to take turns. \(admin)",
                tag: "Lead assignment",
                body: .object([
                    "type": "object", "additionalProperties": false, "properties": .object(properties), "required": .array(["name"]),
                ]),
                responses: ["201": ref("LeadAssignmentRule")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/lead-assignment-rules/preview"] = .object([
            "post": op(
                "previewLeadAssignment", "Which rule would take a lead with these values and who would get it (no turn is taken)",
                tag: "Lead assignment",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object([
                        "country": nullable(str(max: 2)), "region": nullable(str(max: 100)), "postal_code": nullable(str(max: 20)),
                        "source": nullable(enumOf(Lead.sources)),
                    ]),
                ]),
                responses: [
                    "200": obj(
                        [
                            "match": nullable(
                                obj(
                                    ["rule_id": uuid(), "rule_name": str(), "owner_id": uuid(), "team_id": nullable(uuid())],
                                    required: ["rule_id", "rule_name", "owner_id", "team_id"]))
                        ], required: ["match"])
                ], errors: [400, 401, 413, 415, 422])
        ])
        paths["/api/v1/lead-assignment-rules/{id}"] = .object([
            "parameters": .array([idParam]),
            "patch": op(
                "updateLeadAssignmentRule", "Change a rule; its place and round-robin turn stay. \(admin)", tag: "Lead assignment",
                body: .object(["type": "object", "additionalProperties": false, "properties": .object(properties)]),
                responses: ["200": ref("LeadAssignmentRule")], errors: [400, 401, 403, 404, 413, 415, 422]),
            "delete": op(
                "deleteLeadAssignmentRule", "Remove a rule. \(admin)", tag: "Lead assignment", responses: ["204": nil],
                errors: [401, 403, 404]),
        ])
        paths["/api/v1/lead-assignment-rules/{id}/move"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "moveLeadAssignmentRule", "Move a rule one place up or down. \(admin)", tag: "Lead assignment",
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["direction"]),
                    "properties": .object(["direction": enumOf(["up", "down"])]),
                ]),
                responses: ["200": rules], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        let policy = obj(
            ["hours": .object(["type": "integer", "minimum": 0, "maximum": 720]), "business_hours": str(), "time_zone": str()],
            required: ["hours", "business_hours", "time_zone"])
        paths["/api/v1/settings/lead-first-touch"] = .object([
            "get": op(
                "getLeadFirstTouch", "The first-touch SLA: hours, business hours (`1-5 09:00-17:00`, ISO weekdays) and time zone",
                tag: "Lead assignment", responses: ["200": policy], errors: [401]),
            "put": op(
                "setLeadFirstTouch", "Set the first-touch SLA (0 hours turns it off); deadlines already set stay. \(admin)",
                tag: "Lead assignment",
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["hours", "business_hours", "time_zone"]),
                    "properties": .object([
                        "hours": .object(["type": "integer", "minimum": 0, "maximum": 720]), "business_hours": str(max: 200),
                        "time_zone": str(max: 64),
                    ]),
                ]),
                responses: ["200": policy], errors: [400, 401, 403, 413, 415, 422]),
        ])
        let tally = obj(
            [
                "owner_id": nullable(uuid()), "owner_name": nullable(str()), "team_id": nullable(uuid()), "team_name": nullable(str()),
                "overdue": count, "late": count, "on_time": count,
            ],
            required: ["owner_id", "owner_name", "team_id", "team_name", "overdue", "late", "on_time"])
        let breach = obj(
            ["kind": enumOf(["overdue", "late"]), "due_at": dateTime(), "touched_at": nullable(dateTime()), "lead": ref("Lead")],
            required: ["kind", "due_at", "touched_at", "lead"])
        paths["/api/v1/leads/first-touch-breaches"] = .object([
            "get": op(
                "listFirstTouchBreaches",
                "Open leads past their first-touch deadline and untouched, and leads touched late, with the tally per owner",
                tag: "Leads",
                params: [
                    query("kind", enumOf(["overdue", "late"])), query("owner_id", uuid()), query("team_id", uuid()),
                    query("since", dateTime()), query("limit", .object(["type": "integer", "minimum": 1, "maximum": 500])),
                ],
                responses: [
                    "200": obj(
                        [
                            "overdue_count": count, "late_count": count, "since": dateTime(),
                            "tallies": .object(["type": "array", "items": tally]), "data": .object(["type": "array", "items": breach]),
                        ], required: ["overdue_count", "late_count", "since", "tallies", "data"])
                ], errors: [401, 422])
        ])
    }

    static func addLeadForms(paths: inout JSONObject, schemas: inout JSONObject) {
        let bool: JSONValue = .object(["type": "boolean"])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let admin = "Admins only; everyone else gets 403."
        let fieldList: JSONValue = .object(["type": "array", "maxItems": 20, "items": enumOf(LeadForm.offerableFields)])
        schemas["LeadForm"] = obj(
            [
                "id": uuid(), "name": str(), "intro": str(), "fields": .object(["type": "array", "items": str()]),
                "required": .object(["type": "array", "items": str()]), "thank_you": str(), "redirect_url": nullable(str()),
                "source_detail": str(), "active": bool, "submissions": count, "blocked": count,
                "last_submission_at": nullable(dateTime()), "token": str(), "public_url": str(), "embed_html": str(),
                "created_at": dateTime(), "updated_at": dateTime(),
            ],
            required: [
                "id", "name", "intro", "fields", "required", "thank_you", "redirect_url", "source_detail", "active", "submissions",
                "blocked", "last_submission_at", "token", "public_url", "embed_html", "created_at", "updated_at",
            ])
        let properties: JSONObject = [
            "name": str(max: 100), "intro": nullable(str(max: 1000)), "thank_you": nullable(str(max: 1000)),
            "source_detail": nullable(str(max: 200)), "redirect_url": nullable(str(max: 500)), "active": bool, "fields": fieldList,
            "required": fieldList,
        ]
        paths["/api/v1/lead-forms"] = .object([
            "get": op("listLeadForms", "The web-to-lead forms", tag: "Lead forms", responses: ["200": listOf(ref("LeadForm"))], errors: [401]),
            "post": op(
                "createLeadForm", "Add a web-to-lead form with a new public token. \(admin)", tag: "Lead forms",
                body: .object([
                    "type": "object", "additionalProperties": false, "properties": .object(properties), "required": .array(["name"]),
                ]),
                responses: ["201": ref("LeadForm")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/lead-forms/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op("getLeadForm", "A web-to-lead form", tag: "Lead forms", responses: ["200": ref("LeadForm")], errors: [401, 404]),
            "patch": op(
                "updateLeadForm", "Change a form; its token and counts stay. \(admin)", tag: "Lead forms",
                body: .object(["type": "object", "additionalProperties": false, "properties": .object(properties)]),
                responses: ["200": ref("LeadForm")], errors: [400, 401, 403, 404, 413, 415, 422]),
            "delete": op(
                "deleteLeadForm", "Remove a form that made no leads (turn one that did off instead: 409). \(admin)", tag: "Lead forms",
                responses: ["204": nil], errors: [401, 403, 404, 409]),
        ])
    }
}
