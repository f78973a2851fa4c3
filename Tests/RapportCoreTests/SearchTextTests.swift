import Foundation
import RapportCore
import Testing

@Suite struct SearchTextTests {
    @Test(
        arguments: [
            ("Zoë", "zoe"),
            ("Müller", "muller"),
            ("MÜLLER", "muller"),
            ("Straße", "strasse"),
            ("José Ñúñez", "jose nunez"),
            ("Ærøskøbing", "aeroskobing"),
            ("Łódź", "lodz"),
            ("Œuvre", "oeuvre"),
            ("Đorđe", "dorde"),
            ("François", "francois"),
            ("Zoe\u{0308}", "zoe"),  // already decomposed
            ("ACME Inc.", "acme inc."),
        ])
    func foldsCaseAndAccents(text: String, folded: String) {
        #expect(SearchText.fold(text) == folded)
    }

    @Test func tokensAreFoldedWords() {
        #expect(
            SearchText.tokens("Zoë Müller-Lüdenscheidt, CEO @ Acme (Zürich) 2024")
                == ["zoe", "muller", "ludenscheidt", "ceo", "acme", "zurich", "2024"])
        #expect(SearchText.tokens("jane.doe+crm@example.com") == ["jane", "doe", "crm", "example", "com"])
        #expect(SearchText.tokens("  ,;  ") == [])
        #expect(SearchText.tokens("<script>alert(1)</script>") == ["script", "alert", "1", "script"])
        #expect(SearchText.tokens("東京 Straße") == ["東京", "strasse"])
    }

    @Test func phoneTokensCoverTheNumberWithAndWithoutItsCallingCode() {
        #expect(SearchText.phoneTokens("+14155550100").prefix(4) == ["14155550100", "4155550100", "155550100", "55550100"])
    }

    @Test(
        arguments: [
            ("+14155550100", "4155"),  // area code, as typed in the US
            ("+14155550100", "14155"),
            ("+442079460958", "4420"),  // with the calling code
            ("+442079460958", "2079"),  // without it
            ("+442079460958", "020 7946"),  // national form with the trunk prefix
            ("+442079460958", "0044 20 7946"),  // international prefix instead of +
            ("+442079460958", "+44 (0)20 7946"),
            ("+33123456789", "01 23 45"),
            ("+33123456789", "+33 1 23"),
            ("+61293744000", "(02) 9374"),
        ])
    func phoneQueriesMatchAsTheyAreTyped(e164: String, query: String) {
        let terms = SearchText.queryTerms(query)
        let tokens = SearchText.phoneTokens(e164)
        #expect(terms.count == 1)
        #expect(terms.allSatisfy { term in tokens.contains { $0.hasPrefix(term) } }, "\(terms) vs \(tokens)")
    }

    @Test func phoneQueriesDoNotMatchOtherNumbers() {
        let tokens = SearchText.phoneTokens("+442079460958")
        for query in ["4155", "030 1234", "2080", "0033 20"] {
            let terms = SearchText.queryTerms(query)
            #expect(!terms.allSatisfy { term in tokens.contains { $0.hasPrefix(term) } }, "\(query) matched")
        }
    }

    @Test(
        arguments: [
            ("(415) 555", ["415555"]),
            ("+44 20 7946", ["44207946"]),
            ("415-555-0100", ["4155550100"]),
            ("4155", ["4155"]),
            ("5", [String]()),  // one digit is too little to search for
            ("Zoë M", ["zoe", "m"]),
            ("zoe.adams@globex", ["zoe", "adams", "globex"]),
            ("Acme 2024", ["acme", "2024"]),
            ("", []),
            ("   ", []),
            ("!!! ***", []),
            ("a b c d e f g h i j", ["a", "b", "c", "d", "e", "f", "g", "h"]),
        ])
    func queryTermsReadTheQueryAsTyped(query: String, terms: [String]) {
        #expect(SearchText.queryTerms(query) == terms)
    }

    @Test func documentHoldsSearchableFieldsOnceEach() throws {
        let values: FieldValues = [
            "first_name": .text("Zoë"),
            "last_name": .text("Müller"),
            "title": .text("Head of Zoë's Team"),
            "description": .text("secret notes"),  // not searchable
            "emails": .emails([LabeledEmail(try EmailAddress("zoe.muller@globex.com"))]),
            "phones": .phones([LabeledPhone(try PhoneNumber("(415) 555-0100"))]),
            "tags": .tags(["vip", "partner"]),
        ]
        let words = SearchText.document(for: values, of: Contact.self).split(separator: " ").map(String.init)
        #expect(Set(words).count == words.count)
        for word in ["zoe", "muller", "head", "team", "globex", "14155550100", "4155550100", "vip", "partner"] {
            #expect(words.contains(word), "\(word) missing from \(words)")
        }
        #expect(!words.contains("secret"))
        #expect(!words.contains("notes"))
    }
}

/// `fold` and `tokens` take a shortcut for ASCII text; it must give what the Unicode path gives.
@Suite struct SearchTextASCIITests {
    /// The Unicode path, as `tokens` was before the shortcut.
    static func referenceTokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
        where !(0x300...0x36F).contains(scalar.value) {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    @Test func asciiTextFoldsAndSplitsAsTheUnicodePathDoes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" \t\n!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(SearchText.tokens(text) == Self.referenceTokens(text), "\(text.debugDescription)")
            #expect(SearchText.fold(text) == text.lowercased(), "\(text.debugDescription)")
        }
        #expect(SearchText.tokens("Zoë Müller-Lüdenscheidt, 2nd") == Self.referenceTokens("Zoë Müller-Lüdenscheidt, 2nd"))
        #expect(SearchText.fold("Zoë ÆØ ß") == "zoe aeo ss")
    }
}
