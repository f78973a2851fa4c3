import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct CalendarFeedStoreTests {
    @Test(arguments: TestDatabase.all)
    func oneLiveFeedPerUserAndANewOneRetiresTheOld(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let rep = try await f.user(f.rep)
            let feeds = f.store.calendarFeeds
            #expect(try await feeds.live(for: rep) == nil)
            let (first, token1) = try await feeds.regenerate(for: rep)
            #expect(token1.hasPrefix("rcal_"))
            #expect(first.prefix == String(token1.prefix(10)))
            #expect(try await feeds.user(forToken: token1)?.id == rep.id)
            #expect(try await feeds.live(for: rep)?.id == first.id)

            let (second, token2) = try await feeds.regenerate(for: rep)
            #expect(token2 != token1)
            #expect(try await feeds.user(forToken: token1) == nil)
            #expect(try await feeds.user(forToken: token2)?.id == rep.id)
            #expect(try await feeds.live(for: rep)?.id == second.id)
            // Another user's feed is their own.
            let (_, other) = try await feeds.regenerate(for: try await f.user(f.teammate))
            #expect(try await feeds.user(forToken: other)?.id == f.teammate.userID)
            #expect(try await feeds.live(for: rep)?.id == second.id)
        }
    }

    @Test(arguments: TestDatabase.all)
    func revokedUnknownAndDeactivatedFeedsOpenNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let rep = try await f.user(f.rep)
            let feeds = f.store.calendarFeeds
            let (_, token) = try await feeds.regenerate(for: rep)
            #expect(try await feeds.revoke(for: rep))
            #expect(try await !feeds.revoke(for: rep))
            #expect(try await feeds.user(forToken: token) == nil)
            #expect(try await feeds.live(for: rep) == nil)
            for guess in ["", "rcal_", "rcal_x", token.uppercased(), String(repeating: "a", count: 500)] {
                #expect(try await feeds.user(forToken: guess) == nil)
            }
            let (_, live) = try await feeds.regenerate(for: rep)
            try await f.store.directory.setActive(rep.id, false)
            #expect(try await feeds.user(forToken: live) == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func readingAFeedNotesWhenItWasLastFetched(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let rep = try await f.user(f.rep)
            let (_, token) = try await f.store.calendarFeeds.regenerate(for: rep)
            #expect(try await f.store.calendarFeeds.live(for: rep)?.lastFetchedAt == nil)
            _ = try await f.store.calendarFeeds.user(forToken: token)
            let fetched = try #require(try await f.store.calendarFeeds.live(for: rep)?.lastFetchedAt)
            #expect(abs(fetched.micros - Timestamp.now().micros) < 60_000_000)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFeedHoldsMeetingsTheUserOwnsOrAttendsAndTheirTasks(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let rep = try await f.user(f.rep)
            let contact = try await f.contact(["first_name": "Ann", "last_name": "Lee", "shared": true], by: f.admin)
            let now = Timestamp.now()
            func at(days: Int64) -> JSONValue { .string(now.adding(seconds: days * 86_400).iso8601) }
            let contactID = JSONValue.string(contact.id.description)
            let own = try await f.activity(["kind": "meeting", "direction": "inbound", "subject": "Own", "occurred_at": at(days: 3), "contact_id": contactID], by: f.rep)
            let attended = try await f.activity(
                [
                    "kind": "meeting", "direction": "inbound", "subject": "Attended", "occurred_at": at(days: -10), "contact_id": contactID,
                    "attendee_user_ids": .array([.string(rep.id.description)]),
                ], by: f.teammate)
            _ = try await f.activity(["kind": "meeting", "direction": "inbound", "subject": "Not mine", "occurred_at": at(days: 1), "contact_id": contactID], by: f.teammate)
            _ = try await f.activity(["kind": "meeting", "direction": "inbound", "subject": "Too old", "occurred_at": at(days: -120), "contact_id": contactID], by: f.rep)
            _ = try await f.activity(["kind": "meeting", "direction": "inbound", "subject": "Too far", "occurred_at": at(days: 400), "contact_id": contactID], by: f.rep)
            _ = try await f.activity(["kind": "call", "direction": "inbound", "subject": "A call", "occurred_at": at(days: -1), "contact_id": contactID], by: f.rep)
            let deleted = try await f.activity(["kind": "meeting", "direction": "inbound", "subject": "Deleted", "occurred_at": at(days: 2), "contact_id": contactID], by: f.rep)
            _ = try await f.activities.delete(deleted.id, expecting: nil, by: f.rep)

            let meetings = try await f.store.calendarFeeds.meetings(of: rep, from: now.adding(seconds: -90 * 86_400), to: now.adding(seconds: 365 * 86_400))
            #expect(meetings.map(\.id) == [attended.id, own.id])

            let open = try await f.task(["title": "Send offer", "due_at": at(days: 2)], by: f.rep)
            let undated = try await f.task(["title": "Someday"], by: f.rep)
            let recent = try await f.task(["title": "Done lately", "status": "done", "due_at": at(days: -1)], by: f.rep)
            _ = try await f.task(["title": "Done long ago", "status": "done", "completed_at": at(days: -30)], by: f.rep)
            _ = try await f.task(["title": "Teammate's", "due_at": at(days: 1)], by: f.teammate)
            let tasks = try await f.store.calendarFeeds.tasks(of: rep, doneSince: now.adding(seconds: -14 * 86_400))
            #expect(Set(tasks.map(\.id)) == [open.id, undated.id, recent.id])
            #expect(tasks.last?.id == undated.id)
        }
    }
}
