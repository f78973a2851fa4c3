import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ForecastStoreTests {
    let day: Int64 = 86_400

    /// Moves a deal at a pinned moment.
    func move(_ f: Fixture, _ deal: Record<Deal>, to stage: String, at: Timestamp, by: Principal, with pairs: KeyValuePairs<String, JSONValue> = [:])
        async throws -> Record<Deal>
    {
        let target = try await f.stage(stage)
        return try await Timestamp.$pinned.withValue(at) { try await f.move(deal, to: target, with: pairs, by: by) }
    }

    /// Ten closed deals that went through Proposal: 6 won, 4 lost — so a Proposal deal is won 60% of the time.
    func history(_ f: Fixture, now: Timestamp) async throws {
        for i in 0..<10 {
            let start = now.adding(seconds: -Int64(100 - i) * day)
            var deal = try await Timestamp.$pinned.withValue(start) {
                try await f.deal(["name": .string("Old \(i)"), "amount": money(1000, "USD"), "close_date": .string("2020-01-01")], by: f.rep)
            }
            deal = try await move(f, deal, to: "Proposal", at: start.adding(seconds: 5 * day), by: f.rep)
            deal = try await move(
                f, deal, to: i < 6 ? "Closed won" : "Closed lost", at: start.adding(seconds: 10 * day), by: f.rep,
                with: ["lost_reason": .string("price")])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theForecastAddsUpCategoriesWeightedAndHistoricalPerPersonTeamAndWorkspace(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let now = Timestamp.now()
            try await history(f, now: now)
            try await f.store.forecasts.settings.setRate(Decimal(string: "1.25")!, of: "EUR", by: f.admin)
            let period = try ForecastPeriod(parsing: "2031-Q2")
            // Rep (East): an open Proposal deal of EUR 8,000 (USD 10,000) at 50%, a won USD 3,000.
            var proposal = try await f.deal(["name": .string("P"), "amount": money(800_000, "EUR"), "close_date": .string("2031-05-10")], by: f.rep)
            proposal = try await f.move(proposal, to: try await f.stage("Proposal"), by: f.rep)
            var won = try await f.deal(["name": .string("W"), "amount": money(300_000, "USD"), "close_date": .string("2031-04-02")], by: f.rep)
            won = try await f.move(won, to: try await f.stage("Closed won"), by: f.rep)
            // RepSales (Sales): a USD 20,000 Negotiation deal committed at 75%.
            var negotiation = try await f.deal(
                ["name": .string("N"), "amount": money(2_000_000, "USD"), "close_date": .string("2031-06-30"), "next_step": .string("Sign")],
                by: f.repSales)
            negotiation = try await f.move(negotiation, to: try await f.stage("Negotiation"), by: f.repSales)
            // Outside the period, and in a currency without a rate.
            try await f.deal(["name": .string("Later"), "amount": money(100, "USD"), "close_date": .string("2031-07-01")], by: f.rep)
            try await f.deal(["name": .string("Pounds"), "amount": money(100, "GBP"), "close_date": .string("2031-05-01")], by: f.rep)

            let report = try await f.store.forecasts.report(period, by: f.admin)
            #expect(report.currency == "USD")
            #expect(report.unconverted == ["GBP": 1])
            // The ten old deals and W, closed just now (straight from Qualification: no Proposal stay).
            #expect(report.measuredDeals == 11)
            let lines = Dictionary(report.lines.map { ($0.scope.name, $0) }, uniquingKeysWith: { a, _ in a })
            let rep = try #require(lines["Rep"]?.figures)
            #expect(rep.won == 300_000 && rep.bestCase == 1_000_000 && rep.commit == 0)
            #expect(rep.weighted == 300_000 + 500_000)
            // Proposal deals are won 60% of the time here (the fresh group: 10 closed deals).
            #expect(rep.historical == 300_000 + 600_000)
            let east = try #require(lines["East"]?.figures)
            #expect(east == rep)
            let sales = try #require(lines["Sales"]?.figures)
            #expect(sales.commit == 2_000_000 && sales.bestCaseTotal == 3_300_000)
            #expect(sales.weighted == 800_000 + 1_500_000)
            // Negotiation has no history: its own 75% stands in.
            #expect(sales.historical == 900_000 + 1_500_000)
            #expect(lines["Everyone"]?.figures == sales)
            // A rep sees only what they may see.
            let mine = try await f.store.forecasts.report(period, by: f.rep)
            #expect(mine.lines.first?.figures == rep)
        }
    }

    @Test(arguments: TestDatabase.all)
    func quotasAttainmentAndAdjustmentsThatKeepBothNumbers(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let period = try ForecastPeriod(parsing: "2031-Q2")
            var won = try await f.deal(["name": .string("W"), "amount": money(300_000, "USD"), "close_date": .string("2031-04-02")], by: f.rep)
            won = try await f.move(won, to: try await f.stage("Closed won"), by: f.rep)
            let repScope = ForecastScope(kind: .user, id: f.rep.userID?.uuid, name: "Rep")
            let eastScope = ForecastScope(kind: .team, id: f.east.id.uuid, name: "East")
            try await f.store.forecasts.setQuota(1_200_000, scope: repScope, period: period, by: f.manager)
            let byRep = await rapportError { try await f.store.forecasts.setQuota(1, scope: repScope, period: period, by: f.rep) }
            #expect(byRep?.kind == "forbidden")
            let otherTeam = await rapportError {
                try await f.store.forecasts.setQuota(1, scope: ForecastScope(kind: .team, id: f.service.id.uuid, name: ""), period: period, by: f.manager)
            }
            #expect(otherTeam?.kind == "forbidden")
            let adjusted = try await f.store.forecasts.adjust(.commit, of: eastScope, period: period, to: 500_000, note: "Two renewals sign in June", by: f.manager)
            #expect(adjusted.by == "Manager")
            let noNote = await rapportError { try await f.store.forecasts.adjust(.commit, of: eastScope, period: period, to: 1, note: " ", by: f.manager) }
            #expect(noNote?.fields == ["note"])
            let report = try await f.store.forecasts.report(period, by: f.admin)
            let rep = try #require(report.lines.first { $0.scope.key == repScope.key })
            #expect(rep.quota == 1_200_000)
            #expect(rep.attainment == 2_500)
            let east = try #require(report.lines.first { $0.scope.key == eastScope.key })
            #expect(east.quota == 1_200_000)  // the team's people's quotas, none set for the team itself
            #expect(east.figures.commitTotal == 300_000)  // the computed number stays
            #expect(east.adjustments[.commit]?.amount == 500_000)
            #expect(east.adjustments[.commit]?.note == "Two renewals sign in June")
            let stored = try await f.db.read { sql in
                try await sql.raw("SELECT computed, amount FROM forecast_adjustments").first()
            }
            #expect(try stored?.decode(column: "computed", as: Int64.self) == 300_000)
            #expect(try stored?.decode(column: "amount", as: Int64.self) == 500_000)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aForecastAsOfAPastMomentReadsTheDealsAsTheyWere(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let period = try ForecastPeriod(parsing: "2031-Q2")
            let then = Timestamp.now().adding(seconds: -10 * day)
            var deal = try await Timestamp.$pinned.withValue(then) {
                try await f.deal(["name": .string("Grows"), "amount": money(100_000, "USD"), "close_date": .string("2031-05-01")], by: f.rep)
            }
            deal = try await f.move(deal, to: try await f.stage("Proposal"), with: ["amount": money(400_000, "USD")], by: f.rep)
            let past = try await f.store.forecasts.report(period, asOf: then.adding(seconds: day), by: f.admin)
            #expect(past.lines[0].figures.pipeline == 100_000)
            #expect(past.lines[0].figures.weighted == 10_000)
            let present = try await f.store.forecasts.report(period, by: f.admin)
            #expect(present.lines[0].figures.bestCase == 400_000)
            #expect(try await f.store.forecasts.report(period, asOf: then.adding(seconds: -day), by: f.admin).lines[0].figures.openDeals == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func weeklySnapshotsAreWrittenOnceADayAndFeedTheAccuracyReport(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let zone = TimeZone(identifier: f.workspace.timeZone) ?? .gmt
            let today = try #require(LocalDate.of(.now(), in: zone))
            let lastQuarter = ForecastPeriod(.quarter, containing: today).previous()
            let inLastQuarter = Timestamp.parse("\(lastQuarter.first)T12:00:00Z")!.adding(seconds: 20 * day)
            var deal = try await Timestamp.$pinned.withValue(inLastQuarter) {
                try await f.deal(["name": .string("Q"), "amount": money(500_000, "USD"), "close_date": .string(lastQuarter.last.description)], by: f.rep)
            }
            let written = try await f.store.forecasts.takeSnapshots(workspace: f.workspace.id, at: inLastQuarter.adding(seconds: 3600))
            #expect(written > 0)
            #expect(try await f.store.forecasts.takeSnapshots(workspace: f.workspace.id, at: inLastQuarter.adding(seconds: 7200)) == 0)
            deal = try await Timestamp.$pinned.withValue(inLastQuarter.adding(seconds: 10 * day)) {
                try await f.move(deal, to: try await f.stage("Closed won"), by: f.rep)
            }
            let accuracy = try await f.store.forecasts.accuracy(.quarter, scope: ForecastScope(kind: .workspace, id: nil, name: ""), count: 1, by: f.admin)
            #expect(accuracy.count == 1)
            #expect(accuracy[0].period == lastQuarter)
            #expect(accuracy[0].actual == 500_000)
            #expect(accuracy[0].snapshots.count == 1)
            #expect(accuracy[0].snapshots[0].figures.pipeline == 500_000)
            #expect(accuracy[0].snapshots[0].figures.weighted == 50_000)
        }
    }
}
