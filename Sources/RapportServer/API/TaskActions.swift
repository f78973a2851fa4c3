import Foundation
import RapportCore
import RapportStore

/// Completing, reopening and snoozing a task: one-field changes that "My work" and the API make
/// through the ordinary update, so versions, visibility and the event log apply as to any edit.
struct TaskActions: Sendable {
    let store: Store

    enum Action: String, CaseIterable, Sendable {
        case complete, reopen, snooze
    }

    func complete(_ id: Record<Todo>.ID, expecting version: Int, by principal: Principal) async throws -> Record<Todo> {
        var changes = RecordChanges<Todo>()
        changes.values["status"] = .some(.text("done"))
        return try await store.tasks.update(id, changes, expecting: version, by: principal)
    }

    func reopen(_ id: Record<Todo>.ID, expecting version: Int, by principal: Principal) async throws -> Record<Todo> {
        var changes = RecordChanges<Todo>()
        changes.values["status"] = .some(.text("open"))
        return try await store.tasks.update(id, changes, expecting: version, by: principal)
    }

    /// Moves an open task's due time; a done task has nothing left to put off.
    func snooze(_ id: Record<Todo>.ID, until: Timestamp, expecting version: Int, by principal: Principal) async throws
        -> Record<Todo>
    {
        let current = try await store.tasks.get(id, by: principal)
        if current.version == version, !Todo.isOpen(current.values) {
            throw RapportError.conflict("This task is done; reopen it before snoozing it.")
        }
        var changes = RecordChanges<Todo>()
        changes.values["due_at"] = .some(.time(until))
        return try await store.tasks.update(id, changes, expecting: version, by: principal)
    }

    /// The new due time from an API body: RFC 3339 with an offset, later than now.
    static func until(_ raw: JSONValue?, now: Timestamp = .now()) throws -> Timestamp {
        guard let raw, raw != .null else { throw RapportError.invalid(field: "until", reason: "is required") }
        guard case .string(let text) = raw, let time = Timestamp.parse(text.trimmingWhitespace()) else {
            throw RapportError.invalid(field: "until", reason: "must be a date and time in RFC 3339 with an offset, e.g. 2026-11-23T09:00:00+01:00")
        }
        guard time > now else { throw RapportError.invalid(field: "until", reason: "must be in the future") }
        return time
    }
}
