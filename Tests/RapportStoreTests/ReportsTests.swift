import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct ReportsTests {
    /// The whole of the present: every write of a test falls in it.
    var now: ReportFilter {
        let today = LocalDate.today(in: .gmt)
        return ReportFilter(from: LocalDate(daysSinceEpoch: today.daysSinceEpoch - 1), to: LocalDate(daysSinceEpoch: today.daysSinceEpoch + 1))
    }

    func texts(_ table: ReportTable, column: Int = 0) -> [String] { table.rows.map { $0[column].display } }

    @Test(arguments: TestDatabase.all)
    func customersByTypeCountNewAndLostAndTheirWonRevenue(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let old = Timestamp.now().adding(seconds: -400 * 86_400)
            let veteran = try await Timestamp.$pinned.withValue(old) {
                try await f.account(["name": .string("Veteran"), "type": .string("customer"), "allow_duplicate": .bool(true)], by: f.rep)
            }
            try await f.account(["name": .string("Newcomer"), "type": .string("customer")], by: f.rep)
            let leaving = try await Timestamp.$pinned.withValue(old) {
                try await f.account(["name": .string("Leaving Ltd"), "type": .string("customer")], by: f.rep)
            }
            _ = try await f.accounts.update(leaving.id, try changes(Account.self, ["type": .string("prospect")]), expecting: 1, by: f.rep)
            var deal = try await f.deal(["name": .string("Won"), "account_id": ref(veteran.id), "amount": money(120_000, "USD")], by: f.rep)
            deal = try await f.move(deal, to: try await f.stage("Closed won"), by: f.rep)
            let table = try await f.store.reports.customers(by: .type, filter: now, principal: f.admin)
            #expect(texts(table) == ["Customer", "Prospect"])
            #expect(table.rows[0].map(\.display) == ["Customer", "2", "1", "0", "USD 1,200.00"])
            #expect(table.rows[1].map(\.display) == ["Prospect", "1", "0", "1", "USD 0.00"])
            #expect(table.total?.map(\.display) == ["Total", "3", "1", "1", "USD 1,200.00"])
            // Someone who sees none of it sees empty rows.
            #expect(try await f.store.reports.customers(by: .type, filter: now, principal: f.outsider).rows.isEmpty)
            #expect(table.csv.hasPrefix("Type,Accounts,New,No longer customers,Won revenue\r\nCustomer,2,1,0,1200.00\r\n"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func revenueByRepConvertsCurrenciesAndCountsTheAverage(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.store.forecasts.settings.setRate(Decimal(string: "1.5")!, of: "EUR", by: f.admin)
            let won = try await f.stage("Closed won")
            for (amount, currency, by) in [(100_000 as Int64, "USD", f.rep), (200_000, "EUR", f.rep), (50_000, "USD", f.teammate)] {
                try await f.deal(["name": .string("D"), "amount": money(amount, currency), "stage_id": ref(won.id)], by: by)
            }
            try await f.deal(["name": .string("Still open"), "amount": money(999_999, "USD")], by: f.rep)
            let table = try await f.store.reports.revenue(by: .rep, filter: now, principal: f.admin)
            #expect(table.rows.map { $0.map(\.display) } == [["Rep", "2", "USD 4,000.00", "USD 2,000.00"], ["Teammate", "1", "USD 500.00", "USD 500.00"]])
            #expect(table.total?[2] == .money(450_000, "USD"))
            let east = try await f.store.reports.revenue(by: .team, filter: ReportFilter(from: now.from, to: now.to, teamID: f.sales.id), principal: f.admin)
            #expect(east.rows.map { $0[0].display } == ["East"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theFunnelFollowsLeadsToWonDealsWithTimesAndVelocity(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let start = Timestamp.now().adding(seconds: -3 * 3600)
            var leads: [Record<Lead>] = []
            for i in 0..<4 {
                leads.append(try await Timestamp.$pinned.withValue(start) { try await f.lead(["company": .string("Lead \(i)")], by: f.rep) })
            }
            _ = try await f.leads.update(leads[0].id, try changes(Lead.self, ["status": .string("qualified")]), expecting: 1, by: f.rep)
            let outcome = try await f.store.conversion.convert(
                leads[1].id, ConversionPlan(account: .new, contact: .new, deal: .init(name: "From a lead", amount: Money(minor: 300_000, currency: "USD"))),
                expecting: nil, by: f.rep)
            let deal = try #require(outcome.deal)
            _ = try await f.move(deal, to: try await f.stage("Closed won"), by: f.rep)
            var lost = try await f.deal(["name": .string("Lost one")], by: f.rep)
            lost = try await f.move(lost, to: try await f.stage("Closed lost"), with: ["lost_reason": .string("price")], by: f.rep)
            try await f.deal(["name": .string("Open one")], by: f.rep)
            let funnel = try await f.store.reports.funnel(filter: now, principal: f.admin)
            #expect(funnel.leads == 4 && funnel.qualified == 2 && funnel.converted == 1)
            #expect(funnel.deals == 3 && funnel.won == 1 && funnel.lost == 1)
            let toConvert = try #require(funnel.medianDaysToConvert)
            #expect(toConvert > 0.1 && toConvert < 0.2)  // three hours
            // One open deal × USD 3,000 average win × 50% win rate ÷ a cycle under a day (counted as one).
            #expect(funnel.velocityPerDay == 150_000)
            let (table, _) = try await f.store.reports.funnelTable(filter: now, principal: f.admin)
            #expect(table.rows.map { $0[2].display } == ["—", "50.0%", "50.0%", "—", "33.3%"])
            #expect(table.facts.map(\.key) == ["win_rate", "median_days_to_convert", "median_days_to_win", "velocity_per_day"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func activityByPurposeCountsTouchesFollowUpsOnTimeAndOverrides(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, contact) = try await f.sharedCustomer()
            let renewal = try await f.purpose(named: "Renewal")
            try await f.activity(["kind": .string("call"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id)], by: f.rep)
            try await f.activity(["kind": .string("email"), "direction": .string("inbound"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id)], by: f.rep)
            try await f.activity(["kind": .string("note"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id)], by: f.rep)
            let due = Timestamp.now().adding(seconds: 3600)
            try await f.task(["title": .string("On time"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id), "due_at": iso(due), "status": .string("done")], by: f.rep)
            try await f.task(["title": .string("Open"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id), "due_at": iso(due)], by: f.rep)
            let table = try await f.store.reports.activity(by: .purpose, filter: now, principal: f.admin)
            #expect(table.rows.first?.map(\.display) == ["Renewal", "1", "1", "2", "1", "50.0%", "0"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func sourcesAndCompetitorsCountWhatCameInAndWhoWeWonAgainst(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            for i in 0..<3 { try await f.lead(["company": .string("Bought \(i)"), "source": .string("bought_list"), "source_detail": .string("Lab list")], by: f.rep) }
            let fair = try await f.lead(["company": .string("Fair"), "source": .string("event"), "source_detail": .string("Analytica")], by: f.rep)
            let outcome = try await f.store.conversion.convert(
                fair.id, ConversionPlan(account: .new, contact: .new, deal: .init(name: "Fair deal", amount: Money(minor: 80_000, currency: "USD"))),
                expecting: nil, by: f.rep)
            let rival = try await f.account(["name": .string("Rival Instruments"), "type": .string("competitor")], by: f.rep)
            let deal = try #require(outcome.deal)
            _ = try await f.move(deal, to: try await f.stage("Closed won"), with: ["competitor_ids": .array([ref(rival.id)])], by: f.rep)
            var lostDeal = try await f.deal(["name": .string("Lost"), "amount": money(20_000, "USD"), "competitor_ids": .array([ref(rival.id)])], by: f.rep)
            lostDeal = try await f.move(lostDeal, to: try await f.stage("Closed lost"), with: ["lost_reason": .string("chose_competitor")], by: f.rep)
            let sources = try await f.store.reports.sources(filter: now, principal: f.admin)
            #expect(sources.rows.map { $0.map(\.display) } == [
                ["Bought list", "Lab list", "3", "0", "0", "0.0%", "0", "USD 0.00"],
                ["Event", "Analytica", "1", "1", "1", "100.0%", "1", "USD 800.00"],
            ])
            let competitors = try await f.store.reports.competitors(filter: now, principal: f.admin)
            #expect(competitors.rows.map { $0.map(\.display) } == [["Rival Instruments", "2", "1", "1", "50.0%", "USD 800.00", "USD 200.00"]])
        }
    }
}

@Suite struct MarketShareTests {
    @Test(arguments: TestDatabase.all)
    func marketShareIsWhatWeWonInAMarketOverItsSize(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let year = LocalDate.today(in: .gmt).year
            let pharma = try await f.account(["name": .string("Pharma DE"), "industry": .string("Pharmaceuticals"), "country": .string("DE")], by: f.rep)
            let won = try await f.stage("Closed won")
            try await f.deal(["name": .string("Won"), "account_id": ref(pharma.id), "amount": money(2_500_000, "USD"), "stage_id": ref(won.id)], by: f.rep)
            _ = try await f.store.reports.setMarketSize(
                industry: "Pharmaceuticals", country: "DE", year: year, amount: Money(minor: 100_000_000, currency: "USD"), source: "Analyst", by: f.manager)
            _ = try await f.store.reports.setMarketSize(
                industry: "Pharmaceuticals", country: "", year: year, amount: Money(minor: 1_000_000_000, currency: "USD"), source: "", by: f.manager)
            let refused = await rapportError {
                try await f.store.reports.setMarketSize(industry: "", country: "Germany", year: 1800, amount: Money(minor: 0, currency: "USD"), source: "", by: f.manager)
            }
            #expect(Set(refused?.fields ?? []) == ["industry", "country", "year", "amount"])
            let byRep = await rapportError {
                try await f.store.reports.setMarketSize(industry: "X", country: "", year: year, amount: Money(minor: 1, currency: "USD"), source: "", by: f.rep)
            }
            #expect(byRep?.kind == "forbidden")
            let filter = ReportFilter(from: try LocalDate(year: year, month: 1, day: 1), to: try LocalDate(year: year, month: 12, day: 31))
            let table = try await f.store.reports.marketShare(filter: filter, principal: f.admin)
            #expect(table.rows.map { $0.map(\.display) } == [
                ["\(year)", "Pharmaceuticals", "Everywhere", "USD 10,000,000.00", "USD 25,000.00", "0.3%", ""],
                ["\(year)", "Pharmaceuticals", "DE", "USD 1,000,000.00", "USD 25,000.00", "2.5%", "Analyst"],
            ])
        }
    }
}
