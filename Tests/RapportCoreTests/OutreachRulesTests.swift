import Foundation
import RapportCore
import Testing

@Suite struct OutreachRulesTests {
    let renewal = Purpose(id: .make(), name: "Renewal", quietDays: 14, retired: false, position: 1)
    let upsell = Purpose(id: .make(), name: "Upsell", quietDays: 14, retired: false, position: 2)
    let sales = Team.ID(UUIDv7.make())
    let billing = Team.ID(UUIDv7.make())
    let me = User.ID(UUIDv7.make())
    let colleague = User.ID(UUIDv7.make())
    let contact = UUIDv7.make()
    let now = Timestamp(micros: 1_795_357_800_000_000)
    let day: Int64 = 86_400

    func request(channel: String = "call", purpose: Purpose? = nil, outbound: Bool = true) -> OutreachRequest {
        OutreachRequest(
            contactID: contact, accountID: nil, purposeID: (purpose ?? renewal).id.uuid, channel: channel, outbound: outbound,
            at: now, userID: me, teamID: sales)
    }

    func touch(_ team: Team.ID?, daysAgo: Double, purpose: Purpose? = nil, outbound: Bool = true, contact: UUID? = nil) -> OutreachTouch {
        OutreachTouch(
            activityID: UUIDv7.make(), kind: "call", outbound: outbound, purposeID: (purpose ?? renewal).id.uuid,
            purposeName: (purpose ?? renewal).name, contactID: contact ?? self.contact, contactName: "Ana Ruiz", teamID: team,
            teamName: team == billing ? "Billing" : "Sales", userName: "Dana Lee",
            at: Timestamp(micros: now.micros - Int64(daysAgo * Double(day) * 1_000_000)))
    }

    func conflicts(
        _ request: OutreachRequest, purpose: Purpose? = nil, touches: [OutreachTouch] = [], followUps: [OpenFollowUp] = [],
        cap: OutreachCap = OutreachCap(touches: 0, days: 7), optOut: Bool = false
    ) -> [Conflict] {
        OutreachRules.conflicts(
            request, purpose: purpose ?? renewal, touches: touches, followUps: followUps, cap: cap, emailOptOut: optOut,
            contactName: "Ana Ruiz")
    }

    @Test func anotherTeamWithTheSamePurposeInsideTheWindowConflicts() throws {
        let found = conflicts(request(), touches: [touch(billing, daysAgo: 3)])
        let conflict = try #require(found.first)
        #expect(found.count == 1)
        #expect(conflict.code == "same_purpose_other_team")
        #expect(conflict.message == "Billing (Dana Lee) called Ana Ruiz about Renewal 3 days ago.")
        #expect(conflict.details["team"] == .string("Billing"))
        #expect(conflict.details["quiet_days"] == .int(14))
    }

    @Test func theSameTeamOrAnotherPurposeDoesNot() {
        #expect(conflicts(request(), touches: [touch(sales, daysAgo: 1)]).isEmpty)
        #expect(conflicts(request(), touches: [touch(billing, daysAgo: 1, purpose: upsell)]).isEmpty)
    }

    @Test func theWindowIsStrictAtItsEdgeAndLooksBothWays() {
        #expect(conflicts(request(), touches: [touch(billing, daysAgo: 14)]).isEmpty)
        #expect(conflicts(request(), touches: [touch(billing, daysAgo: 13.99)]).count == 1)
        // A planned contact by another team 5 days from now counts too.
        let planned = conflicts(request(), touches: [touch(billing, daysAgo: -5)])
        #expect(planned.map(\.code) == ["same_purpose_other_team"])
        #expect(planned.first?.message == "Billing (Dana Lee) plans to call Ana Ruiz about Renewal in 5 days.")
        #expect(conflicts(request(), touches: [touch(billing, daysAgo: -14)]).isEmpty)
    }

    @Test func aZeroDayWindowTurnsTheRuleOff() {
        let quiet = Purpose(id: renewal.id, name: "Renewal", quietDays: 0, retired: false, position: 1)
        #expect(conflicts(request(), purpose: quiet, touches: [touch(billing, daysAgo: 0.1)]).isEmpty)
    }

    @Test func anOpenFollowUpOwnedBySomeoneElseConflicts() throws {
        let theirs = OpenFollowUp(
            taskID: UUIDv7.make(), title: "Call about renewal", purposeID: renewal.id.uuid, ownerID: colleague,
            ownerName: "Sam Stone", teamName: "Billing", dueAt: Timestamp(micros: now.micros + 2 * day * 1_000_000))
        let mine = OpenFollowUp(
            taskID: UUIDv7.make(), title: "Mine", purposeID: renewal.id.uuid, ownerID: me, ownerName: "Me", teamName: "Sales",
            dueAt: nil)
        let other = OpenFollowUp(
            taskID: UUIDv7.make(), title: "Upsell", purposeID: upsell.id.uuid, ownerID: colleague, ownerName: "Sam Stone",
            teamName: "Billing", dueAt: nil)
        let found = conflicts(request(), followUps: [theirs, mine, other])
        #expect(found.map(\.code) == ["open_follow_up"])
        #expect(found.first?.message == "Sam Stone (Billing) has an open follow-up about it: “Call about renewal”, due in 2 days.")
    }

    @Test func theFrequencyCapCountsOutboundTouchesInAnySlidingWindow() {
        let cap = OutreachCap(touches: 3, days: 7)
        let two = [touch(sales, daysAgo: 1, purpose: upsell), touch(sales, daysAgo: 2, purpose: upsell)]
        #expect(conflicts(request(), touches: two, cap: cap).isEmpty)
        let three = two + [touch(sales, daysAgo: 6.9, purpose: upsell)]
        let found = conflicts(request(), touches: three, cap: cap)
        #expect(found.map(\.code) == ["frequency_cap"])
        #expect(found.first?.message == "Ana Ruiz already has 3 outbound contacts within 7 days of this one; the limit is 3.")
        // Exactly seven days ago has left the window; inbound touches and other contacts never count.
        #expect(conflicts(request(), touches: two + [touch(sales, daysAgo: 7, purpose: upsell)], cap: cap).isEmpty)
        #expect(conflicts(request(), touches: two + [touch(sales, daysAgo: 3, purpose: upsell, outbound: false)], cap: cap).isEmpty)
        #expect(
            conflicts(request(), touches: two + [touch(sales, daysAgo: 3, purpose: upsell, contact: UUIDv7.make())], cap: cap).isEmpty)
        // Touches planned after this one share its window as well.
        let around = [touch(sales, daysAgo: 3, purpose: upsell), touch(sales, daysAgo: -2, purpose: upsell), touch(sales, daysAgo: -3, purpose: upsell)]
        #expect(conflicts(request(), touches: around, cap: cap).map(\.code) == ["frequency_cap"])
        // Spread out so that no seven-day window holds four: allowed.
        let spread = [touch(sales, daysAgo: 6, purpose: upsell), touch(sales, daysAgo: 5, purpose: upsell), touch(sales, daysAgo: -6.5, purpose: upsell)]
        #expect(conflicts(request(), touches: spread, cap: cap).isEmpty)
        // Inbound requests are not outreach.
        #expect(conflicts(request(outbound: false), touches: three, cap: cap).isEmpty)
    }

    @Test func emailOptOutHoldsBackOnlyOutboundEmail() {
        #expect(conflicts(request(channel: "email"), optOut: true).map(\.code) == ["email_opt_out"])
        #expect(conflicts(request(channel: "call"), optOut: true).isEmpty)
        #expect(conflicts(request(channel: "email", outbound: false), optOut: true).isEmpty)
    }

    @Test func relativeTimesReadNaturally() {
        #expect(RelativeTime.phrase(Timestamp(micros: now.micros - 30_000_000), from: now) == "just now")
        #expect(RelativeTime.phrase(Timestamp(micros: now.micros - 3_600_000_000), from: now) == "1 hour ago")
        #expect(RelativeTime.phrase(Timestamp(micros: now.micros + 2 * 86_400_000_000), from: now) == "in 2 days")
    }
}
