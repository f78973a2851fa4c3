import Foundation

/// Two records of one entity made one: the duplicate was folded into the survivor and soft-deleted.
///
/// The merge stays on record as the duplicate's forwarding address ("merged into …"); for
/// `undoWindow` it can be undone, which brings the duplicate back and points its links at it again.
public struct Merge: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Merge>
    public var id: ID
    public var workspaceID: Workspace.ID
    /// The entity's name, e.g. `contact`.
    public var entity: String
    public var survivorID: UUID
    public var duplicateID: UUID
    /// Names at the time of the merge, for pages and lists that show it.
    public var survivorTitle: String
    public var duplicateTitle: String
    public var mergedAt: Timestamp
    public var mergedBy: User.ID?
    public var mergedByName: String
    /// After this, the merge can no longer be undone.
    public var undoUntil: Timestamp
    public var undoneAt: Timestamp?
    /// The survivor's fields that took a value from the duplicate.
    public var fields: [String]
    /// How many rows each link moved to the survivor, by link name (`contacts.account_id`).
    public var moved: [String: Int]

    /// How long a merge can be undone.
    public static let undoWindowSeconds: Int64 = 30 * 24 * 3600

    public init(
        id: ID, workspaceID: Workspace.ID, entity: String, survivorID: UUID, duplicateID: UUID, survivorTitle: String,
        duplicateTitle: String, mergedAt: Timestamp, mergedBy: User.ID?, mergedByName: String, undoUntil: Timestamp,
        undoneAt: Timestamp?, fields: [String], moved: [String: Int]
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.entity = entity
        self.survivorID = survivorID
        self.duplicateID = duplicateID
        self.survivorTitle = survivorTitle
        self.duplicateTitle = duplicateTitle
        self.mergedAt = mergedAt
        self.mergedBy = mergedBy
        self.mergedByName = mergedByName
        self.undoUntil = undoUntil
        self.undoneAt = undoneAt
        self.fields = fields
        self.moved = moved
    }

    /// Whether the merge may still be undone at a given time.
    public func canUndo(at now: Timestamp = .now()) -> Bool { undoneAt == nil && now < undoUntil }

    /// The merge as the API shows it.
    public func json(now: Timestamp = .now()) -> JSONObject {
        var moved = JSONObject()
        for (link, count) in self.moved.sorted(by: { $0.key < $1.key }) { moved[link] = .int(Int64(count)) }
        return JSONObject([
            "id": .string(id.description), "entity": .string(entity),
            "survivor_id": .string(survivorID.uuidString.lowercased()),
            "duplicate_id": .string(duplicateID.uuidString.lowercased()),
            "survivor_title": .string(survivorTitle), "duplicate_title": .string(duplicateTitle),
            "merged_at": .string(mergedAt.iso8601), "merged_by": .string(mergedBy?.description),
            "merged_by_name": .string(mergedByName), "undo_until": .string(undoUntil.iso8601),
            "undone_at": .string(undoneAt?.iso8601), "can_undo": .bool(canUndo(at: now)),
            "fields": .array(fields.map { .string($0) }), "moved": .object(moved),
        ])
    }
}
