import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

/// Merges move activities and tasks (their contact, their account, meeting attendee lists) like
/// every other link, and undo moves them back.
@Suite struct MergeActivityTests {
    @Test(arguments: TestDatabase.all)
    func mergingContactsMovesActivitiesAttendeesAndTasks(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let survivor = try await f.duplicateContact(["first_name": .string("Eva"), "last_name": .string("Lind")], by: f.rep)
            let duplicate = try await f.duplicateContact(["first_name": .string("Eva"), "last_name": .string("Lind")], by: f.rep)
            let guest = try await f.contact(["first_name": .string("Guest")], by: f.rep)
            let now = wholeSecondNow()
            func meeting(_ contact: Record<Contact>, attendees: [Record<Contact>], daysAgo: Int64) async throws -> Record<Activity> {
                try await f.activities.create(
                    try changes(
                        Activity.self,
                        object: [
                            "kind": "meeting", "direction": "inbound", "contact_id": ref(contact.id),
                            "occurred_at": iso(now.adding(seconds: -daysAgo * day)),
                            "attendee_contact_ids": .array(attendees.map { ref($0.id) }),
                        ]), by: f.rep)
            }
            let note = try await f.activities.create(
                try changes(Activity.self, object: ["kind": "note", "contact_id": ref(duplicate.id), "occurred_at": iso(now), "body": "hi"]),
                by: f.rep)
            let withGuest = try await meeting(guest, attendees: [duplicate, guest], daysAgo: 10)
            let withBoth = try await meeting(survivor, attendees: [duplicate, survivor], daysAgo: 20)
            let deleted = try await meeting(guest, attendees: [duplicate], daysAgo: 30)
            _ = try await f.activities.delete(deleted.id, expecting: 1, by: f.rep)
            let task = try await f.tasks.create(
                try changes(Todo.self, object: ["title": "Call Eva", "contact_id": ref(duplicate.id)]), by: f.rep)
            let before = try await f.store.merges.links(to: duplicate.id, by: f.rep)
            #expect(Dictionary(uniqueKeysWithValues: before.map { ($0.link, $0.count) }).filter { $0.value > 0 } == [
                "activities.contact_id": 1, "activities.attendee_contact_ids": 3, "tasks.contact_id": 1,
            ])

            let outcome = try await f.store.merges.merge(
                survivor.id, with: duplicate.id, choices: [:], survivorVersion: 1, duplicateVersion: 1, by: f.rep)
            #expect(try await f.store.merges.links(to: duplicate.id, by: f.rep).allSatisfy { $0.count == 0 })
            #expect(try await f.attendeeRows(duplicate.id.uuid) == 0)
            let s = survivor.id.uuid
            let movedNote = try await f.activities.get(note.id, by: f.rep)
            #expect(movedNote["contact_id"] == .id(s))
            #expect(movedNote.version == 2)
            #expect(movedNote.updatedAt == outcome.merge.mergedAt)
            #expect(try await f.activities.get(withGuest.id, by: f.rep)["attendee_contact_ids"] == .ids([s, guest.id.uuid]))
            #expect(try await f.activities.get(withBoth.id, by: f.rep)["attendee_contact_ids"] == .ids([s]))
            #expect(try await f.activities.get(deleted.id, by: f.rep)["attendee_contact_ids"] == .ids([s]))
            #expect(try await f.tasks.get(task.id, by: f.rep)["contact_id"] == .id(s))
            #expect(try await f.attendeeRows(s) == 2)  // the deleted meeting stays out of the index

            _ = try await f.store.merges.undo(outcome.merge.id, by: f.rep)
            let d = duplicate.id.uuid
            #expect(try await f.activities.get(note.id, by: f.rep)["contact_id"] == .id(d))
            #expect(try await f.activities.get(withGuest.id, by: f.rep)["attendee_contact_ids"] == .ids([d, guest.id.uuid]))
            #expect(try await f.activities.get(withBoth.id, by: f.rep)["attendee_contact_ids"] == .ids([s, d]))
            #expect(try await f.activities.get(deleted.id, by: f.rep)["attendee_contact_ids"] == .ids([d]))
            #expect(try await f.tasks.get(task.id, by: f.rep)["contact_id"] == .id(d))
            #expect(try await f.store.merges.links(to: duplicate.id, by: f.rep).map(\.count) == before.map(\.count))
            #expect(try await f.attendeeRows(d) == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func mergingAccountsMovesActivitiesAndTasks(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let survivor = try await f.duplicateAccount(["name": .string("Nordic Steel")], by: f.rep)
            let duplicate = try await f.duplicateAccount(["name": .string("Nordic Steel AB")], by: f.rep)
            let note = try await f.activities.create(
                try changes(
                    Activity.self, object: ["kind": "note", "account_id": ref(duplicate.id), "occurred_at": iso(wholeSecondNow())]),
                by: f.rep)
            let task = try await f.tasks.create(
                try changes(Todo.self, object: ["title": "Renewal", "account_id": ref(duplicate.id)]), by: f.rep)
            let outcome = try await f.store.merges.merge(
                survivor.id, with: duplicate.id, choices: [:], survivorVersion: 1, duplicateVersion: 1, by: f.rep)
            #expect(outcome.merge.moved == ["activities.account_id": 1, "tasks.account_id": 1])
            #expect(try await f.activities.get(note.id, by: f.rep)["account_id"] == .id(survivor.id.uuid))
            #expect(try await f.tasks.get(task.id, by: f.rep)["account_id"] == .id(survivor.id.uuid))
            #expect(try await f.tasks.history(task.id, by: f.rep).first?.action == .updated)
            _ = try await f.store.merges.undo(outcome.merge.id, by: f.rep)
            #expect(try await f.activities.get(note.id, by: f.rep)["account_id"] == .id(duplicate.id.uuid))
            #expect(try await f.tasks.get(task.id, by: f.rep)["account_id"] == .id(duplicate.id.uuid))
        }
    }
}

extension Fixture {
    /// Rows of the meeting attendee index naming a contact.
    func attendeeRows(_ contact: UUID) async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM activity_attendees WHERE attendee_id = \(bind: contact)").first()?
                .decode(column: "n", as: Int.self) ?? -1
        }
    }
}
