import Foundation

/// What happened to a record.
public enum EventAction: String, Sendable, CaseIterable, Codable {
    case created, updated, deleted, restored
    case related, unrelated
    /// Another record was folded into this one, or this one into another (see `Merge`).
    case merged, unmerged
}

/// One entry of the event log: who did what to which record, when, and which fields changed.
///
/// The log is written in the same transaction as the change it describes. Record history, the
/// audit trail, webhooks and automations all read it; nothing else keeps its own history.
public struct Event: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Event>
    public var id: ID
    public var workspaceID: Workspace.ID
    public var at: Timestamp
    public var actorID: User.ID?
    public var actorName: String
    /// The entity's name, e.g. `contact`.
    public var entity: String
    public var recordID: String
    public var action: EventAction
    public var changes: [FieldChange]
    /// The record's version after the change.
    public var version: Int

    public init(
        id: ID, workspaceID: Workspace.ID, at: Timestamp, actorID: User.ID?, actorName: String, entity: String,
        recordID: String, action: EventAction, changes: [FieldChange], version: Int
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.entity = entity
        self.recordID = recordID
        self.action = action
        self.changes = changes
        self.version = version
    }

    /// The changes as stored: `{"field": [before, after], …}`.
    public var changesJSON: JSONValue {
        var object = JSONObject()
        for change in changes { object[change.field] = .array([change.before, change.after]) }
        return .object(object)
    }

    /// Reads the stored form of the changes back.
    public static func changes(from value: JSONValue) -> [FieldChange] {
        guard case .object(let object) = value else { return [] }
        // Decoded objects do not keep their key order; sort so every reader sees the same order.
        return object.compactMap { key, pair -> FieldChange? in
            guard case .array(let items) = pair, items.count == 2 else { return nil }
            return FieldChange(field: key, before: items[0], after: items[1])
        }.sorted { $0.field < $1.field }
    }

    /// The event as the API shows it.
    public func json() -> JSONObject {
        var changesObject = JSONObject()
        for change in changes {
            changesObject[change.field] = .object(JSONObject(["before": change.before, "after": change.after]))
        }
        return JSONObject([
            "id": .string(id.description), "at": .string(at.iso8601), "actor_id": .string(actorID?.description),
            "actor_name": .string(actorName), "entity": .string(entity), "record_id": .string(recordID),
            "action": .string(action.rawValue), "changes": .object(changesObject), "version": .int(Int64(version)),
        ])
    }
}
