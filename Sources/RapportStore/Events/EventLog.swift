import Foundation
import RapportCore
import SQLKit

/// Appends to and reads the event log. Appends happen inside the caller's transaction.
public enum EventLog {
    /// Writes one event in the transaction `sql` belongs to.
    static func append(_ event: Event, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO events (id, workspace_id, at, actor_id, actor_name, entity, record_id, action, changes, version)
            VALUES (\(bind: event.id.uuid), \(bind: event.workspaceID.uuid), \(bind: event.at.micros), \(bind: event.actorID?.uuid),
                    \(bind: event.actorName), \(bind: event.entity), \(bind: event.recordID), \(bind: event.action.rawValue),
                    \(bind: JSONWriter.string(event.changesJSON)), \(bind: event.version))
            """
        ).run()
    }

    /// Makes an event for a change a principal made now.
    static func event(
        _ action: EventAction, entity: String, recordID: String, changes: [FieldChange], version: Int,
        by principal: Principal, at: Timestamp
    ) -> Event {
        Event(
            id: .make(), workspaceID: principal.workspaceID, at: at, actorID: principal.userID,
            actorName: principal.name, entity: entity, recordID: recordID, action: action, changes: changes,
            version: version)
    }

    /// A record's events, newest first.
    static func history(recordID: String, workspace: Workspace.ID, limit: Int, on sql: any SQLDatabase) async throws
        -> [Event]
    {
        let rows = try await sql.raw(
            """
            SELECT id, workspace_id, at, actor_id, actor_name, entity, record_id, action, changes, version FROM events
            WHERE workspace_id = \(bind: workspace.uuid) AND record_id = \(bind: recordID)
            ORDER BY seq DESC LIMIT \(literal: limit)
            """
        ).all()
        return try rows.map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> Event {
        let changesText = try row.decode(column: "changes", as: String.self)
        let changes = JSONParser.parse(changesText).map(Event.changes(from:)) ?? []
        return Event(
            id: .init(try row.decode(column: "id", as: UUID.self)),
            workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
            at: Timestamp(micros: try row.decode(column: "at", as: Int64.self)),
            actorID: try row.decode(column: "actor_id", as: UUID?.self).map(User.ID.init),
            actorName: try row.decode(column: "actor_name", as: String.self),
            entity: try row.decode(column: "entity", as: String.self),
            recordID: try row.decode(column: "record_id", as: String.self),
            action: EventAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .updated,
            changes: changes,
            version: try row.decode(column: "version", as: Int.self))
    }
}
