import Foundation
import RapportCore

/// Word lists and unique-by-construction values for the bulk loader: account names and domains from a
/// bijection over (surname, surname, trade) triples, phone numbers whose last digits are a bijection of
/// a serial number. Places, people's names and job titles come from the demo workspace's pools.
struct BulkVocabulary: Sendable {
    /// Surnames of every culture the demo knows, with distinct ASCII spellings.
    let surnames: [(name: String, slug: String)]
    let nameCount: Int
    let nameStep: Int
    let nameOffset: Int
    /// Digits in the unique tail of phone numbers, and the tail's bijection.
    let tailDigits: Int
    let tailSpace: Int
    let tailOffset: Int
    static let tailStep = 1_234_567  // odd and not a multiple of 5: coprime with 8·10^k
    let countryWeights: [Int]

    init(seed: UInt64, accounts: Int, serials: Int) {
        var seen: Set<String> = []
        var names: [(String, String)] = []
        let cultures: [DemoCulture] = [
            .english, .french, .german, .dutch, .spanish, .italian, .swedish, .danish, .polish, .japanese,
        ]
        for pool in cultures.map(DemoNames.pool) + DemoNames.diaspora {
            for name in pool.last {
                let slug = DemoNames.emailPart(name, culture: .english)
                if !slug.isEmpty, seen.insert(slug).inserted { names.append((name, slug)) }
            }
        }
        surnames = names
        nameCount = names.count * names.count * Self.trades.count
        var step = 1_000_003
        while Self.gcd(step, nameCount) != 1 { step += 2 }
        nameStep = step
        var random = DemoRandom(seed: seed ^ 0xA11C_E5ED)
        nameOffset = random.below(nameCount)
        tailDigits = serials <= 8_000_000 ? 7 : 8
        tailSpace = 8 * Int(pow(10.0, Double(tailDigits - 1)))
        tailOffset = random.below(tailSpace)
        countryWeights = DemoPlaces.countries.map(\.weight)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    func country(_ random: inout DemoRandom) -> DemoCountry { DemoPlaces.countries[random.weighted(countryWeights)] }

    /// A unique company name and its domain, e.g. `Becker & Faure Analytics GmbH`,
    /// `becker-faure-analytics.example` (the `.example` domain is reserved: nobody receives this mail).
    func accountName(_ index: Int, legalForm: String) -> (String, String) {
        let combination = (index % nameCount) * nameStep % nameCount
        let k = (combination + nameOffset) % nameCount
        let trade = Self.trades[k % Self.trades.count]
        let a = surnames[(k / Self.trades.count) % surnames.count]
        let b = surnames[k / Self.trades.count / surnames.count]
        let round = index / nameCount
        let tradeSlug = trade.lowercased().filter { ("a"..."z").contains($0) }
        var name = a.slug == b.slug ? "\(a.name) \(trade)" : "\(a.name) & \(b.name) \(trade)"
        var domain = a.slug == b.slug ? "\(a.slug)-\(tradeSlug)" : "\(a.slug)-\(b.slug)-\(tradeSlug)"
        if round > 0 {
            name += " \(round + 1)"
            domain += "-\(round + 1)"
        }
        return (name + " " + legalForm, domain + ".example")
    }

    /// An E.164 number in a city's or country's pattern (`+44 20 7946 0###`) whose last digits are unique
    /// to `serial`: the pattern's leading digits, then the serial's tail.
    func phone(_ pattern: String, serial: Int, using random: inout DemoRandom) -> String {
        let parts = pattern.dropFirst().split(separator: " ")
        let code = parts.first.map(String.init) ?? "1"
        let national = parts.dropFirst().joined()
        let keep = max(1, national.count - tailDigits)
        var digits = ""
        for ch in national.prefix(keep) { digits.append(ch == "#" ? Character(String(random.below(10))) : ch) }
        let tail = tailSpace / 4 + (serial % tailSpace * Self.tailStep + tailOffset) % tailSpace
        return "+" + code + digits + String(tail)
    }

    func street(_ country: DemoCountry, _ city: DemoCity, using random: inout DemoRandom) -> String {
        let name = random.pick(city.streets ?? country.streets)
        switch country.streetStyle {
        case .numberFirst: return "\(random.int(1...2400)) \(name)"
        case .numberLast: return "\(name) \(random.int(1...180))"
        case .numberLastComma: return "\(name), \(random.int(1...200))"
        case .japanese: return "\(random.int(1...5))-\(random.int(1...20))-\(random.int(1...30)) \(name)"
        }
    }

    func initial(_ random: inout DemoRandom) -> Character {
        Character(UnicodeScalar(UInt8(65 + random.below(26))))
    }

    /// A job title fitting the account's type, as the demo picks them.
    func title(for type: String, culture: DemoCulture, using random: inout DemoRandom) -> DemoCompanies.Title {
        switch type {
        case "partner": return random.pick(DemoCompanies.partnerTitles)
        case "supplier": return random.pick(DemoCompanies.supplierTitles)
        case "distributor": return random.pick(DemoCompanies.distributorTitles)
        case "competitor": return random.pick(DemoCompanies.competitorTitles)
        case "other": return random.pick(DemoCompanies.otherTitles)
        default:
            if let local = DemoCompanies.localTitles[culture], random.chance(35) { return random.pick(local) }
            return random.pick(DemoCompanies.customerTitles)
        }
    }

    /// The trade words of company names.
    static let trades = [
        "Instruments", "Analytics", "Labs", "Biosciences", "Systems", "Metrology", "Photonics", "Diagnostics",
        "Sensors", "Technologies", "Engineering", "Materials", "Pharma", "Chemicals", "Scientific", "Robotics",
        "Automation", "Optics", "Controls", "Medical", "Foods", "Polymers", "Energy", "Water", "Logistics",
        "Electronics", "Devices", "Research", "Consulting", "Solutions", "Industries", "Biotech", "Genomics",
        "Nanotech", "Precision", "Coatings", "Ceramics", "Semiconductors", "Aerospace", "Laboratories",
    ]

    static let industries = [
        "Pharmaceuticals", "Chemicals", "Food & Beverage", "Environmental Testing", "Semiconductors", "Biotechnology",
        "Higher Education", "Oil & Gas", "Water Utilities", "Medical Devices", "Automotive", "Aerospace",
        "Contract Research", "Plastics", "Metals & Mining", "Cosmetics",
    ]

    static let accountNotes = [
        "Framework agreement renewed every January; procurement wants three quotes.",
        "Prefers quarterly business reviews on site.",
        "Central purchasing for all plants in the region.",
        "Met at a trade show; interested in the calibration service.",
    ]

    static let contactNotes = [
        "Prefers email; out of office most Fridays.",
        "Met at the user group meeting; asked for the new spec sheet.",
        "Signs off purchase orders above 10k.",
        "Moved here from a competitor last year.",
    ]
}
