import Foundation
import RapportCore
import RapportStore

/// Imports as the API shows them.
enum ImportJSON {
    /// An import; `samples` (the first rows' values by column) and `kind` (its targets and match
    /// keys) when showing one import rather than a list.
    static func batch(_ batch: ImportBatch, kind: ImportKind? = nil, samples: [[String]]? = nil) -> JSONObject {
        var object = JSONObject()
        object["id"] = .string(batch.id.description)
        object["entity"] = .string(batch.entity)
        object["status"] = .string(batch.status.rawValue)
        object["dry_run"] = .bool(batch.dryRun)
        object["file_name"] = .string(batch.fileName)
        object["file_bytes"] = .int(batch.fileBytes)
        object["progress"] = .double((batch.progress * 1000).rounded() / 1000)
        var settings = batch.settings.json
        settings["columns"] = nil
        object["settings"] = .object(settings)
        object["columns"] = .array(
            batch.settings.mapping.columns.map { column in
                var o = JSONObject([
                    "index": .int(Int64(column.index)), "header": .string(column.header), "key": .string(column.key),
                    "target": .string(column.target),
                ])
                if let samples {
                    o["samples"] = .array(samples.prefix(3).map { .string($0.indices.contains(column.index) ? $0[column.index] : "") })
                }
                return .object(o)
            })
        object["counts"] = .object(batch.counts.json)
        object["dry_run_counts"] = batch.dryCounts.map { .object($0.json) } ?? .null
        object["revert_counts"] = batch.revertCounts.map { .object($0.json) } ?? .null
        object["error"] = .string(batch.error)
        object["created_at"] = .string(batch.createdAt.iso8601)
        object["created_by"] = .string(batch.createdBy?.description)
        object["created_by_name"] = .string(batch.createdByName)
        object["started_at"] = .string(batch.startedAt?.iso8601)
        object["finished_at"] = .string(batch.finishedAt?.iso8601)
        object["reverted_at"] = .string(batch.revertedAt?.iso8601)
        if let kind {
            object["targets"] = .array(kind.targets.map { .object(JSONObject(["key": .string($0.key), "label": .string($0.label)])) })
            object["match_keys"] = .array(
                ImportSettings.matchKeys(for: kind.fields).map { .object(JSONObject(["key": .string($0.key), "label": .string($0.label)])) })
        }
        return object
    }

    static func preview(_ preview: ImportPreview) -> JSONObject {
        JSONObject([
            "fields": .array(preview.fields.map { .object(JSONObject(["name": .string($0.name), "label": .string($0.label)])) }),
            "rows": .array(
                preview.rows.map { row in
                    var values = JSONObject()
                    for (name, value) in row.values.sorted(by: { $0.key < $1.key }) { values[name] = .string(value) }
                    return .object(
                        JSONObject([
                            "row": .int(Int64(row.number)), "outcome": .string(row.outcome), "values": .object(values),
                            "messages": .array(row.messages.map { .string($0) }),
                            "record_id": .string(row.recordID?.uuidString.lowercased()),
                        ]))
                }),
        ])
    }

    static func issue(_ issue: ImportIssue) -> JSONObject {
        JSONObject([
            "row": .int(Int64(issue.row)), "line": .int(Int64(issue.line)), "kind": .string(issue.kind), "reason": .string(issue.reason),
            "values": .array(issue.values.map { .string($0) }), "record_id": .string(issue.recordID?.uuidString.lowercased()),
        ])
    }
}
