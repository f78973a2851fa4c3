import Foundation
import HTTPTypes
import HummingbirdTesting
import RapportCore
import RapportStore
import Testing

/// Records made straight through the stores, for the "My work", purposes and outreach tests.
extension TestApp {
    func principal(of user: User) async throws -> Principal { try await store.directory.principal(for: user) }

    /// Changes read strictly from JSON, as the API reads them.
    func strictChanges<E: Entity>(_ entity: E.Type, _ object: JSONObject) throws -> RecordChanges<E> {
        var input = Input(object)
        let changes = RecordChanges<E>.read(&input, defaultCountry: "US")
        try input.finish()
        return changes
    }

    /// A task assigned to `user`, due at `due` (or without a due time).
    @discardableResult
    func newTask(
        _ title: String, due: Timestamp?, for user: User, _ extra: [String: JSONValue] = [:]
    ) async throws -> Record<Todo> {
        var object = JSONObject(["title": .string(title)])
        if let due { object["due_at"] = .string(due.iso8601) }
        for (key, value) in extra { object[key] = value }
        return try await store.tasks.create(try strictChanges(Todo.self, object), by: try await principal(of: user))
    }

    /// A contact every team sees, so the outreach guard compares their activities with it.
    func newSharedContact(_ first: String = "Ana", _ last: String = "Ruiz") async throws -> Record<Contact> {
        try await store.contacts.create(
            try strictChanges(
                Contact.self, ["first_name": .string(first), "last_name": .string(last), "shared": .bool(true)]),
            by: try await principal(of: salesRep))
    }

    /// Logs an outbound call (or what `extra` says) with a contact.
    @discardableResult
    func logTouch(
        _ contact: Record<Contact>, about purpose: Purpose?, at time: Timestamp, by user: User, _ extra: [String: JSONValue] = [:]
    ) async throws -> Record<Activity> {
        var object = JSONObject([
            "kind": "call", "direction": "outbound", "contact_id": .string(contact.id.description),
            "occurred_at": .string(time.iso8601),
        ])
        if let purpose { object["purpose_id"] = .string(purpose.id.description) }
        for (key, value) in extra { object[key] = value }
        return try await store.activities.create(try strictChanges(Activity.self, object), by: try await principal(of: user))
    }

    /// A seeded purpose by name.
    func purpose(_ name: String) async throws -> Purpose {
        try #require(try await store.purposes.all(in: workspace.id).first { $0.name == name })
    }
}

extension TestResponse {
    /// The fields a problem+json body names.
    var problemFields: [String] {
        get throws { try object.array("errors").compactMap { $0.object?.string("field") } }
    }
}

/// Now on a whole second, so times written through the API compare exactly.
func wholeSecond(_ time: Timestamp = .now()) -> Timestamp { Timestamp(micros: time.micros / 1_000_000 * 1_000_000) }
