import Foundation
import RapportCore

/// A named person the story refers to.
struct DemoStoryPerson: Sendable {
    var key: String
    var prefix: String? = nil
    var first: String
    var last: String
    /// The first name as first (mis)typed, when the story has someone correct it later.
    var createdAs: String? = nil
    var title: String
    var tags: [String]
    var mobile = true
    var birthday: String? = nil
    var note: String? = nil
}

/// A hand-written account the story's updates and relations are about.
struct DemoStoryAccount: Sendable {
    var key: String
    var name: String
    var type: String
    var industry: String
    var country: String
    var city: String
    var owner: DemoStaff
    var shared: Bool
    var parent: String? = nil
    var employees: Int
    var description: String
    var people: [DemoStoryPerson] = []
    /// How many invented colleagues to add.
    var extra: Int
}

/// A hand-written competitor or other organisation.
struct DemoNamedAccount: Sendable {
    var key: String? = nil
    var name: String
    var shortName: String
    var type: String
    var industry: String
    var country: String
    var city: String
    var employees: Int
    var shared: Bool
    var description: String
}

/// The accounts a trainer walks through: a biotech prospect Ethan wins (Helix Biologics), a German
/// chemicals group with subsidiaries (Rheinfeld), a Swiss utility handed from Jonas to Sophie
/// (Lémanique Eaux), a key account Service and Billing work on (Laboratorios Alcázar), and the
/// partners, distributors and competitors around them.
enum DemoStory {
    static let accounts: [DemoStoryAccount] = [
        DemoStoryAccount(
            key: "helix", name: "Helix Biologics Inc.", type: "prospect", industry: "Biotechnology", country: "US",
            city: "Boston", owner: .ethan, shared: false, employees: 340,
            description: "Inbound web inquiry about Aurora UV-Vis spectrophotometers for their new QC lab; "
                + "today they run Kestrel's older models.",
            people: [
                DemoStoryPerson(
                    key: "zoe", first: "Zoë", last: "Adeyemi", title: "Director of Quality Control",
                    tags: ["decision-maker", "champion", "newsletter"], birthday: "1984-05-17"),
                DemoStoryPerson(
                    key: "marcus", first: "Marcus", last: "Hale", title: "Procurement Manager",
                    tags: ["decision-maker"]),
                DemoStoryPerson(
                    key: "wei", prefix: "Dr.", first: "Wei", last: "Zhang", title: "Senior Scientist",
                    tags: ["technical"], mobile: false),
            ], extra: 1),
        DemoStoryAccount(
            key: "rheinfeld", name: "Rheinfeld Chemie AG", type: "customer", industry: "Chemicals", country: "DE",
            city: "Ludwigshafen am Rhein", owner: .jonas, shared: true, employees: 12_000,
            description: "Group headquarters. Customer since 2014; global framework agreement for TitraMax "
                + "autotitrators across all plants, renewed every January.",
            people: [
                DemoStoryPerson(
                    key: "juergen", first: "Jürgen", last: "Köhler", title: "Leiter Qualitätssicherung",
                    tags: ["decision-maker"]),
                DemoStoryPerson(
                    key: "katharina", first: "Katharina", last: "Weiß", title: "Einkäuferin", tags: ["billing-contact"]),
                DemoStoryPerson(
                    key: "lukas", first: "Lukas", last: "Brandt", title: "Chemielaborant",
                    tags: ["technical", "newsletter"]),
            ], extra: 2),
        DemoStoryAccount(
            key: "rheinfeld-us", name: "Rheinfeld Chemicals Inc.", type: "customer", industry: "Chemicals",
            country: "US", city: "Houston", owner: .olivia, shared: false, parent: "rheinfeld", employees: 820,
            description: "US arm of Rheinfeld Chemie; buys under the group framework agreement.", extra: 3),
        DemoStoryAccount(
            key: "rheinfeld-fr", name: "Rheinfeld Chimie SAS", type: "customer", industry: "Chemicals", country: "FR",
            city: "Lyon", owner: .sophie, shared: false, parent: "rheinfeld", employees: 460,
            description: "French subsidiary; QC lab in Lyon-Gerland.",
            people: [
                DemoStoryPerson(
                    key: "anais", first: "Anaïs", last: "Lefèvre", title: "Responsable qualité",
                    tags: ["decision-maker", "champion"])
            ], extra: 2),
        DemoStoryAccount(
            key: "valmont", name: "Maison Valmont SAS", type: "prospect", industry: "Food & Beverage", country: "FR",
            city: "Toulouse", owner: .sophie, shared: false, employees: 1_300,
            description: "Dairy and cheese maker met at Process Measurement Days Lyon. "
                + "Wants in-line moisture analysis for three plants.",
            people: [
                DemoStoryPerson(
                    key: "elodie", first: "Élodie", last: "Garnier", title: "Responsable de laboratoire",
                    tags: ["decision-maker", "trade-show"]),
                DemoStoryPerson(
                    key: "theo", first: "Théo", last: "Mercier", title: "Acheteur", tags: ["billing-contact"]),
            ], extra: 1),
        DemoStoryAccount(
            key: "lemanique", name: "Lémanique Eaux SA", type: "customer", industry: "Water Treatment", country: "CH",
            city: "Genève", owner: .jonas, shared: false, employees: 380,
            description: "Drinking-water utility for the Geneva basin; 22 FlowSense meters on the network.",
            people: [
                DemoStoryPerson(
                    key: "lea", first: "Léa", last: "Favre", title: "Responsable qualité", tags: ["decision-maker"]),
                DemoStoryPerson(
                    key: "noel", first: "Noël", last: "Perrin", title: "Technicien de laboratoire", tags: ["technical"]),
            ], extra: 1),
        DemoStoryAccount(
            key: "takamine", name: "Takamine Semiconductor K.K.", type: "customer", industry: "Semiconductors",
            country: "JP",
            city: "Tokyo", owner: .daniel, shared: false, employees: 5_400,
            description: "Fab in Yokohama; Vector gas analyzers on every cleanroom exhaust line.",
            people: [
                DemoStoryPerson(
                    key: "haruto", first: "Haruto", last: "Satō", title: "Process Engineer", tags: ["technical"]),
                DemoStoryPerson(
                    key: "yui", first: "Yui", last: "Itō", title: "Procurement Manager",
                    tags: ["decision-maker", "billing-contact"]),
            ], extra: 2),
        DemoStoryAccount(
            key: "sondergaard", name: "Søndergaard Kalibrering ApS", type: "partner", industry: "Calibration Services",
            country: "DK", city: "Aarhus", owner: .jonas, shared: true, employees: 35,
            description:
                "Accredited calibration partner for the Nordics; calibrates the TitraMax fleet at Rheinfeld's plants.",
            people: [
                DemoStoryPerson(
                    key: "soren", first: "Søren", last: "Østergaard", title: "Service Engineer", tags: ["technical"])
            ],
            extra: 1),
        DemoStoryAccount(
            key: "wislana", name: "Wiślana Laboratoria Sp. z o.o.", type: "prospect", industry: "Environmental Testing",
            country: "PL", city: "Kraków", owner: .jonas, shared: false, employees: 120,
            description: "Environmental testing lab growing fast; a tender for six autotitrators is expected in Q3.",
            people: [
                DemoStoryPerson(
                    key: "lukasz", first: "Łukasz", last: "Wójcik", title: "Laboratory Manager",
                    tags: ["decision-maker"]),
                DemoStoryPerson(
                    key: "agnieszka", first: "Agnieszka", last: "Kowalska", title: "Purchasing Lead", tags: []),
            ], extra: 0),
        DemoStoryAccount(
            key: "alcazar", name: "Laboratorios Alcázar S.A.", type: "customer", industry: "Pharmaceuticals",
            country: "ES",
            city: "Madrid", owner: .sophie, shared: true, employees: 2_100,
            description:
                "Key account: generic drug maker with two plants and the largest Aurora installation in Spain.",
            people: [
                DemoStoryPerson(
                    key: "jose", first: "José", last: "Martín", createdAs: "Jose", title: "Jefe de laboratorio",
                    tags: ["decision-maker"]),
                DemoStoryPerson(
                    key: "lucia", first: "Lucía", last: "Ibáñez", title: "Responsable de calidad",
                    tags: ["technical", "newsletter"]),
            ], extra: 2),
        DemoStoryAccount(
            key: "brightwell", name: "Brightwell Lab Supply Ltd", type: "distributor",
            industry: "Laboratory Supplies Distribution", country: "GB", city: "Manchester", owner: .sophie,
            shared: true,
            employees: 140,
            description: "Authorised Northwind distributor for the UK and Ireland; also carries Kestrel's line.",
            extra: 3),
    ]

    static let competitors: [DemoNamedAccount] = [
        named(
            "kestrel", "Kestrel Analytical Instruments Inc.", "Kestrel", "US", "Chicago", 4_800,
            "Our biggest competitor in North America: strong in UV-Vis, "
                + "aggressive on price for multi-year service bundles."),
        named(
            nil, "Brandt Messgeräte GmbH", "Brandt", "DE", "Stuttgart", 2_300,
            "Strong in process gas analysis in Germany, Austria and Switzerland; slow to support older models."),
        named(
            nil, "Sorano Scientific K.K.", "Sorano", "JP", "Kyoto", 6_100,
            "Leads in Japan; its moisture analyzers compete head-on with Tessera."),
        named(
            nil, "Lumen Metrology Ltd", "Lumen", "GB", "Cambridge", 650,
            "Start-up with a well-liked cloud data logger; watch their ThermaLog comparisons."),
        named(nil, "Corvid Sensors Inc.", "Corvid", "US", "Denver", 1_200, "Low-cost flow meters sold mostly online."),
        named(
            nil, "Aurelia Strumenti S.p.A.", "Aurelia", "IT", "Bologna", 900,
            "Competes on autotitrators in Italy and Spain through its own distributors."),
        named(
            nil, "Métrix Analytique SAS", "Métrix", "FR", "Grenoble", 480,
            "Regional player; wins on local service in France."),
        named(
            nil, "Halvorsen Instrument AB", "Halvorsen", "SE", "Uppsala", 300,
            "Conductivity and pH specialists; strong with Nordic universities."),
        named(
            nil, "Bellmont Process Instruments Corp.", "Bellmont", "CA", "Toronto", 1_700,
            "Process analyzers for oil & gas and mining in Canada."),
        named(
            nil, "Coral Sea Instruments Pty Ltd", "Coral Sea", "AU", "Brisbane", 220,
            "Distributor turned manufacturer; private-label pH meters."),
    ]

    static let others: [DemoNamedAccount] = [
        other(
            "Laboratory Managers Forum of North America", "Industry Association", "US", "Philadelphia", 12, true,
            "Runs LabTech Expo Chicago; we sponsor the coffee breaks."),
        other(
            "Analytica Europa Messe GmbH", "Trade Fair Organizer", "DE", "München", 85, true,
            "Organises Analytica Europa; our 2025 booth is in hall B2."),
        other(
            "Institut für Angewandte Messtechnik", "Research Institute", "DE", "Jena", 140, false,
            "Applied metrology institute; joint research project on in-line moisture measurement."),
        other(
            "British Calibration Society", "Industry Association", "GB", "London", 9, false,
            "Members get a discount on calibration courses."),
        other(
            "Greenfield Strategy Group LLC", "Consultancy", "US", "San Francisco", 60, false,
            "Ran our 2024 pricing study."),
        other(
            "Pacific Lab Expo Pty Ltd", "Trade Fair Organizer", "AU", "Sydney", 25, true,
            "Organises the Sydney lab show every August."),
        other(
            "Ontario Water Quality Council", "Industry Association", "CA", "Toronto", 14, false,
            "Publishes the testing guidelines many Ontario utilities follow."),
        other(
            "Consorzio Laboratori Emilia", "Industry Association", "IT", "Bologna", 30, false,
            "Buying consortium of 40 testing labs; tenders a framework contract every two years."),
        other(
            "Fundación Ciencia Abierta", "Non-profit", "ES", "Barcelona", 18, true,
            "Science outreach foundation; we donate refurbished pH meters to schools."),
        other(
            "Tokyo Instrumentation Society", "Industry Association", "JP", "Tokyo", 40, false,
            "Standards working group on gas analyzer calibration."),
    ]

    private static func named(
        _ key: String?, _ name: String, _ short: String, _ country: String, _ city: String, _ employees: Int,
        _ description: String
    ) -> DemoNamedAccount {
        DemoNamedAccount(
            key: key, name: name, shortName: short, type: "competitor", industry: "Measurement Instruments",
            country: country, city: city, employees: employees, shared: true, description: description)
    }

    private static func other(
        _ name: String, _ industry: String, _ country: String, _ city: String, _ employees: Int, _ shared: Bool,
        _ description: String
    ) -> DemoNamedAccount {
        DemoNamedAccount(
            name: name, shortName: name, type: "other", industry: industry, country: country, city: city,
            employees: employees, shared: shared, description: description)
    }

    /// The industry of a story account, for its naming and revenue figures.
    static func industry(named name: String) -> DemoIndustry {
        let all =
            DemoCompanies.customerIndustries.map(\.0) + DemoCompanies.partnerIndustries
            + DemoCompanies.supplierIndustries + DemoCompanies.distributorIndustries
        return all.first { $0.name == name } ?? DemoIndustry(name, [], revenue: 200...400)
    }
}

extension DemoPlanner {
    mutating func planStoryAccounts() {
        for spec in DemoStory.accounts {
            let country = DemoPlaces.country(spec.country)
            let index = addAccount(
                key: spec.key, name: spec.name, type: spec.type, industry: DemoStory.industry(named: spec.industry),
                country: country, city: DemoPlaces.city(spec.city, in: country), owner: spec.owner, shared: spec.shared,
                parent: spec.parent.flatMap { plan.account($0) }, employees: spec.employees,
                description: spec.description)
            storyPeople[index] = (spec.people, spec.extra)
        }
    }
}
