import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct OutreachGuardTests {
    @Test(arguments: TestDatabase.all)
    func anotherTeamsSamePurposeCallHoldsTheActivityBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            let earlier = try await f.touch(ana, about: renewal, at: now.adding(seconds: -3 * day), by: f.outsider)
            #expect(earlier.teamID == f.service.id)
            let events = try await f.eventCount()

            let error = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep) }
            let confirmation = try #require(error?.confirmation)
            #expect(confirmation.kind == "outreach_conflict")
            #expect(confirmation.field == "override_reason")
            #expect(confirmation.conflicts.map(\.code) == ["same_purpose_other_team"])
            let conflict = try #require(confirmation.conflicts.first)
            #expect(conflict.message == "Service (Outsider) called Ana Ruiz about Renewal 3 days ago.")
            #expect(conflict.details["team"] == .string("Service"))
            #expect(conflict.details["team_id"] == .string(f.service.id.description))
            #expect(conflict.details["user"] == .string("Outsider"))
            #expect(conflict.details["activity_id"] == .string(earlier.id.description))
            #expect(conflict.details["purpose"] == .string("Renewal"))
            #expect(conflict.details["quiet_days"] == .int(14))
            // Nothing was written for the held-back call.
            #expect(try await f.rows("activities") == 1)
            #expect(try await f.eventCount() == events)

            // Asking first gives the same answer, and writes nothing either.
            let asked = try await f.store.outreach.check(f.request(ana, about: renewal, at: now, by: f.rep), by: f.rep)
            #expect(asked == confirmation.conflicts)
            #expect(try await f.rows("activities") == 1)
            #expect(try await f.eventCount() == events)

            // Another purpose, or the team that made the call, may go ahead.
            #expect(try await f.store.outreach.check(f.request(ana, about: f.purpose(named: "Upsell"), at: now, by: f.rep), by: f.rep).isEmpty)
            #expect(try await f.store.outreach.check(f.request(ana, about: renewal, at: now, by: f.outsider), by: f.outsider).isEmpty)
            try await f.touch(ana, about: try await f.purpose(named: "Upsell"), at: now, by: f.rep)
            #expect(try await f.rows("activities") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theSameTeamMayFollowUp(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -3 * day), by: f.teammate)
            let call = try await f.touch(ana, about: renewal, at: now, by: f.rep)
            #expect(call["override_reason"] == nil)
            #expect(try await f.rows("activities") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theQuietWindowEndsExactlyAfterItsDaysBothWays(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            #expect(renewal.quietDays == 14)
            let t0 = wholeSecondNow().adding(seconds: -60 * day)
            try await f.touch(ana, about: renewal, at: t0, by: f.outsider)

            try await f.touch(ana, about: renewal, at: t0.adding(seconds: 14 * day), by: f.rep)
            let after = await rapportError { try await f.touch(ana, about: renewal, at: t0.adding(seconds: 14 * day - 1), by: f.rep) }
            #expect(after?.conflictCodes == ["same_purpose_other_team"])

            // Before another team's contact the same span applies: it "plans to" call.
            try await f.touch(ana, about: renewal, at: t0.adding(seconds: -14 * day), by: f.rep)
            let before = await rapportError { try await f.touch(ana, about: renewal, at: t0.adding(seconds: -14 * day + 1), by: f.rep) }
            #expect(before?.conflictCodes == ["same_purpose_other_team"])
            #expect(before?.confirmation?.conflicts.first?.message.hasPrefix("Service (Outsider) plans to call Ana Ruiz") == true)
            #expect(try await f.rows("activities") == 3)

            // A purpose's own window: a payment reminder keeps others quiet for 7 days only.
            let reminder = try await f.purpose(named: "Payment reminder")
            try await f.touch(ana, about: reminder, at: t0, by: f.outsider)
            try await f.touch(ana, about: reminder, at: t0.adding(seconds: 7 * day), by: f.rep)
            let inside = await rapportError { try await f.touch(ana, about: reminder, at: t0.adding(seconds: 6 * day), by: f.rep) }
            #expect(inside?.conflictCodes == ["same_purpose_other_team"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aContactOfTheSameAccountCounts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (account, ana) = try await f.sharedCustomer()
            let bo = try await f.contact(
                ["first_name": .string("Bo"), "last_name": .string("Lindqvist"), "account_id": ref(account.id), "shared": .bool(true)],
                by: f.rep)
            let elsewhere = try await f.contact(["first_name": .string("Cy"), "last_name": .string("Okafor"), "shared": .bool(true)], by: f.rep)
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            let boCall = try await f.touch(bo, about: renewal, at: now.adding(seconds: -2 * day), by: f.outsider)
            #expect(boCall["account_id"] == .id(account.id.uuid))

            let error = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep) }
            #expect(error?.conflictCodes == ["same_purpose_other_team"])
            let conflict = try #require(error?.confirmation?.conflicts.first)
            #expect(conflict.message == "Service (Outsider) called Bo Lindqvist about Renewal 2 days ago.")
            #expect(conflict.details["activity_id"] == .string(boCall.id.description))

            // A contact of no account (or another one) is not covered by it.
            try await f.touch(elsewhere, about: renewal, at: now, by: f.rep)
            #expect(try await f.rows("activities") == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func someoneElsesOpenFollowUpWithTheSamePurposeHoldsItBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            // No frequency cap: this test calls her often.
            try await f.store.purposes.setCap(OutreachCap(touches: 0, days: 7), by: f.admin)
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            let task = try await f.task(
                [
                    "title": .string("Renewal offer"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id),
                    "due_at": iso(now.adding(seconds: 2 * day)),
                ], by: f.teammate)

            let error = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep) }
            #expect(error?.conflictCodes == ["open_follow_up"])
            let conflict = try #require(error?.confirmation?.conflicts.first)
            #expect(conflict.message == "Teammate (East) has an open follow-up about it: “Renewal offer”, due in 2 days.")
            #expect(conflict.details["task_id"] == .string(task.id.description))
            #expect(conflict.details["owner"] == .string("Teammate"))
            #expect(conflict.details["owner_id"] == .string(try #require(f.teammate.userID).description))

            // Its owner may make the call; so may anyone about another purpose.
            try await f.touch(ana, about: renewal, at: now, by: f.teammate)
            try await f.touch(ana, about: try await f.purpose(named: "Upsell"), at: now, by: f.rep)
            // Once it is done (or deleted) it no longer stands in the way.
            _ = try await f.tasks.update(task.id, try changes(Todo.self, ["status": .string("done")]), expecting: 1, by: f.teammate)
            try await f.touch(ana, about: renewal, at: now, by: f.rep)

            let other = try await f.task(
                ["title": .string("Second offer"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id)], by: f.teammate)
            let error1 = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep) }
            #expect(error1?.conflictCodes == ["open_follow_up"])
            _ = try await f.tasks.delete(other.id, expecting: 1, by: f.teammate)
            try await f.touch(ana, about: renewal, at: now, by: f.rep)
            #expect(try await f.rows("activities") == 4)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFrequencyCapCountsEveryTeamsOutboundContacts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            #expect(try await f.store.purposes.cap(in: f.workspace.id) == .standard)
            try await f.store.purposes.setCap(OutreachCap(touches: 2, days: 7), by: f.admin)
            #expect(try await f.store.purposes.cap(in: f.workspace.id) == OutreachCap(touches: 2, days: 7))
            let now = wholeSecondNow()
            try await f.touch(ana, about: nil, at: now.adding(seconds: -2 * day), by: f.rep)
            try await f.touch(ana, about: nil, at: now.adding(seconds: -day), by: f.outsider, kind: "email")
            // Inbound contacts and notes are not ours to count.
            try await f.touch(ana, about: nil, at: now.adding(seconds: -day), by: f.rep, direction: "inbound")
            try await f.touch(ana, about: nil, at: now.adding(seconds: -day), by: f.rep, kind: "note")

            let error = await rapportError { try await f.touch(ana, about: nil, at: now, by: f.teammate) }
            #expect(error?.conflictCodes == ["frequency_cap"])
            let conflict = try #require(error?.confirmation?.conflicts.first)
            #expect(conflict.details["touches"] == .int(2))
            #expect(conflict.details["cap_touches"] == .int(2))
            #expect(conflict.details["cap_days"] == .int(7))
            #expect(conflict.message == "Ana Ruiz already has 2 outbound contacts within 7 days of this one; the limit is 2.")

            // A week after the first one, there is room again.
            try await f.touch(ana, about: nil, at: now.adding(seconds: 5 * day), by: f.teammate)
            // Zero touches turns the cap off.
            try await f.store.purposes.setCap(OutreachCap(touches: 0, days: 7), by: f.admin)
            try await f.touch(ana, about: nil, at: now, by: f.teammate)
            #expect(try await f.rows("activities") == 6)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOptedOutContactGetsNoEmailButMayBeCalled(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(
                ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "email_opt_out": .bool(true)], by: f.rep)
            let now = wholeSecondNow()
            let error = await rapportError { try await f.touch(ana, about: nil, at: now, by: f.rep, kind: "email") }
            #expect(error?.conflictCodes == ["email_opt_out"])
            #expect(error?.confirmation?.conflicts.first?.message == "Ana Ruiz has opted out of email.")
            try await f.touch(ana, about: nil, at: now, by: f.rep, kind: "call")
            try await f.touch(ana, about: nil, at: now, by: f.rep, kind: "email", direction: "inbound")
            #expect(try await f.rows("activities") == 2)
            let asked = try await f.store.outreach.check(f.request(ana, about: nil, at: now, by: f.rep, channel: "email"), by: f.rep)
            #expect(asked.map(\.code) == ["email_opt_out"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func everyConflictIsListedMostSeriousFirst(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            _ = try await f.contacts.update(ana.id, try changes(Contact.self, ["email_opt_out": .bool(true)]), expecting: 1, by: f.rep)
            try await f.store.purposes.setCap(OutreachCap(touches: 1, days: 7), by: f.admin)
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -day), by: f.outsider)
            try await f.task(["title": .string("Renewal offer"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id)], by: f.outsider)
            let error = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep, kind: "email") }
            #expect(error?.conflictCodes == ["email_opt_out", "same_purpose_other_team", "open_follow_up", "frequency_cap"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func inboundContactsAndNotesAreNeverHeld(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            try await f.store.purposes.setCap(OutreachCap(touches: 1, days: 7), by: f.admin)
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -day), by: f.outsider)
            try await f.task(["title": .string("Renewal offer"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id)], by: f.outsider)
            for kind in ["call", "email", "meeting"] {
                try await f.touch(ana, about: renewal, at: now, by: f.rep, kind: kind, direction: "inbound")
            }
            try await f.touch(ana, about: renewal, at: now, by: f.rep, kind: "note")
            #expect(try await f.rows("activities") == 5)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anOverrideReasonLetsItThroughAndIsKept(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -3 * day), by: f.outsider)
            let error2 = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep) }
            #expect(error2?.conflictCodes == ["same_purpose_other_team"])
            let call = try await f.touch(
                ana, about: renewal, at: now, by: f.rep, ["override_reason": .string("She asked us to call about the renewal")])
            #expect(call["override_reason"] == .text("She asked us to call about the renewal"))
            #expect(try await f.activities.get(call.id, by: f.teammate)["override_reason"] == .text("She asked us to call about the renewal"))
            // A blank reason is no reason.
            let blank = await rapportError { try await f.touch(ana, about: renewal, at: now, by: f.rep, ["override_reason": .string("  ")]) }
            #expect(blank?.conflictCodes == ["same_purpose_other_team"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func cancelledAndDeletedContactsDoNotCountButPlannedOnesDo(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            try await f.store.purposes.setCap(OutreachCap(touches: 0, days: 7), by: f.admin)
            let renewal = try await f.purpose(named: "Renewal")
            let upsell = try await f.purpose(named: "Upsell")
            let now = wholeSecondNow()
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -3 * day), by: f.outsider, ["status": .string("cancelled")])
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -day), by: f.rep)

            let deleted = try await f.touch(ana, about: upsell, at: now.adding(seconds: -2 * day), by: f.outsider)
            let error3 = await rapportError { try await f.touch(ana, about: upsell, at: now, by: f.rep) }
            #expect(error3?.conflictCodes == ["same_purpose_other_team"])
            _ = try await f.activities.delete(deleted.id, expecting: 1, by: f.outsider)
            try await f.touch(ana, about: upsell, at: now, by: f.rep)

            let planned = try await f.touch(
                ana, about: renewal, at: now.adding(seconds: 3 * day), by: f.outsider, ["override_reason": .string("Agreed")])
            #expect(planned["status"] == .text("planned"))
            let soon = now.adding(seconds: 60)
            let error = await rapportError { try await f.touch(ana, about: renewal, at: soon, by: f.rep) }
            #expect(error?.conflictCodes == ["same_purpose_other_team"])
            #expect(error?.confirmation?.conflicts.first?.message == "Service (Outsider) plans to call Ana Ruiz about Renewal in 3 days.")
            // Cancelling it afterwards frees the way.
            _ = try await f.activities.update(
                planned.id, try changes(Activity.self, ["status": .string("cancelled")]), expecting: 1, by: f.outsider)
            try await f.touch(ana, about: renewal, at: now.adding(seconds: 60), by: f.rep)
            #expect(try await f.rows("activities") == 6)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewTaskWithAPurposeIsHeldUnlessOverridden(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            try await f.touch(ana, about: renewal, at: wholeSecondNow().adding(seconds: -day), by: f.outsider)
            let error = await rapportError {
                try await f.task(["title": .string("Call about renewal"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id)], by: f.rep)
            }
            #expect(error?.conflictCodes == ["same_purpose_other_team"])
            #expect(error?.confirmation?.field == "override")
            // Without a purpose, or already done, there is nothing to warn about.
            try await f.task(["title": .string("Call her"), "contact_id": ref(ana.id)], by: f.rep)
            try await f.task(
                ["title": .string("Called"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id), "status": .string("done")], by: f.rep)
            let task = try await f.task(
                ["title": .string("Call about renewal"), "contact_id": ref(ana.id), "purpose_id": ref(renewal.id), "override": .bool(true)],
                by: f.rep)
            #expect(task["purpose_id"] == .id(renewal.id.uuid))
            #expect(try await f.rows("tasks") == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func askingAboutAnUnknownContactNamesTheField(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let request = OutreachRequest(
                contactID: UUID(), accountID: nil, purposeID: nil, channel: "call", outbound: true, at: .now(), userID: f.rep.userID,
                teamID: f.rep.teamID)
            let error4 = await rapportError { try await f.store.outreach.check(request, by: f.rep) }
            #expect(error4?.fields == ["contact_id"])
        }
    }
}
