import RapportCore
import Testing

@Suite struct NameMatchingTests {
    @Test(
        arguments: [
            ("martha", "marhta", 0.961), ("dwayne", "duane", 0.840), ("dixon", "dicksonx", 0.813),
            ("jones", "johnson", 0.832), ("abc", "xyz", 0.0),
        ])
    func jaroWinklerMatchesPublishedValues(a: String, b: String, expected: Double) {
        #expect(abs(JaroWinkler.similarity(a, b) - expected) < 0.001)
        #expect(abs(JaroWinkler.similarity(b, a) - expected) < 0.001)
    }

    @Test func jaroWinklerOfEqualAndEmptyStrings() {
        #expect(JaroWinkler.similarity("ana", "ana") == 1)
        #expect(JaroWinkler.similarity("", "") == 1)
        #expect(JaroWinkler.similarity("ana", "") == 0)
    }

    @Test(
        arguments: [
            ("bill", "william"), ("will", "willy"), ("bob", "robert"), ("rob", "bobby"), ("liz", "elizabeth"),
            ("beth", "betsy"), ("peggy", "margaret"), ("jim", "james"), ("pepe", "jose"), ("paco", "francisco"),
            ("hans", "johannes"), ("jean", "john"), ("juan", "johann"), ("kate", "catherine"), ("sepp", "josef"),
            ("nacho", "ignacio"), ("lola", "dolores"), ("fritz", "friedrich"), ("klaus", "nikolaus"),
        ])
    func nicknamesAreRelated(a: String, b: String) {
        #expect(Nicknames.related(a, b))
        #expect(Nicknames.related(b, a))
    }

    @Test func unrelatedNamesAreNotNicknames() {
        #expect(!Nicknames.related("john", "mary"))
        #expect(!Nicknames.related("bill", "bob"))
        #expect(!Nicknames.related("zebulon", "zeke"))
        // Forms that are names of their own now.
        for (a, b) in [("jurgen", "jorg"), ("ian", "john"), ("liam", "william"), ("sandra", "alexandra"), ("lisa", "elizabeth")] {
            #expect(!Nicknames.related(a, b), "\(a) \(b)")
        }
    }

    @Test func canonicalNamesStandForTheirGroups() {
        #expect(Nicknames.canonical("bill") == ["william"])
        #expect(Nicknames.canonical("peggy") == ["margaret"])
        #expect(Nicknames.canonical("zebulon") == ["zebulon"])
        #expect(Set(Nicknames.canonical("al")).isSuperset(of: ["alexander", "albert", "alfred"]))
    }

    @Test(
        arguments: [
            ("smith", "smt"), ("smyth", "smt"), ("smtih", "smt"), ("muller", "mlr"), ("mueller", "mlr"),
            ("meyer", "mr"), ("maier", "mr"), ("johnson", "jnsn"), ("jonhson", "jnsn"), ("anna", "an"),
        ])
    func skeletonsForgiveVowelsAndDoubles(word: String, skeleton: String) {
        #expect(MatchKey.skeleton(word) == skeleton)
    }

    func name(_ first: String?, _ last: String?, middle: String? = nil) -> PersonName {
        PersonName(first: first, middle: middle, last: last)
    }

    func similarity(_ a: PersonName, _ b: PersonName) -> Double { PersonName.similarity(a, b)?.value ?? -1 }

    @Test func accentsAndCaseDoNotMatter() {
        #expect(similarity(name("José", "Martín"), name("JOSE", "martin")) == 1)
        #expect(similarity(name("Zoë", "Müller-Lüdenscheidt"), name("Zoe", "Muller Ludenscheidt")) == 1)
        #expect(similarity(name("Søren", "Østergaard"), name("Soren", "Ostergaard")) == 1)
    }

    @Test func nicknamesScoreHighWithANote() throws {
        let match = try #require(PersonName.similarity(name("Bill", "Gates"), name("William", "Gates")))
        #expect(match.value == 0.95)
        #expect(match.note == "nickname")
        #expect(similarity(name("Peggy", "Olson"), name("Margaret", "Olson")) == 0.95)
        #expect(similarity(name("Pepe", "Ruiz"), name("José", "Ruiz")) == 0.95)
    }

    @Test func initialsMatchTheNameTheyAbbreviate() throws {
        let match = try #require(PersonName.similarity(name("J.", "Smith"), name("John", "Smith")))
        #expect(match.value == 0.9)
        #expect(match.note == "initial")
        #expect(similarity(name("J.-P.", "Dupont"), name("Jean-Pierre", "Dupont")) == 0.9)
        #expect(similarity(name("JP", "Dupont"), name("Jean-Pierre", "Dupont")) == 0.9)
        #expect(similarity(name("Jean", "Dupont"), name("Jean-Pierre", "Dupont")) == 0.9)
        #expect(similarity(name("K.", "Smith"), name("John", "Smith")) < 0.8)
    }

    @Test func typosAndTranspositionsStayClose() {
        #expect(similarity(name("Jonathan", "Smith"), name("Jonathon", "Smith")) > 0.9)
        #expect(similarity(name("John", "Smtih"), name("John", "Smith")) > 0.9)
        #expect(similarity(name("Catherine", "Johnson"), name("Catherine", "Jonhson")) > 0.9)
        #expect(similarity(name("Ana", "García"), name("Ana", "García López")) == 0.92)
    }

    @Test func differentPeopleWithTheSameSurnameAreApart() {
        #expect(similarity(name("John", "Smith"), name("Mary", "Smith")) < 0.6)
        #expect(similarity(name("John", "Smith"), name("Jane", "Smith")) < 0.75)
        #expect(similarity(name("Jean-Pierre", "Dupont"), name("Jean-Paul", "Dupont")) <= 0.75)
        #expect(similarity(name("John", "Smith", middle: "A."), name("John", "Smith", middle: "B.")) < 0.9)
    }

    @Test func swappedNamesAreRecognised() throws {
        let match = try #require(PersonName.similarity(name("Zhang", "Wei"), name("Wei", "Zhang")))
        #expect(match.value == 0.95)
        #expect(match.note == "first and last name swapped")
    }

    @Test func namesThatDifferInDigitsAreDifferent() {
        #expect(similarity(name("Alice", "Loadtest 0-1-1"), name("Alice", "Loadtest 0-1-11")) <= 0.5)
        #expect(similarity(name("Alice", "Loadtest 7"), name("Alice", "Loadtest 7")) == 1)
    }

    @Test func halfANameIsWorthLess() {
        #expect(similarity(name(nil, "Smith"), name("John", "Smith")) == 0.85)
        #expect(similarity(name(nil, "Smith"), name(nil, "Smith")) == 0.9)
        #expect(PersonName.similarity(name("John", nil), name(nil, "Smith")) == nil)
        #expect(PersonName.similarity(name(nil, nil), name("John", "Smith")) == nil)
    }

    @Test(
        arguments: [
            ("The Acme Company, Inc.", "acme"), ("ACME Corp.", "acme"), ("Brandt Messgeräte GmbH & Co. KG", "brandtmessgerate"),
            ("Aurelia Strumenti S.p.A.", "aureliastrumenti"), ("Wiślana Laboratoria Sp. z o.o.", "wislanalaboratoria"),
            ("Métrix Analytique SAS", "metrixanalytique"), ("Sorano Scientific K.K.", "soranoscientific"),
            ("Laboratorios Alcázar S.A.", "laboratoriosalcazar"), ("Smith & Sons Ltd", "smithsons"),
            ("Smith and Sons Limited", "smithsons"), ("Van Dijk B.V.", "vandijk"), ("AG", "ag"), ("The", "the"),
        ])
    func companyNamesLoseLegalFormsAndPunctuation(name: String, key: String) {
        #expect(CompanyName(name).key == key)
    }

    @Test func companyNameSimilarity() {
        func s(_ a: String, _ b: String) -> Double { CompanyName.similarity(CompanyName(a), CompanyName(b)) ?? -1 }
        #expect(s("Acme Inc.", "ACME, Incorporated") == 1)
        #expect(s("Smith & Jones", "Jones and Smith LLC") == 0.95)
        #expect(s("Acme", "Acme Rockets") == 0.85)
        #expect(s("Northwind Instruments", "Nortwind Instruments") > 0.9)
        #expect(s("Northwind Instruments", "Globex Corporation") < 0.7)
        #expect(CompanyName.similarity(CompanyName(""), CompanyName("Acme")) == nil)
    }
}
