import Foundation
import RapportCore

extension OpenAPIDocument {
    /// "My work" and the task actions (`WorkAPI`), purposes and the outreach cap (`PurposesAPI`),
    /// the outreach check and the overrides report (`OutreachAPI`). Tasks are the `Task` entity schema.
    static func addWork(paths: inout JSONObject, schemas: inout JSONObject) {
        let task = ref("Task")
        let version: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": .int(Int64(Int32.max))])
        let quietDays: JSONValue = .object(["type": "integer", "minimum": 0, "maximum": 365])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let tasks: JSONValue = .object(["type": "array", "items": task])
        schemas["WorkQueue"] = obj(
            [
                "team": .object(["type": "boolean"]), "time_zone": str(), "due_count": count, "overdue": tasks, "today": tasks,
                "upcoming": tasks, "no_due_date": tasks, "done": tasks,
            ],
            required: ["team", "time_zone", "due_count", "overdue", "today", "upcoming", "no_due_date", "done"])
        schemas["Purpose"] = obj(
            ["id": uuid(), "name": str(), "quiet_days": quietDays, "retired": .object(["type": "boolean"]), "position": .object(["type": "integer"])],
            required: ["id", "name", "quiet_days", "retired", "position"])
        schemas["OutreachCap"] = obj(
            ["cap_touches": .object(["type": "integer", "minimum": 0, "maximum": 100]), "cap_days": .object(["type": "integer", "minimum": 1, "maximum": 365])],
            required: ["cap_touches", "cap_days"])
        schemas["Conflict"] = .object([
            "type": "object", "required": .array(["code", "message"]),
            "properties": .object(["code": str(), "message": str()]),
            "additionalProperties": true,
        ])
        schemas["OutreachCheck"] = obj(
            ["allowed": .object(["type": "boolean"]), "conflicts": .object(["type": "array", "items": ref("Conflict")])],
            required: ["allowed", "conflicts"])
        schemas["OverrideReport"] = obj(
            [
                "days": .object(["type": "integer", "minimum": 1, "maximum": 365]), "from": dateTime(), "to": dateTime(),
                "groups": .object([
                    "type": "array",
                    "items": obj(
                        ["team_id": nullable(uuid()), "team": nullable(str()), "purpose_id": nullable(uuid()), "purpose": nullable(str()), "count": count],
                        required: ["team_id", "team", "purpose_id", "purpose", "count"]),
                ]),
                "recent": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "activity_id": uuid(), "at": dateTime(), "user": nullable(str()), "team": nullable(str()),
                            "contact_id": nullable(uuid()), "contact": nullable(str()), "purpose": nullable(str()), "reason": nullable(str()),
                        ],
                        required: ["activity_id", "at", "user", "team", "contact_id", "contact", "purpose", "reason"]),
                ]),
            ],
            required: ["days", "from", "to", "groups", "recent"])

        let flag = enumOf(["true", "false"])
        paths["/api/v1/me/work"] = .object([
            "get": op(
                "myWork",
                "The caller's tasks by due time in their time zone (overdue, today, upcoming, no due date, done in the last 7 days); `team=true` gives the team's, for managers and admins",
                tag: "Tasks", params: [query("team", flag)], responses: ["200": ref("WorkQueue")], errors: [401, 403, 422])
        ])
        let actionErrors = [400, 401, 403, 404, 409, 413, 415, 422, 428]
        let versionBody = JSONValue.object([
            "type": "object", "additionalProperties": false, "properties": .object(["version": version]),
        ])
        for (action, summary) in [("complete", "Mark a task done"), ("reopen", "Reopen a done task")] {
            paths["/api/v1/tasks/{id}/\(action)"] = .object([
                "parameters": .array([idParam]),
                "post": optionalBody(
                    op(
                        "\(action)Task", "\(summary); the version comes from If-Match or the body", tag: "Tasks",
                        params: [header("If-Match", str())], body: versionBody, responses: ["200": task], errors: actionErrors)),
            ])
        }
        paths["/api/v1/tasks/{id}/snooze"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "snoozeTask", "Move an open task's due time to a later moment; the version comes from If-Match or the body",
                tag: "Tasks", params: [header("If-Match", str())],
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["until"]),
                    "properties": .object(["until": dateTime(), "version": version]),
                ]),
                responses: ["200": task], errors: actionErrors),
        ])

        paths["/api/v1/purposes"] = .object([
            "get": op(
                "listPurposes", "Contact purposes in the workspace's order; retired ones only when asked", tag: "Purposes",
                params: [query("include_retired", flag)], responses: ["200": listOf(ref("Purpose"))], errors: [401, 422]),
            "post": op(
                "createPurpose", "Add a purpose (admins)", tag: "Purposes",
                body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["name"]),
                    "properties": .object(["name": str(max: 60), "quiet_days": quietDays]),
                ]),
                responses: ["201": ref("Purpose")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/purposes/{id}"] = .object([
            "parameters": .array([idParam]),
            "patch": op(
                "updatePurpose", "Rename a purpose, change its quiet window, retire it or bring it back (admins)",
                tag: "Purposes",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object(["name": str(max: 60), "quiet_days": quietDays, "retired": .object(["type": "boolean"])]),
                ]),
                responses: ["200": ref("Purpose")], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        paths["/api/v1/settings/outreach"] = .object([
            "get": op("getOutreachSettings", "The workspace's outreach frequency cap", tag: "Purposes", responses: ["200": ref("OutreachCap")], errors: [401]),
            "put": op(
                "setOutreachSettings", "Set the frequency cap: at most cap_touches outbound contacts per person in cap_days days; 0 touches turns it off (admins)",
                tag: "Purposes", body: .object([
                    "type": "object", "additionalProperties": false, "required": .array(["cap_touches", "cap_days"]),
                    "properties": .object([
                        "cap_touches": .object(["type": "integer", "minimum": 0, "maximum": 100]),
                        "cap_days": .object(["type": "integer", "minimum": 1, "maximum": 365]),
                    ]),
                ]),
                responses: ["200": ref("OutreachCap")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/outreach/check"] = .object([
            "get": op(
                "checkOutreach",
                "May the caller contact this person about this purpose through this channel at this time? Lists what the outreach guard would warn about, without creating anything",
                tag: "Outreach",
                params: [
                    required(query("contact_id", uuid())), query("purpose_id", uuid()),
                    required(query("channel", enumOf(OutreachAPI.channels))), query("at", dateTime()),
                ],
                responses: ["200": ref("OutreachCheck")], errors: [401, 422]),
        ])
        paths["/api/v1/reports/outreach-overrides"] = .object([
            "get": op(
                "outreachOverridesReport", "Overrides of the outreach guard by team and purpose, and the latest ones (managers and admins)",
                tag: "Outreach", params: [query("days", .object(["type": "integer", "minimum": 1, "maximum": 365]))],
                responses: ["200": ref("OverrideReport")], errors: [401, 403, 422]),
        ])
    }

    /// An operation whose request body may be left out.
    static func optionalBody(_ operation: JSONValue) -> JSONValue {
        guard case .object(var o) = operation, case .object(var body)? = o["requestBody"] else { return operation }
        body["required"] = false
        o["requestBody"] = .object(body)
        return .object(o)
    }

    /// A parameter that must be sent.
    static func required(_ parameter: JSONValue) -> JSONValue {
        guard case .object(var p) = parameter else { return parameter }
        p["required"] = true
        return .object(p)
    }
}
