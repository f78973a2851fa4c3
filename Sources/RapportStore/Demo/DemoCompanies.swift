import Foundation

/// A line of business, with the ways companies in it are named.
///
/// In a template `{s}` is a name stem, `{f}` the country's legal form. A culture may have its own
/// templates (French pharma companies are `Laboratoires …`).
struct DemoIndustry: Sendable {
    let name: String
    let templates: [String]
    let local: [DemoCulture: [String]]
    /// Revenue per employee in thousands of US dollars, to make revenue figures plausible.
    let revenuePerEmployee: ClosedRange<Int>
    /// Whether its organisations publish a revenue (universities and hospitals are left blank).
    let hasRevenue: Bool

    init(
        _ name: String, _ templates: [String], local: [DemoCulture: [String]] = [:], revenue: ClosedRange<Int>,
        hasRevenue: Bool = true
    ) {
        self.name = name
        self.templates = templates
        self.local = local
        self.revenuePerEmployee = revenue
        self.hasRevenue = hasRevenue
    }
}

/// Word lists for company names, industries, products and job titles: what Northwind Instruments,
/// a maker of laboratory and industrial measurement equipment, deals with.
enum DemoCompanies {
    /// Invented name stems by culture; combined with industry words they make names like
    /// `Rheinfeld Messtechnik GmbH` or `Brightwell Biosciences Inc.`.
    static func stems(_ culture: DemoCulture) -> [String] {
        switch culture {
        case .english:
            [
                "Aldermoor", "Ashcombe", "Bluewater", "Brightwell", "Cedarline", "Clearbrook", "Crestview", "Eastgate",
                "Fairhaven", "Greystone", "Harborview", "Ironbridge", "Kingsbury", "Lakeshore", "Northgate", "Oakridge",
                "Pinecrest", "Silverline", "Stonebridge", "Westbrook", "Whitmore", "Windham", "Halcyon", "Copperfield",
                "Foxglove", "Hawthorne", "Juniper", "Larkspur", "Maplewood", "Blue Heron", "Granite Peak", "Redfern",
                "Thornbury", "Millbrook", "Ravenscroft", "Sandpiper", "Tidewater", "Wexford", "Brambleton",
                "Coldstream",
                "Ambervale", "Ashford", "Birchwood", "Blackwater", "Caldwell", "Carrowmore", "Claymore", "Dunmore",
                "Elmstead", "Fernhill", "Glenbrook", "Goldcrest", "Hollis", "Linden", "Marlow", "Meadowbank",
                "Norcross", "Oakhurst", "Pembrook", "Quarry Hill", "Rosedale", "Saltmarsh", "Thistle", "Upland",
                "Waverley", "Whitby", "Wildwood", "Yarrow",
            ]
        case .french:
            [
                "Valmont", "Beaulieu", "Montclair", "Rochefort", "Clairval", "Vallorin", "Mirabel", "Lancelin",
                "Aubrac",
                "Chantemerle", "Villeneuve", "Belcourt", "Marigny", "Sauveterre", "Hautecombe", "Roquebrune",
            ]
        case .german:
            [
                "Rheinfeld", "Elbtal", "Sonnenberg", "Lindenhof", "Altmark", "Falkenstein", "Weißdorn", "Hohenau",
                "Nordheim", "Kesselring", "Eichwald", "Mühlbach", "Auenland", "Birkenau", "Steinach", "Grünwald",
            ]
        case .dutch:
            ["Zeeland", "Vlietstra", "Noordhoek", "Dijkman", "Van Amstel", "Grevelingen", "Meerburg", "Waterland"]
        case .spanish: ["Alcázar", "Montserrat", "Sierra Blanca", "Valdés", "Solano", "Iberis", "Almenara", "Guadiana"]
        case .italian:
            ["Bellavista", "Castellani", "Monteverde", "Rivalta", "Serravalle", "Lombarda", "Valtellina", "Dolomia"]
        case .swedish: ["Norrsken", "Ekdal", "Björkvik", "Stensund", "Fjällberg", "Solbacka", "Älvdalen", "Granholm"]
        case .danish: ["Øresund", "Skovbo", "Havnegaard", "Lindholm", "Kattegat", "Bøgely"]
        case .polish: ["Bałtyk", "Karpaty", "Mazowia", "Sudety", "Warta", "Odra", "Wiślana", "Beskid"]
        case .japanese:
            [
                "Aoyama", "Midori", "Takamine", "Shirakawa", "Hinode", "Kitagawa", "Minato", "Yamabuki", "Sorano",
                "Hoshizora",
            ]
        }
    }

    static let allStems: [String] = [
        DemoCulture.english, .french, .german, .dutch, .spanish, .italian, .swedish, .danish, .polish, .japanese,
    ].flatMap(stems)

    /// Industries of Northwind's customers and prospects, with how often each occurs.
    static let customerIndustries: [(DemoIndustry, weight: Int)] = [
        (
            DemoIndustry(
                "Pharmaceuticals", ["{s} Pharma {f}", "{s} Pharmaceuticals {f}", "{s} Therapeutics {f}"],
                local: [
                    .french: ["Laboratoires {s} {f}"], .spanish: ["Laboratorios {s} {f}"],
                    .italian: ["{s} Farmaceutici {f}"],
                ], revenue: 350...600), 14
        ),
        (
            DemoIndustry(
                "Biotechnology", ["{s} Biosciences {f}", "{s} Biologics {f}", "{s} Genomics {f}"], revenue: 250...500),
            12
        ),
        (
            DemoIndustry(
                "Food & Beverage", ["{s} Foods {f}", "{s} Dairy {f}", "{s} Brewing {f}", "{s} Nutrition {f}"],
                local: [
                    .french: ["{s} Agroalimentaire {f}", "Fromageries {s} {f}"], .german: ["{s} Lebensmittel {f}"],
                    .italian: ["{s} Alimentari {f}"], .spanish: ["{s} Alimentación {f}"],
                ], revenue: 200...400), 11
        ),
        (
            DemoIndustry(
                "Chemicals", ["{s} Chemicals {f}", "{s} Specialty Chemicals {f}"],
                local: [.german: ["{s} Chemie {f}"], .french: ["{s} Chimie {f}"], .dutch: ["{s} Chemie {f}"]],
                revenue: 400...800), 11
        ),
        (DemoIndustry("Semiconductors", ["{s} Semiconductor {f}", "{s} Microsystems {f}"], revenue: 450...900), 6),
        (
            DemoIndustry(
                "Energy & Utilities", ["{s} Energy {f}", "{s} Power {f}"],
                local: [.swedish: ["{s} Energi {f}"], .danish: ["{s} Energi {f}"], .german: ["Stadtwerke {s}"]],
                revenue: 500...1_000), 6
        ),
        (
            DemoIndustry(
                "Water Treatment", ["{s} Water {f}", "{s} Water Services {f}"],
                local: [.french: ["{s} Eaux {f}"], .german: ["{s} Wasser {f}"]], revenue: 250...450), 7
        ),
        (
            DemoIndustry(
                "Environmental Testing", ["{s} Environmental Labs {f}", "{s} Analytical {f}"],
                local: [.german: ["{s} Umweltanalytik {f}"]], revenue: 120...220), 8
        ),
        (
            DemoIndustry(
                "Higher Education", ["{s} University", "{s} Institute of Technology", "{s} Research Institute"],
                local: [
                    .german: ["Hochschule {s}"], .french: ["Institut {s}"], .spanish: ["Universidad {s}"],
                    .italian: ["Istituto {s}"], .dutch: ["Hogeschool {s}"], .japanese: ["{s} University"],
                ], revenue: 100...200, hasRevenue: false), 6
        ),
        (
            DemoIndustry(
                "Healthcare", ["{s} Clinical Laboratories", "{s} Medical Center", "{s} Health"],
                local: [.german: ["Klinikum {s}"], .french: ["Clinique {s}"]], revenue: 150...250, hasRevenue: false), 5
        ),
        (DemoIndustry("Automotive", ["{s} Automotive {f}", "{s} Motor Components {f}"], revenue: 300...600), 4),
        (DemoIndustry("Aerospace & Defense", ["{s} Aerospace {f}", "{s} Avionics {f}"], revenue: 300...550), 3),
        (
            DemoIndustry(
                "Oil & Gas", ["{s} Petroleum {f}", "{s} Offshore {f}", "{s} Refining {f}"], revenue: 800...1_500), 3
        ),
        (DemoIndustry("Mining & Metals", ["{s} Mining {f}", "{s} Metals {f}"], revenue: 350...700), 3),
        (DemoIndustry("Plastics & Polymers", ["{s} Polymers {f}", "{s} Plastics {f}"], revenue: 250...450), 3),
        (DemoIndustry("Contract Research", ["{s} Research Services {f}", "{s} CRO {f}"], revenue: 150...300), 4),
    ]

    static let partnerIndustries: [DemoIndustry] = [
        DemoIndustry(
            "Calibration Services", ["{s} Calibration {f}", "{s} Metrology Services {f}"],
            local: [.german: ["{s} Kalibrierdienst {f}"], .danish: ["{s} Kalibrering {f}"]], revenue: 90...160),
        DemoIndustry("Systems Integration", ["{s} Automation {f}", "{s} Lab Systems {f}"], revenue: 120...220),
        DemoIndustry("Laboratory Software", ["{s} Informatics {f}", "{s} LIMS Solutions {f}"], revenue: 150...300),
        DemoIndustry(
            "Validation Consulting", ["{s} Validation Partners {f}", "{s} Compliance Consulting {f}"],
            revenue: 120...200),
    ]

    static let supplierIndustries: [DemoIndustry] = [
        DemoIndustry(
            "Electronic Components", ["{s} Electronics {f}", "{s} PCB {f}"],
            local: [.german: ["{s} Elektronik {f}"]], revenue: 200...400),
        DemoIndustry(
            "Precision Optics", ["{s} Optics {f}", "{s} Photonics {f}"], local: [.german: ["{s} Optik {f}"]],
            revenue: 200...350),
        DemoIndustry("Sensors", ["{s} Sensors {f}"], local: [.german: ["{s} Sensortechnik {f}"]], revenue: 200...350),
        DemoIndustry(
            "Laboratory Glassware", ["{s} Glass {f}", "{s} Glassworks {f}"], local: [.german: ["{s} Glaswerk {f}"]],
            revenue: 150...250),
        DemoIndustry("Logistics", ["{s} Logistics {f}", "{s} Freight {f}"], revenue: 150...300),
        DemoIndustry(
            "Precision Machining", ["{s} Precision Machining {f}", "{s} Enclosures {f}"],
            local: [.german: ["{s} Feinmechanik {f}"]], revenue: 150...250),
    ]

    static let distributorIndustries: [DemoIndustry] = [
        DemoIndustry(
            "Laboratory Supplies Distribution", ["{s} Scientific {f}", "{s} Lab Supply {f}"],
            local: [.german: ["{s} Labortechnik {f}"], .french: ["{s} Équipements de Laboratoire {f}"]],
            revenue: 400...700),
        DemoIndustry(
            "Industrial Distribution", ["{s} Instrumentation {f}", "{s} Process Supply {f}"], revenue: 400...700),
    ]

    /// Northwind's own products, named in account descriptions.
    static let products = [
        "Aurora UV-Vis spectrophotometers", "TitraMax autotitrators", "NW-200 benchtop pH meters",
        "FlowSense ultrasonic flow meters", "ThermaLog temperature data loggers", "Vector process gas analyzers",
        "Tessera moisture analyzers", "Keystone conductivity probes",
    ]

    /// What suppliers make for Northwind.
    static let components = [
        "deuterium lamps", "quartz cuvettes", "pH electrodes", "ultrasonic transducers", "custom circuit boards",
        "machined aluminium enclosures", "gas sensor cells", "calibration buffer solutions",
        "freight and customs brokerage",
    ]

    /// Trade fairs where prospects were met (invented, like everything here).
    static let events = [
        "Analytica Europa 2025", "LabTech Expo Chicago 2025", "Process Measurement Days Lyon", "PittLab West 2024",
    ]

    /// A job title, the kind of work it stands for, and a feminine form where the language has one.
    struct Title: Sendable {
        enum Kind: Sendable { case executive, quality, lab, engineering, procurement, finance, it, sales, other }
        let title: String
        let feminine: String?
        let kind: Kind

        init(_ title: String, _ kind: Kind, feminine: String? = nil) {
            self.title = title
            self.kind = kind
            self.feminine = feminine
        }
    }

    /// Who Northwind talks to at a customer or prospect.
    static let customerTitles: [Title] = [
        Title("Chief Technology Officer", .executive), Title("VP Operations", .executive),
        Title("Director of R&D", .executive), Title("Site Director", .executive),
        Title("Head of Laboratory", .executive),
        Title("Plant Manager", .executive),
        Title("QA/QC Manager", .quality), Title("Head of Quality Control", .quality),
        Title("Quality Assurance Specialist", .quality), Title("Validation Engineer", .quality),
        Title("Laboratory Manager", .lab), Title("Senior Scientist", .lab), Title("Analytical Chemist", .lab),
        Title("Lab Technician", .lab), Title("Research Associate", .lab), Title("Microbiologist", .lab),
        Title("Process Engineer", .engineering), Title("Instrumentation Engineer", .engineering),
        Title("Maintenance Supervisor", .engineering), Title("Metrology Engineer", .engineering),
        Title("Calibration Technician", .engineering), Title("EHS Manager", .engineering),
        Title("Procurement Manager", .procurement), Title("Purchasing Lead", .procurement),
        Title("Strategic Buyer", .procurement),
        Title("Accounts Payable Specialist", .finance), Title("Finance Controller", .finance),
        Title("LIMS Administrator", .it), Title("IT Manager", .it),
    ]

    /// Titles in the local language, used for some people in these countries.
    static let localTitles: [DemoCulture: [Title]] = [
        .german: [
            Title("Laborleiter", .executive, feminine: "Laborleiterin"),
            Title("Leiter Qualitätssicherung", .quality, feminine: "Leiterin Qualitätssicherung"),
            Title("Einkäufer", .procurement, feminine: "Einkäuferin"),
            Title("Verfahrensingenieur", .engineering, feminine: "Verfahrensingenieurin"),
            Title("Technischer Leiter", .executive, feminine: "Technische Leiterin"),
            Title("Chemielaborant", .lab, feminine: "Chemielaborantin"),
        ],
        .french: [
            Title("Responsable qualité", .quality), Title("Responsable de laboratoire", .executive),
            Title("Acheteur", .procurement, feminine: "Acheteuse"),
            Title("Ingénieur procédés", .engineering, feminine: "Ingénieure procédés"),
            Title("Technicien de laboratoire", .lab, feminine: "Technicienne de laboratoire"),
            Title("Directeur technique", .executive, feminine: "Directrice technique"),
        ],
        .spanish: [
            Title("Jefe de laboratorio", .executive, feminine: "Jefa de laboratorio"),
            Title("Responsable de calidad", .quality), Title("Comprador", .procurement, feminine: "Compradora"),
            Title("Técnico de laboratorio", .lab, feminine: "Técnica de laboratorio"),
        ],
        .italian: [
            Title("Responsabile qualità", .quality), Title("Responsabile di laboratorio", .executive),
            Title("Ingegnere di processo", .engineering),
            Title("Tecnico di laboratorio", .lab, feminine: "Tecnica di laboratorio"),
        ],
    ]

    static let educationTitles: [Title] = [
        Title("Professor of Analytical Chemistry", .executive), Title("Core Facility Manager", .lab),
        Title("Postdoctoral Researcher", .lab), Title("Department Administrator", .finance),
    ]

    static let partnerTitles: [Title] = [
        Title("Managing Director", .executive), Title("Alliance Manager", .sales), Title("Solutions Architect", .it),
        Title("Service Engineer", .engineering), Title("Project Manager", .other),
    ]

    static let supplierTitles: [Title] = [
        Title("Key Account Manager", .sales), Title("Sales Engineer", .sales), Title("Logistics Coordinator", .other),
        Title("Accounts Receivable Clerk", .finance), Title("Quality Engineer", .quality),
    ]

    static let distributorTitles: [Title] = [
        Title("Managing Director", .executive), Title("Sales Director", .sales),
        Title("Product Manager, Analytical", .sales),
        Title("Technical Support Specialist", .engineering), Title("Order Desk Coordinator", .other),
    ]

    static let competitorTitles: [Title] = [
        Title("Regional Sales Manager", .sales), Title("Product Marketing Manager", .sales),
        Title("Country Manager", .executive),
    ]

    static let otherTitles: [Title] = [
        Title("Executive Director", .executive), Title("Event Manager", .other),
        Title("Membership Coordinator", .other),
        Title("Programme Director", .executive),
    ]

    /// Words left out of domain names.
    static let domainStopWords: Set<String> = [
        "of", "de", "des", "du", "la", "le", "the", "and", "di", "del", "van", "den", "der",
    ]
}
