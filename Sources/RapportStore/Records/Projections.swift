import RapportCore
import SQLKit

/// Tables kept from one entity's writes in the same transaction, so they are never out of step:
/// a meeting's attendees (for "meetings this contact attended"), a deal's history (for stage
/// history and the pipeline as of a date). Each is an index of what the event log records.
enum Projections {
    static func update<E: Entity>(
        _ record: Record<E>, previous: Record<E>?, at: Timestamp, by principal: Principal, on sql: any SQLDatabase
    ) async throws {
        if let activity = record as? Record<Activity> {
            try await ActivityAttendees.replace(activity, isNew: previous == nil, on: sql)
        }
        if let deal = record as? Record<Deal> {
            try await DealHistory.record(deal, previous: previous as? Record<Deal>, at: at, by: principal, on: sql)
        }
    }
}
