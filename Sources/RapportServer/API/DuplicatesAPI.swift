import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// The duplicate pairs the background scan found: list them, start a scan, dismiss or reopen a pair.
struct DuplicatesAPI: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/duplicates") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            let entity = try Self.entity(params.get("entity"), default: Contact.table)
            let status = params.get("status") ?? "open"
            guard ["open", "dismissed"].contains(status) else {
                throw RapportError.invalid(field: "status", reason: "must be open or dismissed")
            }
            var limit = 50
            if let raw = params.get("limit") {
                guard let n = Int(raw), (1...100).contains(n) else {
                    throw RapportError.invalid(field: "limit", reason: "must be a whole number from 1 to 100")
                }
                limit = n
            }
            let cursor = params.get("cursor")
            switch entity {
            case Account.table: return try await list(Account.self, status: status, cursor: cursor, limit: limit, by: principal)
            default: return try await list(Contact.self, status: status, cursor: cursor, limit: limit, by: principal)
            }
        }
        group.post("/api/v1/duplicates/scan") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let raw = request.uri.queryParameters.get("entity")
            let entity = raw == nil ? nil : try Self.entity(raw, default: Contact.table)
            let queued = try await store.duplicates.requestScan(entity: entity, by: principal)
            return .json(.object(JSONObject(["status": .string(queued ? "queued" : "already_queued")])), status: .accepted)
        }
        for (action, status) in [("dismiss", "dismissed"), ("reopen", "open")] {
            group.post(RouterPath("/api/v1/duplicates/:id/\(action)")) { _, context -> Response in
                let principal = try context.requirePrincipal()
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                    throw RapportError.notFound(entity: "duplicate pair", id: context.parameters.get("id") ?? "")
                }
                switch try await store.duplicates.entity(ofPair: id, by: principal) {
                case Account.table?:
                    let pair = try await store.duplicates.setStatus(Account.self, id: id, to: .init(rawValue: status) ?? .open, by: principal)
                    return .json(.object(Self.json(pair)))
                case Contact.table?:
                    let pair = try await store.duplicates.setStatus(Contact.self, id: id, to: .init(rawValue: status) ?? .open, by: principal)
                    return .json(.object(Self.json(pair)))
                default:
                    throw RapportError.notFound(entity: "duplicate pair", id: id.uuidString.lowercased())
                }
            }
        }
    }

    func list<M: DuplicateMatching>(_ entity: M.Type, status: String, cursor: String?, limit: Int, by principal: Principal)
        async throws -> Response
    {
        let page = try await store.duplicates.pairs(
            M.self, status: .init(rawValue: status) ?? .open, cursor: cursor, limit: limit, by: principal)
        let scan = try await store.duplicates.lastScan(M.self, workspace: principal.workspaceID)
        let pending = try await store.duplicates.scanPending(workspace: principal.workspaceID)
        return .json(
            .object(
                JSONObject([
                    "data": .array(page.items.map { .object(Self.json($0)) }), "next_cursor": .string(page.nextCursor),
                    "last_scan": scan.map { .object(Self.json($0)) } ?? .null, "scan_pending": .bool(pending),
                ])))
    }

    /// `accounts` or `contacts`; `default` when absent.
    static func entity(_ raw: String?, default fallback: String) throws(RapportError) -> String {
        guard let raw else { return fallback }
        guard [Account.table, Contact.table].contains(raw) else {
            throw .invalid(field: "entity", reason: "must be accounts or contacts")
        }
        return raw
    }

    static func json<M: DuplicateMatching>(_ pair: DuplicatePair<M>) -> JSONObject {
        JSONObject([
            "id": .string(pair.id.uuidString.lowercased()), "entity": .string(M.table), "score": .double(pair.score),
            "reasons": .array(pair.reasons.map { .string($0) }), "status": .string(pair.status.rawValue),
            "found_at": .string(pair.foundAt.iso8601), "dismissed_at": .string(pair.dismissedAt?.iso8601),
            "a": .object(pair.a.json()), "b": .object(pair.b.json()),
        ])
    }

    static func json(_ scan: DuplicateScanSummary) -> JSONObject {
        JSONObject([
            "started_at": .string(scan.startedAt.iso8601), "finished_at": .string(scan.finishedAt.iso8601),
            "records_compared": .int(Int64(scan.recordsCompared)), "pairs_scored": .int(Int64(scan.pairsScored)),
            "pairs_found": .int(Int64(scan.pairsFound)), "blocks_skipped": .int(Int64(scan.blocksSkipped)),
            "note": .string(scan.note),
        ])
    }
}
