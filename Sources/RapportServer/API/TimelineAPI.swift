import Foundation
import Hummingbird
import RapportCore
import RapportStore

/// `GET /api/v1/{accounts,contacts,leads,deals}/{id}/timeline`: the same timeline the record
/// pages show, as JSON, keyset-paged.
struct TimelineAPI: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        route(group, store.accounts)
        route(group, store.contacts)
        route(group, store.leads)
        route(group, store.deals)
    }

    func route<E: Entity>(_ group: RouterGroup<AppRequestContext>, _ records: RecordStore<E>) {
        group.get(RouterPath("/api/v1/\(E.table)/:id/timeline")) { request, context in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(Record<E>.ID.init) else {
                throw RapportError.notFound(entity: E.name, id: context.parameters.get("id") ?? "")
            }
            return try await timeline(try await records.get(id, by: principal), request, principal)
        }
    }

    func timeline<E: Entity>(_ record: Record<E>, _ request: Request, _ principal: Principal) async throws -> Response {
        let filter = try Self.filter(request.uri.queryParameters)
        let page = try await store.timeline.page(of: record, filter: filter, by: principal)
        let data: [JSONValue] = page.items.map { item in
            var object = JSONObject()
            object["at"] = .string(item.at.iso8601)
            switch item {
            case .activity(let a):
                object["type"] = .string("activity")
                object["activity"] = .object(a.json())
            case .task(let t):
                object["type"] = .string("task")
                object["task"] = .object(t.json())
            case .change(let e):
                object["type"] = .string("change")
                object["event"] = .object(e.json())
            }
            return .object(object)
        }
        return .json(.object(JSONObject(["data": .array(data), "next_cursor": .string(page.nextCursor)])))
    }

    static func filter(_ params: Hummingbird.Parameters) throws -> TimelineFilter {
        var filter = TimelineFilter()
        if let raw = params.get("kind"), !raw.isEmpty {
            let kinds = raw.split(separator: ",").map(String.init)
            for kind in kinds where !TimelineFilter.allKinds.contains(kind) {
                throw RapportError.invalid(field: "kind", reason: "must be a comma-separated list of: \(TimelineFilter.allKinds.joined(separator: ", "))")
            }
            filter.kinds = Set(kinds)
        }
        if let raw = params.get("purpose_id"), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw RapportError.invalid(field: "purpose_id", reason: "must be an ID") }
            filter.purposeID = id
        }
        if let raw = params.get("team_id"), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw RapportError.invalid(field: "team_id", reason: "must be an ID") }
            filter.teamID = id
        }
        if let raw = params.get("limit") {
            guard let limit = Int(raw), (1...200).contains(limit) else {
                throw RapportError.invalid(field: "limit", reason: "must be from 1 to 200")
            }
            filter.limit = limit
        }
        if let cursor = params.get("cursor"), !cursor.isEmpty { filter.cursor = cursor }
        return filter
    }
}
