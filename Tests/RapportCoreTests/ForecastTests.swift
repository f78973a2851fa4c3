import Foundation
import RapportCore
import Testing

@Suite struct ForecastPeriodTests {
    func date(_ s: String) throws -> LocalDate { try LocalDate(s) }

    @Test func periodsOfACalendarYear() throws {
        let q = ForecastPeriod(.quarter, containing: try date("2026-11-15"))
        let (first, last) = (try date("2026-10-01"), try date("2026-12-31"))
        #expect(q.first == first && q.last == last)
        #expect(q.name() == "2026-Q4")
        let m = ForecastPeriod(.month, containing: try date("2028-02-10"))
        let leapDay = try date("2028-02-29")
        #expect(m.last == leapDay)
        #expect(m.name() == "2028-02")
        #expect(ForecastPeriod(.year, containing: try date("2026-06-01")).name() == "2026")
        #expect(q.next().name() == "2027-Q1")
        #expect(q.previous().name() == "2026-Q3")
    }

    @Test func aFiscalYearStartingInAprilIsNamedForTheYearItEndsIn() throws {
        let q = ForecastPeriod(.quarter, containing: try date("2026-05-20"), fiscalStart: 4)
        let (qFirst, qLast) = (try date("2026-04-01"), try date("2026-06-30"))
        #expect(q.first == qFirst && q.last == qLast)
        #expect(q.name(fiscalStart: 4) == "2027-Q1")
        let year = ForecastPeriod(.year, containing: try date("2027-01-10"), fiscalStart: 4)
        let (yFirst, yLast) = (try date("2026-04-01"), try date("2027-03-31"))
        #expect(year.first == yFirst && year.last == yLast)
        #expect(year.name(fiscalStart: 4) == "2027")
        let parsed = try ForecastPeriod(parsing: "2027-Q4", fiscalStart: 4)
        let (pFirst, pLast) = (try date("2027-01-01"), try date("2027-03-31"))
        #expect(parsed.first == pFirst && parsed.last == pLast)
        let fiscal2027 = try ForecastPeriod(parsing: "2027", fiscalStart: 4)
        #expect(fiscal2027 == year)
    }

    @Test func badPeriodsAreRefusedNamingThePeriod() {
        for text in ["2026-Q5", "2026-13", "26", "2026-11-01", "Q4", ""] {
            #expect(throws: RapportError.invalid(field: "period", reason: "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)")) {
                try ForecastPeriod(parsing: text)
            }
        }
    }
}

@Suite struct ExchangeRateTests {
    @Test func ratesConvertMinorUnitsExactlyAcrossExponents() throws {
        var rates = ExchangeRates(base: "EUR")
        rates.perMillion["USD"] = try ExchangeRates.perMillion(rate: Decimal(string: "0.92")!, of: "USD", base: "EUR")
        rates.perMillion["JPY"] = try ExchangeRates.perMillion(rate: Decimal(string: "0.0061")!, of: "JPY", base: "EUR")
        #expect(rates.perMillion["USD"] == 920_000)
        // 1 yen (1 minor unit) is 0.61 euro cents: 610,000 cents per million yen.
        #expect(rates.perMillion["JPY"] == 610_000)
        #expect(rates.convert(Money(minor: 100_000, currency: "USD")) == Money(minor: 92_000, currency: "EUR"))
        #expect(rates.convert(Money(minor: 1_500_000, currency: "JPY")) == Money(minor: 915_000, currency: "EUR"))
        #expect(rates.convert(Money(minor: 5, currency: "EUR")) == Money(minor: 5, currency: "EUR"))
        #expect(rates.convert(Money(minor: 5, currency: "GBP")) == nil)
        // Half a cent rounds away from zero.
        #expect(rates.convert(Money(minor: 1, currency: "JPY")) == Money(minor: 1, currency: "EUR"))
        #expect(rates.rate(of: "USD") == Decimal(string: "0.92"))
        #expect(throws: RapportError.self) { try ExchangeRates.perMillion(rate: 0, of: "USD", base: "EUR") }
    }
}

@Suite struct WinRateTests {
    let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000a")!
    let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000b")!

    @Test func winRatesAreMeasuredPerStageAndAgeWithFallbacks() {
        // Ten closed deals passed stage A. Six left it within 14 days (5 won); four lingered 20–60
        // days (1 won). Of those four, two stayed 45 days or more (none won).
        var paths: [ClosedDealPath] = []
        for i in 0..<6 { paths.append(ClosedDealPath(stays: [(a, 5), (b, 3)], won: i < 5)) }
        paths.append(ClosedDealPath(stays: [(a, 20)], won: true))
        paths.append(ClosedDealPath(stays: [(a, 30)], won: false))
        paths.append(ClosedDealPath(stays: [(a, 50)], won: false))
        paths.append(ClosedDealPath(stays: [(a, 60), (a, 10)], won: false))
        let rates = WinRates(paths)
        #expect(rates.byStage[a] == WinRates.Count(won: 6, total: 10))
        #expect(rates.byStageAndAge[a] == [WinRates.Count(won: 6, total: 10), WinRates.Count(won: 1, total: 4), WinRates.Count(won: 0, total: 2)])
        // A fresh deal in A: 6 of 10.
        let fresh = rates.chance(stage: a, days: 3, stageProbability: 20)
        #expect(fresh.chance == 0.6 && fresh.basis == .stageAndAge(days: 0, deals: 10))
        // 20 days in A: only 4 closed deals lasted that long, too few; the stage's 6 of 10 stands in.
        let older = rates.chance(stage: a, days: 20, stageProbability: 20)
        #expect(older.chance == 0.6 && older.basis == .stage(deals: 10))
        // Stage B: 6 deals, 5 won.
        #expect(rates.chance(stage: b, days: 1, stageProbability: 40).chance == 5.0 / 6.0)
        // An unknown stage: its own probability.
        let unknown = rates.chance(stage: UUID(), days: 1, stageProbability: 40)
        #expect(unknown.chance == 0.4 && unknown.basis == .stageDefault)
    }
}

@Suite struct ForecastRollupTests {
    let stage = UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!

    @Test func linesAddUpPerPersonTeamAndWorkspaceWithQuotasAndAdjustments() {
        let sales = Team(id: .make(), name: "Sales")
        let east = Team(id: .make(), name: "East", parentID: sales.id)
        func person(_ name: String, _ role: Role, _ team: Team) -> User {
            User(
                id: .make(), workspaceID: .make(), email: try! EmailAddress("\(name.lowercased())@x.test"), name: name, role: role,
                teamID: team.id, timeZone: "UTC", active: true, createdAt: .now())
        }
        let ann = person("Ann", .rep, east)
        let bob = person("Bob", .manager, sales)
        func deal(_ owner: User?, _ amount: Int64, _ p: Int, _ c: ForecastCategory, days: Int = 1) -> ForecastDeal {
            ForecastDeal(id: UUID(), ownerID: owner?.id, amount: amount, probability: p, category: c, stageID: stage, stageProbability: p, daysInStage: days)
        }
        let deals = [
            deal(ann, 10_000, 100, .won), deal(ann, 20_000, 80, .commit), deal(ann, 30_000, 50, .bestCase),
            deal(bob, 40_000, 10, .pipeline), deal(bob, 5_000, 0, .lost), deal(nil, 1_000, 50, .pipeline),
        ]
        // Measured: deals in this stage are won 3 times in 4.
        let rates = WinRates((0..<8).map { ClosedDealPath(stays: [(stage, 2)], won: $0 < 6) })
        let quotas = [ForecastScope(kind: .user, id: ann.id.uuid, name: "").key: Int64(40_000)]
        let adjustment = ForecastAdjustment(
            scopeKey: ForecastScope(kind: .team, id: sales.id.uuid, name: "").key, figure: .commit, amount: 45_000,
            note: "Ann's big one slips", by: "Bob", at: .now())
        let lines = ForecastRollup.lines(deals: deals, users: [ann, bob], teams: [sales, east], rates: rates, quotas: quotas, adjustments: [adjustment])
        let names: [String] = lines.map { $0.scope.name }
        let depths: [Int] = lines.map { $0.depth }
        #expect(names == ["Everyone", "Sales", "East", "Ann", "Bob", "Unassigned"])
        #expect(depths == [0, 1, 2, 3, 2, 1])
        let ann_ = lines[3].figures
        #expect(ann_.won == 10_000 && ann_.commit == 20_000 && ann_.bestCase == 30_000)
        #expect(ann_.commitTotal == 30_000 && ann_.bestCaseTotal == 60_000)
        // Weighted: 10,000 won + 20,000 × 0.8 + 30,000 × 0.5 = 41,000.
        #expect(ann_.weighted == 41_000)
        // Historical: 10,000 + (20,000 + 30,000) × 0.75 = 47,500.
        #expect(ann_.historical == 47_500)
        #expect(lines[3].quota == 40_000 && lines[3].attainment == 2_500)
        // East (Ann's team) and Sales (Ann, Bob) roll up; Sales takes East's quota as its own.
        #expect(lines[2].figures == ann_)
        let salesFigures = lines[1].figures
        #expect(salesFigures.pipeline == 40_000)
        #expect(salesFigures.lost == 5_000)
        #expect(salesFigures.lostDeals == 1)
        #expect(salesFigures.weighted == 41_000 + 4_000)
        #expect(lines[1].quota == 40_000)
        let adjusted: Int64? = lines[1].adjustments[AdjustableFigure.commit]?.amount
        #expect(adjusted == 45_000)
        // The workspace has everything, the unassigned deal too.
        #expect(lines[0].figures.open == 20_000 + 30_000 + 40_000 + 1_000)
        #expect(lines[0].figures.openDeals == 4 && lines[0].figures.wonDeals == 1)
        #expect(lines[5].figures.pipeline == 1_000)
    }
}

@Suite struct LocalDateArithmeticTests {
    @Test func daysSinceEpochRoundTripsAcrossCenturiesAndLeapDays() throws {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = LocalDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
        #expect(LocalDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(LocalDate(daysSinceEpoch: 11_016).description == "2000-02-29")
        #expect(LocalDate(daysSinceEpoch: -1).description == "1969-12-31")
        let late = Timestamp.parse("2026-12-31T23:30:00Z")!
        #expect(LocalDate.today(in: TimeZone(identifier: "Europe/Paris")!, now: late).description == "2027-01-01")
        #expect(LocalDate.today(in: TimeZone(identifier: "America/New_York")!, now: late).description == "2026-12-31")
    }
}
