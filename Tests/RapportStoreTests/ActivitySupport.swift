import Foundation
import RapportCore
import RapportStore
import SQLKit
import Testing

/// A time as the API writes it, to the microsecond (`Timestamp.iso8601` stops at milliseconds).
func iso(_ time: Timestamp) -> JSONValue {
    let seconds = time.micros / 1_000_000
    let fraction = String(time.micros % 1_000_000)
    let base = Timestamp(micros: seconds * 1_000_000).iso8601.dropLast(5)
    return .string(base + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z")
}

/// Now, on a whole second, so times written in tests compare exactly.
func wholeSecondNow() -> Timestamp { Timestamp(micros: Timestamp.now().micros / 1_000_000 * 1_000_000) }

let day: Int64 = 86_400

/// An ID as the API writes it.
func ref<T>(_ id: ID<T>) -> JSONValue { .string(id.description) }
func ref<T>(_ id: ID<T>?) -> JSONValue { id.map { .string($0.description) } ?? .null }

extension Fixture {
    /// How many rows a table holds (all workspaces, deleted ones included).
    func rows(_ table: String) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    /// A contact of an account that every team may see and touch, so the outreach guard can
    /// compare the teams' activities with it.
    func sharedCustomer(_ first: String = "Ana", _ last: String = "Ruiz") async throws -> (Record<Account>, Record<Contact>) {
        let account = try await self.account(["name": .string("\(last) Holdings"), "shared": .bool(true)], by: rep)
        let contact = try await self.contact(
            ["first_name": .string(first), "last_name": .string(last), "account_id": ref(account.id), "shared": .bool(true)],
            by: rep)
        return (account, contact)
    }
}

/// Changes read from a JSON object that must be valid.
func changes<E: Entity>(_ entity: E.Type, object: JSONObject) throws -> RecordChanges<E> {
    var input = Input(object)
    let changes = RecordChanges<E>.read(&input, defaultCountry: "US")
    try input.finish()
    return changes
}

extension Fixture {
    /// Logs a contact with a customer: an outbound call unless told otherwise.
    @discardableResult
    func touch(
        _ contact: Record<Contact>, about purpose: Purpose?, at time: Timestamp, by principal: Principal,
        kind: String = "call", direction: String = "outbound", _ extra: [String: JSONValue] = [:]
    ) async throws -> Record<Activity> {
        var object = JSONObject([
            "kind": .string(kind), "direction": .string(direction), "contact_id": ref(contact.id), "occurred_at": iso(time),
        ])
        if let purpose { object["purpose_id"] = ref(purpose.id) }
        for (key, value) in extra { object[key] = value }
        return try await activities.create(try changes(Activity.self, object: object), by: principal)
    }

    /// The conflicts of an outreach request, as the guard answers without writing.
    func request(
        _ contact: Record<Contact>, about purpose: Purpose?, at time: Timestamp, by principal: Principal, channel: String = "call"
    ) -> OutreachRequest {
        OutreachRequest(
            contactID: contact.id.uuid, accountID: nil, purposeID: purpose?.id.uuid, channel: channel, outbound: true, at: time,
            userID: principal.userID, teamID: principal.teamID)
    }
}

extension RapportError {
    /// The confirmation a held-back write asks for.
    var confirmation: RapportCore.Confirmation? {
        if case .needsConfirmation(let confirmation) = self { return confirmation }
        return nil
    }
}
