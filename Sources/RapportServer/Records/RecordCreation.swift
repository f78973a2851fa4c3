import Foundation
import RapportCore
import RapportStore

/// What a create accepts beside the entity's own fields: an activity's follow-up task.
struct CreateExtras: Sendable {
    var followUp: RecordChanges<Todo>?
}

/// Creating a record the same way from the API and the web forms, including the members that
/// are not fields of the entity (read here so both paths agree).
enum RecordCreation {
    /// Reads `follow_up` (an object with a task's fields) for activities; other entities take none.
    /// Problems are reported on the outer input as `follow_up.<field>`.
    static func readExtras<E: Entity>(_ entity: E.Type, input: inout Input, activityValues: FieldValues?, country: String)
        -> CreateExtras
    {
        guard E.self == Activity.self else { return CreateExtras() }
        input.accept("follow_up")
        guard let raw = input.object["follow_up"] else { return CreateExtras() }
        guard case .object(var object) = raw else {
            if raw != .null { input.fail("follow_up", "must be an object with the task's fields, or null") }
            return CreateExtras()
        }
        if object["title"] == nil || object["title"] == .string("") {
            let subject = activityValues.map(Activity.title(of:)) ?? "the activity"
            object["title"] = .string("Follow up: \(subject)")
        }
        var nested = Input(object, lenient: input.lenient)
        nested.localZone = input.localZone
        let changes = RecordChanges<Todo>.read(&nested, defaultCountry: country)
        do { try changes.validate(nested, against: [:]) } catch {
            if case .invalid(let issues) = error {
                for issue in issues { input.fail("follow_up.\(issue.field)", issue.reason) }
            }
        }
        return CreateExtras(followUp: changes)
    }

    static func create<E: Entity>(
        _ changes: RecordChanges<E>, id: Record<E>.ID?, extras: CreateExtras, records: RecordStore<E>, store: Store,
        principal: Principal
    ) async throws -> Record<E> {
        if let followUp = extras.followUp, let activity = changes as? RecordChanges<Activity> {
            let (logged, _) = try await store.activityLog.log(
                activity, id: id.map { Record<Activity>.ID($0.uuid) }, followUp: followUp, by: principal)
            if let record = logged as? Record<E> { return record }
        }
        return try await records.create(changes, id: id, by: principal)
    }
}
