import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Merging duplicate accounts and contacts over the API, listing merges, and undoing them.
struct MergeAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        addRoutes(for: Account.self, records: store.accounts, to: group)
        addRoutes(for: Contact.self, records: store.contacts, to: group)
        group.get("/api/v1/merges") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let raw = request.uri.queryParameters.get("record_id") else {
                throw RapportError.invalid(field: "record_id", reason: "is required")
            }
            guard let id = UUID(uuidString: raw.trimmingWhitespace()) else {
                throw RapportError.invalid(field: "record_id", reason: "must be an ID")
            }
            let merges = try await store.merges.merges(of: id, by: principal)
            return .json(.object(JSONObject(["data": .array(merges.map { .object($0.json()) })])))
        }
        group.get("/api/v1/merges/:id") { _, context -> Response in
            let merge = try await store.merges.get(try mergeID(context), by: try context.requirePrincipal())
            return .json(.object(merge.json()))
        }
        group.post("/api/v1/merges/:id/undo") { _, context -> Response in
            let undone = try await store.merges.undo(try mergeID(context), by: try context.requirePrincipal())
            return .json(
                .object(
                    JSONObject([
                        "merge": .object(undone.merge.json()), "survivor": .object(undone.survivor),
                        "duplicate": .object(undone.duplicate),
                    ])))
        }
    }

    func addRoutes<E: WebEntity>(for entity: E.Type, records: RecordStore<E>, to group: RouterGroup<AppRequestContext>) {
        group.post(RouterPath("/api/v1/\(E.table)/:id/merge")) { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let survivorID = context.parameters.get("id").flatMap(Record<E>.ID.init) else {
                throw RapportError.notFound(entity: E.name, id: context.parameters.get("id") ?? "")
            }
            var request = request
            let body = try Self.read(try await request.jsonObject(limit: maxBodyBytes), for: E.self)
            do {
                let outcome = try await store.merges.merge(
                    survivorID, with: body.duplicate, choices: body.choices,
                    survivorVersion: body.survivorVersion, duplicateVersion: body.duplicateVersion, by: principal)
                return .json(
                    .object(JSONObject(["survivor": .object(outcome.survivor.json()), "merge": .object(outcome.merge.json())])),
                    headers: [.eTag: "\"\(outcome.survivor.version)\""])
            } catch RapportError.staleVersion(let entity, let id, let current) {
                var record: JSONObject?
                if let staleID = Record<E>.ID(id) { record = try await records.get(staleID, by: principal).json() }
                throw Problem.stale(entity: entity, id: id, current: current, record: record)
            }
        }
    }

    /// Reads `{"duplicate_id", "survivor_version", "duplicate_version", "fields"}`, naming every bad member.
    static func read<E: Entity>(_ object: JSONObject, for entity: E.Type) throws(RapportError) -> (
        duplicate: Record<E>.ID, survivorVersion: Int, duplicateVersion: Int, choices: [String: MergeChoice]
    ) {
        var input = Input(object)
        var duplicate: Record<E>.ID?
        if case .set(let id?) = input.id("duplicate_id", Record<E>.ID.self) { duplicate = id }
        var versions: [Int] = []
        for key in ["survivor_version", "duplicate_version"] {
            if case .set(let v?) = input.int(key, in: 1...Int64(Int32.max)) { versions.append(Int(v)) }
        }
        for key in ["duplicate_id", "survivor_version", "duplicate_version"] where (object[key] ?? .null) == .null {
            input.fail(key, "is required")
        }
        input.accept("fields")
        var choices: [String: MergeChoice] = [:]
        do {
            choices = try MergePlan.readChoices(object["fields"], for: E.self)
        } catch {
            if case .invalid(let issues) = error { for issue in issues { input.fail(issue.field, issue.reason) } }
        }
        try input.finish()
        guard let duplicate, versions.count == 2 else { throw .malformed("The merge request is incomplete.") }
        return (duplicate, versions[0], versions[1], choices)
    }

    func mergeID(_ context: AppRequestContext) throws(RapportError) -> Merge.ID {
        guard let raw = context.parameters.get("id"), let id = Merge.ID(raw) else {
            throw .notFound(entity: "merge", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
