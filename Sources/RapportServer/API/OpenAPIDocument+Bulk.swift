import Foundation
import RapportCore

extension OpenAPIDocument {
    /// `POST /api/v1/{entity}/bulk-update` and `…/bulk-delete` of one entity (`BulkAPI`).
    static func addBulk<E: Entity>(_ entity: E.Type, title: String, update: JSONObject, paths: inout JSONObject) {
        let base = "/api/v1/\(E.table)"
        var fields = update
        fields["version"] = nil
        let ids: JSONValue = .object(["type": "array", "items": uuid(), "minItems": 1, "maxItems": 1000])
        let tags: JSONValue = .object(["type": "array", "items": str(max: 40), "maxItems": 30])
        var properties = JSONObject([
            "ids": ids, "set": .object(["type": "object", "properties": .object(fields), "additionalProperties": false]),
        ])
        if E.field("tags") != nil {
            properties["add_tags"] = tags
            properties["remove_tags"] = tags
        }
        let result = obj(
            [
                "id": uuid(), "status": enumOf(["updated", "unchanged", "deleted", "failed"]), "version": .object(["type": "integer"]),
                "problem": ref("Problem"),
            ], required: ["id", "status"])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let answer = obj(
            [
                "results": .object(["type": "array", "items": result]), "updated": count, "unchanged": count, "deleted": count,
                "failed": count,
            ], required: ["results", "updated", "unchanged", "deleted", "failed"])
        paths["\(base)/bulk-update"] = .object([
            "post": op(
                "bulkUpdate\(title)s",
                "Set the same fields (and add or remove tags) on up to 1,000 \(E.table); each gets its own result", tag: "\(title)s",
                body: .object([
                    "type": "object", "required": .array(["ids"]), "properties": .object(properties), "additionalProperties": false,
                ]),
                responses: ["200": answer], errors: [400, 401, 403, 413, 415, 422])
        ])
        paths["\(base)/bulk-delete"] = .object([
            "post": op(
                "bulkDelete\(title)s", "Delete up to 1,000 \(E.table) (they can be restored); each gets its own result", tag: "\(title)s",
                body: .object([
                    "type": "object", "required": .array(["ids"]), "properties": .object(["ids": ids]), "additionalProperties": false,
                ]),
                responses: ["200": answer], errors: [400, 401, 403, 413, 415, 422])
        ])
    }
}
