import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Changing many records of one entity at once: `POST /api/v1/{entity}/bulk-update` sets the same
/// fields (and adds or removes tags) on up to 1,000 records, `…/bulk-delete` deletes them. Each
/// record goes through every rule a single edit has and gets its own result.
struct BulkAPI<E: WebEntity>: Sendable {
    let store: Store
    let records: RecordStore<E>
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let base = RecordsAPI<E>.collection
        group.post(RouterPath("\(base)/bulk-update")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.requireWrite()
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            let country = try await store.directory.defaultCountry(of: principal.workspaceID)
            let edit = try BulkEdit<E>.read(object, defaultCountry: country)
            let outcomes = try await records.bulkUpdate(edit.ids, by: principal) { record in try edit.changes(for: record) }
            return .json(Self.json(outcomes))
        }
        group.post(RouterPath("\(base)/bulk-delete")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.requireWrite()
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let ids = BulkEdit<E>.ids(&input)
            try input.finish()
            return .json(Self.json(try await records.bulkDelete(ids, by: principal)))
        }
    }

    /// `{results: [{id, status, version?, problem?}], updated, unchanged, deleted, failed}`.
    static func json(_ outcomes: [BulkOutcome<E>]) -> JSONValue {
        var counts: [BulkOutcome<E>.Status: Int64] = [:]
        let results: [JSONValue] = outcomes.map { outcome in
            counts[outcome.status, default: 0] += 1
            var item = JSONObject(["id": .string(outcome.id.description), "status": .string(outcome.status.rawValue)])
            if let record = outcome.record { item["version"] = .int(Int64(record.version)) }
            if let error = outcome.error { item["problem"] = Problem(error).json }
            return .object(item)
        }
        var object = JSONObject(["results": .array(results)])
        for status in [BulkOutcome<E>.Status.updated, .unchanged, .deleted, .failed] { object[status.rawValue] = .int(counts[status] ?? 0) }
        return .object(object)
    }
}

/// One bulk edit as a request describes it: which records, which fields to set, which tags to add
/// or remove. The fields are read once with the API's rules; each record then gets them applied.
struct BulkEdit<E: Entity>: Sendable {
    var ids: [Record<E>.ID]
    var set: RecordChanges<E>
    var addTags: [String]
    var removeTags: [String]

    static func read(_ object: JSONObject, defaultCountry: String) throws -> BulkEdit {
        var input = Input(object)
        let ids = Self.ids(&input)
        input.accept("set")
        var set = RecordChanges<E>()
        switch object["set"] {
        case nil, .null?: break
        case .object(let fields)?:
            var inner = Input(fields)
            set = RecordChanges<E>.read(&inner, defaultCountry: defaultCountry)
            let finished: Result<Void, RapportError> = Result { () throws(RapportError) in try inner.finish() }
            if case .failure(let error) = finished { for issue in error.fieldIssues { input.fail("set." + issue.field, issue.reason) } }
        default:
            input.fail("set", "must be an object of fields to set")
        }
        var add: [String] = []
        var remove: [String] = []
        for (key, target) in [("add_tags", 0), ("remove_tags", 1)] {
            guard let items = input.list(key, max: 30) else { continue }
            if E.field("tags") == nil {
                input.fail(key, "this kind of record has no tags")
                continue
            }
            var tags: [String] = []
            for (i, item) in items.enumerated() {
                guard let tag = item.stringValue?.trimmingWhitespace().lowercased(), !tag.isEmpty, tag.count <= 40 else {
                    input.fail("\(key)[\(i)]", "must be a tag of 1 to 40 characters")
                    continue
                }
                tags.append(tag)
            }
            if target == 0 { add = tags } else { remove = tags }
        }
        try input.finish()
        if set.values.isEmpty, !set.ownerID.isSet, !set.teamID.isSet, !set.shared.isSet, add.isEmpty, remove.isEmpty {
            throw RapportError.invalid(field: "set", reason: "say what to change: fields to set, or tags to add or remove")
        }
        return BulkEdit(ids: ids, set: set, addTags: add, removeTags: remove)
    }

    static func ids(_ input: inout Input) -> [Record<E>.ID] {
        guard let items = input.list("ids", max: RecordStore<E>.bulkLimit) else {
            input.fail("ids", "is required: the IDs of the records to change")
            return []
        }
        var ids: [Record<E>.ID] = []
        for (i, item) in items.enumerated() {
            guard let id = item.stringValue.flatMap(Record<E>.ID.init) else {
                input.fail("ids[\(i)]", "must be an ID")
                continue
            }
            ids.append(id)
        }
        return ids
    }

    /// The changes for one record: the fields to set, and its tags with some added or removed.
    func changes(for record: Record<E>) throws -> RecordChanges<E> {
        var changes = set
        if !addTags.isEmpty || !removeTags.isEmpty {
            var tags = record["tags"]?.tags ?? []
            for tag in addTags where !tags.contains(tag) { tags.append(tag) }
            tags.removeAll { removeTags.contains($0) }
            changes.values["tags"] = .some(tags.isEmpty ? nil : .tags(tags))
        }
        return changes
    }
}
