import Foundation
import RapportCore

extension OpenAPIDocument {
    /// Pipelines and stages (`PipelinesAPI`) and the deal extras (`DealsAPI`: stage history, the
    /// board, contacts with roles, moving a stage, the pipeline as of a date). Leads and deals
    /// themselves are entity schemas.
    static func addSales(paths: inout JSONObject, schemas: inout JSONObject) {
        let bool: JSONValue = .object(["type": "boolean"])
        let int: JSONValue = .object(["type": "integer"])
        let percent: JSONValue = .object(["type": "integer", "minimum": 0, "maximum": 100])
        let category = enumOf(Deal.categories)
        let requirable = enumOf(StageChanges.requirableFields.map(\.name))
        schemas["Stage"] = obj(
            [
                "id": uuid(), "pipeline_id": uuid(), "name": str(), "position": int, "probability": percent,
                "forecast_category": category, "required_fields": .object(["type": "array", "items": str()]),
                "playbook": str(), "retired": bool,
            ],
            required: ["id", "pipeline_id", "name", "position", "probability", "forecast_category", "required_fields", "playbook", "retired"])
        schemas["Pipeline"] = obj(
            [
                "id": uuid(), "name": str(), "position": int, "is_default": bool, "retired": bool,
                "stages": .object(["type": "array", "items": ref("Stage")]),
            ],
            required: ["id", "name", "position", "is_default", "retired", "stages"])
        let stageInput: JSONValue = .object([
            "type": "object", "additionalProperties": false,
            "properties": .object([
                "name": str(max: 60), "probability": percent, "forecast_category": category,
                "required_fields": .object(["type": "array", "items": requirable, "maxItems": 20]), "playbook": str(max: 2000),
                "retired": bool,
            ]),
        ])
        let flag = enumOf(["true", "false"])
        paths["/api/v1/pipelines"] = .object([
            "get": op(
                "listPipelines", "The workspace's pipelines with their stages", tag: "Pipelines",
                params: [query("include_retired", flag)], responses: ["200": listOf(ref("Pipeline"))], errors: [401, 422]),
            "post": op(
                "createPipeline", "Add a pipeline (admins); it starts with New, Closed won and Closed lost", tag: "Pipelines",
                body: .object([
                    "type": "object", "required": .array(["name"]), "additionalProperties": false,
                    "properties": .object(["name": str(max: 60), "is_default": bool]),
                ]),
                responses: ["201": ref("Pipeline")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/pipelines/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op("getPipeline", "A pipeline with its stages", tag: "Pipelines", responses: ["200": ref("Pipeline")], errors: [401, 404]),
            "patch": op(
                "updatePipeline", "Rename a pipeline, make it the default, retire it or bring it back (admins)", tag: "Pipelines",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object(["name": str(max: 60), "is_default": bool, "retired": bool]),
                ]),
                responses: ["200": ref("Pipeline")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
        ])
        paths["/api/v1/pipelines/{id}/stages"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "createStage", "Add a stage to a pipeline (admins); open stages go before the closed ones", tag: "Pipelines",
                body: stageInput, responses: ["201": ref("Stage")], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        paths["/api/v1/stages/{id}"] = .object([
            "parameters": .array([idParam]),
            "patch": op(
                "updateStage", "Change a stage (admins); a pipeline keeps an open, a won and a lost stage", tag: "Pipelines",
                body: stageInput, responses: ["200": ref("Stage")], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        paths["/api/v1/stages/{id}/move"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "moveStage", "Move a stage one place up or down in its pipeline (admins)", tag: "Pipelines",
                body: .object([
                    "type": "object", "required": .array(["direction"]), "additionalProperties": false,
                    "properties": .object(["direction": enumOf(["up", "down"])]),
                ]),
                responses: ["200": ref("Pipeline")], errors: [400, 401, 403, 404, 413, 415, 422]),
        ])
        addDealExtras(paths: &paths, schemas: &schemas)
        addConversion(paths: &paths, schemas: &schemas)
    }

    static func addDealExtras(paths: inout JSONObject, schemas: inout JSONObject) {
        let money = obj(["amount_minor": .object(["type": "integer"]), "currency": str()], required: ["amount_minor", "currency"])
        let moneyList: JSONValue = .object(["type": "array", "items": money])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        schemas["StageSpan"] = obj(
            [
                "stage_id": uuid(), "stage": nullable(str()), "pipeline_id": uuid(), "entered_at": dateTime(), "left_at": nullable(dateTime()),
                "seconds": count, "moved_by": nullable(uuid()), "moved_by_name": nullable(str()),
            ],
            required: ["stage_id", "stage", "pipeline_id", "entered_at", "left_at", "seconds", "moved_by", "moved_by_name"])
        schemas["DealContact"] = obj(
            ["id": uuid(), "deal_id": uuid(), "contact_id": uuid(), "contact_name": str(), "role": enumOf(DealRole.allCases.map(\.rawValue))],
            required: ["id", "deal_id", "contact_id", "contact_name", "role"])
        let dealPage = obj(
            ["data": .object(["type": "array", "items": ref("Deal")]), "next_cursor": nullable(str())], required: ["data", "next_cursor"])
        schemas["BoardColumn"] = obj(
            [
                "stage": ref("Stage"), "count": count, "amounts": moneyList, "weighted": moneyList,
                "deals": .object(["type": "array", "items": ref("Deal")]), "next_cursor": nullable(str()),
            ],
            required: ["stage", "count", "amounts", "weighted", "deals", "next_cursor"])
        schemas["Board"] = obj(
            ["pipeline": ref("Pipeline"), "closed_window_days": count, "columns": .object(["type": "array", "items": ref("BoardColumn")])],
            required: ["pipeline", "closed_window_days", "columns"])
        schemas["PipelineSnapshot"] = obj(
            [
                "pipeline_id": uuid(), "at": dateTime(),
                "stages": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "stage_id": uuid(), "stage": str(), "forecast_category": enumOf(Deal.categories), "count": count,
                            "amounts": moneyList, "weighted": moneyList,
                        ],
                        required: ["stage_id", "stage", "forecast_category", "count", "amounts", "weighted"]),
                ]),
            ],
            required: ["pipeline_id", "at", "stages"])
        let limit = query("limit", .object(["type": "integer", "minimum": 1, "maximum": 100]))
        paths["/api/v1/deals/{id}/stages"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getDealStages", "The stages the deal has been in, oldest first, with time in each and who moved it", tag: "Deals",
                responses: ["200": listOf(ref("StageSpan"))], errors: [401, 404]),
        ])
        paths["/api/v1/deals/{id}/contacts"] = .object([
            "parameters": .array([idParam]),
            "get": op("listDealContacts", "The people in the deal and their roles", tag: "Deals", responses: ["200": listOf(ref("DealContact"))], errors: [401, 404]),
        ])
        let contactParam: JSONValue = .object(["name": "contact", "in": "path", "required": true, "schema": uuid()])
        paths["/api/v1/deals/{id}/contacts/{contact}"] = .object([
            "parameters": .array([idParam, contactParam]),
            "put": op(
                "setDealContact", "Add a person to the deal with a role, or change their role", tag: "Deals",
                body: .object([
                    "type": "object", "required": .array(["role"]), "additionalProperties": false,
                    "properties": .object(["role": enumOf(DealRole.allCases.map(\.rawValue))]),
                ]),
                responses: ["200": ref("DealContact")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
            "delete": op("removeDealContact", "Take a person off the deal", tag: "Deals", responses: ["204": nil], errors: [401, 403, 404]),
        ])
        paths["/api/v1/pipelines/{id}/board"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getBoard", "The pipeline's board: per stage the count, amounts and the first deals (closed stages: the last 30 days)",
                tag: "Pipelines", params: [limit], responses: ["200": ref("Board")], errors: [401, 404, 422]),
        ])
        paths["/api/v1/stages/{id}/deals"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "listStageDeals", "A stage's deals a page at a time, soonest expected close first", tag: "Pipelines",
                params: [limit, query("cursor", str())], responses: ["200": dealPage], errors: [401, 404, 422]),
        ])
        paths["/api/v1/pipelines/{id}/as-of"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getPipelineAsOf", "The pipeline as it stood at a moment (a date means the end of that day, UTC), rebuilt from the deals' history",
                tag: "Pipelines", params: [.object(["name": "at", "in": "query", "required": true, "schema": str(max: 40)])],
                responses: ["200": ref("PipelineSnapshot")], errors: [401, 404, 422]),
        ])
    }

    static func addConversion(paths: inout JSONObject, schemas: inout JSONObject) {
        let candidate = obj(
            ["id": uuid(), "title": str(), "score": .object(["type": "number"]), "reasons": .object(["type": "array", "items": str()])],
            required: ["id", "title", "score", "reasons"])
        schemas["ConversionCandidates"] = obj(
            ["accounts": .object(["type": "array", "items": candidate]), "contacts": .object(["type": "array", "items": candidate])],
            required: ["accounts", "contacts"])
        schemas["Conversion"] = obj(
            ["lead": ref("Lead"), "account": nullable(ref("Account")), "contact": ref("Contact"), "deal": nullable(ref("Deal"))],
            required: ["lead", "account", "contact", "deal"])
        paths["/api/v1/leads/{id}/conversion-candidates"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "getConversionCandidates", "Existing accounts and contacts the lead may be, best match first, with why", tag: "Leads",
                responses: ["200": ref("ConversionCandidates")], errors: [401, 404]),
        ])
        let money = obj(["amount_minor": .object(["type": "integer"]), "currency": str(max: 3)], required: ["amount_minor", "currency"])
        paths["/api/v1/leads/{id}/convert"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "convertLead",
                "Convert the lead into an account (\"new\", \"none\" or an account ID), a contact (\"new\" or a contact ID) and optionally a deal, in one step; 409 with look-alikes unless allow_duplicate",
                tag: "Leads",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object([
                        "account": str(max: 40), "contact": str(max: 40),
                        "deal": nullable(
                            .object([
                                "type": "object", "required": .array(["name"]), "additionalProperties": false,
                                "properties": .object([
                                    "name": str(max: 200), "amount": nullable(money), "close_date": nullable(.object(["type": "string", "format": "date"])),
                                    "stage_id": nullable(uuid()),
                                ]),
                            ])),
                        "owner_id": nullable(uuid()), "allow_duplicate": .object(["type": "boolean"]),
                        "version": .object(["type": "integer", "minimum": 1]),
                    ]),
                ]),
                responses: ["201": ref("Conversion")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
        ])
    }
}
