import Foundation

/// The naming tradition a demo person or company name is drawn from.
enum DemoCulture: Sendable {
    case english, french, german, dutch, spanish, italian, swedish, danish, polish, japanese
}

/// Northwind's sales territories; each is one salesperson's patch.
enum DemoTerritory: Sendable {
    /// GB, FR, ES, IT: Sophie Laurent.
    case emeaSouth
    /// DE, CH, NL, SE, DK, PL: Jonas Becker.
    case emeaNorth
    /// US East Coast and eastern Canada: Ethan Brooks.
    case americasEast
    /// The rest of the US and western Canada: Olivia Martínez.
    case americasWest
    /// Japan and Australia, looked after by the sales manager himself.
    case apac
}

/// How a country writes a street address.
enum DemoStreetStyle: Sendable {
    /// `1200 Research Parkway`
    case numberFirst
    /// `Industriestraße 12`
    case numberLast
    /// `Calle Mayor, 12`
    case numberLastComma
    /// `1-2-3 Marunouchi, Chiyoda-ku`
    case japanese
}

/// A city with the details an address and a phone number there need.
struct DemoCity: Sendable {
    let name: String
    let region: String
    let postalCodes: [String]
    /// A landline pattern for `DemoRandom.fill`, e.g. `+44 20 7946 0###`.
    let landline: String
    /// IANA time zone.
    let timeZone: String
    /// Overrides the country's culture (Montréal, Genève).
    let culture: DemoCulture?
    /// Overrides the country's territory (US and Canadian cities).
    let territory: DemoTerritory?
    /// Overrides the country's street names.
    let streets: [String]?
    /// Overrides the country's legal forms (French-speaking Switzerland and Québec).
    let legalForms: [String]?

    init(
        _ name: String, _ region: String, _ postalCodes: [String], _ landline: String, _ timeZone: String,
        culture: DemoCulture? = nil, territory: DemoTerritory? = nil, streets: [String]? = nil,
        legalForms: [String]? = nil
    ) {
        self.name = name
        self.region = region
        self.postalCodes = postalCodes
        self.landline = landline
        self.timeZone = timeZone
        self.culture = culture
        self.territory = territory
        self.streets = streets
        self.legalForms = legalForms
    }
}

/// A country the demo companies are in.
struct DemoCountry: Sendable {
    let code: String
    let name: String
    let currency: String
    /// Local currency units for 1,000 US dollars, to turn revenue estimates into local money.
    let perThousandUSD: Int64
    /// How many of the generated companies are here, relative to the other countries.
    let weight: Int
    let culture: DemoCulture
    let territory: DemoTerritory
    /// A mobile number pattern; `nil` where mobiles look like landlines (US, Canada).
    let mobile: String?
    let legalForms: [String]
    let streets: [String]
    let streetStyle: DemoStreetStyle
    let cities: [DemoCity]

    func culture(of city: DemoCity) -> DemoCulture { city.culture ?? culture }
    func territory(of city: DemoCity) -> DemoTerritory { city.territory ?? territory }
    func legalForms(of city: DemoCity) -> [String] { city.legalForms ?? legalForms }
}

/// Where Northwind's customers, partners and competitors are. Phone numbers use the ranges set
/// aside for fiction where a country has them (US 555-01xx, UK Ofcom drama ranges, Australia's ACMA).
enum DemoPlaces {
    static let countries: [DemoCountry] = [
        DemoCountry(
            code: "US", name: "the United States", currency: "USD", perThousandUSD: 1000, weight: 70,
            culture: .english, territory: .americasEast, mobile: nil, legalForms: ["Inc.", "Inc.", "LLC", "Corp."],
            streets: [
                "Main Street", "Technology Drive", "Innovation Way", "Commerce Boulevard", "Research Parkway",
                "Harbor Avenue", "Industrial Road", "Market Street", "Science Center Drive", "Lakeview Avenue",
                "Enterprise Drive", "Cambridge Street",
            ], streetStyle: .numberFirst,
            cities: [
                DemoCity("Boston", "MA", ["02110", "02115", "02210"], "+1 617 555 01##", "America/New_York"),
                DemoCity("Cambridge", "MA", ["02139", "02142"], "+1 617 555 01##", "America/New_York"),
                DemoCity("Durham", "NC", ["27703", "27709"], "+1 919 555 01##", "America/New_York"),
                DemoCity("Philadelphia", "PA", ["19103", "19104"], "+1 215 555 01##", "America/New_York"),
                DemoCity("Princeton", "NJ", ["08540", "08542"], "+1 609 555 01##", "America/New_York"),
                DemoCity(
                    "Chicago", "IL", ["60601", "60607", "60654"], "+1 312 555 01##", "America/Chicago",
                    territory: .americasWest),
                DemoCity(
                    "Houston", "TX", ["77002", "77054"], "+1 713 555 01##", "America/Chicago", territory: .americasWest),
                DemoCity(
                    "Minneapolis", "MN", ["55401", "55413"], "+1 612 555 01##", "America/Chicago",
                    territory: .americasWest),
                DemoCity(
                    "Denver", "CO", ["80202", "80216"], "+1 303 555 01##", "America/Denver", territory: .americasWest),
                DemoCity(
                    "San Diego", "CA", ["92121", "92130"], "+1 619 555 01##", "America/Los_Angeles",
                    territory: .americasWest),
                DemoCity(
                    "San Francisco", "CA", ["94107", "94158"], "+1 415 555 01##", "America/Los_Angeles",
                    territory: .americasWest),
                DemoCity(
                    "Seattle", "WA", ["98101", "98109"], "+1 206 555 01##", "America/Los_Angeles",
                    territory: .americasWest),
            ]),
        DemoCountry(
            code: "CA", name: "Canada", currency: "CAD", perThousandUSD: 1360, weight: 18, culture: .english,
            territory: .americasEast, mobile: nil, legalForms: ["Inc.", "Ltd.", "Corp."],
            streets: [
                "King Street West", "Bay Street", "Innovation Drive", "Research Road", "Granville Street",
                "Centre Street",
            ],
            streetStyle: .numberFirst,
            cities: [
                DemoCity("Toronto", "ON", ["M5V 3L9", "M5H 2N2"], "+1 416 555 01##", "America/Toronto"),
                DemoCity(
                    "Montréal", "QC", ["H3B 4W8", "H2X 1Y4"], "+1 514 555 01##", "America/Toronto", culture: .french,
                    streets: [
                        "boulevard René-Lévesque Ouest", "rue Sherbrooke Ouest", "avenue du Parc", "rue Saint-Jacques",
                    ],
                    legalForms: ["Inc.", "Ltée"]),
                DemoCity(
                    "Vancouver", "BC", ["V6B 1A1", "V6C 3E8"], "+1 604 555 01##", "America/Vancouver",
                    territory: .americasWest),
                DemoCity(
                    "Calgary", "AB", ["T2P 1J9", "T2P 3H7"], "+1 403 555 01##", "America/Edmonton",
                    territory: .americasWest),
            ]),
        DemoCountry(
            code: "GB", name: "the United Kingdom", currency: "GBP", perThousandUSD: 790, weight: 30, culture: .english,
            territory: .emeaSouth, mobile: "+44 7700 900###", legalForms: ["Ltd", "Ltd", "plc"],
            streets: [
                "Station Road", "High Street", "Mill Lane", "Victoria Street", "Kings Road", "Science Park Road",
                "Church Street", "Bridge Street", "Riverside Way", "Queen Street",
            ], streetStyle: .numberFirst,
            cities: [
                DemoCity(
                    "London", "Greater London", ["EC1V 2NX", "SE1 9SG", "W1T 4JE"], "+44 20 7946 0###", "Europe/London"),
                DemoCity(
                    "Manchester", "Greater Manchester", ["M1 3BN", "M15 4FN"], "+44 161 496 0###", "Europe/London"),
                DemoCity("Cambridge", "Cambridgeshire", ["CB2 1TN", "CB4 0WS"], "+44 1632 960###", "Europe/London"),
                DemoCity("Bristol", "Bristol", ["BS1 6QH", "BS2 0JA"], "+44 117 496 0###", "Europe/London"),
                DemoCity("Edinburgh", "Scotland", ["EH1 1YZ", "EH3 9DR"], "+44 131 496 0###", "Europe/London"),
                DemoCity("Birmingham", "West Midlands", ["B1 1BB", "B4 6AT"], "+44 121 496 0###", "Europe/London"),
            ]),
        DemoCountry(
            code: "FR", name: "France", currency: "EUR", perThousandUSD: 920, weight: 28, culture: .french,
            territory: .emeaSouth, mobile: "+33 6 ## ## ## ##", legalForms: ["SAS", "SA", "SARL"],
            streets: [
                "rue de la République", "avenue Jean Jaurès", "boulevard Haussmann", "rue Pasteur",
                "rue des Entrepreneurs", "allée des Sciences", "avenue de l'Europe", "rue Victor Hugo",
                "chemin du Moulin",
            ], streetStyle: .numberFirst,
            cities: [
                DemoCity("Paris", "Île-de-France", ["75008", "75013", "75015"], "+33 1 4# ## ## ##", "Europe/Paris"),
                DemoCity("Lyon", "Auvergne-Rhône-Alpes", ["69003", "69007"], "+33 4 7# ## ## ##", "Europe/Paris"),
                DemoCity("Toulouse", "Occitanie", ["31000", "31400"], "+33 5 6# ## ## ##", "Europe/Paris"),
                DemoCity("Grenoble", "Auvergne-Rhône-Alpes", ["38000", "38100"], "+33 4 76 ## ## ##", "Europe/Paris"),
                DemoCity("Strasbourg", "Grand Est", ["67000", "67100"], "+33 3 88 ## ## ##", "Europe/Paris"),
                DemoCity("Lille", "Hauts-de-France", ["59000", "59800"], "+33 3 20 ## ## ##", "Europe/Paris"),
            ]),
        DemoCountry(
            code: "DE", name: "Germany", currency: "EUR", perThousandUSD: 920, weight: 35, culture: .german,
            territory: .emeaNorth, mobile: "+49 17# ### ####", legalForms: ["GmbH", "GmbH", "AG", "GmbH & Co. KG"],
            streets: [
                "Hauptstraße", "Industriestraße", "Am Technologiepark", "Bahnhofstraße", "Robert-Bosch-Straße",
                "Carl-Zeiss-Straße", "Gutenbergstraße", "Lindenallee", "Schillerstraße",
            ], streetStyle: .numberLast,
            cities: [
                DemoCity("Berlin", "Berlin", ["10115", "12489"], "+49 30 #### ####", "Europe/Berlin"),
                DemoCity("München", "Bayern", ["80331", "81379"], "+49 89 #### ####", "Europe/Berlin"),
                DemoCity("Hamburg", "Hamburg", ["20095", "22761"], "+49 40 #### ####", "Europe/Berlin"),
                DemoCity("Frankfurt am Main", "Hessen", ["60311", "65926"], "+49 69 #### ####", "Europe/Berlin"),
                DemoCity("Stuttgart", "Baden-Württemberg", ["70173", "70565"], "+49 711 ### ####", "Europe/Berlin"),
                DemoCity("Köln", "Nordrhein-Westfalen", ["50667", "51063"], "+49 221 ### ####", "Europe/Berlin"),
                DemoCity("Jena", "Thüringen", ["07743", "07745"], "+49 3641 ## ####", "Europe/Berlin"),
                DemoCity(
                    "Ludwigshafen am Rhein", "Rheinland-Pfalz", ["67059", "67063"], "+49 621 ### ####", "Europe/Berlin"),
            ]),
        DemoCountry(
            code: "NL", name: "the Netherlands", currency: "EUR", perThousandUSD: 920, weight: 14, culture: .dutch,
            territory: .emeaNorth, mobile: "+31 6 #### ####", legalForms: ["B.V.", "B.V.", "N.V."],
            streets: [
                "Industrieweg", "Stationsplein", "Keizersgracht", "Kanaalweg", "Dorpsstraat", "Havenstraat",
                "Parallelweg",
            ],
            streetStyle: .numberLast,
            cities: [
                DemoCity("Amsterdam", "Noord-Holland", ["1012 AB", "1098 XG"], "+31 20 ### ####", "Europe/Amsterdam"),
                DemoCity("Rotterdam", "Zuid-Holland", ["3011 AD", "3072 AP"], "+31 10 ### ####", "Europe/Amsterdam"),
                DemoCity("Eindhoven", "Noord-Brabant", ["5611 AZ", "5656 AE"], "+31 40 ### ####", "Europe/Amsterdam"),
                DemoCity("Utrecht", "Utrecht", ["3511 AB", "3584 CS"], "+31 30 ### ####", "Europe/Amsterdam"),
                DemoCity("Leiden", "Zuid-Holland", ["2311 EZ", "2333 CH"], "+31 71 ### ####", "Europe/Amsterdam"),
            ]),
        DemoCountry(
            code: "ES", name: "Spain", currency: "EUR", perThousandUSD: 920, weight: 14, culture: .spanish,
            territory: .emeaSouth, mobile: "+34 6## ### ###", legalForms: ["S.L.", "S.A."],
            streets: [
                "Calle Mayor", "Calle de Alcalá", "Avenida de la Innovación", "Paseo de la Castellana",
                "Calle del Doctor Fleming", "Avenida Diagonal", "Calle de la Industria",
            ], streetStyle: .numberLastComma,
            cities: [
                DemoCity("Madrid", "Comunidad de Madrid", ["28001", "28046"], "+34 91 ### ## ##", "Europe/Madrid"),
                DemoCity("Barcelona", "Cataluña", ["08001", "08029"], "+34 93 ### ## ##", "Europe/Madrid"),
                DemoCity("Valencia", "Comunidad Valenciana", ["46001", "46980"], "+34 96 ### ## ##", "Europe/Madrid"),
                DemoCity("Bilbao", "País Vasco", ["48001", "48009"], "+34 94 ### ## ##", "Europe/Madrid"),
                DemoCity("Sevilla", "Andalucía", ["41001", "41092"], "+34 95 ### ## ##", "Europe/Madrid"),
            ]),
        DemoCountry(
            code: "IT", name: "Italy", currency: "EUR", perThousandUSD: 920, weight: 16, culture: .italian,
            territory: .emeaSouth, mobile: "+39 3## ### ####", legalForms: ["S.p.A.", "S.r.l."],
            streets: [
                "Via Roma", "Via Giuseppe Garibaldi", "Corso Venezia", "Via dell'Industria", "Viale della Scienza",
                "Via Emilia", "Via Torino", "Via dei Mille",
            ], streetStyle: .numberLastComma,
            cities: [
                DemoCity("Milano", "Lombardia", ["20121", "20138"], "+39 02 #### ####", "Europe/Rome"),
                DemoCity("Torino", "Piemonte", ["10121", "10156"], "+39 011 ### ####", "Europe/Rome"),
                DemoCity("Bologna", "Emilia-Romagna", ["40121", "40138"], "+39 051 ### ####", "Europe/Rome"),
                DemoCity("Roma", "Lazio", ["00184", "00144"], "+39 06 #### ####", "Europe/Rome"),
                DemoCity("Napoli", "Campania", ["80133", "80143"], "+39 081 ### ####", "Europe/Rome"),
            ]),
        DemoCountry(
            code: "SE", name: "Sweden", currency: "SEK", perThousandUSD: 10_500, weight: 10, culture: .swedish,
            territory: .emeaNorth, mobile: "+46 70 ### ## ##", legalForms: ["AB"],
            streets: [
                "Storgatan", "Drottninggatan", "Kungsgatan", "Industrivägen", "Fabriksgatan", "Vasagatan", "Sveavägen",
            ],
            streetStyle: .numberLast,
            cities: [
                DemoCity("Stockholm", "Stockholms län", ["111 22", "114 28"], "+46 8 ### ### ##", "Europe/Stockholm"),
                DemoCity(
                    "Göteborg", "Västra Götalands län", ["411 01", "417 56"], "+46 31 ### ## ##", "Europe/Stockholm"),
                DemoCity("Malmö", "Skåne län", ["211 20", "205 12"], "+46 40 ### ## ##", "Europe/Stockholm"),
                DemoCity("Uppsala", "Uppsala län", ["753 20", "751 83"], "+46 18 ### ## ##", "Europe/Stockholm"),
            ]),
        DemoCountry(
            code: "DK", name: "Denmark", currency: "DKK", perThousandUSD: 6_900, weight: 6, culture: .danish,
            territory: .emeaNorth, mobile: "+45 2# ## ## ##", legalForms: ["A/S", "ApS"],
            streets: [
                "Vesterbrogade", "Industrivej", "Strandvejen", "Nørregade", "Søndergade", "Østergade", "Havnegade",
            ],
            streetStyle: .numberLast,
            cities: [
                DemoCity("København", "Region Hovedstaden", ["1050", "2200"], "+45 3# ## ## ##", "Europe/Copenhagen"),
                DemoCity("Aarhus", "Region Midtjylland", ["8000", "8200"], "+45 8# ## ## ##", "Europe/Copenhagen"),
                DemoCity("Odense", "Region Syddanmark", ["5000", "5230"], "+45 6# ## ## ##", "Europe/Copenhagen"),
            ]),
        DemoCountry(
            code: "PL", name: "Poland", currency: "PLN", perThousandUSD: 4_000, weight: 8, culture: .polish,
            territory: .emeaNorth, mobile: "+48 5## ### ###", legalForms: ["Sp. z o.o.", "Sp. z o.o.", "S.A."],
            streets: [
                "ul. Marszałkowska", "ul. Przemysłowa", "ul. Długa", "al. Jerozolimskie", "ul. Słoneczna",
                "ul. Fabryczna", "ul. Kościuszki",
            ], streetStyle: .numberLast,
            cities: [
                DemoCity("Warszawa", "Mazowieckie", ["00-001", "02-672"], "+48 22 ### ## ##", "Europe/Warsaw"),
                DemoCity("Kraków", "Małopolskie", ["30-001", "31-864"], "+48 12 ### ## ##", "Europe/Warsaw"),
                DemoCity("Wrocław", "Dolnośląskie", ["50-001", "54-203"], "+48 71 ### ## ##", "Europe/Warsaw"),
                DemoCity("Gdańsk", "Pomorskie", ["80-001", "80-309"], "+48 58 ### ## ##", "Europe/Warsaw"),
            ]),
        DemoCountry(
            code: "CH", name: "Switzerland", currency: "CHF", perThousandUSD: 880, weight: 10, culture: .german,
            territory: .emeaNorth, mobile: "+41 79 ### ## ##", legalForms: ["AG", "AG", "GmbH"],
            streets: ["Bahnhofstrasse", "Industriestrasse", "Technoparkstrasse", "Seestrasse", "Hauptstrasse"],
            streetStyle: .numberLast,
            cities: [
                DemoCity("Zürich", "Zürich", ["8001", "8005"], "+41 44 ### ## ##", "Europe/Zurich"),
                DemoCity("Basel", "Basel-Stadt", ["4051", "4058"], "+41 61 ### ## ##", "Europe/Zurich"),
                DemoCity(
                    "Genève", "Genève", ["1201", "1204"], "+41 22 ### ## ##", "Europe/Zurich", culture: .french,
                    streets: ["Rue du Rhône", "Avenue de la Gare", "Chemin des Mines", "Route de Meyrin"],
                    legalForms: ["SA", "SA", "Sàrl"]),
                DemoCity(
                    "Lausanne", "Vaud", ["1003", "1015"], "+41 21 ### ## ##", "Europe/Zurich", culture: .french,
                    streets: ["Avenue de la Gare", "Rue du Simplon", "Route Cantonale"],
                    legalForms: ["SA", "SA", "Sàrl"]),
            ]),
        DemoCountry(
            code: "AU", name: "Australia", currency: "AUD", perThousandUSD: 1_520, weight: 14, culture: .english,
            territory: .apac, mobile: "+61 491 570 ###", legalForms: ["Pty Ltd", "Pty Ltd", "Limited"],
            streets: [
                "George Street", "Collins Street", "Queen Street", "St Georges Terrace", "King William Street",
                "Industrial Drive", "Technology Place",
            ], streetStyle: .numberFirst,
            cities: [
                DemoCity("Sydney", "NSW", ["2000", "2113"], "+61 2 5550 ####", "Australia/Sydney"),
                DemoCity("Melbourne", "VIC", ["3000", "3168"], "+61 3 5550 ####", "Australia/Melbourne"),
                DemoCity("Brisbane", "QLD", ["4000", "4006"], "+61 7 5550 ####", "Australia/Brisbane"),
                DemoCity("Perth", "WA", ["6000", "6102"], "+61 8 5550 ####", "Australia/Perth"),
                DemoCity("Adelaide", "SA", ["5000", "5095"], "+61 8 5550 ####", "Australia/Adelaide"),
            ]),
        DemoCountry(
            code: "JP", name: "Japan", currency: "JPY", perThousandUSD: 150_000, weight: 17, culture: .japanese,
            territory: .apac, mobile: "+81 90 #### ####", legalForms: ["K.K.", "Co., Ltd."], streets: [],
            streetStyle: .japanese,
            cities: [
                DemoCity(
                    "Tokyo", "Tokyo", ["100-0005", "108-0023"], "+81 3 #### ####", "Asia/Tokyo",
                    streets: [
                        "Marunouchi, Chiyoda-ku", "Shibaura, Minato-ku", "Nihonbashi, Chuo-ku", "Osaki, Shinagawa-ku",
                    ]),
                DemoCity(
                    "Osaka", "Osaka", ["530-0001", "541-0053"], "+81 6 #### ####", "Asia/Tokyo",
                    streets: ["Umeda, Kita-ku", "Honmachi, Chuo-ku"]),
                DemoCity(
                    "Yokohama", "Kanagawa", ["220-0012", "230-0046"], "+81 45 ### ####", "Asia/Tokyo",
                    streets: ["Minatomirai, Nishi-ku", "Shinyokohama, Kohoku-ku"]),
                DemoCity(
                    "Kyoto", "Kyoto", ["600-8216", "615-8245"], "+81 75 ### ####", "Asia/Tokyo",
                    streets: ["Karasuma-dori, Shimogyo-ku", "Kisshoin, Minami-ku"]),
                DemoCity(
                    "Nagoya", "Aichi", ["450-0002", "460-0008"], "+81 52 ### ####", "Asia/Tokyo",
                    streets: ["Meieki, Nakamura-ku", "Sakae, Naka-ku"]),
            ]),
    ]

    /// The country with an ISO code; only called with codes from the table above.
    static func country(_ code: String) -> DemoCountry {
        countries.first { $0.code == code } ?? countries[0]
    }

    /// The city of a country by name; only called with names from the table above.
    static func city(_ name: String, in country: DemoCountry) -> DemoCity {
        country.cities.first { $0.name == name } ?? country.cities[0]
    }
}
