import Foundation
import RapportCore

extension DemoRun {
    /// Northwind's sales: a Renewals pipeline beside Sales; deals on prospects and customers that
    /// moved through the stages over the last six months (won, lost with a reason and sometimes a
    /// competitor, or still open), with the meetings and calls about them and the people in them;
    /// and leads from a bought list, the website form, trade fairs, referrals and owners of other
    /// Northwind products — new, worked, nurtured, disqualified, and some converted into deals.
    ///
    /// Every write happens at its own moment in the past (`Timestamp.$pinned`), so stage history,
    /// time in stage and the pipeline as of a date have a real past to show.
    mutating func createSales(now: Timestamp = .now()) async throws -> (leads: Int, deals: Int, converted: Int) {
        var random = DemoRandom(seed: 0x5A1E_5D3A)
        let maya = try principal(.maya)
        let pipelines = try await store.pipelines.all(in: workspace.id)
        guard let sales = pipelines.first(where: { $0.name == "Sales" }) else { return (0, 0, 0) }
        let renewals = try await renewalsPipeline(by: maya)
        var contactsByAccount: [Int: [Int]] = [:]
        for (index, contact) in plan.contacts.enumerated() { contactsByAccount[contact.account, default: []].append(index) }
        let salespeople: Set<DemoStaff> = [.sophie, .jonas, .olivia, .ethan, .daniel]
        let competitors = plan.accounts.indices.filter { plan.accounts[$0].type == "competitor" }
        var deals = 0

        func day(_ daysAgo: Double) -> Timestamp {
            Timestamp(micros: now.micros - Int64(daysAgo * 86_400_000_000) / 60_000_000 * 60_000_000)
        }

        // New business on prospects and customers.
        for accountIndex in plan.accounts.indices where deals < 70 {
            let account = plan.accounts[accountIndex]
            guard ["prospect", "customer"].contains(account.type), salespeople.contains(account.owner),
                let people = contactsByAccount[accountIndex], !people.isEmpty, random.chance(45)
            else { continue }
            let seller = try principal(account.owner)
            let currency = account.country.currency
            let units = Int64(random.int(6...380)) * 1000 * account.country.perThousandUSD / 1000
            let amount = units * Int64(pow(10, Double(Money.exponent(of: currency))))
            let product = random.pick(Self.shortProducts)
            let outcome = random.weighted([40, 35, 25])  // open, won, lost
            var at = Double(random.int(25...190))
            let contact = contacts[people[0]]
            var deal: Record<Deal> = try await Timestamp.$pinned.withValue(day(at)) {
                try await store.deals.create(
                    try Self.changes(
                        JSONObject([
                            "name": .string("\(product) ×\(random.int(2...24))"), "account_id": .string(accounts[accountIndex].id.description),
                            "contact_id": .string(contact.id.description),
                            "amount": .object(JSONObject(["amount_minor": .int(amount), "currency": .string(currency)])),
                            "source": .string(random.pick(["event", "referral", "website", "inbound_call", "partner"])),
                        ]), Deal.self, defaultCountry: workspace.defaultCountry),
                    id: .init(Self.demoID(&random)), by: seller)
            }
            deals += 1
            for (i, person) in people.prefix(3).enumerated() where random.chance(i == 0 ? 80 : 50) {
                let role: DealRole = i == 0 ? .champion : random.pick([.decisionMaker, .economicBuyer, .technicalEvaluator, .user])
                _ = try await Timestamp.$pinned.withValue(day(at - 0.5)) {
                    try await store.dealContacts.set(contacts[person].id, role: role, on: deal.id, by: seller)
                }
            }
            let path = sales.stages.filter { !$0.category.isClosed }
            let lastOpen = outcome == 0 ? random.int(0...path.count - 1) : random.int(1...path.count - 1)
            for stage in path.dropFirst().prefix(lastOpen) {
                let next = at - Double(random.int(4...22))
                guard next > 1 else { break }
                at = next
                let close = LocalDate.of(day(at - Double(random.int(20...90))), in: .gmt)?.description ?? "2027-01-01"
                deal = try await move(deal, to: stage, at: day(at), by: seller, fields: [
                    "close_date": .string(close), "next_step": .string(random.pick(Self.nextSteps)),
                ])
                try await logDealActivity(deal, contact: contact, at: day(at), by: account.owner, random: &random)
            }
            guard outcome != 0, at > 3 else { continue }
            at -= Double(random.int(3...15))
            guard at > 1 else { continue }
            let closeDate = LocalDate.of(day(at), in: .gmt)?.description ?? "2026-01-01"
            if outcome == 1, let won = sales.stages.first(where: { $0.category == .won }) {
                deal = try await move(deal, to: won, at: day(at), by: seller, fields: [
                    "close_date": .string(closeDate), "won_reason": .string(random.pick(Self.wonReasons)),
                ])
            } else if let lost = sales.stages.first(where: { $0.category == .lost }) {
                var fields: [String: JSONValue] = ["close_date": .string(closeDate), "lost_reason": .string(random.pick(Deal.lostReasons))]
                if !competitors.isEmpty, random.chance(60) {
                    fields["competitor_ids"] = .array([.string(accounts[random.pick(competitors)].id.description)])
                    fields["lost_reason"] = .string("chose_competitor")
                }
                deal = try await move(deal, to: lost, at: day(at), by: seller, fields: fields)
            }
        }

        // Renewals of service contracts, shared with Service.
        for accountIndex in plan.accounts.indices where plan.accounts[accountIndex].type == "customer" && random.chance(12) {
            let account = plan.accounts[accountIndex]
            guard salespeople.contains(account.owner), let first = renewals.stages.first else { continue }
            let currency = account.country.currency
            let amount = Int64(random.int(3...40)) * 1000 * account.country.perThousandUSD / 1000 * Int64(pow(10, Double(Money.exponent(of: currency))))
            let at = Double(random.int(2...40))
            let renewal = try await Timestamp.$pinned.withValue(day(at)) {
                try await store.deals.create(
                    try Self.changes(
                        JSONObject([
                            "name": .string("Service contract renewal — \(account.name)"),
                            "account_id": .string(accounts[accountIndex].id.description),
                            "pipeline_id": .string(renewals.id.description), "stage_id": .string(first.id.description),
                            "amount": .object(JSONObject(["amount_minor": .int(amount), "currency": .string(currency)])),
                            "close_date": .string(LocalDate.of(day(at - Double(random.int(30...120))), in: .gmt)?.description ?? "2027-03-01"),
                        ]), Deal.self, defaultCountry: workspace.defaultCountry),
                    id: .init(Self.demoID(&random)), by: try principal(account.owner))
            }
            deals += 1
            if random.chance(50), let quoted = renewals.stages.first(where: { $0.name == "Quote sent" }), at > 3 {
                _ = try await move(renewal, to: quoted, at: day(at - 2), by: try principal(account.owner), fields: [:])
            }
        }

        let leads = try await createLeads(now: now, random: &random, day: day)
        try await forecastSetup(now: now, by: maya)
        return (leads.made, deals + leads.converted, leads.converted)
    }

    /// An ID that is the same on every load: UUIDv7 with a fixed time (the plan's IDs are made the
    /// same way), whatever day the demo is loaded.
    static func demoID(_ random: inout DemoRandom) -> UUID {
        UUIDv7.make(milliseconds: 1_736_300_000_000, using: &random)
    }

    /// Exchange rates into dollars, a quota for each salesperson this quarter, and three months of
    /// weekly forecast snapshots written from the deals' history, for the accuracy report.
    func forecastSetup(now: Timestamp, by maya: Principal) async throws {
        let rates: [(String, String)] = [
            ("EUR", "1.08"), ("GBP", "1.27"), ("CHF", "1.12"), ("CAD", "0.73"), ("AUD", "0.66"), ("JPY", "0.0067"),
            ("SEK", "0.095"), ("DKK", "0.145"), ("PLN", "0.25"), ("NOK", "0.093"),
        ]
        for (code, rate) in rates { try await store.forecasts.settings.setRate(Decimal(string: rate), of: code, by: maya) }
        let zone = TimeZone(identifier: workspace.timeZone) ?? .gmt
        guard let today = LocalDate.of(now, in: zone) else { return }
        let quarter = ForecastPeriod(.quarter, containing: today)
        for (staff, quota) in [(DemoStaff.sophie, 450_000), (.jonas, 520_000), (.olivia, 380_000), (.ethan, 410_000), (.daniel, 300_000)] {
            try await store.forecasts.setQuota(
                Int64(quota) * 100, scope: ForecastScope(kind: .user, id: try userID(staff).uuid, name: ""), period: quarter, by: maya)
            try await store.forecasts.setQuota(
                Int64(quota) * 100, scope: ForecastScope(kind: .user, id: try userID(staff).uuid, name: ""), period: quarter.previous(), by: maya)
        }
        let year = today.year
        for (industry, country, millions) in [
            ("Pharmaceuticals", "DE", 42), ("Pharmaceuticals", "US", 180), ("Water Treatment", "", 95), ("Chemicals", "FR", 38),
            ("Food & Beverage", "", 120),
        ] {
            _ = try await store.reports.setMarketSize(
                industry: industry, country: country, year: year, amount: Money(minor: Int64(millions) * 1_000_000 * 100, currency: "USD"),
                source: "Northwind market model \(year)", by: maya)
        }
        for week in (1...13).reversed() {
            try await store.forecasts.takeSnapshots(workspace: workspace.id, at: now.adding(seconds: -Int64(week) * 7 * 86_400))
        }
    }

    /// Northwind's products as deal names say them.
    static let shortProducts = [
        "Aurora spectrophotometers", "TitraMax titrators", "NW-200 pH meters", "FlowSense flow meters",
        "ThermaLog data loggers", "Vector gas analyzers", "Tessera moisture analyzers", "Keystone conductivity probes",
    ]

    static let nextSteps = [
        "Demo in their lab next week", "Send the revised quote", "Call the buyer about payment terms",
        "Technical review with QA", "Site visit with the application specialist", "Legal to review the contract",
    ]
    static let wonReasons = [
        "Best accuracy in the trial", "Service coverage in their region", "Price with the 3-year service plan",
        "Existing instruments from us", "Faster delivery",
    ]

    /// Renewals: due for renewal → quote sent → closed.
    func renewalsPipeline(by maya: Principal) async throws -> Pipeline {
        var renewals = try await store.pipelines.addPipeline(name: "Renewals", by: maya)
        if let new = renewals.stages.first {
            _ = try await store.pipelines.updateStage(
                new.id,
                StageChanges(
                    name: "Due for renewal", probability: 60, category: .bestCase, requiredFields: ["amount", "close_date"],
                    playbook: "Check usage and open cases with Service before you call; offer the 3-year plan."),
                by: maya)
        }
        _ = try await store.pipelines.addStage(
            to: renewals.id,
            StageChanges(
                name: "Quote sent", probability: 85, category: .commit, requiredFields: ["amount", "close_date"],
                playbook: "Follow up within a week; Billing can extend payment terms for multi-year plans."),
            by: maya)
        renewals = try await store.pipelines.get(renewals.id, in: workspace.id)
        return renewals
    }

    /// Moves a deal at a moment in the past, with the fields the stage needs.
    func move(_ deal: Record<Deal>, to stage: Stage, at: Timestamp, by principal: Principal, fields: [String: JSONValue])
        async throws -> Record<Deal>
    {
        var body = JSONObject()
        for (key, value) in fields { body[key] = value }
        body["stage_id"] = .string(stage.id.description)
        let changes = try Self.changes(body, Deal.self, defaultCountry: workspace.defaultCountry)
        return try await Timestamp.$pinned.withValue(at) {
            try await store.deals.update(deal.id, changes, expecting: deal.version, by: principal)
        }
    }

    /// A meeting or call about the deal; skipped when the outreach guard would hold it back
    /// (the demo's other history may have touched the person that week).
    func logDealActivity(_ deal: Record<Deal>, contact: Record<Contact>, at: Timestamp, by staff: DemoStaff, random: inout DemoRandom)
        async throws
    {
        let kind = random.pick(["meeting", "call", "call"])
        var body = JSONObject([
            "kind": .string(kind), "direction": .string("outbound"), "deal_id": .string(deal.id.description),
            "contact_id": .string(contact.id.description), "occurred_at": .string(at.iso8601),
            "subject": .string(kind == "meeting" ? "Review of the proposal" : "Call about next steps"),
            "outcome": .string(random.pick(["Agreed on next steps.", "They want a revised quote.", "Positive; waiting on budget."])),
        ])
        if kind == "call" { body["duration_minutes"] = .int(Int64(random.int(10...35))) }
        let changes = try Self.changes(body, Activity.self, defaultCountry: workspace.defaultCountry)
        do {
            _ = try await Timestamp.$pinned.withValue(at) { try await store.activities.create(changes, by: try principal(staff)) }
        } catch RapportError.needsConfirmation {
            return
        }
    }
}
