import Foundation
import RapportCore

extension OpenAPIDocument {
    /// Merging accounts and contacts, listing merges and undoing them (see `MergeAPI`).
    static func addMerges(paths: inout JSONObject, schemas: inout JSONObject) {
        schemas["Merge"] = obj(
            [
                "id": uuid(), "entity": enumOf(["account", "contact"]), "survivor_id": uuid(), "duplicate_id": uuid(),
                "survivor_title": str(), "duplicate_title": str(), "merged_at": dateTime(), "merged_by": nullable(uuid()),
                "merged_by_name": str(), "undo_until": dateTime(), "undone_at": nullable(dateTime()),
                "can_undo": .object(["type": "boolean"]), "fields": .object(["type": "array", "items": str()]),
                "moved": .object(["type": "object", "additionalProperties": .object(["type": "integer", "minimum": 0])]),
            ],
            required: [
                "id", "entity", "survivor_id", "duplicate_id", "survivor_title", "duplicate_title", "merged_at", "merged_by",
                "merged_by_name", "undo_until", "undone_at", "can_undo", "fields", "moved",
            ])
        addMerge(Account.self, title: "Account", paths: &paths, schemas: &schemas)
        addMerge(Contact.self, title: "Contact", paths: &paths, schemas: &schemas)
        paths["/api/v1/merges"] = .object([
            "get": op(
                "listMerges", "Merges a record took part in, as survivor or duplicate, newest first", tag: "Merges",
                params: [
                    .object(["name": "record_id", "in": "query", "required": true, "schema": uuid()])
                ],
                responses: ["200": listOf(ref("Merge"))], errors: [401, 422])
        ])
        paths["/api/v1/merges/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op("getMerge", "Get a merge", tag: "Merges", responses: ["200": ref("Merge")], errors: [401, 404]),
        ])
        paths["/api/v1/merges/{id}/undo"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "undoMerge",
                "Undo a merge (within 30 days): the duplicate comes back and what moved to the survivor moves back",
                tag: "Merges",
                responses: [
                    "200": obj(
                        ["merge": ref("Merge"), "survivor": .object(["type": "object"]), "duplicate": .object(["type": "object"])],
                        required: ["merge", "survivor", "duplicate"])
                ], errors: [401, 403, 404, 409]),
        ])
    }

    static func addMerge<E: Entity>(_ entity: E.Type, title: String, paths: inout JSONObject, schemas: inout JSONObject) {
        var fields = JSONObject()
        for spec in E.fields {
            fields[spec.name] = MergePlan.isList(spec) ? enumOf(["survivor", "duplicate", "both"]) : enumOf(["survivor", "duplicate"])
        }
        let version: JSONValue = .object(["type": "integer", "minimum": 1, "maximum": .int(Int64(Int32.max))])
        schemas["\(title)Merge"] = .object([
            "type": "object", "additionalProperties": false,
            "required": .array(["duplicate_id", "survivor_version", "duplicate_version"]),
            "properties": .object([
                "duplicate_id": uuid(), "survivor_version": version, "duplicate_version": version,
                "fields": .object(["type": "object", "additionalProperties": false, "properties": .object(fields)]),
            ]),
        ])
        paths["/api/v1/\(E.table)/{id}/merge"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "merge\(title)",
                "Merge another \(E.name) into this one: choose each field's value (lists may keep both), move everything that points at the duplicate, delete the duplicate; undoable for 30 days",
                tag: "\(title)s", body: ref("\(title)Merge"),
                responses: ["200": obj(["survivor": ref(title), "merge": ref("Merge")], required: ["survivor", "merge"])],
                errors: [400, 401, 403, 404, 409, 413, 415, 422]),
        ])
    }
}
