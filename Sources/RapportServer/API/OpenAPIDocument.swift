import Foundation
import RapportCore

/// The OpenAPI 3.1 description of the API, built from the same entity field specs that drive
/// validation and JSON output, so the document cannot drift from what the server does.
enum OpenAPIDocument {
    static func make(importEntities: [String] = ["accounts", "contacts"]) -> JSONValue {
        var paths = JSONObject()
        var schemas = JSONObject()
        schemas["Problem"] = problemSchema
        schemas["Event"] = eventSchema
        schemas["SearchHit"] = obj(
            ["entity": str(), "id": uuid(), "title": str(), "subtitle": str()], required: ["entity", "id", "title", "subtitle"])
        schemas["User"] = obj(
            [
                "id": uuid(), "email": str(), "name": str(), "role": enumOf(Role.allCases.map(\.rawValue)),
                "team_id": nullable(uuid()), "time_zone": str(), "active": .object(["type": "boolean"]),
            ], required: ["id", "email", "name", "role", "team_id", "time_zone", "active"])
        schemas["Team"] = obj(["id": uuid(), "name": str(), "parent_id": nullable(uuid())], required: ["id", "name", "parent_id"])
        schemas["Relation"] = obj(
            [
                "id": uuid(), "kind": enumOf(AccountRelationKind.allCases.map(\.rawValue)), "from_id": uuid(), "to_id": uuid(),
                "label": str(), "other_id": uuid(), "other_name": str(), "note": nullable(str()), "created_at": dateTime(),
            ], required: ["id", "kind", "from_id", "to_id", "label", "other_id", "other_name", "note", "created_at"])
        addEntity(Account.self, title: "Account", paths: &paths, schemas: &schemas)
        addEntity(Contact.self, title: "Contact", paths: &paths, schemas: &schemas)
        addEntity(Activity.self, title: "Activity", paths: &paths, schemas: &schemas)
        addEntity(Todo.self, title: "Task", paths: &paths, schemas: &schemas)
        addEntity(Lead.self, title: "Lead", paths: &paths, schemas: &schemas)
        addEntity(Deal.self, title: "Deal", paths: &paths, schemas: &schemas)
        addEntity(Product.self, title: "Product", paths: &paths, schemas: &schemas)
        addEntity(Quote.self, title: "Quote", paths: &paths, schemas: &schemas)
        addEntity(SalesOrder.self, title: "Order", paths: &paths, schemas: &schemas)
        addEntity(Invoice.self, title: "Invoice", paths: &paths, schemas: &schemas)
        addEntity(Article.self, title: "Article", paths: &paths, schemas: &schemas)
        addBilling(paths: &paths, schemas: &schemas)
        addTimelines(paths: &paths, schemas: &schemas)
        addDuplicates(paths: &paths, schemas: &schemas)
        addVCards(paths: &paths, schemas: &schemas)
        addMerges(paths: &paths, schemas: &schemas)
        addImports(entities: importEntities, paths: &paths, schemas: &schemas)

        paths["/api/v1/accounts/{id}/relations"] = .object([
            "parameters": .array([idParam]),
            "get": op("listAccountRelations", "Relations of an account", tag: "Accounts", responses: ["200": listOf(ref("Relation"))], errors: [401, 404, 422]),
            "post": op(
                "createAccountRelation", "Relate an account to another", tag: "Accounts",
                body: obj(
                    ["kind": enumOf(AccountRelationKind.allCases.map(\.rawValue)), "to_id": uuid(), "note": nullable(str(max: 500))],
                    required: ["kind", "to_id"]),
                responses: ["201": ref("Relation")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
        ])
        paths["/api/v1/account-relations/{id}"] = .object([
            "parameters": .array([idParam]),
            "delete": op("deleteAccountRelation", "Remove a relation", tag: "Accounts", responses: ["204": nil], errors: [401, 403, 404]),
        ])
        paths["/api/v1/search"] = .object([
            "get": op(
                "search", "Search accounts and contacts as typed", tag: "Search",
                params: [query("q", str(max: 200)), query("limit", .object(["type": "integer", "minimum": 1, "maximum": 50]))],
                responses: ["200": listOf(ref("SearchHit"))], errors: [401, 422])
        ])
        paths["/api/v1/me"] = .object(["get": op("me", "The calling user", tag: "Directory", responses: ["200": ref("User")], errors: [401])])
        paths["/api/v1/users"] = .object(["get": op("listUsers", "Users of the workspace", tag: "Directory", responses: ["200": listOf(ref("User"))], errors: [401])])
        paths["/api/v1/teams"] = .object(["get": op("listTeams", "Teams of the workspace", tag: "Directory", responses: ["200": listOf(ref("Team"))], errors: [401])])

        addWork(paths: &paths, schemas: &schemas)
        addSales(paths: &paths, schemas: &schemas)
        addCatalog(paths: &paths, schemas: &schemas)
        addLeadAutomation(paths: &paths, schemas: &schemas)
        addForecast(paths: &paths, schemas: &schemas)

        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Rapport API", "version": "1.0.0",
                "description": .string(
                    "JSON API of Rapport. Authenticate with `Authorization: Bearer <token>` (create one with `rapport token create`). Errors are RFC 9457 problem details. Lists use keyset cursors: pass `next_cursor` back as `cursor`. Updates need the record's `version` (If-Match or body) and answer 409 with the current record when it is stale. POST honours `Idempotency-Key`."),
            ]),
            "servers": .array([.object(["url": "/"])]),
            "security": .array([.object(["bearerAuth": .array([])])]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(schemas),
                "securitySchemes": .object(["bearerAuth": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    static func addEntity<E: Entity>(_ entity: E.Type, title: String, paths: inout JSONObject, schemas: inout JSONObject) {
        let base = "/api/v1/\(E.table)"
        var properties = JSONObject()
        var input = JSONObject()
        properties["id"] = uuid()
        for spec in E.fields {
            properties[spec.name] = outputSchema(spec)
            // Values Rapport sets (a lead's score) are answered, never accepted.
            if !spec.readOnly { input[spec.name] = inputSchema(spec) }
        }
        properties["owner_id"] = nullable(uuid())
        properties["team_id"] = nullable(uuid())
        properties["shared"] = .object(["type": "boolean"])
        properties["version"] = .object(["type": "integer", "minimum": 1])
        for key in ["created_at", "updated_at"] { properties[key] = dateTime() }
        properties["created_by"] = nullable(uuid())
        properties["updated_by"] = nullable(uuid())
        properties["deleted_at"] = nullable(dateTime())
        input["owner_id"] = nullable(uuid())
        input["team_id"] = nullable(uuid())
        input["shared"] = .object(["type": "boolean"])
        schemas[title] = .object([
            "type": "object", "properties": .object(properties), "required": .array(properties.keys.map { .string($0) }),
        ])
        var create = input
        create["id"] = uuid()
        for flag in E.flags { create[flag] = flagSchema(flag) }
        if E.self == Activity.self {
            // The follow-up task created with the activity; its title defaults to "Follow up: <subject>".
            var task = JSONObject()
            for spec in Todo.fields where !spec.readOnly { task[spec.name] = inputSchema(spec) }
            task["owner_id"] = nullable(uuid())
            task["team_id"] = nullable(uuid())
            task["shared"] = .object(["type": "boolean"])
            create["follow_up"] = nullable(.object(["type": "object", "properties": .object(task), "additionalProperties": false]))
        }
        let required = E.fields.filter { $0.required && $0.kind != .choice([]) }.compactMap { spec -> JSONValue? in
            if case .choice = spec.kind { return nil }
            return .string(spec.name)
        }
        schemas["\(title)Create"] = .object([
            "type": "object", "properties": .object(create), "additionalProperties": false, "required": .array(required),
        ])
        var update = input
        update["version"] = .object(["type": "integer", "minimum": 1])
        schemas["\(title)Update"] = .object(["type": "object", "properties": .object(update), "additionalProperties": false])
        addBulk(E.self, title: title, update: update, paths: &paths)
        let page = obj(
            ["data": .object(["type": "array", "items": ref(title)]), "next_cursor": nullable(str()), "previous_cursor": nullable(str())],
            required: ["data", "next_cursor", "previous_cursor"])
        var filters: [JSONValue] = []
        for field in ListQuery.filterableFields(E.self) {
            var schema: JSONValue = str(max: 200)
            if let spec = E.field(field), case .choice(let options) = spec.kind { schema = enumOf(options) }
            if let spec = E.field(field), spec.kind == .bool { schema = enumOf(["true", "false"]) }
            if field == "shared" { schema = enumOf(["true", "false"]) }
            filters.append(query("filter[\(field)]", schema))
        }
        let listParams: [JSONValue] = [
            query("q", str(max: 200)), query("limit", .object(["type": "integer", "minimum": 1, "maximum": 200])),
            query("cursor", str()),
            query("sort", enumOf(SortField.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] })),
            query("scope", enumOf(ListQuery.Scope.allCases.map(\.rawValue))), query("tag", str(max: 40)),
        ] + filters
        let plural = E.table
        paths[base] = .object([
            "get": op("list\(title)s", "List \(plural)", tag: "\(title)s", params: listParams, responses: ["200": page], errors: [401, 422]),
            "post": op(
                "create\(title)", "Create a \(E.name)", tag: "\(title)s",
                params: [header("Idempotency-Key", str(max: 200))], body: ref("\(title)Create"),
                responses: ["201": ref(title)], errors: [400, 401, 403, 409, 413, 415, 422]),
        ])
        paths["\(base)/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op("get\(title)", "Get a \(E.name)", tag: "\(title)s", responses: ["200": ref(title)], errors: [401, 404]),
            "patch": op(
                "update\(title)", "Change a \(E.name)", tag: "\(title)s", params: [header("If-Match", str())],
                body: ref("\(title)Update"), responses: ["200": ref(title)],
                errors: [400, 401, 403, 404, 409, 413, 415, 422, 428]),
            "delete": op(
                "delete\(title)", "Delete a \(E.name) (it can be restored)", tag: "\(title)s",
                params: [header("If-Match", str())], responses: ["200": ref(title)], errors: [401, 403, 404, 409, 422]),
        ])
        paths["\(base)/{id}/restore"] = .object([
            "parameters": .array([idParam]),
            "post": op("restore\(title)", "Restore a deleted \(E.name)", tag: "\(title)s", responses: ["200": ref(title)], errors: [401, 403, 404]),
        ])
        paths["\(base)/{id}/history"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "get\(title)History", "The \(E.name)'s history, newest first", tag: "\(title)s",
                params: [query("limit", .object(["type": "integer", "minimum": 1, "maximum": 500]))],
                responses: ["200": listOf(ref("Event"))], errors: [401, 404, 422]),
        ])
    }

    static func outputSchema(_ spec: FieldSpec) -> JSONValue {
        switch spec.kind {
        case .text(let max), .longText(let max): return spec.required ? str(max: max) : nullable(str(max: max))
        case .url, .country, .timeZone: return nullable(str())
        case .integer: return nullable(.object(["type": "integer"]))
        case .money: return nullable(moneySchema)
        case .date: return nullable(.object(["type": "string", "format": "date"]))
        case .bool: return .object(["type": "boolean"])
        case .choice(let options): return spec.required ? enumOf(options) : .object(["enum": .array(options.map { .string($0) } + [.null])])
        case .emails: return .object(["type": "array", "items": obj(["address": str(), "label": str()], required: ["address", "label"])])
        case .phones: return .object(["type": "array", "items": obj(["number": str(), "label": str()], required: ["number", "label"])])
        case .tags: return .object(["type": "array", "items": str()])
        case .reference, .picklist: return nullable(uuid())
        case .references: return .object(["type": "array", "items": uuid()])
        case .dateTime: return nullable(.object(["type": "string", "format": "date-time"]))
        }
    }

    static func inputSchema(_ spec: FieldSpec) -> JSONValue {
        switch spec.kind {
        case .text(let max), .longText(let max): return nullable(str(max: max))
        case .url: return nullable(str(max: 300))
        case .country: return nullable(str(max: 2))
        case .timeZone: return nullable(str(max: 64))
        case .integer(let range):
            return nullable(.object(["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)]))
        case .money: return nullable(moneySchema)
        case .date: return nullable(.object(["type": "string", "format": "date"]))
        case .bool: return .object(["type": "boolean"])
        case .choice(let options): return .object(["enum": .array(options.map { .string($0) } + [.null])])
        case .emails(let max):
            return nullable(.object([
                "type": "array", "maxItems": .int(Int64(max)),
                "items": .object(["oneOf": .array([str(max: 254), obj(["address": str(max: 254), "label": enumOf(["work", "home", "other"])], required: ["address"])])]),
            ]))
        case .phones(let max):
            return nullable(.object([
                "type": "array", "maxItems": .int(Int64(max)),
                "items": .object(["oneOf": .array([str(max: 40), obj(["number": str(max: 40), "label": enumOf(["work", "mobile", "home", "fax", "main", "other"])], required: ["number"])])]),
            ]))
        case .tags(let max): return nullable(.object(["type": "array", "maxItems": .int(Int64(max)), "items": str(max: 40)]))
        case .reference, .picklist: return nullable(uuid())
        case .references(_, let max): return nullable(.object(["type": "array", "maxItems": .int(Int64(max)), "items": uuid()]))
        case .dateTime: return nullable(.object(["type": "string", "format": "date-time"]))
        }
    }

    static var moneySchema: JSONValue {
        .object([
            "type": "object", "additionalProperties": false, "required": .array(["amount_minor", "currency"]),
            "properties": .object(["amount_minor": .object(["type": "integer"]), "currency": .object(["type": "string", "pattern": "^[A-Z]{3}$"])]),
        ])
    }

    static var problemSchema: JSONValue {
        .object([
            "type": "object", "required": .array(["type", "title", "status"]),
            "properties": .object([
                "type": str(), "title": str(), "status": .object(["type": "integer"]), "detail": str(),
                "errors": .object(["type": "array", "items": obj(["field": str(), "reason": str()], required: ["field", "reason"])]),
                "current": .object(["type": "object"]),
                // A 409 that a flag can acknowledge (`RapportError.needsConfirmation`): what was found, and the flag.
                "conflicts": .object([
                    "type": "array",
                    "items": .object([
                        "type": "object", "required": .array(["code", "message"]),
                        "properties": .object(["code": str(), "message": str()]), "additionalProperties": true,
                    ]),
                ]),
                "confirm_with": str(),
            ]),
        ])
    }

    static var eventSchema: JSONValue {
        obj(
            [
                "id": uuid(), "at": dateTime(), "actor_id": nullable(uuid()), "actor_name": str(), "entity": str(),
                "record_id": str(), "action": enumOf(EventAction.allCases.map(\.rawValue)),
                "changes": .object(["type": "object"]), "version": .object(["type": "integer"]),
            ], required: ["id", "at", "actor_id", "actor_name", "entity", "record_id", "action", "changes", "version"])
    }

    // MARK: Building blocks

    static let errorTitles: [Int: String] = [
        400: "Malformed request", 401: "Unauthenticated", 403: "Forbidden", 404: "Not found", 409: "Conflict",
        413: "Request too large", 415: "Unsupported media type", 422: "Validation failed", 428: "Version required",
        429: "Too many requests",
    ]

    static func op(
        _ id: String, _ summary: String, tag: String, params: [JSONValue] = [], body: JSONValue? = nil,
        responses success: [String: JSONValue?], errors: [Int]
    ) -> JSONValue {
        var o = JSONObject()
        o["operationId"] = .string(id)
        o["summary"] = .string(summary)
        o["tags"] = .array([.string(tag)])
        if !params.isEmpty { o["parameters"] = .array(params) }
        if let body {
            o["requestBody"] = .object([
                "required": true, "content": .object(["application/json": .object(["schema": body])]),
            ])
        }
        o["responses"] = responses(success, errors: errors + [429])
        return .object(o)
    }

    static func responses(_ success: [String: JSONValue?], errors: [Int]) -> JSONValue {
        var r = JSONObject()
        for (code, schema) in success.sorted(by: { $0.key < $1.key }) {
            if let schema {
                r[code] = .object(["description": "OK", "content": .object(["application/json": .object(["schema": schema])])])
            } else {
                r[code] = .object(["description": "No content"])
            }
        }
        for code in Set(errors).sorted() {
            r[String(code)] = .object([
                "description": .string(errorTitles[code] ?? "Error"),
                "content": .object(["application/problem+json": .object(["schema": ref("Problem")])]),
            ])
        }
        return .object(r)
    }

    static var idParam: JSONValue {
        .object(["name": "id", "in": "path", "required": true, "schema": uuid()])
    }

    static func query(_ name: String, _ schema: JSONValue) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": false, "schema": schema])
    }

    static func header(_ name: String, _ schema: JSONValue) -> JSONValue {
        .object(["name": .string(name), "in": "header", "required": false, "schema": schema])
    }

    static func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }
    static func listOf(_ item: JSONValue) -> JSONValue {
        obj(["data": .object(["type": "array", "items": item])], required: ["data"])
    }
    static func str(max: Int? = nil) -> JSONValue {
        max.map { .object(["type": "string", "maxLength": .int(Int64($0))]) } ?? .object(["type": "string"])
    }
    static func uuid() -> JSONValue { .object(["type": "string", "format": "uuid"]) }
    static func dateTime() -> JSONValue { .object(["type": "string", "format": "date-time"]) }
    static func nullable(_ schema: JSONValue) -> JSONValue { .object(["oneOf": .array([schema, .object(["type": "null"])])]) }
    static func enumOf(_ values: [String]) -> JSONValue { .object(["type": "string", "enum": .array(values.map { .string($0) })]) }
    static func obj(_ properties: KeyValuePairs<String, JSONValue>, required: [String]) -> JSONValue {
        .object([
            "type": "object", "properties": .object(JSONObject(properties)), "required": .array(required.map { .string($0) }),
        ])
    }

    /// The timelines of accounts, contacts, leads and deals.
    static func addTimelines(paths: inout JSONObject, schemas: inout JSONObject) {
        schemas["TimelineEntry"] = obj(
            [
                "type": enumOf(["activity", "task", "change"]), "at": dateTime(), "activity": ref("Activity"), "task": ref("Task"),
                "event": ref("Event"),
            ], required: ["type", "at"])
        let page = obj(
            ["data": .object(["type": "array", "items": ref("TimelineEntry")]), "next_cursor": nullable(str())],
            required: ["data", "next_cursor"])
        let params: [JSONValue] = [
            query("kind", str(max: 100)), query("purpose_id", uuid()), query("team_id", uuid()),
            query("limit", .object(["type": "integer", "minimum": 1, "maximum": 200])), query("cursor", str()),
        ]
        for (entity, title) in [("accounts", "Account"), ("contacts", "Contact"), ("leads", "Lead"), ("deals", "Deal")] {
            paths["/api/v1/\(entity)/{id}/timeline"] = .object([
                "parameters": .array([idParam]),
                "get": op(
                    "get\(title)Timeline",
                    "The \(title.lowercased())'s activities, completed tasks and changes, newest first", tag: "\(title)s",
                    params: params, responses: ["200": page], errors: [401, 404, 422]),
            ])
        }
    }
}
