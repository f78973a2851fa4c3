import Foundation
import RapportCore
import Testing

@Suite struct ContentLineTests {
    /// Joins folded lines back: CRLF followed by one space disappears.
    static func unfold(_ text: String) -> String { text.replacingOccurrences(of: "\r\n ", with: "") }

    @Test(arguments: [
        String(repeating: "a", count: 200),
        String(repeating: "é", count: 100),
        String(repeating: "北京", count: 60),
        "NOTE:" + String(repeating: "Zoë 😀 Ångström, ", count: 20),
        String(repeating: "x", count: 74) + "€€€",
    ])
    func foldsAt75OctetsWithoutCuttingACharacter(_ line: String) throws {
        let folded = ContentLine.fold(line)
        #expect(folded.hasSuffix("\r\n"))
        let pieces = folded.dropLast().components(separatedBy: "\r\n")
        for (index, piece) in pieces.enumerated() {
            #expect(piece.utf8.count <= 75, "piece \(index) has \(piece.utf8.count) octets")
            if index > 0 { #expect(piece.hasPrefix(" ")) }
            // Each piece is whole UTF-8 on its own: no sequence was cut.
            #expect(String(validating: Array(piece.utf8), as: UTF8.self) != nil)
        }
        // "\r\n" is one Character: drop it as one.
        #expect(Self.unfold(String(folded.dropLast())) == line)
    }

    @Test func shortLinesAreNotFolded() {
        #expect(ContentLine.fold("FN:Ann Lee") == "FN:Ann Lee\r\n")
        #expect(ContentLine.fold(String(repeating: "a", count: 75)) == String(repeating: "a", count: 75) + "\r\n")
    }

    @Test func escapingRoundTrips() {
        let text = "Line one, with a comma; and a semicolon\\backslash\r\nline two\nline three"
        let escaped = ContentLine.escape(text)
        #expect(escaped == "Line one\\, with a comma\\; and a semicolon\\\\backslash\\nline two\\nline three")
        #expect(ContentLine.unescape(escaped[...]) == text.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    @Test func unescapingIsLenient() {
        #expect(ContentLine.unescape("https\\://example.com") == "https://example.com")
        #expect(ContentLine.unescape("A\\NB") == "A\nB")
        #expect(ContentLine.unescape("trailing\\") == "trailing\\")
    }

    @Test func splittingSkipsEscapedSeparators() {
        #expect(ContentLine.split("a\\;b;c;;d", on: ";") == ["a\\;b", "c", "", "d"])
        #expect(ContentLine.split("", on: ";") == [""])
    }

    @Test func parameterValuesAreQuotedAndCaretEncodedWhenNeeded() {
        #expect(ContentLine.quoteParameter("work") == "work")
        #expect(ContentLine.quoteParameter("Lee, Ann") == "\"Lee, Ann\"")
        #expect(ContentLine.quoteParameter("say \"hi\"\nbye ^") == "say ^'hi^'^nbye ^^")
        #expect(ContentLine.decodeParameter("say ^'hi^'^nbye ^^") == "say \"hi\"\nbye ^")
    }
}
