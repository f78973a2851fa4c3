import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ActivityTests {
    @Test(arguments: TestDatabase.all)
    func timesRoundTripToTheMicrosecond(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let start = Timestamp(micros: 1_773_155_045_123_456)  // 2026-03-10T15:04:05.123456Z
            let meeting = try await f.activity(
                [
                    "kind": .string("meeting"), "contact_id": ref(contact.id), "occurred_at": iso(start),
                    "ends_at": .string("2026-03-10T17:34:05.654321+01:00"),
                ], by: f.rep)
            let end = Timestamp(micros: start.micros + 5_400_000_000 + 530_865)
            #expect(meeting["occurred_at"] == .time(start))
            #expect(meeting["ends_at"] == .time(end))
            #expect(meeting["duration_minutes"] == .int(90))
            #expect(meeting["status"] == .text("done"))
            #expect(meeting["direction"] == .text("outbound"))

            let read = try await f.activities.get(meeting.id, by: f.teammate)
            #expect(read.values == meeting.values)
            #expect(read["occurred_at"]?.time?.micros == 1_773_155_045_123_456)
            let listed = try await f.activities.list(ListQuery(), by: f.rep).items
            #expect(listed.map(\.values) == [meeting.values])

            // A millisecond and a microsecond later: the API shows milliseconds, the store keeps microseconds.
            let later = Timestamp(micros: start.micros + 1_001)
            let moved = try await f.activities.update(
                meeting.id, try changes(Activity.self, ["occurred_at": iso(later)]), expecting: 1, by: f.rep)
            #expect(moved["occurred_at"] == .time(later))
            #expect(try await f.activities.get(meeting.id, by: f.rep)["occurred_at"] == .time(later))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aMeetingWithDurationGetsItsEndAndOneEndingBeforeItStartsIsRejected(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let start = wholeSecondNow().adding(seconds: -2 * day)
            let meeting = try await f.activity(
                ["kind": .string("meeting"), "contact_id": ref(contact.id), "occurred_at": iso(start), "duration_minutes": .int(45)],
                by: f.rep)
            #expect(meeting["ends_at"] == .time(start.adding(seconds: 45 * 60)))

            let error = await rapportError {
                try await f.activity(
                    [
                        "kind": .string("meeting"), "contact_id": ref(contact.id), "occurred_at": iso(start),
                        "ends_at": iso(start.adding(seconds: -1)),
                    ], by: f.rep)
            }
            #expect(error?.fields == ["ends_at"])
            // The same rule holds when an update moves the end.
            let moved = await rapportError {
                try await f.activities.update(
                    meeting.id, try changes(Activity.self, ["ends_at": iso(start.adding(seconds: -60))]), expecting: 1, by: f.rep)
            }
            #expect(moved?.fields == ["ends_at"])
            #expect(try await f.rows("activities") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNoteNeedsAContactOrAnAccount(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let error = await rapportError {
                try await f.activity(["kind": .string("note"), "occurred_at": iso(wholeSecondNow()), "body": .string("Hi")], by: f.rep)
            }
            #expect(error?.fields == ["contact_id"])
            let account = try await f.account(["name": .string("Acme")], by: f.rep)
            let note = try await f.activity(
                ["kind": .string("note"), "occurred_at": iso(wholeSecondNow()), "account_id": ref(account.id), "direction": .string("outbound")],
                by: f.rep)
            // A note has no direction: it is not a contact with anyone.
            #expect(note["direction"] == nil)
            #expect(note["contact_id"] == nil)
            #expect(try await f.rows("activities") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theAccountComesFromTheContactAndFollowsIt(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let globex = try await f.account(["name": .string("Globex")], by: f.rep)
            let ana = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "account_id": ref(acme.id)], by: f.rep)
            let bo = try await f.contact(
                ["first_name": .string("Bo"), "last_name": .string("Lindqvist"), "account_id": ref(globex.id)], by: f.rep)
            let call = try await f.activity(
                ["kind": .string("call"), "direction": .string("inbound"), "contact_id": ref(ana.id), "occurred_at": iso(wholeSecondNow())],
                by: f.rep)
            #expect(call["account_id"] == .id(acme.id.uuid))
            #expect(try await f.activities.get(call.id, by: f.rep)["account_id"] == .id(acme.id.uuid))

            // Moving the activity to another contact moves it to that contact's account.
            let moved = try await f.activities.update(
                call.id, try changes(Activity.self, ["contact_id": ref(bo.id)]), expecting: 1, by: f.rep)
            #expect(moved["account_id"] == .id(globex.id.uuid))

            // An account given explicitly is kept.
            let explicit = try await f.activity(
                [
                    "kind": .string("call"), "direction": .string("inbound"), "contact_id": ref(ana.id), "account_id": ref(globex.id),
                    "occurred_at": iso(wholeSecondNow()),
                ], by: f.rep)
            #expect(explicit["account_id"] == .id(globex.id.uuid))
        }
    }

    @Test(arguments: TestDatabase.all)
    func theTeamIsTheOwnersWhenSomeoneLogsOnAnothersBehalf(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "shared": .bool(true)], by: f.rep)
            func call(owner: Principal, by principal: Principal, team: Team? = nil) async throws -> Record<Activity> {
                var object = JSONObject([
                    "kind": .string("call"), "direction": .string("inbound"), "contact_id": ref(contact.id),
                    "occurred_at": iso(wholeSecondNow()), "owner_id": ref(owner.userID),
                ])
                if let team { object["team_id"] = ref(team.id) }
                var input = Input(object)
                let changes = RecordChanges<Activity>.read(&input, defaultCountry: "US")
                try input.finish()
                return try await f.activities.create(changes, by: principal)
            }
            let byManager = try await call(owner: f.rep, by: f.manager)
            #expect(byManager.ownerID == f.rep.userID)
            #expect(byManager.teamID == f.east.id)
            #expect(byManager.createdBy == f.manager.userID)

            let byAdmin = try await call(owner: f.outsider, by: f.admin)
            #expect(byAdmin.teamID == f.service.id)

            let own = try await call(owner: f.rep, by: f.rep)
            #expect(own.teamID == f.east.id)

            // A team named explicitly (other than the logger's own) wins over the owner's.
            let explicit = try await call(owner: f.rep, by: f.manager, team: f.service)
            #expect(explicit.teamID == f.service.id)
            // Changing the owner later leaves the team alone: it says who made the contact.
            let reassigned = try await f.activities.update(
                byManager.id, try changes(Activity.self, object: JSONObject(["owner_id": ref(f.teammate.userID)])), expecting: 1, by: f.manager)
            #expect(reassigned.teamID == f.east.id)
        }
    }

    @Test(arguments: TestDatabase.all)
    func purposesMustBeLiveChoicesOfTheWorkspace(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let renewal = try await f.purpose(named: "Renewal")
            let call = try await f.activity(
                [
                    "kind": .string("call"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id),
                    "occurred_at": iso(wholeSecondNow()),
                ], by: f.rep)
            #expect(call["purpose_id"] == .id(renewal.id.uuid))
            #expect(try await f.activities.get(call.id, by: f.rep)["purpose_id"] == .id(renewal.id.uuid))

            let unknown = await rapportError {
                try await f.activity(
                    [
                        "kind": .string("call"), "contact_id": ref(contact.id), "purpose_id": .string(UUID().uuidString),
                        "occurred_at": iso(wholeSecondNow()),
                    ], by: f.rep)
            }
            #expect(unknown?.fields == ["purpose_id"])
            let malformed = await rapportError {
                try changes(Activity.self, ["kind": .string("call"), "purpose_id": .string("renewal")])
            }
            #expect(malformed?.fields == ["purpose_id"])

            let upsell = try await f.purpose(named: "Upsell")
            _ = try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: true, by: f.admin)
            let retired = await rapportError {
                try await f.activity(
                    [
                        "kind": .string("call"), "contact_id": ref(contact.id), "purpose_id": ref(upsell.id),
                        "occurred_at": iso(wholeSecondNow()),
                    ], by: f.rep)
            }
            #expect(retired?.fields == ["purpose_id"])
            if case .invalid(let issues) = retired { #expect(issues.first?.reason.contains("retired") == true) }
            let switched = await rapportError {
                try await f.activities.update(call.id, try changes(Activity.self, ["purpose_id": ref(upsell.id)]), expecting: 1, by: f.rep)
            }
            #expect(switched?.fields == ["purpose_id"])
            #expect(try await f.rows("activities") == 1)

            // Retiring a purpose leaves the activities that have it alone, and they stay editable.
            _ = try await f.store.purposes.update(renewal.id, name: nil, quietDays: nil, retired: true, by: f.admin)
            let edited = try await f.activities.update(
                call.id, try changes(Activity.self, ["outcome": .string("Renewing in May")]), expecting: 1, by: f.rep)
            #expect(edited["purpose_id"] == .id(renewal.id.uuid))
        }
    }

    @Test(arguments: TestDatabase.all)
    func attendeesAreCheckedStoredAndIndexed(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let bo = try await f.contact(["first_name": .string("Bo"), "last_name": .string("Lindqvist")], by: f.rep)
            let hidden = try await f.contact(["first_name": .string("Cy"), "last_name": .string("Okafor")], by: f.outsider)
            let users = [try #require(f.teammate.userID), try #require(f.outsider.userID)]
            let meeting = try await f.activity(
                [
                    "kind": .string("meeting"), "contact_id": ref(ana.id), "occurred_at": iso(wholeSecondNow()),
                    "attendee_user_ids": .array(users.map { ref($0) }), "attendee_contact_ids": .array([ref(bo.id), ref(ana.id), ref(bo.id)]),
                ], by: f.rep)
            #expect(meeting["attendee_user_ids"] == .ids(users.map(\.uuid)))
            // Duplicates collapse, the order stays.
            #expect(meeting["attendee_contact_ids"] == .ids([bo.id.uuid, ana.id.uuid]))
            #expect(try await f.activities.get(meeting.id, by: f.rep).values == meeting.values)
            #expect(try await attendees(f, meeting.id) == [
                "contact:\(ana.id)", "contact:\(bo.id)", "user:\(users[0])", "user:\(users[1])",
            ].sorted())

            let badUser = await rapportError {
                try await f.activity(
                    [
                        "kind": .string("meeting"), "contact_id": ref(ana.id), "occurred_at": iso(wholeSecondNow()),
                        "attendee_user_ids": .array([ref(users[0]), .string(UUID().uuidString)]),
                    ], by: f.rep)
            }
            #expect(badUser?.fields == ["attendee_user_ids[1]"])
            let badContact = await rapportError {
                try await f.activity(
                    [
                        "kind": .string("meeting"), "contact_id": ref(ana.id), "occurred_at": iso(wholeSecondNow()),
                        "attendee_contact_ids": .array([ref(hidden.id)]),
                    ], by: f.rep)
            }
            #expect(badContact?.fields == ["attendee_contact_ids[0]"])
            let notAnID = await rapportError {
                try changes(Activity.self, ["attendee_user_ids": .array([.string("teammate")])])
            }
            #expect(notAnID?.fields == ["attendee_user_ids[0]"])

            let updated = try await f.activities.update(
                meeting.id, try changes(Activity.self, ["attendee_user_ids": .null, "attendee_contact_ids": .array([ref(bo.id)])]),
                expecting: 1, by: f.rep)
            #expect(updated["attendee_user_ids"] == nil)
            #expect(try await attendees(f, meeting.id) == ["contact:\(bo.id)"])

            let deleted = try await f.activities.delete(meeting.id, expecting: 2, by: f.rep)
            #expect(try await attendees(f, meeting.id) == [])
            #expect(try await f.rows("activity_attendees") == 0)
            _ = try await f.activities.restore(meeting.id, by: f.rep)
            #expect(deleted.version == 3)
            #expect(try await attendees(f, meeting.id) == ["contact:\(bo.id)"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func writesAreLoggedAsEvents(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let at = wholeSecondNow().adding(seconds: -3600)
            let call = try await f.activity(
                [
                    "kind": .string("call"), "contact_id": ref(contact.id), "occurred_at": iso(at),
                    "call_result": .string("left voicemail"),
                ], by: f.rep)
            _ = try await f.activities.update(
                call.id, try changes(Activity.self, ["outcome": .string("Call back Tuesday")]), expecting: 1, by: f.teammate)
            _ = try await f.activities.delete(call.id, expecting: 2, by: f.rep)

            let history = try await f.activities.history(call.id, by: f.rep)
            #expect(history.map(\.action) == [.deleted, .updated, .created])
            #expect(history.allSatisfy { $0.entity == "activity" })
            let created = try #require(history.last)
            let byField = Dictionary(uniqueKeysWithValues: created.changes.map { ($0.field, $0.after) })
            #expect(byField["kind"] == .string("call"))
            #expect(byField["call_result"] == .string("left_voicemail"))
            #expect(byField["occurred_at"] == .string(at.iso8601))
            #expect(byField["contact_id"] == .string(contact.id.description))
            #expect(byField["team_id"] == .string(f.east.id.description))
            #expect(history[1].changes == [FieldChange(field: "outcome", before: .null, after: .string("Call back Tuesday"))])
            #expect(history[1].actorID == f.teammate.userID)
        }
    }

    @Test(arguments: TestDatabase.all)
    func tasksDefaultAndCompleteAndTakeTheirAccountFromTheContact(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let contact = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "account_id": ref(acme.id)], by: f.rep)
            let due = Timestamp(micros: 1_773_155_045_000_001)
            let task = try await f.task(
                ["title": .string("Send the quote"), "contact_id": ref(contact.id), "due_at": iso(due)], by: f.rep)
            #expect(task["status"] == .text("open"))
            #expect(task["priority"] == .text("normal"))
            #expect(task["account_id"] == .id(acme.id.uuid))
            #expect(task["due_at"] == .time(due))
            #expect(task["completed_at"] == nil)

            let done = try await f.tasks.update(task.id, try changes(Todo.self, ["status": .string("done")]), expecting: 1, by: f.rep)
            let completed = try #require(done["completed_at"]?.time)
            #expect(completed >= task.createdAt)
            let reopened = try await f.tasks.update(task.id, try changes(Todo.self, ["status": .string("open")]), expecting: 2, by: f.rep)
            #expect(reopened["completed_at"] == nil)
            #expect(try await f.tasks.get(task.id, by: f.teammate)["completed_at"] == nil)
            let error1 = await rapportError { try await f.task(["due_at": iso(due)], by: f.rep) }
            #expect(error1?.fields == ["title"])
        }
    }

    /// The `activity_attendees` rows of an activity, as `kind:id`, sorted.
    func attendees(_ f: Fixture, _ id: Record<Activity>.ID) async throws -> [String] {
        try await f.db.read { sql in
            try await sql.raw("SELECT kind, attendee_id FROM activity_attendees WHERE activity_id = \(bind: id.uuid)").all().map {
                "\(try $0.decode(column: "kind", as: String.self)):\(try $0.decode(column: "attendee_id", as: UUID.self).uuidString.lowercased())"
            }.sorted()
        }
    }
}
