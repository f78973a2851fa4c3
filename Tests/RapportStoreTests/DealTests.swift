import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct DealTests {
    @Test(arguments: TestDatabase.all)
    func aNewDealStartsInTheFirstStageWithItsProbabilityAndCategory(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let sales = try await f.salesPipeline()
            let deal = try await f.deal(["name": .string("Spectrometers for Acme")], by: f.rep)
            #expect(deal["pipeline_id"]?.uuid == sales.id.uuid)
            #expect(deal["stage_id"]?.uuid == sales.stages[0].id.uuid)
            #expect(deal["probability"] == .int(10))
            #expect(deal["forecast_category"] == .text("pipeline"))
            #expect(deal["stage_entered_at"] != nil)
            #expect(deal["closed_at"] == nil)
            // A probability given with the deal wins over the stage's.
            let confident = try await f.deal(["name": .string("Confident"), "probability": .int(40)], by: f.rep)
            #expect(confident["probability"] == .int(40))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aStageRefusesDealsWithoutItsRequiredFieldsAndNamesThem(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let deal = try await f.deal(["name": .string("Lab retrofit")], by: f.rep)
            let proposal = try await f.stage("Proposal")
            let refused = await rapportError { try await f.move(deal, to: proposal, by: f.rep) }
            #expect(refused?.fields == ["amount", "close_date"])
            #expect(try await f.deals.get(deal.id, by: f.rep).version == 1)
            let moved = try await f.move(deal, to: proposal, with: ["amount": money(4_500_000), "close_date": .string("2027-03-31")], by: f.rep)
            #expect(moved["stage_id"]?.uuid == proposal.id.uuid)
            #expect(moved["probability"] == .int(50))
            #expect(moved["forecast_category"] == .text("best_case"))
            // Clearing a field the current stage needs is refused too.
            let clear = await rapportError {
                try await f.deals.update(deal.id, try changes(Deal.self, ["close_date": .null]), expecting: moved.version, by: f.rep)
            }
            #expect(clear?.fields == ["close_date"])
            // A probability set in the same change as the move wins over the stage's default.
            let negotiation = try await f.stage("Negotiation")
            let adjusted = try await f.move(moved, to: negotiation, with: ["probability": .int(60), "next_step": .string("Legal review")], by: f.rep)
            #expect(adjusted["probability"] == .int(60))
            #expect(adjusted["forecast_category"] == .text("commit"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func closedStagesCloseTheDealAndReopeningClearsTheCloseTime(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let deal = try await f.deal(["name": .string("Renewal 2027"), "amount": money(1_200_000)], by: f.rep)
            let won = try await f.move(deal, to: try await f.stage("Closed won"), with: ["probability": .int(30)], by: f.rep)
            #expect(won["forecast_category"] == .text("won"))
            #expect(won["probability"] == .int(100))
            #expect(won["closed_at"] != nil)
            let reopened = try await f.move(won, to: try await f.stage("Qualification"), by: f.rep)
            #expect(reopened["closed_at"] == nil)
            #expect(reopened["forecast_category"] == .text("pipeline"))
            let lost = await rapportError { try await f.move(reopened, to: try await f.stage("Closed lost"), by: f.rep) }
            #expect(lost?.fields == ["lost_reason"])
            let claimWon = await rapportError {
                try await f.deals.update(reopened.id, try changes(Deal.self, ["forecast_category": .string("won")]), expecting: reopened.version, by: f.rep)
            }
            #expect(claimWon?.fields == ["forecast_category"])
            let negative = await rapportError { try await f.deal(["name": .string("Refund"), "amount": money(-5)], by: f.rep) }
            #expect(negative?.fields == ["amount"])
            let setByRapport = await rapportError { try await f.deal(["name": .string("Early"), "closed_at": .string("2026-01-01T00:00:00Z")], by: f.rep) }
            #expect(setByRapport?.fields == ["closed_at"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theStageMustBelongToThePipelineAndANewPipelineAloneMovesToItsFirstStage(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let renewals = try await f.store.pipelines.addPipeline(name: "Renewals", by: f.admin)
            let proposal = try await f.stage("Proposal")
            let mismatch = await rapportError {
                try await f.deal(["name": .string("Mixed"), "pipeline_id": ref(renewals.id), "stage_id": ref(proposal.id)], by: f.rep)
            }
            #expect(mismatch?.fields == ["stage_id"])
            let deal = try await f.deal(["name": .string("Moves pipelines")], by: f.rep)
            let moved = try await f.deals.update(
                deal.id, try changes(Deal.self, ["pipeline_id": ref(renewals.id)]), expecting: 1, by: f.rep)
            #expect(moved["pipeline_id"]?.uuid == renewals.id.uuid)
            #expect(moved["stage_id"]?.uuid == renewals.stages[0].id.uuid)
        }
    }

    @Test(arguments: TestDatabase.all)
    func stageHistoryKeepsEveryStayWithWhoMovedItAndAmountChangesDoNotStartANewOne(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            var deal = try await f.deal(["name": .string("History"), "amount": money(100_000)], by: f.rep)
            deal = try await f.move(deal, to: try await f.stage("Discovery"), with: ["contact_id": ref(try await f.contact(["last_name": .string("Buyer")], by: f.rep).id)], by: f.teammate)
            deal = try await f.deals.update(deal.id, try changes(Deal.self, ["amount": money(250_000)]), expecting: deal.version, by: f.rep)
            deal = try await f.move(deal, to: try await f.stage("Proposal"), with: ["close_date": .string("2027-06-30")], by: f.rep)
            let spans = try await f.store.dealHistory.stages(of: deal.id, by: f.rep)
            #expect(spans.map(\.stageID) == [try await f.stage("Qualification").id, try await f.stage("Discovery").id, try await f.stage("Proposal").id])
            #expect(spans.map(\.movedBy) == [f.rep.userID, f.teammate.userID, f.rep.userID])
            #expect(spans[0].leftAt == spans[1].enteredAt)
            #expect(spans[1].leftAt != nil && spans[2].leftAt == nil)
            #expect(spans.allSatisfy { $0.seconds(now: .now()) >= 0 })
            // Someone who cannot see the deal cannot read its history.
            let hidden = await rapportError { try await f.store.dealHistory.stages(of: deal.id, by: f.outsider) }
            #expect(hidden?.kind == "notFound")
        }
    }

    @Test(arguments: TestDatabase.all)
    func theHistoryRebuiltFromTheEventLogEqualsTheOneKeptAtWriteTime(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            var a = try await f.deal(["name": .string("A"), "amount": money(500_000)], by: f.rep)
            a = try await f.move(a, to: try await f.stage("Proposal"), with: ["close_date": .string("2027-01-15")], by: f.rep)
            a = try await f.deals.update(a.id, try changes(Deal.self, ["owner_id": ref(f.teammate.userID)]), expecting: a.version, by: f.rep)
            var b = try await f.deal(["name": .string("B")], by: f.manager)
            b = try await f.deals.delete(b.id, expecting: b.version, by: f.manager)
            b = try await f.deals.restore(b.id, by: f.manager)
            _ = try await f.deals.update(b.id, try changes(Deal.self, ["next_step": .string("Only a next step")]), expecting: b.version, by: f.manager)
            let kept = try await rows(f)
            #expect(kept.count == 5)
            try await f.store.dealHistory.rebuild(workspace: f.workspace.id)
            let rebuilt = try await rows(f)
            #expect(rebuilt == kept)
        }
    }

    func rows(_ f: Fixture) async throws -> [String] {
        try await f.db.read { sql in
            try await sql.raw(
                """
                SELECT deal_id, valid_from, valid_to, stage_id, stage_entered_at, amount, probability, forecast_category, close_date,
                       owner_id, changed_by FROM deal_history ORDER BY deal_id, valid_from
                """
            ).all().map { row in
                [
                    try row.decode(column: "deal_id", as: UUID.self).uuidString,
                    String(try row.decode(column: "valid_from", as: Int64.self)),
                    String(describing: try row.decode(column: "valid_to", as: Int64?.self)),
                    String(describing: try row.decode(column: "stage_id", as: UUID?.self)),
                    String(try row.decode(column: "stage_entered_at", as: Int64.self)),
                    String(describing: try row.decode(column: "amount", as: Int64?.self)),
                    String(describing: try row.decode(column: "probability", as: Int64?.self)),
                    try row.decode(column: "forecast_category", as: String.self),
                    try row.decode(column: "close_date", as: String.self),
                    String(describing: try row.decode(column: "owner_id", as: UUID?.self)),
                    String(describing: try row.decode(column: "changed_by", as: UUID?.self)),
                ].joined(separator: "|")
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func thePipelineAsOfAMomentIsHowItStoodThen(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let sales = try await f.salesPipeline()
            let a = try await f.deal(["name": .string("A"), "amount": money(100_000)], by: f.rep)
            let b = try await f.deal(["name": .string("B"), "amount": money(300_000)], by: f.rep)
            try await Task.sleep(for: .milliseconds(5))
            let before = Timestamp.now()
            try await Task.sleep(for: .milliseconds(5))
            _ = try await f.move(a, to: try await f.stage("Proposal"), with: ["close_date": .string("2027-02-01"), "amount": money(150_000)], by: f.rep)
            _ = try await f.deals.delete(b.id, expecting: b.version, by: f.rep)
            let then = PipelineSnapshot(pipeline: sales, at: before, states: try await f.store.dealHistory.asOf(before, pipeline: sales.id, by: f.rep))
            #expect(then.rows[0].count == 2)
            #expect(then.rows[0].amounts == [Money(minor: 400_000, currency: "EUR")])
            #expect(then.rows[0].weighted == [Money(minor: 40_000, currency: "EUR")])
            #expect(then.rows[2].count == 0)
            let now = PipelineSnapshot(pipeline: sales, at: .now(), states: try await f.store.dealHistory.asOf(.now(), pipeline: sales.id, by: f.rep))
            #expect(now.rows[0].count == 0)
            #expect(now.rows[2].count == 1)
            #expect(now.rows[2].amounts == [Money(minor: 150_000, currency: "EUR")])
            #expect(now.rows[2].weighted == [Money(minor: 75_000, currency: "EUR")])
            // Before anything existed the pipeline was empty; others' deals are not shown to a rep.
            #expect(try await f.store.dealHistory.asOf(Timestamp(micros: 0), pipeline: nil, by: f.rep).isEmpty)
            #expect(try await f.store.dealHistory.asOf(.now(), pipeline: nil, by: f.outsider).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theBoardPagesAColumnAndTotalsEachCurrency(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let first = try await f.stage("Qualification")
            for i in 0..<30 {
                try await f.deal(
                    [
                        "name": .string("Deal \(i)"), "amount": money(Int64(1000 + i), i % 3 == 0 ? "USD" : "EUR"),
                        "close_date": .string("2027-01-\(String(format: "%02d", i % 28 + 1))"),
                    ], by: f.rep)
            }
            try await f.deal(["name": .string("Someone else's")], by: f.outsider)
            let sales = try await f.salesPipeline()
            let totals = try await f.store.dealBoard.totals(of: sales, by: f.rep)
            #expect(totals[first.id]?.count == 30)
            // EUR: the 20 deals with i not a multiple of 3 (20,000 + 300); USD: the other 10 (10,000 + 135). 10% weighted.
            #expect(totals[first.id]?.amounts == [Money(minor: 20_300, currency: "EUR"), Money(minor: 10_135, currency: "USD")])
            #expect(totals[first.id]?.weighted == [Money(minor: 2030, currency: "EUR"), Money(minor: 1014, currency: "USD")])
            let page1 = try await f.store.dealBoard.column(first, after: nil, limit: 25, by: f.rep)
            #expect(page1.items.count == 25)
            let next = try #require(page1.nextCursor)
            let page2 = try await f.store.dealBoard.column(first, after: try Cursor(decoding: next), limit: 25, by: f.rep)
            #expect(page2.items.count == 5)
            #expect(page2.nextCursor == nil)
            let all = page1.items + page2.items
            #expect(Set(all.map(\.id)).count == 30)
            let dates = all.map { $0["close_date"]?.date?.description ?? "" }
            #expect(dates == dates.sorted())
            // An admin sees the outsider's deal too.
            #expect(try await f.store.dealBoard.totals(of: sales, by: f.admin)[first.id]?.count == 31)
        }
    }

    @Test(arguments: TestDatabase.all)
    func closedColumnsShowOnlyWhatClosedLately(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let won = try await f.stage("Closed won")
            let recent = try await f.deal(["name": .string("Recent win"), "amount": money(10), "stage_id": ref(won.id)], by: f.rep)
            let old = try await f.deal(["name": .string("Old win"), "amount": money(10), "stage_id": ref(won.id)], by: f.rep)
            let longAgo = Timestamp.now().adding(seconds: -40 * 86_400).micros
            try await f.db.write { sql in
                try await sql.raw("UPDATE deals SET closed_at = \(bind: longAgo) WHERE id = \(bind: old.id.uuid)").run()
            }
            let page = try await f.store.dealBoard.column(won, after: nil, by: f.rep)
            #expect(page.items.map(\.id) == [recent.id])
            #expect(try await f.store.dealBoard.totals(of: try await f.salesPipeline(), by: f.rep)[won.id]?.count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func peopleJoinADealWithARoleThatIsLoggedOnBoth(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (account, buyer) = try await f.sharedCustomer()
            let deal = try await f.deal(["name": .string("Roles"), "account_id": ref(account.id)], by: f.rep)
            let member = try await f.store.dealContacts.set(buyer.id, role: .champion, on: deal.id, by: f.rep)
            #expect(member.role == .champion)
            _ = try await f.store.dealContacts.set(buyer.id, role: .decisionMaker, on: deal.id, by: f.rep)
            let members = try await f.store.dealContacts.members(of: deal.id, by: f.rep)
            #expect(members.map(\.role) == [.decisionMaker])
            let dealHistory = try await f.deals.history(deal.id, by: f.rep)
            #expect(dealHistory.filter { $0.action == .related }.count == 2)
            let contactHistory = try await f.contacts.history(buyer.id, by: f.rep)
            #expect(contactHistory.first?.changes.first?.after == .string("Decision maker on Roles"))
            try await f.store.dealContacts.remove(buyer.id, from: deal.id, by: f.rep)
            #expect(try await f.store.dealContacts.members(of: deal.id, by: f.rep).isEmpty)
            let hidden = try await f.contact(["last_name": .string("Hidden")], by: f.outsider)
            let refused = await rapportError { try await f.store.dealContacts.set(hidden.id, role: .user, on: deal.id, by: f.rep) }
            #expect(refused?.fields == ["contact_id"])
            let viewer = await rapportError { try await f.store.dealContacts.set(buyer.id, role: .user, on: deal.id, by: f.viewer) }
            #expect(viewer?.kind == "forbidden")
        }
    }

    @Test(arguments: TestDatabase.all)
    func activitiesAboutADealAreOnItsTimelineAndTakeItsAccount(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (account, _) = try await f.sharedCustomer()
            let deal = try await f.deal(["name": .string("Timeline"), "account_id": ref(account.id)], by: f.rep)
            let call = try await f.activity(["kind": .string("call"), "deal_id": ref(deal.id), "direction": .string("inbound")], by: f.rep)
            #expect(call["account_id"]?.uuid == account.id.uuid)
            let page = try await f.store.timeline.page(of: deal, filter: TimelineFilter(kinds: ["call"]), by: f.rep)
            #expect(page.items.count == 1)
            let accountPage = try await f.store.timeline.page(of: account, filter: TimelineFilter(kinds: ["call"]), by: f.rep)
            #expect(accountPage.items.count == 1)
        }
    }
}
