import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Account relations, global search, and the workspace directory over the API.
struct MiscAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/accounts/:id/relations") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let links = try await store.relations.links(of: try accountID(context), by: principal)
            return .json(.object(JSONObject(["data": .array(links.map { .object(Self.json($0)) })])))
        }
        group.post("/api/v1/accounts/:id/relations") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let from = try accountID(context)
            var request = request
            let object = try await request.jsonObject(limit: maxBodyBytes)
            var input = Input(object)
            let kind = input.choice("kind", AccountRelationKind.self)
            let to = input.id("to_id", Record<Account>.ID.self)
            let note = input.text("note", max: 500)
            guard case .set(let kindValue) = kind else {
                if !object.keys.contains("kind") { input.fail("kind", "is required") }
                try input.finish()
                throw RapportError.invalid(field: "kind", reason: "is required")
            }
            guard case .set(let target?) = to else {
                if !object.keys.contains("to_id") || object["to_id"] == .null { input.fail("to_id", "is required") }
                try input.finish()
                throw RapportError.invalid(field: "to_id", reason: "is required")
            }
            try input.finish()
            var noteValue: String?
            if case .set(let n) = note { noteValue = n }
            let relation = try await store.relations.relate(from, kindValue, target, note: noteValue, by: principal)
            let link = try await store.relations.links(of: from, by: principal).first { $0.relation.id == relation.id }
            guard let link else { throw RapportError.notFound(entity: "relation", id: relation.id.description) }
            return .json(.object(Self.json(link)), status: .created)
        }
        group.delete("/api/v1/account-relations/:id") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let id = context.parameters.get("id").flatMap(AccountRelation.ID.init) else {
                throw RapportError.notFound(entity: "relation", id: context.parameters.get("id") ?? "")
            }
            try await store.relations.unrelate(id, by: principal)
            return Response(status: .noContent)
        }
        group.get("/api/v1/search") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let params = request.uri.queryParameters
            let q = params.get("q") ?? ""
            guard q.count <= 200, !q.hasControlCharacters else { throw RapportError.invalid(field: "q", reason: "must be at most 200 characters") }
            var limit = 20
            if let raw = params.get("limit") {
                guard let n = Int(raw), (1...50).contains(n) else {
                    throw RapportError.invalid(field: "limit", reason: "must be a whole number from 1 to 50")
                }
                limit = n
            }
            let hits = try await store.search(q, limit: limit, by: principal)
            return .json(.object(JSONObject(["data": .array(hits.map { .object($0.json()) })])))
        }
        group.get("/api/v1/me") { _, context -> Response in
            guard let user = context.user else { throw RapportError.unauthenticated }
            return .json(.object(Self.json(user)))
        }
        group.get("/api/v1/users") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let users = try await store.directory.users(in: principal.workspaceID)
            return .json(.object(JSONObject(["data": .array(users.map { .object(Self.json($0)) })])))
        }
        group.get("/api/v1/teams") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let teams = try await store.directory.teams(in: principal.workspaceID)
            return .json(
                .object(
                    JSONObject([
                        "data": .array(
                            teams.map {
                                .object(JSONObject(["id": .string($0.id.description), "name": .string($0.name), "parent_id": .string($0.parentID?.description)]))
                            })
                    ])))
        }
    }

    func accountID(_ context: AppRequestContext) throws(RapportError) -> Record<Account>.ID {
        guard let id = context.parameters.get("id").flatMap(Record<Account>.ID.init) else {
            throw .notFound(entity: "account", id: context.parameters.get("id") ?? "")
        }
        return id
    }

    static func json(_ link: RelationStore.Link) -> JSONObject {
        JSONObject([
            "id": .string(link.relation.id.description), "kind": .string(link.relation.kind.rawValue),
            "from_id": .string(link.relation.from.description), "to_id": .string(link.relation.to.description),
            "label": .string(link.label), "other_id": .string(link.other.description), "other_name": .string(link.otherName),
            "note": .string(link.relation.note), "created_at": .string(link.relation.createdAt.iso8601),
        ])
    }

    static func json(_ user: User) -> JSONObject {
        JSONObject([
            "id": .string(user.id.description), "email": .string(user.email.value), "name": .string(user.name),
            "role": .string(user.role.rawValue), "team_id": .string(user.teamID?.description),
            "time_zone": .string(user.timeZone), "active": .bool(user.active),
        ])
    }
}
