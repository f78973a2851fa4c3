import Testing

@testable import RapportStore

/// `RecordCodec.pairs` reads ASCII by bytes; it must read every text as splitting by `Character` did.
@Suite struct RecordCodecPairsTests {
    /// The reading `pairs` replaced, kept here as the reference.
    static func bySplit(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    @Test(
        arguments: [
            "", "\n", "\n\n", "work\tana@acme.com", "work\tana@acme.com\nhome\tana@home.example\n",
            "\n\nwork\ta@b.c\n\n", "work\t", "\twork", "\ta\tb", "\t\ta\tb\tc", "a\t\tb", "a\t\t", "no tab",
            "a\tb\nc", "a\tb\r\nc\td", "a\r\tb", "Büro\tana@büro.example", "a\t\u{301}b\tc", "\u{301}\tx",
            "a\tb\n\u{301}c\td", " \t ", "x\ty\t\n\tz",
        ])
    func pairsReadAsSplitDid(text: String) {
        let read = RecordCodec.pairs(text)
        let expected = Self.bySplit(text)
        #expect(read.map(\.0) == expected.map(\.0))
        #expect(read.map(\.1) == expected.map(\.1))
    }
}
