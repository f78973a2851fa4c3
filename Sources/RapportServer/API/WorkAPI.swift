import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// "My work" over the API: the caller's (or their team's) tasks by due time, and the one-click
/// task changes (complete, reopen, snooze), which need the task's version like any update.
struct WorkAPI: Sendable {
    let store: Store
    let maxBodyBytes: Int

    var actions: TaskActions { TaskActions(store: store) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/api/v1/me/work") { request, context in try await work(request, context) }
        for action in TaskActions.Action.allCases {
            group.post(RouterPath("/api/v1/tasks/:id/\(action.rawValue)")) { request, context -> Response in
                try await perform(action, request, context)
            }
        }
    }

    func work(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let team = try Self.flag("team", request.uri.queryParameters.get("team"))
        if team { try Self.requireTeamView(principal) }
        let queue = try await store.taskQueries.queue(for: principal.userID, teamOf: principal, team: team, zone: context.zone)
        func list(_ tasks: [Record<Todo>]) -> JSONValue { .array(tasks.map { .object($0.json()) }) }
        return .json(
            .object(
                JSONObject([
                    "team": .bool(team), "time_zone": .string(Self.zoneName(context)), "due_count": .int(Int64(queue.dueCount)),
                    "overdue": list(queue.overdue), "today": list(queue.today), "upcoming": list(queue.upcoming),
                    "no_due_date": list(queue.someday), "done": list(queue.done),
                ])))
    }

    func perform(_ action: TaskActions.Action, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let id = context.parameters.get("id").flatMap(Record<Todo>.ID.init) else {
            throw RapportError.notFound(entity: "task", id: context.parameters.get("id") ?? "")
        }
        var request = request
        let object = try await request.optionalJSONObject(limit: maxBodyBytes)
        var issues: [FieldIssue] = []
        var until: Timestamp?
        if action == .snooze {
            do { until = try TaskActions.until(object["until"]) } catch RapportError.invalid(let list) { issues += list }
        }
        let allowed: Set<String> = action == .snooze ? ["version", "until"] : ["version"]
        for key in object.keys.sorted() where !allowed.contains(key) {
            issues.append(FieldIssue(field: key, reason: "is not a known field"))
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        let version = try RecordsAPI<Todo>.requiredVersion(request, object, noun: "task")
        do {
            let task: Record<Todo>
            switch action {
            case .complete: task = try await actions.complete(id, expecting: version, by: principal)
            case .reopen: task = try await actions.reopen(id, expecting: version, by: principal)
            case .snooze: task = try await actions.snooze(id, until: until ?? .now(), expecting: version, by: principal)
            }
            return .json(.object(task.json()), headers: [.eTag: "\"\(task.version)\""])
        } catch RapportError.staleVersion(let entity, let rid, let current) {
            throw Problem.stale(entity: entity, id: rid, current: current, record: try await store.tasks.get(id, by: principal).json())
        }
    }

    /// The IANA name "today" was computed in, as the user set it (Foundation calls UTC "GMT").
    static func zoneName(_ context: AppRequestContext) -> String {
        guard let name = context.user?.timeZone, TimeZone(identifier: name) != nil else { return "UTC" }
        return name
    }

    /// A `true`/`false` query parameter; absent is false.
    static func flag(_ name: String, _ raw: String?) throws(RapportError) -> Bool {
        switch raw?.lowercased() {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw .invalid(field: name, reason: "must be true or false")
        }
    }

    /// A team's work is for the people who lead it.
    static func requireTeamView(_ principal: Principal) throws(RapportError) {
        guard principal.role >= .manager else { throw .forbidden("Only managers and admins see their team's work.") }
    }
}

extension Request {
    /// The body as a JSON object, or an empty object when there is no body (actions whose only
    /// input, the version, may come in a header).
    mutating func optionalJSONObject(limit: Int) async throws -> JSONObject {
        let buffer = try await bytes(limit: limit)
        guard buffer.readableBytes > 0 else { return JSONObject() }
        body = .init(buffer: buffer)
        return try await jsonObject(limit: limit)
    }
}
