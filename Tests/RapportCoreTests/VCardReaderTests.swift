import Foundation
import RapportCore
import Testing

@Suite struct VCardReaderTests {
    func cards(_ entries: [VCardReader.Entry]) -> [VCard] {
        entries.compactMap { if case .card(let card) = $0 { card } else { nil } }
    }

    @Test func readsAppleContactsExport() throws {
        let cards = cards(VCardReader.read(VCardSamples.apple))
        #expect(cards.count == 2)
        let zoe = cards[0]
        #expect(zoe.version == "3.0")
        #expect(zoe.first("N")?.components == ["Ångström", "Zoë", "Maria", "Dr.", ""])
        #expect(zoe.first("FN")?.text == "Dr. Zoë Maria Ångström")
        let email = try #require(zoe.all("EMAIL").first)
        #expect(email.group == "item1")
        #expect(email.types == ["internet", "pref"])
        #expect(zoe.companion("X-ABLABEL", of: email) == "_$!<Work>!$_")
        #expect(zoe.first("NOTE")?.text == "Met at the Nordic CRM Summit, 2023.\nPrefers mornings; never Fridays.")
        // The photo is read as a property without its data, and none of its lines leak out as properties.
        let photo = try #require(zoe.first("PHOTO"))
        #expect(photo.rawValue.isEmpty)
        #expect(zoe.properties.map(\.name).filter { $0.hasPrefix("AY") || $0.hasPrefix("+E") }.isEmpty)
        #expect(zoe.first("X-SOCIALPROFILE")?.parameter("x-user") == ["zoeangstrom"])
        #expect(zoe.first("X-SOCIALPROFILE")?.text == "https://www.linkedin.com/in/zoeangstrom")
        #expect(cards[1].first("FN")?.text == "王伟")
        #expect(cards[1].first("ADR")?.components[3] == "北京")
    }

    @Test func readsGoogleContactsExport() throws {
        let card = try #require(cards(VCardReader.read(VCardSamples.google)).first)
        #expect(card.first("FN")?.text == "José Núñez")
        #expect(card.first("URL")?.text == "https://ejemplo.es")
        #expect(card.first("CATEGORIES")?.listValues == ["myContacts", "Clientes", "Feria 2024"])
        #expect(card.all("TEL").map(\.types) == [["cell"], ["work"]])
    }

    @Test func readsOutlook21WithQuotedPrintableAndLatin1() throws {
        let card = try #require(cards(VCardReader.read(VCardSamples.outlook)).first)
        #expect(card.version == "2.1")
        #expect(card.first("N")?.components == ["Müller", "Jürgen"])
        #expect(card.first("FN")?.text == "Jürgen Müller")
        // A soft line break joins the lines; =0D=0A is a real line break.
        #expect(card.first("NOTE")?.text == "Bevorzugt Anrufe am Vormittag. Größere Bestellungen im Frühjahr.\r\nZweite Zeile.")
        // No charset and not UTF-8: read as Latin-1.
        #expect(card.first("ADR")?.components[2] == "Hauptstraße 5")
        #expect(card.first("LABEL")?.text == "Hauptstraße 5\r\nBerlin 10115")
        // Bare 2.1 parameters are types.
        #expect(card.all("TEL").map(\.types) == [["work", "voice"], ["cell", "voice"]])
        #expect(card.first("EMAIL")?.types == ["pref", "internet"])
        #expect(card.first("PHOTO")?.parameter("ENCODING") == ["BASE64"])
        #expect(card.first("REV")?.text == "20240105T101500Z")
        #expect(card.properties.allSatisfy { !$0.name.hasPrefix("HBWG") })
    }

    @Test func unfoldsAFoldThatCutsAUTF8Sequence() throws {
        let bei = Array("北".utf8)  // E5 8C 97
        var bytes = Array("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:".utf8) + bei.prefix(2)
        bytes += Array("\r\n ".utf8) + bei.suffix(1) + Array("京\r\nN:;;;;\r\nEND:VCARD\r\n".utf8)
        let card = try #require(cards(VCardReader.read(bytes)).first)
        #expect(card.first("FN")?.text == "北京")
    }

    @Test(arguments: [
        ("TEL;TYPE=work,voice:1", Set(["work", "voice"])),
        ("TEL;TYPE=work;TYPE=cell:1", Set(["work", "cell"])),
        ("TEL;TYPE=\"voice,cell\":1", Set(["voice", "cell"])),
        ("TEL;type=WORK;type=pref:1", Set(["work", "pref"])),
        ("TEL;WORK;FAX:1", Set(["work", "fax"])),
    ])
    func readsTypeParametersInEveryForm(_ line: String, _ types: Set<String>) throws {
        let card = try #require(cards(VCardReader.read("BEGIN:VCARD\nVERSION:3.0\n\(line)\nEND:VCARD\n")).first)
        #expect(card.first("TEL")?.types == types)
    }

    @Test func readsQuotedParametersHoldingColonsAndCaretEscapes() throws {
        let text = "BEGIN:VCARD\r\nADR;LABEL=\"Suite 5: the ^'back^' door^nBerlin\";TYPE=work:;;Street 1;Berlin;;;\r\nEND:VCARD\r\n"
        let adr = try #require(cards(VCardReader.read(text)).first?.first("ADR"))
        #expect(adr.parameter("LABEL") == ["Suite 5: the \"back\" door\nBerlin"])
        #expect(adr.components == ["", "", "Street 1", "Berlin", "", "", ""])
    }

    @Test func skipsNestedAgentCards() throws {
        let text = """
            BEGIN:VCARD
            VERSION:2.1
            N:Boss;Big
            AGENT:
            BEGIN:VCARD
            VERSION:2.1
            N:Assistant;Amy
            TEL:+1 555 0100
            END:VCARD
            TEL;WORK:+1 555 0199
            END:VCARD
            """
        let found = cards(VCardReader.read(text))
        #expect(found.count == 1)
        #expect(found.first?.first("N")?.components == ["Boss", "Big"])
        #expect(found.first?.all("TEL").map(\.text) == ["+1 555 0199"])
    }

    @Test func readsManyCardsWithAnyLineEndsAndJunkBetween() {
        let one = "BEGIN:VCARD\nVERSION:3.0\nFN:One\nEND:VCARD\n"
        let two = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two\r\nEND:VCARD\r\n"
        let three = "begin:vcard\rversion:3.0\rfn:Three\rend:vcard\r"
        let found = cards(VCardReader.read(one + "this line is junk\n\n" + two + three))
        #expect(found.map { $0.first("FN")?.text } == ["One", "Two", "Three"])
    }

    @Test func reportsACardCutShort() {
        let entries = VCardReader.read("BEGIN:VCARD\nFN:Whole\nEND:VCARD\nBEGIN:VCARD\nFN:Cut Short\nEMAIL:a@b.c\n")
        #expect(entries.count == 2)
        guard case .broken(let reason, let name) = entries.last else {
            Issue.record("expected a broken entry")
            return
        }
        #expect(name == "Cut Short")
        #expect(reason.contains("END:VCARD"))
    }

    @Test func readsNothingFromEmptyOrForeignText() {
        #expect(VCardReader.read("").isEmpty)
        #expect(VCardReader.read("name,email\nAnn,ann@example.com\n").isEmpty)
        #expect(VCardReader.read([0xFF, 0xFE, 0x00, 0x41]).isEmpty)
    }
}
