import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct FollowUpTests {
    func call(_ contact: Record<Contact>, _ purpose: Purpose?, at: Timestamp, _ extra: [String: JSONValue] = [:]) throws
        -> RecordChanges<Activity>
    {
        var object = JSONObject(["kind": .string("call"), "contact_id": ref(contact.id), "occurred_at": iso(at)])
        if let purpose { object["purpose_id"] = ref(purpose.id) }
        for (key, value) in extra { object[key] = value }
        return try changes(Activity.self, object: object)
    }

    func followUp(_ pairs: [String: JSONValue]) throws -> RecordChanges<Todo> {
        var object = JSONObject()
        for (key, value) in pairs.sorted(by: { $0.key < $1.key }) { object[key] = value }
        return try changes(Todo.self, object: object)
    }

    @Test(arguments: TestDatabase.all)
    func anActivityAndItsFollowUpAreLoggedTogether(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (account, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            let events = try await f.eventCount()
            let (activity, task) = try await f.store.activityLog.log(
                try call(ana, renewal, at: now.adding(seconds: -3600)),
                followUp: try followUp(["title": .string("Send the offer"), "due_at": iso(now.adding(seconds: 2 * day))]), by: f.rep)
            let follow = try #require(task)
            #expect(follow["activity_id"] == .id(activity.id.uuid))
            #expect(follow["purpose_id"] == .id(renewal.id.uuid))
            #expect(follow["contact_id"] == .id(ana.id.uuid))
            #expect(follow["account_id"] == .id(account.id.uuid))
            #expect(follow["status"] == .text("open"))
            #expect(follow.ownerID == f.rep.userID)
            #expect(follow.teamID == f.east.id)
            #expect(activity["account_id"] == .id(account.id.uuid))
            #expect(try await f.activities.get(activity.id, by: f.rep).values == activity.values)
            #expect(try await f.tasks.get(follow.id, by: f.teammate).values == follow.values)
            #expect(try await f.eventCount() == events + 2)

            // A follow-up may name its own purpose, and be someone else's to do.
            let upsell = try await f.purpose(named: "Upsell")
            let (second, handed) = try await f.store.activityLog.log(
                try call(ana, renewal, at: now.adding(seconds: -1800)),
                followUp: try followUp(["title": .string("Pitch the add-on"), "purpose_id": ref(upsell.id), "owner_id": ref(f.teammate.userID)]),
                by: f.rep)
            #expect(handed?["purpose_id"] == .id(upsell.id.uuid))
            #expect(handed?["activity_id"] == .id(second.id.uuid))
            #expect(handed?.ownerID == f.teammate.userID)

            // Without a follow-up only the activity is stored.
            let (third, none) = try await f.store.activityLog.log(try call(ana, nil, at: now), followUp: nil, by: f.rep)
            #expect(none == nil)
            #expect(try await f.activities.get(third.id, by: f.rep).id == third.id)
            #expect(try await f.rows("activities") == 3)
            #expect(try await f.rows("tasks") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func whenTheFollowUpIsInvalidNeitherIsStored(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let upsell = try await f.purpose(named: "Upsell")
            _ = try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: true, by: f.admin)
            let now = wholeSecondNow()
            let events = try await f.eventCount()
            let meeting = try changes(
                Activity.self,
                object: JSONObject([
                    "kind": .string("meeting"), "contact_id": ref(ana.id), "occurred_at": iso(now), "purpose_id": ref(renewal.id),
                    "attendee_user_ids": .array([ref(f.teammate.userID)]),
                ]))
            // Caught before anything is written: the title is missing.
            let untitled = await rapportError {
                try await f.store.activityLog.log(meeting, followUp: try followUp(["due_at": iso(now)]), by: f.rep)
            }
            #expect(untitled?.fields == ["title"])
            // Caught while writing, after the activity went in: a retired purpose, an unknown assignee.
            let retired = await rapportError {
                try await f.store.activityLog.log(
                    meeting, followUp: try followUp(["title": .string("Pitch"), "purpose_id": ref(upsell.id)]), by: f.rep)
            }
            #expect(retired?.fields == ["purpose_id"])
            let nobody = await rapportError {
                try await f.store.activityLog.log(
                    meeting, followUp: try followUp(["title": .string("Pitch"), "owner_id": .string(UUID().uuidString)]), by: f.rep)
            }
            #expect(nobody?.fields == ["owner_id"])
            #expect(try await f.rows("activities") == 0)
            #expect(try await f.rows("tasks") == 0)
            #expect(try await f.rows("activity_attendees") == 0)
            #expect(try await f.eventCount() == events)

            // The same activity with a valid follow-up goes in whole.
            let (activity, task) = try await f.store.activityLog.log(meeting, followUp: try followUp(["title": .string("Pitch")]), by: f.rep)
            #expect(task?["activity_id"] == .id(activity.id.uuid))
            #expect(try await f.rows("activity_attendees") == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOverrideCoversTheFollowUpAndFollowUpsAreNotCheckedAgain(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -3 * day), by: f.outsider)

            let held = await rapportError {
                try await f.store.activityLog.log(
                    try call(ana, renewal, at: now), followUp: try followUp(["title": .string("Send the offer")]), by: f.rep)
            }
            #expect(held?.confirmation?.field == "override_reason")
            #expect(try await f.rows("activities") == 1)

            let (activity, task) = try await f.store.activityLog.log(
                try call(ana, renewal, at: now, ["override_reason": .string("She called us back")]),
                followUp: try followUp(["title": .string("Send the offer")]), by: f.rep)
            #expect(activity["override_reason"] == .text("She called us back"))
            #expect(task?["purpose_id"] == .id(renewal.id.uuid))
            #expect(try await f.rows("tasks") == 1)

            // An inbound call is never held, and its follow-up is not checked again either: the
            // activity it follows up was (a follow-up may even be someone else's).
            let inbound = try call(ana, renewal, at: now, ["direction": .string("inbound")])
            let (_, callBack) = try await f.store.activityLog.log(
                inbound, followUp: try followUp(["title": .string("Call back")]), by: f.teammate)
            #expect(callBack?["purpose_id"] == .id(renewal.id.uuid))
            #expect(try await f.rows("activities") == 3)
            #expect(try await f.rows("tasks") == 2)
            // The same task on its own is a new outreach, and the guard asks about it.
            let alone = try followUp(["title": .string("Call back"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id)])
            let heldAlone = await rapportError { try await f.tasks.create(alone, by: f.teammate) }
            #expect(heldAlone?.confirmation?.field == "override")
            #expect(heldAlone?.conflictCodes == ["same_purpose_other_team", "open_follow_up"])
            #expect(try await f.rows("tasks") == 2)
        }
    }
}
