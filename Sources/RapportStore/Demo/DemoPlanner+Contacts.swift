import Foundation
import RapportCore

extension DemoPlanner {
    /// The people at every planned account: the story's named ones, then invented ones.
    mutating func planContacts() {
        for index in plan.accounts.indices {
            let account = plan.accounts[index]
            // Each company writes addresses one way: first.last, flast or first_last; small ones
            // sometimes just first names.
            let pattern = random.below((account.employees ?? 0) < 50 ? 4 : 3)
            var names: Set<String> = []
            var kinds: [(contact: Int, kind: DemoCompanies.Title.Kind)] = []
            let story = storyPeople[index]
            for person in story?.people ?? [] {
                names.insert(person.first + " " + person.last)
                addStoryContact(person, at: index, pattern: pattern)
            }
            let count = story?.extra ?? Self.contactCount(for: account.type, using: &random)
            for _ in 0..<count {
                let culture: DemoCulture = account.culture != .english && random.chance(10) ? .english : account.culture
                var person = DemoNames.person(culture, using: &random)
                for _ in 0..<10 where names.contains(person.first + " " + person.last) {
                    person = DemoNames.person(culture, using: &random)
                }
                names.insert(person.first + " " + person.last)
                let kind = addContact(person, culture: culture, at: index, pattern: pattern)
                kinds.append((plan.contacts.count - 1, kind))
            }
            // In four customers out of ten someone on the technical side is a fan: the champion.
            if account.type == "customer", story == nil, random.chance(40),
                let fan = kinds.first(where: { [.quality, .lab, .engineering].contains($0.kind) })
            {
                plan.contacts[fan.contact].tags.append("champion")
            }
        }
    }

    static func contactCount(for type: String, using random: inout DemoRandom) -> Int {
        switch type {
        case "customer": random.int(2...7)
        case "prospect": random.int(1...4)
        case "partner", "distributor": random.int(2...4)
        case "supplier", "other": random.int(1...3)
        case "competitor": random.int(0...2)
        default: 1
        }
    }

    /// Adds an invented person with a title fitting the account; returns the kind of work they do.
    mutating func addContact(
        _ person: DemoPersonName, culture: DemoCulture, at index: Int, pattern: Int
    )
        -> DemoCompanies.Title.Kind
    {
        let account = plan.accounts[index]
        let title = pickTitle(for: account, culture: culture)
        var tags: [String] = []
        switch title.kind {
        case .executive: tags.append("decision-maker")
        case .procurement:
            if random.chance(50) { tags.append("decision-maker") }
            if random.chance(30) { tags.append("billing-contact") }
        case .finance: tags.append("billing-contact")
        case .quality, .lab, .engineering, .it: if random.chance(70) { tags.append("technical") }
        case .sales, .other: break
        }
        if account.type == "prospect", random.chance(20) { tags.append("trade-show") }
        let optOut = random.chance(8)
        if !optOut, account.type != "competitor", random.chance(35) { tags.append("newsletter") }
        var prefix: String?
        if title.title.hasPrefix("Professor") {
            prefix = "Prof."
        } else if Self.doctoral.contains(where: { title.title.contains($0) }), random.chance(30) {
            prefix = "Dr."
        }
        var emails = [
            (address: email(person.first, person.last, culture: culture, pattern: pattern, at: account), label: "work")
        ]
        if random.chance(18), let alias = Self.alias(for: title.kind) {
            let address = "\(alias)@\(account.domain)"
            if usedEmails.insert(address).inserted { emails.append((address, "other")) }
        }
        var phones: [(number: String, label: String)] = []
        if ["US", "CA", "GB", "AU"].contains(account.country.code), random.chance(50), let main = account.mainPhone {
            phones.append(("\(main) x\(random.int(100...499))", "work"))
        } else if random.chance(80) {
            phones.append((uniquePhone(account.city.landline), "work"))
        }
        if random.chance(55) { phones.append((uniquePhone(account.country.mobile ?? account.city.landline), "mobile")) }
        var birthday: String?
        if random.chance(25) {
            let year = random.int(1961...1999)
            let month = random.int(1...12)
            let day = random.int(1...LocalDate.daysIn(month: month, year: year))
            birthday = (try? LocalDate(year: year, month: month, day: day))?.description
        }
        let note: String? = random.chance(10) ? contactNote(account) : nil
        plan.contacts.append(
            DemoContactPlan(
                id: ids.make(), key: nil, account: index, prefix: prefix, first: person.first, last: person.last,
                title: person.female ? title.feminine ?? title.title : title.title, emails: emails, phones: phones,
                birthday: birthday, timeZone: account.city.timeZone, optOut: optOut, tags: tags,
                country: account.country.code, description: note))
        return title.kind
    }

    /// Adds one of the story's named people exactly as the story describes them.
    mutating func addStoryContact(_ person: DemoStoryPerson, at index: Int, pattern: Int) {
        let account = plan.accounts[index]
        // Where switchboards with extensions are usual, the story's people are reached that way.
        var phones: [(number: String, label: String)] = []
        if ["US", "CA", "GB", "AU"].contains(account.country.code), let main = account.mainPhone {
            phones.append(("\(main) x\(random.int(200...299))", "work"))
        } else {
            phones.append((uniquePhone(account.city.landline), "work"))
        }
        if person.mobile { phones.append((uniquePhone(account.country.mobile ?? account.city.landline), "mobile")) }
        plan.contacts.append(
            DemoContactPlan(
                id: ids.make(), key: person.key, account: index, prefix: person.prefix,
                first: person.createdAs ?? person.first, last: person.last, title: person.title,
                emails: [
                    (email(person.first, person.last, culture: account.culture, pattern: pattern, at: account), "work")
                ],
                phones: phones, birthday: person.birthday, timeZone: account.city.timeZone, optOut: false,
                tags: person.tags, country: account.country.code, description: person.note))
    }

    mutating func pickTitle(for account: DemoAccountPlan, culture: DemoCulture) -> DemoCompanies.Title {
        switch account.type {
        case "partner": return random.pick(DemoCompanies.partnerTitles)
        case "supplier": return random.pick(DemoCompanies.supplierTitles)
        case "distributor": return random.pick(DemoCompanies.distributorTitles)
        case "competitor": return random.pick(DemoCompanies.competitorTitles)
        case "other": return random.pick(DemoCompanies.otherTitles)
        default:
            if account.industry == "Higher Education", random.chance(50) {
                return random.pick(DemoCompanies.educationTitles)
            }
            if let local = DemoCompanies.localTitles[culture], random.chance(35) { return random.pick(local) }
            return random.pick(DemoCompanies.customerTitles)
        }
    }

    /// A work address in the company's pattern, made unique with a digit when a namesake has it.
    mutating func email(
        _ first: String, _ last: String, culture: DemoCulture, pattern: Int, at account: DemoAccountPlan
    )
        -> String
    {
        let f = DemoNames.emailPart(first, culture: culture)
        let l = DemoNames.emailPart(last, culture: culture)
        let local =
            switch pattern {
            case 0: "\(f).\(l)"
            case 1: "\(f.prefix(1))\(l)"
            case 2: "\(f)_\(l)"
            default: f
            }
        var address = "\(local)@\(account.domain)"
        var n = 2
        while !usedEmails.insert(address).inserted {
            address = "\(local)\(n)@\(account.domain)"
            n += 1
        }
        return address
    }

    /// Titles whose holders often have a doctorate.
    static let doctoral = [
        "Scientist", "Chemist", "Microbiologist", "R&D", "Head of Laboratory", "Laborleiter", "Postdoctoral",
        "Chief Technology Officer",
    ]

    /// The team mailbox someone doing this work is often reached at as well.
    static func alias(for kind: DemoCompanies.Title.Kind) -> String? {
        switch kind {
        case .procurement: "purchasing"
        case .finance: "accounts.payable"
        case .quality: "qc-lab"
        case .lab: "lab"
        case .engineering: "maintenance"
        case .it: "it-support"
        case .executive, .sales, .other: nil
        }
    }

    mutating func contactNote(_ account: DemoAccountPlan) -> String {
        random.pick([
            "Prefers email over phone.",
            "Best reached before noon, \(account.city.name) time.",
            "Met at \(random.pick(DemoCompanies.events)).",
            "Owns the instrument budget for the \(account.city.name) site.",
            "Asked to be invited to the next user group webinar.",
            "Previously worked with \(random.pick(DemoStory.competitors).shortName) equipment.",
            "Back from parental leave in the autumn; a deputy covers until then.",
        ])
    }
}
