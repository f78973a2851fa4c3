import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// "My work": the signed-in user's tasks by when they are due (or, for managers, their team's),
/// with one-click complete, reopen and snooze.
struct WorkPages: Sendable {
    let store: Store
    let pages: Pages

    var actions: TaskActions { TaskActions(store: store) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/work") { request, context in try await work(request, context) }
        for action in TaskActions.Action.allCases {
            group.post(RouterPath("/tasks/:id/\(action.rawValue)")) { request, context -> Response in
                try await perform(action, request, context)
            }
        }
    }

    func work(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let canSeeTeam = principal.role >= .manager
        let team = canSeeTeam && (try? WorkAPI.flag("team", request.uri.queryParameters.get("team"))) == true
        let now = Timestamp.now()
        let zone = context.zone
        let queue = try await store.taskQueries.queue(for: principal.userID, teamOf: principal, team: team, now: now, zone: zone)
        let done = team ? [] : queue.done
        var lookups = try await Lookups.load(
            for: queue.overdue + queue.today + queue.upcoming + queue.someday + done, store: store, principal: principal)
        lookups.zone = zone
        let next = team ? "/work?team=true" : "/work"
        func rows(_ tasks: [Record<Todo>], overdue: Bool = false) -> [TaskRowView] {
            tasks.map { TaskRowView($0, lookups: lookups, now: now, overdue: overdue, team: team) }
        }
        let sections = [
            TaskSectionView(key: "overdue", title: "Overdue", rows: rows(queue.overdue, overdue: true), danger: true),
            TaskSectionView(key: "today", title: "Today", rows: rows(queue.today)),
            TaskSectionView(key: "upcoming", title: "Upcoming", rows: rows(queue.upcoming)),
            TaskSectionView(key: "someday", title: "No due date", rows: rows(queue.someday)),
            TaskSectionView(key: "done", title: "Done in the last 7 days", rows: rows(done)),
        ].filter { !$0.rows.isEmpty }
        let open = queue.overdue.count + queue.today.count + queue.upcoming.count + queue.someday.count
        var summary = "Nothing due today."
        if queue.dueCount > 0 {
            let late = queue.overdue.isEmpty ? "" : " (\(queue.overdue.count) overdue)"
            summary = "\(queue.dueCount) task\(queue.dueCount == 1 ? "" : "s") due today or earlier\(late), \(open) open in all."
        } else if open > 0 {
            summary = "Nothing due today; \(open) open task\(open == 1 ? "" : "s") in all."
        }
        let view = WorkView(
            heading: team ? "My team’s work" : "My work", summary: summary, teamView: team, canSeeTeam: canSeeTeam,
            sections: sections, isEmpty: sections.isEmpty, canWrite: principal.canWrite, next: next,
            snoozeOptions: Snooze.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: false) })
        return pages.render("work", title: view.heading, content: view, context: context, request: request)
    }

    func perform(_ action: TaskActions.Action, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var request = request
        let form = try await request.form(limit: 1 << 16)
        let back = Self.localPath(form["next"]) ?? "/work"
        guard let id = context.parameters.get("id").flatMap(Record<Todo>.ID.init) else {
            throw RapportError.notFound(entity: "task", id: context.parameters.get("id") ?? "")
        }
        guard let version = form["version"].flatMap(Int.init), version > 0 else {
            return .seeOther(back, flash: "That form was incomplete; reload the page and try again.", kind: "error")
        }
        let message: String
        do {
            switch action {
            case .complete:
                let task = try await actions.complete(id, expecting: version, by: principal)
                message = "Done: “\(task.title)”."
            case .reopen:
                let task = try await actions.reopen(id, expecting: version, by: principal)
                message = "Reopened “\(task.title)”."
            case .snooze:
                guard let choice = form["until"].flatMap(Snooze.init(rawValue:)) else {
                    return .seeOther(back, flash: "Choose when the task should come back.", kind: "error")
                }
                let until = choice.until(now: .now(), zone: context.zone)
                let task = try await actions.snooze(id, until: until, expecting: version, by: principal)
                message = "Snoozed “\(task.title)” until \(DateText.near(until, in: context.zone))."
            }
        } catch RapportError.staleVersion {
            return .seeOther(
                back, flash: "Someone changed this task in the meantime; here it is as it is now. Try again if it still needs it.",
                kind: "error")
        } catch RapportError.conflict(let reason) {
            return .seeOther(back, flash: reason, kind: "error")
        } catch RapportError.forbidden(let reason) {
            return .seeOther(back, flash: reason, kind: "error")
        }
        return .seeOther(back, flash: message)
    }

    /// A path on this site to go back to (never another host: `//evil.example` or `/\evil`).
    static func localPath(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count <= 500,
            !raw.hasControlCharacters
        else { return nil }
        return raw
    }
}

struct WorkView {
    var heading: String
    var summary: String
    var teamView: Bool
    var canSeeTeam: Bool
    var sections: [TaskSectionView]
    var isEmpty: Bool
    var canWrite: Bool
    /// Where the row actions return to.
    var next: String
    var snoozeOptions: [OptionView]
}

struct TaskSectionView {
    var key: String
    var title: String
    var rows: [TaskRowView]
    var danger = false
}

/// One task on "My work".
struct TaskRowView {
    var title: String
    var href: String
    var about: [LinkView]
    var purpose: String?
    var assignee: String?
    var due: String?
    var dueISO: String?
    var dueFull: String?
    var overdue: Bool
    var done: Bool
    var priority: String
    var priorityKey: String
    /// Normal priority goes without a badge, so high and low stand out.
    var showPriority: Bool
    var version: Int
    var completeAction: String
    var reopenAction: String
    var snoozeAction: String

    init(_ task: Record<Todo>, lookups: Lookups, now: Timestamp, overdue: Bool, team: Bool) {
        title = task.title
        href = "/tasks/\(task.id)"
        about = []
        if let id = task["contact_id"]?.uuid, let name = lookups.name(id) {
            about.append(LinkView(text: name, href: "/contacts/\(id.uuidString.lowercased())"))
        }
        if let id = task["account_id"]?.uuid, let name = lookups.name(id) {
            about.append(LinkView(text: name, href: "/accounts/\(id.uuidString.lowercased())"))
        }
        purpose = task["purpose_id"]?.uuid.flatMap { lookups.names[$0] }
        assignee = team ? lookups.userName(task.ownerID) : nil
        done = !Todo.isOpen(task.values)
        let shown = done ? task["completed_at"]?.time : task["due_at"]?.time
        if let shown {
            let near = DateText.near(shown, in: lookups.zone, now: now)
            let relative = ["Today", "Tomorrow", "Yesterday"].contains { near.hasPrefix($0) }
            due = done ? "Done " + (relative ? near.prefix(1).lowercased() + near.dropFirst() : near) : near
            dueISO = shown.iso8601
            dueFull = overdue ? "Due \(RelativeTime.phrase(shown, from: now))" : DateText.full(shown, in: lookups.zone)
        }
        self.overdue = overdue
        priorityKey = task["priority"]?.text ?? "normal"
        priority = priorityKey.capitalized
        showPriority = priorityKey != "normal"
        version = task.version
        completeAction = "/tasks/\(task.id)/complete"
        reopenAction = "/tasks/\(task.id)/reopen"
        snoozeAction = "/tasks/\(task.id)/snooze"
    }
}
