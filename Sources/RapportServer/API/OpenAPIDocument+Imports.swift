import Foundation
import RapportCore

extension OpenAPIDocument {
    /// CSV imports and their templates.
    static func addImports(entities: [String], paths: inout JSONObject, schemas: inout JSONObject) {
        let int: JSONValue = .object(["type": "integer", "minimum": 0])
        let entity = enumOf(entities)
        schemas["ImportCounts"] = obj(
            ["rows": int, "created": int, "updated": int, "unchanged": int, "skipped": int, "rejected": int, "flagged": int, "blank": int, "warnings": int],
            required: ["rows", "created", "updated", "unchanged", "skipped", "rejected", "flagged", "blank", "warnings"])
        schemas["RevertCounts"] = obj(["deleted": int, "restored": int, "kept": int], required: ["deleted", "restored", "kept"])
        let modes = enumOf(ImportSettings.Mode.allCases.map(\.rawValue))
        let duplicates = enumOf(ImportSettings.Duplicates.allCases.map(\.rawValue))
        let orders = enumOf(ImportSettings.DateOrder.allCases.map(\.rawValue))
        let encodings = enumOf(CSVFormat.Encoding.allCases.map(\.rawValue))
        let separators = enumOf(CSVFormat.separators.map(\.name))
        schemas["ImportSettings"] = obj(
            [
                "mode": modes, "match_key": nullable(str()), "duplicates": duplicates, "list_name": str(), "list_cost": nullable(moneySchema),
                "date_order": orders, "encoding": encodings, "separator": separators,
            ], required: ["mode", "match_key", "duplicates", "list_name", "list_cost", "date_order", "encoding", "separator"])
        let pair = obj(["key": str(), "label": str()], required: ["key", "label"])
        schemas["Import"] = obj(
            [
                "id": uuid(), "entity": str(), "status": enumOf(ImportStatus.allCases.map(\.rawValue)), "dry_run": .object(["type": "boolean"]),
                "file_name": str(), "file_bytes": int, "progress": .object(["type": "number", "minimum": 0, "maximum": 1]),
                "settings": ref("ImportSettings"),
                "columns": .object([
                    "type": "array",
                    "items": obj(
                        ["index": int, "header": str(), "key": str(), "target": nullable(str()), "samples": .object(["type": "array", "items": str()])],
                        required: ["index", "header", "key", "target"]),
                ]),
                "counts": ref("ImportCounts"), "dry_run_counts": nullable(ref("ImportCounts")), "revert_counts": nullable(ref("RevertCounts")),
                "error": str(), "created_at": dateTime(), "created_by": nullable(uuid()), "created_by_name": str(),
                "started_at": nullable(dateTime()), "finished_at": nullable(dateTime()), "reverted_at": nullable(dateTime()),
                "targets": .object(["type": "array", "items": pair]), "match_keys": .object(["type": "array", "items": pair]),
            ],
            required: [
                "id", "entity", "status", "dry_run", "file_name", "file_bytes", "progress", "settings", "columns", "counts", "dry_run_counts",
                "revert_counts", "error", "created_at", "created_by", "created_by_name", "started_at", "finished_at", "reverted_at",
            ])
        schemas["ImportPreview"] = obj(
            [
                "fields": .object(["type": "array", "items": obj(["name": str(), "label": str()], required: ["name", "label"])]),
                "rows": .object([
                    "type": "array",
                    "items": obj(
                        [
                            "row": int, "outcome": enumOf(["create", "update", "unchanged", "skip", "reject", "blank"]),
                            "values": .object(["type": "object", "additionalProperties": str()]),
                            "messages": .object(["type": "array", "items": str()]), "record_id": nullable(uuid()),
                        ], required: ["row", "outcome", "values", "messages", "record_id"]),
                ]),
            ], required: ["fields", "rows"])
        schemas["ImportIssue"] = obj(
            [
                "row": int, "line": int, "kind": enumOf(["rejected", "skipped", "warning", "flagged", "kept"]), "reason": str(),
                "values": .object(["type": "array", "items": str()]), "record_id": nullable(uuid()),
            ], required: ["row", "line", "kind", "reason", "values", "record_id"])
        let mapping: JSONValue = .object(["type": "object", "additionalProperties": nullable(str(max: 100))])
        schemas["ImportTemplate"] = obj(
            ["id": uuid(), "entity": str(), "name": str(), "mapping": mapping, "created_at": dateTime(), "updated_at": dateTime()],
            required: ["id", "entity", "name", "mapping", "created_at", "updated_at"])
        schemas["ImportUpdate"] = .object([
            "type": "object", "additionalProperties": false,
            "properties": .object([
                "mode": modes, "match_key": nullable(str(max: 40)), "duplicates": duplicates, "list_name": str(max: 200),
                "list_cost": .object(["oneOf": .array([moneySchema, str(max: 30), .object(["type": "null"])])]), "date_order": orders,
                "encoding": encodings, "separator": separators, "mapping": mapping,
            ]),
        ])

        let csv: JSONValue = .object(["schema": str()])
        var upload = op(
            "createImport", "Upload a CSV file as a draft import: its format is detected and its columns mapped", tag: "Imports",
            params: [requiredQuery("entity", entity), query("file_name", str(max: 255)), query("template", str(max: 100))],
            responses: ["201": ref("Import")], errors: [400, 401, 403, 413, 415, 422])
        if case .object(var o) = upload {
            o["requestBody"] = .object([
                "required": true,
                "content": .object(["text/csv": csv, "text/plain": csv, "application/octet-stream": csv, "text/tab-separated-values": csv]),
            ])
            upload = .object(o)
        }
        paths["/api/v1/imports"] = .object([
            "post": upload,
            "get": op(
                "listImports", "Imports, newest first", tag: "Imports",
                params: [query("entity", entity), query("cursor", str()), query("limit", .object(["type": "integer", "minimum": 1, "maximum": 200]))],
                responses: [
                    "200": obj(["data": .object(["type": "array", "items": ref("Import")]), "next_cursor": nullable(str())], required: ["data", "next_cursor"])
                ], errors: [401, 422]),
        ])
        paths["/api/v1/imports/{id}"] = .object([
            "parameters": .array([idParam]),
            "get": op("getImport", "An import: settings, columns, progress and counts", tag: "Imports", responses: ["200": ref("Import")], errors: [401, 404]),
            "patch": op(
                "updateImport", "Change a draft's mapping (column key → target, null to leave out) and settings", tag: "Imports",
                body: ref("ImportUpdate"), responses: ["200": ref("Import")], errors: [400, 401, 403, 404, 409, 413, 415, 422]),
            "delete": op("deleteImport", "Discard a draft and its file", tag: "Imports", responses: ["204": nil], errors: [401, 403, 404, 409]),
        ])
        paths["/api/v1/imports/{id}/preview"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "previewImport", "What the first rows would do, writing nothing", tag: "Imports",
                params: [query("limit", .object(["type": "integer", "minimum": 1, "maximum": 100]))],
                responses: ["200": ref("ImportPreview")], errors: [401, 404, 409, 422]),
        ])
        var run = op(
            "runImport", "Run the import (or a dry run of the whole file) as a background job; resumes a failed or cancelled run",
            tag: "Imports", responses: ["202": ref("Import")], errors: [400, 401, 403, 404, 409, 413, 415, 422])
        if case .object(var o) = run {
            o["requestBody"] = .object([
                "required": false,
                "content": .object([
                    "application/json": .object([
                        "schema": .object([
                            "type": "object", "additionalProperties": false, "properties": .object(["dry_run": .object(["type": "boolean"])]),
                        ])
                    ])
                ]),
            ])
            run = .object(o)
        }
        paths["/api/v1/imports/{id}/run"] = .object(["parameters": .array([idParam]), "post": run])
        paths["/api/v1/imports/{id}/cancel"] = .object([
            "parameters": .array([idParam]),
            "post": op("cancelImport", "Stop a queued or running import after its current chunk", tag: "Imports", responses: ["202": ref("Import")], errors: [401, 403, 404, 409]),
        ])
        paths["/api/v1/imports/{id}/revert"] = .object([
            "parameters": .array([idParam]),
            "post": op(
                "revertImport", "Undo an import: delete what it created, restore what it changed, keep what changed since", tag: "Imports",
                responses: ["202": ref("Import")], errors: [401, 403, 404, 409]),
        ])
        paths["/api/v1/imports/{id}/issues"] = .object([
            "parameters": .array([idParam]),
            "get": op(
                "listImportIssues", "Rows a pass did not import (or imported with a warning), by row", tag: "Imports",
                params: [
                    query("pass", enumOf(["run", "dry", "revert"])), query("after", .object(["type": "integer", "minimum": 0, "maximum": 2_000_000_000])),
                    query("limit", .object(["type": "integer", "minimum": 1, "maximum": 1000])),
                ],
                responses: ["200": listOf(ref("ImportIssue"))], errors: [401, 404, 422]),
        ])
        paths["/api/v1/imports/{id}/rejected.csv"] = .object([
            "parameters": .array([idParam]),
            "get": withSuccess(
                op("getImportRejectedRows", "The rows not imported, with the reason, as CSV", tag: "Imports",
                   params: [query("pass", enumOf(["run", "dry"]))], responses: [:], errors: [401, 404, 422]),
                "200", .object(["description": "CSV: the file's columns, then the row number and the reason", "content": .object(["text/csv": csv])])),
        ])
        paths["/api/v1/import-templates"] = .object([
            "get": op(
                "listImportTemplates", "Saved mappings of an entity", tag: "Imports", params: [requiredQuery("entity", entity)],
                responses: ["200": listOf(ref("ImportTemplate"))], errors: [401, 422]),
            "post": op(
                "saveImportTemplate", "Save a mapping under a name (replacing one of that name)", tag: "Imports",
                body: obj(["entity": entity, "name": str(max: 100), "mapping": mapping], required: ["entity", "name", "mapping"]),
                responses: ["201": ref("ImportTemplate")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/import-templates/{id}"] = .object([
            "parameters": .array([idParam]),
            "delete": op("deleteImportTemplate", "Delete a saved mapping", tag: "Imports", responses: ["204": nil], errors: [401, 403, 404]),
        ])
    }

    static func requiredQuery(_ name: String, _ schema: JSONValue) -> JSONValue {
        .object(["name": .string(name), "in": "query", "required": true, "schema": schema])
    }
}
