import Foundation
import RapportCore

extension OpenAPIDocument {
    /// The duplicate pairs the background scan finds (`DuplicatesAPI`), and the `allow_duplicate`
    /// flag of account and contact creates.
    static func addDuplicates(paths: inout JSONObject, schemas: inout JSONObject) {
        let record: JSONValue = .object(["oneOf": .array([ref("Account"), ref("Contact")])])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        schemas["DuplicatePair"] = obj(
            [
                "id": uuid(), "entity": enumOf([Account.table, Contact.table]),
                "score": .object(["type": "number", "minimum": 0, "maximum": 1]),
                "reasons": .object(["type": "array", "items": str()]), "status": enumOf(["open", "dismissed"]),
                "found_at": dateTime(), "dismissed_at": nullable(dateTime()), "a": record, "b": record,
            ],
            required: ["id", "entity", "score", "reasons", "status", "found_at", "dismissed_at", "a", "b"])
        schemas["DuplicateScan"] = obj(
            [
                "started_at": dateTime(), "finished_at": dateTime(), "records_compared": count, "pairs_scored": count,
                "pairs_found": count, "blocks_skipped": count, "note": str(),
            ],
            required: ["started_at", "finished_at", "records_compared", "pairs_scored", "pairs_found", "blocks_skipped", "note"])
        schemas["DuplicatePairPage"] = obj(
            [
                "data": .object(["type": "array", "items": ref("DuplicatePair")]), "next_cursor": nullable(str()),
                "last_scan": .object(["oneOf": .array([ref("DuplicateScan"), .object(["type": "null"])])]),
                "scan_pending": .object(["type": "boolean"]),
            ],
            required: ["data", "next_cursor", "last_scan", "scan_pending"])
        let entity = query("entity", enumOf([Account.table, Contact.table]))
        paths["/api/v1/duplicates"] = .object([
            "get": op(
                "listDuplicates",
                "Possible duplicate pairs the scan found, highest score first, where the caller may see both records (default: contacts, open)",
                tag: "Duplicates",
                params: [
                    entity, query("status", enumOf(["open", "dismissed"])),
                    query("limit", .object(["type": "integer", "minimum": 1, "maximum": 100])), query("cursor", str()),
                ],
                responses: ["200": ref("DuplicatePairPage")], errors: [401, 422])
        ])
        paths["/api/v1/duplicates/scan"] = .object([
            "post": op(
                "scanDuplicates", "Queue a duplicate scan of the workspace (managers and admins); without `entity`, both",
                tag: "Duplicates", params: [entity],
                responses: ["202": obj(["status": enumOf(["queued", "already_queued"])], required: ["status"])],
                errors: [401, 403, 422])
        ])
        for (action, summary) in [("dismiss", "Mark a pair as two different records"), ("reopen", "Put a dismissed pair back on the list")] {
            paths["/api/v1/duplicates/{id}/\(action)"] = .object([
                "parameters": .array([idParam]),
                "post": op(
                    "\(action)Duplicate", summary, tag: "Duplicates", responses: ["200": ref("DuplicatePair")],
                    errors: [401, 403, 404]),
            ])
        }
    }

    /// A create flag's schema: a boolean that acknowledges what a check found.
    static func flagSchema(_ flag: String) -> JSONValue {
        let description =
            flag == "allow_duplicate"
            ? "Create it even though it looks like an existing record. Without it, a create that looks like one answers 409 with the look-alikes as `conflicts` and `confirm_with: \"allow_duplicate\"`."
            : "Acknowledges what a check found, so the create goes ahead."
        return .object(["type": "boolean", "description": .string(description)])
    }
}
