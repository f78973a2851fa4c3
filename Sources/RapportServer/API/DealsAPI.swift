import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// What deals have beyond their fields: stage history, the people in them with their roles, the
/// board of a pipeline, and the pipeline as it stood on a past date.
struct DealsAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/deals/:id/stages") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try Self.dealID(context)
            let spans = try await store.dealHistory.stages(of: id, by: principal)
            let names = try await Self.stageNames(store, principal)
            let now = Timestamp.now()
            let users = Dictionary(
                try await store.directory.users(in: principal.workspaceID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let data: [JSONValue] = spans.map { span in
                .object(
                    JSONObject([
                        "stage_id": .string(span.stageID.description), "stage": .string(names[span.stageID.uuid]),
                        "pipeline_id": .string(span.pipelineID.description), "entered_at": .string(span.enteredAt.iso8601),
                        "left_at": .string(span.leftAt?.iso8601), "seconds": .int(span.seconds(now: now)),
                        "moved_by": .string(span.movedBy?.description), "moved_by_name": .string(span.movedBy.flatMap { users[$0] }),
                    ]))
            }
            return .json(.object(JSONObject(["data": .array(data)])))
        }
        group.get("/api/v1/deals/:id/contacts") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let members = try await store.dealContacts.members(of: try Self.dealID(context), by: principal)
            return .json(.object(JSONObject(["data": .array(members.map(\.json))])))
        }
        group.put("/api/v1/deals/:id/contacts/:contact") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let deal = try Self.dealID(context)
            guard let contact = context.parameters.get("contact").flatMap(Record<Contact>.ID.init) else {
                throw RapportError.notFound(entity: "contact", id: context.parameters.get("contact") ?? "")
            }
            var request = request
            var input = Input(try await request.jsonObject(limit: maxBodyBytes))
            let raw = input.text("role", max: 40)
            try input.finish()
            guard case .set(let text?) = raw, let role = DealRole(rawValue: text) else {
                throw RapportError.invalid(field: "role", reason: "must be one of: \(DealRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .json(try await store.dealContacts.set(contact, role: role, on: deal, by: principal).json)
        }
        group.delete("/api/v1/deals/:id/contacts/:contact") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let deal = try Self.dealID(context)
            guard let contact = context.parameters.get("contact").flatMap(Record<Contact>.ID.init) else {
                throw RapportError.notFound(entity: "contact", id: context.parameters.get("contact") ?? "")
            }
            try await store.dealContacts.remove(contact, from: deal, by: principal)
            return Response(status: .noContent)
        }
        group.get("/api/v1/pipelines/:id/board") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let pipeline = try await store.pipelines.get(try PipelinesAPI.pipelineID(context), in: principal.workspaceID)
            let params = request.uri.queryParameters
            let limit = try Self.limit(params.get("limit"))
            let totals = try await store.dealBoard.totals(of: pipeline, by: principal)
            var columns: [JSONValue] = []
            for stage in pipeline.stages where !stage.retired || (totals[stage.id]?.count ?? 0) > 0 {
                let page = try await store.dealBoard.column(stage, after: nil, limit: limit, by: principal)
                columns.append(Self.column(stage, totals[stage.id] ?? .init(), page))
            }
            return .json(
                .object(
                    JSONObject([
                        "pipeline": pipeline.json, "closed_window_days": .int(Int64(DealBoard.closedWindowDays)),
                        "columns": .array(columns),
                    ])))
        }
        group.get("/api/v1/stages/:id/deals") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let stageID = try PipelinesAPI.stageID(context)
            guard let stage = try await store.pipelines.all(in: principal.workspaceID).lazy.compactMap({ $0.stage(stageID) }).first else {
                throw RapportError.notFound(entity: "stage", id: stageID.description)
            }
            let params = request.uri.queryParameters
            let cursor = try params.get("cursor").map { try Cursor(decoding: $0) }
            let page = try await store.dealBoard.column(stage, after: cursor, limit: try Self.limit(params.get("limit")), by: principal)
            return .json(
                .object(JSONObject(["data": .array(page.items.map { .object($0.json()) }), "next_cursor": .string(page.nextCursor)])))
        }
        group.get("/api/v1/pipelines/:id/as-of") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let pipeline = try await store.pipelines.get(try PipelinesAPI.pipelineID(context), in: principal.workspaceID)
            guard let raw = request.uri.queryParameters.get("at"), let at = Self.moment(raw) else {
                throw RapportError.invalid(field: "at", reason: "must be a date (2026-10-01, the end of that day UTC) or a date-time")
            }
            let states = try await store.dealHistory.asOf(at, pipeline: pipeline.id, by: principal)
            return .json(PipelineSnapshot(pipeline: pipeline, at: at, states: states).json)
        }
    }

    static func column(_ stage: Stage, _ totals: DealBoard.Totals, _ page: Page<Record<Deal>>) -> JSONValue {
        .object(
            JSONObject([
                "stage": stage.json, "count": .int(Int64(totals.count)),
                "amounts": .array(totals.amounts.map { FieldValue.money($0).json }),
                "weighted": .array(totals.weighted.map { FieldValue.money($0).json }),
                "deals": .array(page.items.map { .object($0.json()) }), "next_cursor": .string(page.nextCursor),
            ]))
    }

    /// A date means the end of that day (UTC); a date-time is taken as it is.
    static func moment(_ raw: String) -> Timestamp? {
        if raw.count == 10, let date = try? LocalDate(raw) {
            return Timestamp(micros: (Int64(date.daysSinceEpoch) + 1) * 86_400_000_000 - 1)
        }
        return Timestamp.parse(raw)
    }

    static func limit(_ raw: String?) throws -> Int {
        guard let raw else { return 25 }
        guard let n = Int(raw), (1...100).contains(n) else { throw RapportError.invalid(field: "limit", reason: "must be from 1 to 100") }
        return n
    }

    static func stageNames(_ store: Store, _ principal: Principal) async throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for entry in try await Picklists.entries("stages", store: store, principal: principal) { names[entry.id] = entry.label }
        return names
    }

    static func dealID(_ context: AppRequestContext) throws -> Record<Deal>.ID {
        guard let id = context.parameters.get("id").flatMap(Record<Deal>.ID.init) else {
            throw RapportError.notFound(entity: "deal", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}
