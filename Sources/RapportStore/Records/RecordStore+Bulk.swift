import Foundation
import RapportCore
import SQLKit

/// What a bulk change did to one record.
public struct BulkOutcome<E: Entity>: Sendable {
    public enum Status: String, Sendable {
        case updated, unchanged, deleted, failed
    }

    public var id: Record<E>.ID
    public var status: Status
    /// The record after the change (nil when it failed).
    public var record: Record<E>?
    public var error: RapportError?
}

extension RecordStore {
    /// The most records one bulk request may change.
    public static var bulkLimit: Int { 1000 }

    /// Changes many records, each in its own transaction with every rule a single edit has
    /// (visibility, validation, derivations, references, the event log), so one record that
    /// cannot change does not hold back the others. `change` makes each record's changes from
    /// its current values (adding a tag keeps the others).
    public func bulkUpdate(
        _ ids: [Record<E>.ID], by principal: Principal, change: @escaping @Sendable (Record<E>) throws -> RecordChanges<E>
    ) async throws -> [BulkOutcome<E>] {
        try principal.requireWrite()
        try Self.checkBulkSize(ids)
        var outcomes: [BulkOutcome<E>] = []
        for id in Self.unique(ids) {
            do {
                let (before, after) = try await db.write { sql in
                    let current = try await Self.visible(id, by: principal, on: sql)
                    return (current, try await update(id, try change(current), expecting: nil, by: principal, on: sql))
                }
                outcomes.append(BulkOutcome(id: id, status: after.version == before.version ? .unchanged : .updated, record: after))
            } catch let error as RapportError {
                outcomes.append(BulkOutcome(id: id, status: .failed, error: error))
            }
        }
        return outcomes
    }

    /// Soft-deletes many records, each on its own.
    public func bulkDelete(_ ids: [Record<E>.ID], by principal: Principal) async throws -> [BulkOutcome<E>] {
        try principal.requireWrite()
        try Self.checkBulkSize(ids)
        var outcomes: [BulkOutcome<E>] = []
        for id in Self.unique(ids) {
            do {
                let record = try await delete(id, expecting: nil, by: principal)
                outcomes.append(BulkOutcome(id: id, status: .deleted, record: record))
            } catch let error as RapportError {
                outcomes.append(BulkOutcome(id: id, status: .failed, error: error))
            }
        }
        return outcomes
    }

    static func checkBulkSize(_ ids: [Record<E>.ID]) throws {
        if ids.isEmpty { throw RapportError.invalid(field: "ids", reason: "choose at least one record") }
        if ids.count > bulkLimit { throw RapportError.invalid(field: "ids", reason: "at most \(bulkLimit) records at a time") }
    }

    static func unique(_ ids: [Record<E>.ID]) -> [Record<E>.ID] {
        var seen: Set<Record<E>.ID> = []
        return ids.filter { seen.insert($0).inserted }
    }
}
