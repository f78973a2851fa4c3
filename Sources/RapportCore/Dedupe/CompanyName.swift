/// A company's name folded for matching: no case, accents or punctuation, without its legal form
/// (Inc, GmbH, S.p.A. …), a leading "The" or joining "and"/"&", so `The Acme Company, Inc.` and
/// `ACME` are the same name.
public struct CompanyName: Sendable, Hashable {
    public var words: [String]

    public init(_ name: String) {
        var words = SearchText.tokens(name)
        if words.count > 1, words.first == "the" { words.removeFirst() }
        // Legal forms come last, sometimes several (GmbH & Co. KG); at least one word stays.
        var stripped = true
        while stripped {
            stripped = false
            for form in Self.legalForms where words.count > form.count && Array(words.suffix(form.count)) == form {
                words.removeLast(form.count)
                stripped = true
                break
            }
        }
        if words.count > 2 {
            words = [words[0]] + words.dropFirst().filter { !Self.joiners.contains($0) }
        }
        self.words = words
    }

    /// The name as one word, for equality and blocking keys.
    public var key: String { words.joined() }

    public var isEmpty: Bool { words.isEmpty }

    /// How alike two company names are, 0…1; `nil` when either is empty.
    public static func similarity(_ a: CompanyName, _ b: CompanyName) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        if a.key == b.key { return 1 }
        if Set(a.words) == Set(b.words) { return 0.95 }
        // "Acme" and "Acme Rockets": perhaps the same company, perhaps its subsidiary.
        let shorter = a.words.count < b.words.count ? a.words : b.words
        let longer = a.words.count < b.words.count ? b.words : a.words
        if Array(longer.prefix(shorter.count)) == shorter { return 0.85 }
        return JaroWinkler.similarity(a.key, b.key)
    }

    static let joiners: Set<String> = ["and", "und", "et", "y", "e"]

    /// Words that start many names without telling them apart (`De Vries`, `Van Dijk`, `La Poste`).
    static let particles: Set<String> = [
        "de", "del", "della", "der", "den", "des", "di", "da", "du", "dos", "la", "le", "les", "el", "los", "las", "van",
        "von", "ten", "ter", "san", "saint", "st", "mac", "mc",
    ]

    /// Legal forms as folded words, longest first where one ends another.
    static let legalForms: [[String]] = [
        "sp z o o", "s a de c v", "de c v", "s de rl", "s a s", "s a r l", "s p a", "s r l", "s r o", "l l c",
        "l l p", "b v", "n v", "s a", "s l", "a s", "k k", "p l c", "co kg", "u g",
        "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug",
        "gbr", "ev", "sa", "sas", "sasu", "sarl", "eurl", "sca", "bv", "nv", "corp", "corporation", "co", "company",
        "plc", "spa", "srl", "sl", "slu", "sro", "oy", "oyj", "ab", "as", "asa", "aps", "kk", "pty", "pte", "se",
        "ltda", "sapi", "cv", "sc", "scs", "sprl", "bvba", "zoo", "doo", "kft", "zrt", "nyrt",
    ].map { $0.split(separator: " ").map(String.init) }
}
