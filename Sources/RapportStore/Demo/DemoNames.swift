import Foundation
import RapportCore

/// First and last names of one naming tradition, spelled as their bearers spell them.
struct DemoNamePool: Sendable {
    let female: [String]
    let male: [String]
    let last: [String]
}

/// A generated person's name.
struct DemoPersonName: Sendable {
    let first: String
    let last: String
    let female: Bool
}

/// People's names for the demo contacts, from several cultures and with their accents, so the
/// search can be shown finding `Zoë` from `zoe` and `Müller` from `muller`.
enum DemoNames {
    static func pool(_ culture: DemoCulture) -> DemoNamePool {
        switch culture {
        case .english: english
        case .french: french
        case .german: german
        case .dutch: dutch
        case .spanish: spanish
        case .italian: italian
        case .swedish: swedish
        case .danish: danish
        case .polish: polish
        case .japanese: japanese
        }
    }

    /// A name from the culture; in English-speaking countries some people carry names from elsewhere.
    static func person(_ culture: DemoCulture, using random: inout DemoRandom) -> DemoPersonName {
        var pool = pool(culture)
        if culture == .english, random.chance(25) { pool = random.pick(diaspora) }
        let female = random.chance(48)
        var last = random.pick(pool.last)
        if culture == .polish && female { last = polishFeminine(last) }
        return DemoPersonName(first: random.pick(female ? pool.female : pool.male), last: last, female: female)
    }

    /// Polish surnames in -ski/-cki/-dzki take -ska/-cka/-dzka for women.
    static func polishFeminine(_ last: String) -> String {
        last.hasSuffix("ki") ? String(last.dropLast()) + "a" : last
    }

    /// The name as it goes into an email address: ASCII, lower case, no spaces or apostrophes,
    /// with the transliterations people in those countries actually use (Müller → mueller).
    static func emailPart(_ name: String, culture: DemoCulture) -> String {
        var text = name.lowercased()
        switch culture {
        case .german:
            for (a, b) in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")] {
                text = text.replacingOccurrences(of: a, with: b)
            }
        case .danish:
            for (a, b) in [("ø", "oe"), ("æ", "ae"), ("å", "aa")] { text = text.replacingOccurrences(of: a, with: b) }
        default: break
        }
        return String(
            SearchText.fold(text).unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    }

    static let english = DemoNamePool(
        female: [
            "Emily", "Sarah", "Olivia", "Hannah", "Jessica", "Rachel", "Laura", "Megan", "Zoë", "Chloë", "Grace", "Ava",
            "Isabella", "Charlotte", "Amelia", "Emma", "Madison", "Abigail", "Lauren", "Katherine", "Naomi", "Claire",
            "Siobhán", "Niamh", "Aoife", "Rebecca", "Victoria", "Eleanor", "Stephanie", "Renée",
        ],
        male: [
            "James", "Michael", "David", "Daniel", "Christopher", "Matthew", "Andrew", "Ryan", "Noah", "Liam", "Ethan",
            "Benjamin", "Samuel", "Thomas", "William", "Jack", "Oliver", "Nathan", "Joshua", "Alexander", "Patrick",
            "Seán", "Connor", "Gareth", "Rhys", "Owen", "Marcus", "Jonathan", "Aaron", "Kevin",
        ],
        last: [
            "Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker", "Harris", "Clarke",
            "Robinson", "Wright", "Mitchell", "Carter", "O'Brien", "O'Connor", "McAllister", "Fitzgerald", "Hughes",
            "Bennett", "Campbell", "Morgan", "Reynolds", "Sullivan", "Whitaker", "Hale", "Foster", "Coleman",
            "Griffiths",
            "Murphy", "Kelly", "Evans", "Davies", "Palmer", "Sinclair", "Bishop", "Hargreaves", "Lawson", "Pearce",
            "Doyle",
        ])

    /// Names of people whose families came from elsewhere, common in the US, UK, Canada and Australia.
    static let diaspora: [DemoNamePool] = [
        DemoNamePool(
            female: ["Priya", "Ananya", "Kavya", "Meera", "Divya"],
            male: ["Arjun", "Rohan", "Vikram", "Sanjay", "Rahul"],
            last: ["Patel", "Sharma", "Iyer", "Reddy", "Desai", "Menon", "Nair"]),
        DemoNamePool(
            female: ["Aisha", "Fatima", "Samira", "Leila"],
            male: ["Omar", "Imran", "Tariq", "Yusuf"],
            last: ["Khan", "Chaudhry", "Haddad", "Rahman", "Siddiqui"]),
        DemoNamePool(
            female: ["Mei", "Xiu", "Lan", "Jing", "Yan"],
            male: ["Wei", "Jun", "Hao", "Jian", "Lei"],
            last: ["Chen", "Wang", "Zhang", "Liu", "Huang", "Zhao"]),
        DemoNamePool(
            female: ["Ji-woo", "Seo-yeon", "Min-ji"], male: ["Min-jun", "Ji-ho", "Seung-hyun"],
            last: ["Kim", "Park", "Lee", "Choi"]),
        DemoNamePool(
            female: ["Thảo", "Linh", "Ngọc"], male: ["Đức", "Minh", "Quân"], last: ["Nguyễn", "Trần", "Lê", "Phạm"]),
        DemoNamePool(
            female: ["Ngozi", "Chiamaka", "Adaeze", "Folake"], male: ["Chidi", "Emeka", "Tunde", "Obinna"],
            last: ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze"]),
        DemoNamePool(
            female: ["María", "Lucía", "Valentina", "Camila", "Ximena"],
            male: ["José", "Luis", "Mateo", "Diego", "Andrés"],
            last: ["García", "Rodríguez", "Hernández", "López", "González", "Ramírez", "Castillo", "Núñez"]),
    ]

    static let french = DemoNamePool(
        female: [
            "Anaïs", "Zoé", "Chloé", "Élodie", "Hélène", "Léa", "Camille", "Céline", "Amélie", "Manon", "Juliette",
            "Margaux", "Inès", "Clémence", "Sophie", "Noémie", "Maëlle", "Aurélie", "Mathilde", "Éloïse",
        ],
        male: [
            "Mathéo", "Étienne", "François", "Jérôme", "Benoît", "Théo", "Loïc", "Gaël", "Noël", "Raphaël", "Sébastien",
            "Julien", "Nicolas", "Antoine", "Hugo", "Guillaume", "Maxime", "Adrien", "Cédric", "Frédéric",
        ],
        last: [
            "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Rousseau", "Fontaine", "Chevalier", "Lemaître",
            "Faure",
            "Mercier", "Bonnet", "Garnier", "Dupré", "Bénard", "Ménard", "Perrin", "Favre", "Lefebvre", "Roux",
            "Gauthier", "Blanc", "Guérin", "Lambert", "Robin", "Barbier", "Leclerc", "Aubert", "Desjardins", "Côté",
        ])

    static let german = DemoNamePool(
        female: [
            "Katharina", "Lena", "Anna", "Sophie", "Leonie", "Annika", "Julia", "Sabine", "Petra", "Franziska",
            "Johanna", "Marlene", "Charlotte", "Miriam", "Ulrike", "Jana", "Hannelore", "Lea",
        ],
        male: [
            "Jürgen", "Jörg", "Günther", "Lukas", "Maximilian", "Felix", "Tobias", "Jonas", "Matthias", "Stefan",
            "Andreas", "Florian", "Sebastian", "Uwe", "Dirk", "Björn", "Niklas", "Moritz",
        ],
        last: [
            "Müller", "Schröder", "Schäfer", "Köhler", "Weiß", "Groß", "Krüger", "Hoffmann", "Wagner", "Becker",
            "Schulz",
            "Fischer", "Neumann", "Zimmermann", "Böhm", "Jäger", "Vogel", "Hartmann", "Lorenz", "Keller", "Huber",
            "Baumgärtner", "Förster", "Schmitt", "Wolf", "Brandt", "Kühn", "Seidel",
        ])

    static let dutch = DemoNamePool(
        female: ["Lotte", "Femke", "Sanne", "Eline", "Anouk", "Noor", "Fleur", "Marloes", "Ilse", "Roos", "Ineke"],
        male: ["Daan", "Sem", "Joost", "Bram", "Maarten", "Pieter", "Thijs", "Jeroen", "Ruud", "Wouter", "Stijn"],
        last: [
            "de Vries", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "van den Berg",
            "Mulder",
            "de Jong", "Vermeulen", "van der Meer", "Dekker", "Brouwer", "Hendriks", "van Leeuwen", "Kok",
        ])

    static let spanish = DemoNamePool(
        female: [
            "María", "Lucía", "Sofía", "Carmen", "Begoña", "Inés", "Nuria", "Pilar", "Elena", "Marta", "Paula",
            "Irene", "Ainhoa", "Rocío",
        ],
        male: [
            "José", "Álvaro", "Martín", "Javier", "Íñigo", "Raúl", "Andrés", "Sergio", "Pablo", "Alejandro", "Jesús",
            "Rubén", "Óscar", "Joaquín",
        ],
        last: [
            "García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Jiménez", "Ruiz", "Hernández",
            "Díaz", "Muñoz", "Álvarez", "Romero", "Núñez", "Ibáñez", "Ortega", "Navarro", "Castaño", "Echeverría",
        ])

    static let italian = DemoNamePool(
        female: [
            "Giulia", "Francesca", "Chiara", "Federica", "Elisa", "Martina", "Beatrice", "Alessia", "Valentina",
            "Sara", "Ilaria", "Silvia",
        ],
        male: [
            "Alessandro", "Matteo", "Lorenzo", "Niccolò", "Davide", "Giorgio", "Simone", "Andrea", "Marco", "Luca",
            "Fabrizio", "Riccardo",
        ],
        last: [
            "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
            "Bruno",
            "Gallo", "Conti", "De Luca", "Mancini", "Santoro", "D'Amico", "Lombardi", "Moretti", "Fontana",
        ])

    static let swedish = DemoNamePool(
        female: ["Åsa", "Märta", "Linnéa", "Karin", "Ingrid", "Maja", "Elin", "Sofia", "Ebba", "Astrid", "Malin"],
        male: ["Björn", "Göran", "Erik", "Anders", "Sven", "Oskar", "Johan", "Magnus", "Fredrik", "Per", "Måns"],
        last: [
            "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Lindqvist", "Söderberg",
            "Åberg", "Ström", "Lindström", "Bergström", "Nyström", "Öberg", "Hedlund",
        ])

    static let danish = DemoNamePool(
        female: ["Mette", "Kirsten", "Freja", "Ida", "Astrid", "Line", "Signe", "Birgitte", "Sørine"],
        male: ["Søren", "Rasmus", "Mads", "Jens", "Troels", "Magnus", "Anders", "Bjørn", "Kasper"],
        last: [
            "Jørgensen", "Nielsen", "Hansen", "Pedersen", "Sørensen", "Rasmussen", "Christensen", "Møller", "Kjær",
            "Lund", "Holm", "Dahl", "Østergaard", "Søndergaard",
        ])

    static let polish = DemoNamePool(
        female: [
            "Małgorzata", "Agnieszka", "Katarzyna", "Zofia", "Joanna", "Magdalena", "Grażyna", "Ewa", "Aleksandra",
        ],
        male: ["Łukasz", "Paweł", "Krzysztof", "Michał", "Wojciech", "Tomasz", "Bartłomiej", "Piotr", "Jakub"],
        last: [
            "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
            "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk",
        ])

    static let japanese = DemoNamePool(
        female: ["Yuki", "Sakura", "Yui", "Haruka", "Mei", "Emi", "Naoko", "Keiko", "Aoi", "Misaki"],
        male: ["Haruto", "Yuto", "Sōta", "Hiroshi", "Takashi", "Kenji", "Akira", "Daiki", "Ryō", "Shōta"],
        last: [
            "Satō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Itō", "Yamamoto", "Nakamura", "Kobayashi", "Katō",
            "Yoshida", "Yamada", "Sasaki", "Matsumoto", "Inoue", "Kimura",
        ])
}
