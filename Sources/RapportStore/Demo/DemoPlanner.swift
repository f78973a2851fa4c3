import Foundation
import RapportCore

/// Builds a `DemoPlan`: accounts first (story accounts, company groups, then the rest), then
/// contacts and relations. Names, domains, phone numbers and emails are kept unique as it goes.
struct DemoPlanner {
    var plan = DemoPlan()
    var random = DemoRandom(seed: 0x4E6F_7274_6877_696E)
    var ids = DemoIDs()
    var usedNames: Set<String> = []
    var usedDomains: Set<String> = []
    var usedPhones: Set<String> = []
    var usedEmails: Set<String> = []
    /// Name stems already in a company name; new names prefer fresh ones so few companies share one.
    var usedStems: Set<String> = []
    /// People the story needs at an account, by account index, and how many more to invent there.
    var storyPeople: [Int: (people: [DemoStoryPerson], extra: Int)] = [:]

    mutating func planPeople() {
        for team in DemoTeam.allCases { plan.teamIDs[team] = ids.make() }
        for staff in DemoStaff.allCases { plan.userIDs[staff] = ids.make() }
    }

    // MARK: Accounts

    /// Adds an account with its address, phones, emails, size and revenue filled in; returns its index.
    @discardableResult
    mutating func addAccount(
        key: String? = nil, name: String, domainBase: String? = nil, type: String, industry: DemoIndustry,
        country: DemoCountry, city: DemoCity, owner: DemoStaff, shared: Bool, parent: Int? = nil,
        employees: Int? = nil, description: String? = nil
    ) -> Int {
        usedNames.insert(SearchText.fold(name))
        for stem in DemoCompanies.allStems where name.contains(stem) { usedStems.insert(stem) }
        let culture = country.culture(of: city)
        let domain = uniqueDomain(domainBase ?? Self.domainBase(of: name, country: country, culture: culture), country)
        var phones = [(number: uniquePhone(city.landline), label: "main")]
        if ["DE", "JP", "IT"].contains(country.code), random.chance(25) {
            phones.append((uniquePhone(city.landline), "fax"))
        }
        let mailbox: String? =
            switch type {
            case "supplier": "sales"
            case "distributor": "orders"
            case "partner": "partners"
            case "customer", "prospect": random.chance(60) ? "info" : nil
            default: "info"
            }
        let size = employees ?? Self.employees(for: type, using: &random)
        var revenue: Money?
        if industry.hasRevenue, type != "other", type == "customer" || random.chance(75) {
            let usdThousands = Int64(size) * Int64(random.int(industry.revenuePerEmployee))
            let major = Self.roundToTwoDigits(usdThousands * country.perThousandUSD)
            var minor = major
            for _ in 0..<Money.exponent(of: country.currency) { minor *= 10 }
            revenue = Money(minor: minor, currency: country.currency)
        }
        let account = DemoAccountPlan(
            id: ids.make(), key: key, name: name, type: type, industry: industry.name, country: country, city: city,
            domain: domain, street: street(country, city), postalCode: random.pick(city.postalCodes), phones: phones,
            emails: mailbox.map { [("\($0)@\(domain)", "work")] } ?? [], employees: size, revenue: revenue,
            parent: parent, owner: owner, shared: shared, description: description)
        plan.accounts.append(account)
        return plan.accounts.count - 1
    }

    /// Families of companies: a shared parent and one to three subsidiaries in other countries.
    mutating func planGroups(count: Int) {
        let industries = DemoCompanies.customerIndustries.filter { $0.0.templates.allSatisfy { $0.contains("{f}") } }
        var made = 0
        // Groups are headquartered where large industrial groups usually are.
        let headquarters = DemoPlaces.countries.filter {
            ["US", "DE", "GB", "FR", "JP", "CH", "NL", "SE"].contains($0.code)
        }
        while made < count {
            let country = headquarters[random.weighted(headquarters.map(\.weight))]
            let city = random.pick(country.cities)
            let industry = industries[random.weighted(industries.map(\.weight))].0
            let stem = random.pick(DemoCompanies.stems(random.chance(50) ? .english : country.culture(of: city)))
            if usedStems.contains(stem) { continue }
            let brand = random.pick(industry.templates).replacingOccurrences(of: "{s}", with: stem)
                .replacingOccurrences(of: " {f}", with: "")
            let subsidiaryCountries = random.shuffled(DemoPlaces.countries.filter { $0.code != country.code })
                .prefix(random.int(1...3))
            let subsidiaryCities = subsidiaryCountries.map { random.pick($0.cities) }
            let names =
                [brand + " " + random.pick(country.legalForms(of: city))]
                + zip(subsidiaryCountries, subsidiaryCities).map { brand + " " + random.pick($0.legalForms(of: $1)) }
            guard Set(names.map(SearchText.fold)).count == names.count,
                names.allSatisfy({ !usedNames.contains(SearchText.fold($0)) })
            else { continue }
            let base = Self.domainBase(of: brand, country: country, culture: country.culture(of: city))
            let size = Int(
                Self.roundToTwoDigits(
                    Int64(random.pick([2_500, 4_800, 9_000, 16_000, 30_000, 55_000]) * random.int(80...125) / 100)))
            let parent = addAccount(
                name: names[0], domainBase: base, type: "customer", industry: industry, country: country, city: city,
                owner: DemoStaff.owner(of: country.territory(of: city)), shared: true,
                employees: size,
                description: "Group headquarters. " + customerHistory())
            for (offset, (subCountry, subCity)) in zip(subsidiaryCountries, subsidiaryCities).enumerated() {
                addAccount(
                    name: names[offset + 1], domainBase: base + "-" + subCountry.code.lowercased(),
                    type: random.chance(80) ? "customer" : "prospect", industry: industry, country: subCountry,
                    city: subCity, owner: DemoStaff.owner(of: subCountry.territory(of: subCity)), shared: false,
                    parent: parent, employees: Int(Self.roundToTwoDigits(Int64(size / random.int(4...25)))),
                    description: "Subsidiary of \(names[0]).")
            }
            made += 1
        }
    }

    /// Fills every account type up to its count, in a shuffled order so the list reads naturally.
    mutating func planRemainingAccounts() {
        var pending: [String] = []
        for (type, count) in DemoPlan.accountTypes where type != "competitor" && type != "other" {
            let have = plan.accounts.filter { $0.type == type }.count
            pending += Array(repeating: type, count: max(0, count - have))
        }
        for type in random.shuffled(pending) {
            let country = pickCountry()
            let city = random.pick(country.cities)
            let industry: DemoIndustry
            var owner = DemoStaff.owner(of: country.territory(of: city))
            var shared = false
            switch type {
            case "partner":
                industry = random.pick(DemoCompanies.partnerIndustries)
                shared = random.chance(50)
            case "supplier":
                industry = random.pick(DemoCompanies.supplierIndustries)
                owner = .hannah
                shared = true
            case "distributor":
                industry = random.pick(DemoCompanies.distributorIndustries)
                shared = random.chance(30)
            default:
                let industries = DemoCompanies.customerIndustries
                industry = industries[random.weighted(industries.map(\.weight))].0
                shared = type == "customer" && random.chance(12)
            }
            let name = companyName(industry, country: country, city: city)
            addAccount(
                name: name, type: type, industry: industry, country: country, city: city, owner: owner,
                shared: shared, description: description(type: type, industry: industry, country: country))
        }
        for spec in DemoStory.competitors + DemoStory.others where !usedNames.contains(SearchText.fold(spec.name)) {
            let country = DemoPlaces.country(spec.country)
            addAccount(
                key: spec.key, name: spec.name, type: spec.type,
                industry: DemoIndustry(spec.industry, [], revenue: 250...400),
                country: country, city: DemoPlaces.city(spec.city, in: country), owner: .aiko,
                shared: spec.shared, employees: spec.employees, description: spec.description)
        }
    }

    mutating func pickCountry() -> DemoCountry {
        DemoPlaces.countries[random.weighted(DemoPlaces.countries.map(\.weight))]
    }

    /// A company name not used yet: a stem (local, or English for international brands) in one
    /// of the industry's naming patterns, with the country's legal form.
    mutating func companyName(_ industry: DemoIndustry, country: DemoCountry, city: DemoCity) -> String {
        let culture = country.culture(of: city)
        var name = ""
        for attempt in 0..<60 {
            let stem = random.pick(DemoCompanies.stems(random.chance(30) ? .english : culture))
            if attempt < 30, usedStems.contains(stem) { continue }
            var templates = industry.templates
            if let local = industry.local[culture], random.chance(60) { templates = local }
            name = random.pick(templates).replacingOccurrences(of: "{s}", with: stem)
                .replacingOccurrences(of: "{f}", with: random.pick(country.legalForms(of: city)))
            if !usedNames.contains(SearchText.fold(name)) { return name }
        }
        return name + " " + city.name
    }

    /// The name's significant words as a domain label: `Rheinfeld Messtechnik GmbH` → `rheinfeld-messtechnik`.
    static func domainBase(of name: String, country: DemoCountry, culture: DemoCulture) -> String {
        var text = name
        if let form = legalForms.first(where: { text.hasSuffix(" " + $0) }) {
            text = String(text.dropLast(form.count + 1))
        }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "'" })
            .map { DemoNames.emailPart(String($0), culture: culture) }
            .filter { !$0.isEmpty && !DemoCompanies.domainStopWords.contains($0) }
        return words.prefix(3).joined(separator: "-")
    }

    /// Every country's legal forms, longest first so `GmbH & Co. KG` goes before `KG` would.
    static let legalForms: [String] = Set(
        DemoPlaces.countries.flatMap { $0.legalForms + $0.cities.flatMap { $0.legalForms ?? [] } }
    ).sorted {
        ($0.count, $0) > ($1.count, $1)
    }

    /// Company domains use the reserved `.example` top-level domain (RFC 2606), so a demo workspace
    /// wired to a real mail server can never write to anyone.
    mutating func uniqueDomain(_ base: String, _ country: DemoCountry) -> String {
        for candidate in [base, base + "-" + country.code.lowercased()] + (2...20).map({ "\(base)\($0)" }) {
            if usedDomains.insert(candidate).inserted { return candidate + ".example" }
        }
        return base + ".example"
    }

    /// A phone number from a pattern, different from those handed out before when the pattern allows.
    mutating func uniquePhone(_ pattern: String) -> String {
        var number = random.fill(pattern)
        for _ in 0..<30 where usedPhones.contains(number) { number = random.fill(pattern) }
        usedPhones.insert(number)
        return number
    }

    mutating func street(_ country: DemoCountry, _ city: DemoCity) -> String {
        let name = random.pick(city.streets ?? country.streets)
        switch country.streetStyle {
        case .numberFirst:
            if country.code == "US" {
                let suite = random.chance(30) ? ", Suite \(random.int(1...9))00" : ""
                return "\(random.int(1...98) * 100 + random.int(0...99)) \(name)\(suite)"
            }
            return "\(random.int(1...240)) \(name)"
        case .numberLast: return "\(name) \(random.int(1...180))"
        case .numberLastComma: return "\(name), \(random.int(1...200))"
        case .japanese: return "\(random.int(1...5))-\(random.int(1...20))-\(random.int(1...30)) \(name)"
        }
    }

    /// A head count typical of the type, rounded the way annual reports round.
    static func employees(for type: String, using random: inout DemoRandom) -> Int {
        let buckets: [Int]
        let weights: [Int]
        switch type {
        case "partner": (buckets, weights) = ([8, 15, 30, 60, 120, 250], [2, 3, 4, 3, 2, 1])
        case "supplier": (buckets, weights) = ([40, 90, 200, 450, 1_000, 2_500], [1, 2, 3, 3, 2, 1])
        case "distributor": (buckets, weights) = ([15, 35, 80, 160, 350, 800], [1, 2, 3, 3, 2, 1])
        case "other": (buckets, weights) = ([5, 12, 25, 60, 150], [1, 2, 3, 2, 1])
        default:
            (buckets, weights) = (
                [20, 45, 90, 180, 350, 700, 1_400, 3_000, 6_500, 14_000, 32_000, 70_000],
                [6, 9, 12, 13, 13, 12, 10, 8, 6, 5, 4, 2]
            )
        }
        let base = buckets[random.weighted(weights)]
        return Int(roundToTwoDigits(Int64(base * random.int(80...125) / 100)))
    }

    /// Rounds to two significant digits: 1,234,567 → 1,200,000.
    static func roundToTwoDigits(_ value: Int64) -> Int64 {
        var scale: Int64 = 1
        while value / scale >= 100 { scale *= 10 }
        return (value + scale / 2) / scale * scale
    }

    // MARK: Descriptions

    mutating func customerHistory() -> String {
        var text =
            "Customer since \(random.int(2011...2024)). Installed base: \(random.int(2...40)) × "
            + random.pick(DemoCompanies.products) + "."
        if random.chance(50) { text += " Service contract: \(random.pick(["Gold", "Silver", "Bronze"]))." }
        return text
    }

    mutating func description(type: String, industry: DemoIndustry, country: DemoCountry) -> String? {
        let product = random.pick(DemoCompanies.products)
        switch type {
        case "customer": return random.chance(60) ? customerHistory() : nil
        case "prospect":
            guard random.chance(60) else { return nil }
            let competitor = random.pick(DemoStory.competitors).shortName
            return random.pick([
                "Evaluating \(product) to replace \(competitor)'s equipment.",
                "Met at \(random.pick(DemoCompanies.events)); asked for a quote on \(product).",
                "Inbound web inquiry about \(product).",
                "Budget for new lab instruments expected next fiscal year; interested in \(product).",
            ])
        case "partner":
            let kind =
                switch industry.name {
                case "Calibration Services": "Accredited calibration"
                case "Systems Integration": "Systems integration"
                case "Laboratory Software": "LIMS integration"
                default: "Validation (IQ/OQ/PQ)"
                }
            return "\(kind) partner, certified on \(product)."
        case "supplier": return "Supplies \(random.pick(DemoCompanies.components)) for the \(product) line."
        case "distributor":
            return "Authorised Northwind distributor for \(country.name); stocks consumables and spare parts."
        default: return nil
        }
    }
}
