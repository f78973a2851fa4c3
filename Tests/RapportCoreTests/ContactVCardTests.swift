import Foundation
import RapportCore
import Testing

@Suite struct ContactVCardTests {
    static func contact(_ values: FieldValues) -> Record<Contact> {
        let time = Timestamp(micros: 1_704_164_645_000_000)  // 2024-01-02T03:04:05Z
        return Record(
            id: Record<Contact>.ID("01890a5d-ac96-774b-bcce-b302099a8057")!, workspaceID: .make(), values: values,
            ownerID: nil, teamID: nil, shared: false, version: 3, createdAt: time, updatedAt: time, createdBy: nil,
            updatedBy: nil, deletedAt: nil)
    }

    static let zoe: FieldValues = [
        "prefix": .text("Dr."), "first_name": .text("Zoë"), "middle_name": .text("Maria"), "last_name": .text("Ångström"),
        "suffix": .text("PhD"), "title": .text("Head of Research, Nordics; Baltics"),
        "emails": .emails([
            LabeledEmail(EmailAddress(trusted: "zoe@nordlicht.se"), label: "work"),
            LabeledEmail(EmailAddress(trusted: "zoe@example.se"), label: "home"),
        ]),
        "phones": .phones([
            LabeledPhone(PhoneNumber(trusted: "+46701234567"), label: "mobile"),
            LabeledPhone(PhoneNumber(trusted: "+4681234567;ext=12"), label: "work"),
            LabeledPhone(PhoneNumber(trusted: "+4687654321"), label: "fax"),
        ]),
        "birthday": .date(try! LocalDate("1985-04-15")), "time_zone": .text("Europe/Stockholm"),
        "tags": .tags(["vip", "nordics"]), "street": .text("Drottninggatan 1\nFloor 3"), "city": .text("Stockholm"),
        "postal_code": .text("111 51"), "country": .text("SE"), "description": .text("Met at the summit, 2023.\nLikes mornings."),
        "email_opt_out": .bool(false),
    ]

    /// The lines of a serialised card, unfolded.
    static func lines(_ card: VCard) -> [String] {
        ContentLineTests.unfold(card.serialized()).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func writes40() {
        let card = ContactVCard.card(for: Self.contact(Self.zoe), accountName: "Nordlicht AB", version: .v4)
        let lines = Self.lines(card)
        #expect(lines.first == "BEGIN:VCARD")
        #expect(lines[1] == "VERSION:4.0")
        #expect(lines.last == "END:VCARD")
        for expected in [
            "UID:urn:uuid:01890a5d-ac96-774b-bcce-b302099a8057", "KIND:individual", "FN:Dr. Zoë Maria Ångström PhD",
            "N:Ångström;Zoë;Maria;Dr.;PhD", "ORG:Nordlicht AB", "TITLE:Head of Research\\, Nordics\\; Baltics",
            "EMAIL;TYPE=work;PREF=1:zoe@nordlicht.se", "EMAIL;TYPE=home:zoe@example.se",
            "TEL;VALUE=uri;TYPE=cell,voice;PREF=1:tel:+46701234567", "TEL;VALUE=uri;TYPE=work,voice:tel:+4681234567;ext=12",
            "TEL;VALUE=uri;TYPE=work,fax:tel:+4687654321",
            "ADR;TYPE=work;CC=SE:;;Drottninggatan 1\\nFloor 3;Stockholm;;111 51;Sweden", "BDAY:19850415",
            "TZ:Europe/Stockholm", "NOTE:Met at the summit\\, 2023.\\nLikes mornings.", "CATEGORIES:vip,nordics",
            "REV:20240102T030405Z",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
    }

    @Test func writes30() {
        let card = ContactVCard.card(for: Self.contact(Self.zoe), accountName: nil, version: .v3)
        let lines = Self.lines(card)
        #expect(lines[1] == "VERSION:3.0")
        #expect(!lines.contains { $0.hasPrefix("KIND") || $0.hasPrefix("ORG") })
        for expected in [
            "EMAIL;TYPE=internet,work;TYPE=pref:zoe@nordlicht.se", "TEL;TYPE=cell,voice;TYPE=pref:+46701234567",
            "TEL;TYPE=work,voice:+4681234567 x12", "ADR;TYPE=work:;;Drottninggatan 1\\nFloor 3;Stockholm;;111 51;Sweden",
            "BDAY:1985-04-15", "TZ;VALUE=text:Europe/Stockholm", "REV:2024-01-02T03:04:05Z",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
    }

    @Test func everyWrittenLineIsAtMost75OctetsAndCRLF() {
        var values = Self.zoe
        values["description"] = .text(String(repeating: "北京 Zoë Ångström, José Núñez. ", count: 40))
        let text = ContactVCard.card(for: Self.contact(values), accountName: "Acme", version: .v4).serialized()
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
    }

    @Test(arguments: VCardVersion.allCases)
    func whatIsWrittenReadsBackTheSame(_ version: VCardVersion) throws {
        let text = ContactVCard.card(for: Self.contact(Self.zoe), accountName: "Nordlicht AB", version: version).serialized()
        let entries = VCardReader.read(text)
        guard case .card(let card)? = entries.first, entries.count == 1 else {
            Issue.record("expected one card, got \(entries)")
            return
        }
        let imported = try ContactVCard.contact(from: card).get()
        #expect(imported.organization == "Nordlicht AB")
        #expect(imported.notes.isEmpty)
        let values = try Self.values(imported, country: "US")
        for (field, value) in Self.zoe where field != "email_opt_out" {
            #expect(values[field] == value, "\(field)")
        }
    }

    /// Runs imported fields through the API's validation, as the import does.
    static func values(_ imported: VCardContact, country: String) throws -> FieldValues {
        var input = Input(imported.fields)
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: country)
        try changes.validate(input, against: [:])
        return try changes.apply(to: [:])
    }

    static func imports(_ entries: [VCardReader.Entry]) throws -> [VCardContact] {
        try entries.map { entry in
            guard case .card(let card) = entry else { throw RapportError.malformed("broken card") }
            return try ContactVCard.contact(from: card).get()
        }
    }

    @Test func importsAppleContacts() throws {
        let found = try Self.imports(VCardReader.read(VCardSamples.apple))
        let zoe = try Self.values(found[0], country: "US")
        #expect(found[0].name == "Dr. Zoë Maria Ångström")
        #expect(found[0].organization == "Nordlicht AB")
        #expect(zoe["first_name"] == .text("Zoë"))
        #expect(zoe["last_name"] == .text("Ångström"))
        #expect(zoe["middle_name"] == .text("Maria"))
        #expect(zoe["prefix"] == .text("Dr."))
        #expect(zoe["title"] == .text("Head of Research"))
        #expect(zoe["emails"]?.emails.map(\.address.value) == ["zoe@nordlicht.se", "zoe.angstrom@example.se"])
        #expect(zoe["emails"]?.emails.map(\.label) == ["work", "home"])
        #expect(zoe["phones"]?.phones.map(\.number.e164) == ["+46812345678", "+46701234567", "+46876543210"])
        #expect(zoe["phones"]?.phones.map(\.label) == ["main", "mobile", "fax"])
        #expect(zoe["street"] == .text("Drottninggatan 1"))
        #expect(zoe["city"] == .text("Stockholm"))
        #expect(zoe["postal_code"] == .text("111 51"))
        #expect(zoe["country"] == .text("SE"))
        #expect(zoe["birthday"] == .date(try LocalDate("1985-04-15")))
        #expect(zoe["description"] == .text("Met at the Nordic CRM Summit, 2023.\nPrefers mornings; never Fridays."))

        let wang = try Self.values(found[1], country: "CN")
        #expect(found[1].name == "王伟")
        #expect(found[1].organization == "北京数据科技有限公司")
        #expect(wang["last_name"] == .text("王"))
        #expect(wang["first_name"] == .text("伟"))
        #expect(wang["city"] == .text("北京"))
        #expect(wang["country"] == .text("CN"))
        #expect(wang["birthday"] == nil)
        #expect(found[1].notes == ["birthday “1604-08-09” has no full date"])
    }

    @Test func importsGoogleContacts() throws {
        let jose = try #require(try Self.imports(VCardReader.read(VCardSamples.google)).first)
        let values = try Self.values(jose, country: "ES")
        #expect(values["first_name"] == .text("José"))
        #expect(values["last_name"] == .text("Núñez"))
        #expect(values["phones"]?.phones.map(\.number.e164) == ["+34612345678", "+34911234567"])
        #expect(values["phones"]?.phones.map(\.label) == ["mobile", "work"])
        #expect(values["emails"]?.emails.map(\.label) == ["work", "work"])
        #expect(values["country"] == .text("ES"))
        #expect(values["tags"] == .tags(["clientes", "feria 2024"]))
        #expect(jose.organization == "Ejemplo S.L.")
    }

    @Test func importsOutlook21() throws {
        let jurgen = try #require(try Self.imports(VCardReader.read(VCardSamples.outlook)).first)
        let values = try Self.values(jurgen, country: "DE")
        #expect(values["first_name"] == .text("Jürgen"))
        #expect(values["last_name"] == .text("Müller"))
        #expect(values["phones"]?.phones.map(\.number.e164) == ["+49301234567", "+491712345678"])
        #expect(values["phones"]?.phones.map(\.label) == ["work", "mobile"])
        #expect(values["emails"]?.emails.map(\.address.value) == ["juergen.mueller@beispiel.de"])
        #expect(values["street"] == .text("Hauptstraße 5"))
        #expect(values["country"] == .text("DE"))
        #expect(values["description"]?.text?.contains("Größere Bestellungen im Frühjahr.") == true)
    }

    @Test func imports40() throws {
        let ann = try #require(try Self.imports(VCardReader.read(VCardSamples.modern)).first)
        let values = try Self.values(ann, country: "US")
        // PREF=1 comes first whatever the order in the card.
        #expect(values["emails"]?.emails.map(\.address.value) == ["ann@home.example", "ann.lee@example.com"])
        #expect(values["emails"]?.emails.map(\.label) == ["home", "work"])
        #expect(values["phones"]?.phones.map(\.number.description) == ["+15555550100", "+15555550199;ext=42"])
        #expect(values["phones"]?.phones.map(\.label) == ["mobile", "work"])
        #expect(values["country"] == .text("US"))
        #expect(values["region"] == .text("IL"))
        #expect(values["time_zone"] == .text("America/Chicago"))
        #expect(values["birthday"] == nil)
        #expect(ann.notes.count == 1)
    }

    @Test func aNameIsTakenFromFNWhenNIsEmpty() throws {
        let card = try #require(VCardReaderTests().cards(VCardReader.read("BEGIN:VCARD\nN:;;;;\nFN:Mary Ann  Smith\nEND:VCARD")).first)
        let values = try Self.values(try ContactVCard.contact(from: card).get(), country: "US")
        #expect(values["first_name"] == .text("Mary Ann"))
        #expect(values["last_name"] == .text("Smith"))
    }

    @Test func aCardWithoutANameFails() throws {
        let card = try #require(VCardReaderTests().cards(VCardReader.read("BEGIN:VCARD\nEMAIL:a@example.com\nEND:VCARD")).first)
        #expect(throws: VCardImportFailure.self) { try ContactVCard.contact(from: card).get() }
    }

    @Test func badValuesAreLeftForValidationToName() throws {
        let text = "BEGIN:VCARD\nFN:Bad Data\nEMAIL:not-an-email\nBDAY:1985-02-30\nEND:VCARD"
        let card = try #require(VCardReaderTests().cards(VCardReader.read(text)).first)
        let error = #expect(throws: RapportError.self) { try Self.values(try ContactVCard.contact(from: card).get(), country: "US") }
        guard case .invalid(let issues)? = error else { return }
        #expect(Set(issues.map(\.field)) == ["emails[0]", "birthday"])
    }

    @Test func unknownCountriesAndTooManyItemsAreNoted() throws {
        var text = "BEGIN:VCARD\nFN:Many Mails\nADR:;;1 Road;Town;;;Narnia\n"
        for i in 0..<12 { text += "EMAIL:m\(i)@example.com\n" }
        text += "CATEGORIES:" + String(repeating: "x", count: 41) + ",ok\nEND:VCARD\n"
        let card = try #require(VCardReaderTests().cards(VCardReader.read(text)).first)
        let imported = try ContactVCard.contact(from: card).get()
        let values = try Self.values(imported, country: "US")
        #expect(values["emails"]?.emails.count == 10)
        #expect(values["country"] == nil)
        #expect(values["tags"] == .tags(["ok"]))
        #expect(imported.notes.count == 3)
    }

    @Test func countryNamesResolveInSeveralLanguages() {
        #expect(CountryNames.code(for: "Deutschland") == "DE")
        #expect(CountryNames.code(for: "germany") == "DE")
        #expect(CountryNames.code(for: "España") == "ES")
        #expect(CountryNames.code(for: "U.S.A.") == "US")
        #expect(CountryNames.code(for: "中国") == "CN")
        #expect(CountryNames.code(for: "se") == "SE")
        #expect(CountryNames.code(for: "Narnia") == nil)
        #expect(CountryNames.code(for: "XX") == nil)
        #expect(CountryNames.name(of: "DE") == "Germany")
    }
}
