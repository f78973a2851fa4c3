import Foundation
import RapportCore

extension DemoRun {
    /// About 150 leads over the last three months: a bought list of European labs, the website's
    /// contact form, two trade fairs, referrals from customers, inbound calls, and owners of one
    /// Northwind product who lack another. Recent ones are new; older ones were worked, nurtured,
    /// disqualified (with why) or qualified — and a dozen converted into accounts, contacts and deals.
    mutating func createLeads(now: Timestamp, random: inout DemoRandom, day: (Double) -> Timestamp) async throws
        -> (made: Int, converted: Int)
    {
        let countries = DemoPlaces.countries
        let industries = DemoCompanies.customerIndustries.map(\.0)
        let customers = plan.accounts.indices.filter { plan.accounts[$0].type == "customer" }
        var made = 0
        var converted = 0
        var usedDomains: Set<String> = []
        for index in 0..<150 {
            let source = ["bought_list", "web_form", "event", "referral", "inbound_call", "associated_product"][
                random.weighted([50, 35, 30, 12, 8, 15])]
            // The bought list is European labs; the rest come from everywhere Northwind sells.
            var country = countries[random.weighted(countries.map(\.weight))]
            let europe = countries.filter { ["DE", "FR", "GB", "NL", "SE", "PL"].contains($0.code) }
            if source == "bought_list", !europe.isEmpty { country = random.pick(europe) }
            let city = random.pick(country.cities)
            let culture = country.culture(of: city)
            let person = DemoNames.person(culture, using: &random)
            let industry = random.pick(industries)
            let stem = random.pick(DemoCompanies.stems(culture))
            let company = random.pick(industry.templates).replacingOccurrences(of: "{s}", with: stem)
                .replacingOccurrences(of: "{f}", with: random.pick(country.legalForms(of: city)))
            var domain = DemoPlanner.domainBase(of: company, country: country, culture: culture)
            if !usedDomains.insert(domain).inserted { domain += "-\(index)" }
            let title = random.pick(DemoCompanies.customerTitles)
            let email = DemoNames.emailPart(person.first, culture: culture) + "." + DemoNames.emailPart(person.last, culture: culture)
                + "@" + domain + ".example"
            let daysAgo = Double(random.int(0...92)) + Double(random.int(0...8)) / 24
            let detail: String =
                switch source {
                case "bought_list": "LabDirectory Europe 2026 (bought in September)"
                case "web_form": "Website contact form"
                case "event": random.pick(DemoCompanies.events)
                case "referral": "Referred by " + plan.accounts[random.pick(customers)].name
                case "associated_product": "Owns NW-200 pH meters, no TitraMax yet"
                default: "Called the sales line"
                }
            let owner = DemoStaff.owner(of: country.territory(of: city))
            var body = JSONObject([
                "first_name": .string(person.first), "last_name": .string(person.last),
                "title": .string(person.female ? (title.feminine ?? title.title) : title.title), "company": .string(company),
                "website": .string("https://www.\(domain).example"), "industry": .string(industry.name),
                "employees": .int(Int64(random.pick([25, 60, 120, 250, 600, 1500, 4000]))),
                "emails": .array([.string(email)]), "city": .string(city.name), "region": .string(city.region),
                "country": .string(country.code), "source": .string(source), "source_detail": .string(detail),
                "owner_id": .string(try userID(owner).description), "team_id": .string(try teamID(owner).description),
            ])
            if random.chance(60) { body["phones"] = .array([.string(random.fill(city.landline))]) }
            let seller = try principal(owner)
            let id = Record<Lead>.ID(Self.demoID(&random))
            let changes = try Self.changes(body, Lead.self, defaultCountry: workspace.defaultCountry)
            var lead = try await Timestamp.$pinned.withValue(day(daysAgo)) { try await store.leads.create(changes, id: id, by: seller) }
            made += 1
            guard daysAgo > 6 else { continue }  // This week's leads are still new.
            // Worked: a first call some hours or days after it came in.
            let touched = daysAgo - Double(random.int(1...72)) / 24
            let call = try Self.changes(
                JSONObject([
                    "kind": .string("call"), "direction": .string("outbound"), "lead_id": .string(lead.id.description),
                    "subject": .string("First call"), "occurred_at": .string(day(touched).iso8601),
                    "outcome": .string(random.pick(["Interested; wants a demo.", "Left a voicemail.", "Not the right person.", "Call back next quarter."])),
                    "duration_minutes": .int(Int64(random.int(2...25))),
                ]), Activity.self, defaultCountry: workspace.defaultCountry)
            _ = try await Timestamp.$pinned.withValue(day(touched)) { try await store.activities.create(call, by: seller) }
            // Logging the call touched the lead (and re-scored it): a new version.
            lead = try await store.leads.get(lead.id, by: seller)
            let fate = random.weighted([30, 20, 25, 15, 10])  // working, nurturing, disqualified, qualified, converted
            let status = ["working", "nurturing", "disqualified", "qualified", "qualified"][fate]
            var update = JSONObject(["status": .string(status)])
            if status == "disqualified" {
                update["disqualified_reason"] = .string(random.pick(["no_budget", "no_need", "bad_timing", "unreachable", "chose_competitor"]))
            }
            let statusChange = try Self.changes(update, Lead.self, defaultCountry: workspace.defaultCountry)
            let decided = max(0.5, touched - Double(random.int(1...10)))
            lead = try await Timestamp.$pinned.withValue(day(decided)) {
                try await store.leads.update(lead.id, statusChange, expecting: lead.version, by: seller)
            }
            guard fate == 4 else { continue }
            let convertedAt = max(0.25, decided - Double(random.int(0...5)))
            let units = Int64(random.int(8...120)) * 1000 * country.perThousandUSD / 1000
            let amount = Money(minor: units * Int64(pow(10, Double(Money.exponent(of: country.currency)))), currency: country.currency)
            var conversion = ConversionPlan(
                account: .new, contact: .new, deal: .init(name: "\(random.pick(Self.shortProducts)) — first order", amount: amount),
                allowDuplicates: true)
            conversion.newIDs = (Self.demoID(&random), Self.demoID(&random), Self.demoID(&random))
            let outcome = try await Timestamp.$pinned.withValue(day(convertedAt)) {
                try await store.conversion.convert(lead.id, conversion, expecting: lead.version, by: seller)
            }
            // The rep completes what a lead does not carry: where the new contact is in the world.
            let zone = try Self.changes(JSONObject(["time_zone": .string(city.timeZone)]), Contact.self, defaultCountry: workspace.defaultCountry)
            _ = try await Timestamp.$pinned.withValue(day(convertedAt)) {
                try await store.contacts.update(outcome.contact.id, zone, expecting: outcome.contact.version, by: seller)
            }
            converted += 1
        }
        return (made, converted)
    }
}
