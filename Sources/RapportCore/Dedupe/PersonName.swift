/// A person's name folded for matching: words without case or accents, split into given, middle
/// and family names, so `Zoë Müller-Lüdenscheidt` and `zoe muller ludenscheidt` are the same.
public struct PersonName: Sendable, Hashable {
    public var given: [String]
    public var middle: [String]
    public var family: [String]

    public init(first: String?, middle: String? = nil, last: String?) {
        given = SearchText.tokens(first ?? "")
        self.middle = SearchText.tokens(middle ?? "")
        family = SearchText.tokens(last ?? "")
        digits = (given + self.middle + family).joined().filter(\.isNumber)
    }

    public var isEmpty: Bool { given.isEmpty && family.isEmpty }

    /// The family name as one word: `van der Berg` and `Vanderberg` agree, `O'Brien` is `obrien`.
    public var familyKey: String { family.joined() }

    /// The digits in the name, which only synthetic or test data has ("Test User 12"): two names that
    /// differ in them are different records, however alike their letters. Made with the name, as a
    /// create's duplicate check compares one name with dozens of others.
    private(set) var digits: String

    /// How alike two names are, 0…1, with a note when the likeness rests on a nickname, an initial
    /// or swapped order; `nil` when either name is empty.
    public static func similarity(_ a: PersonName, _ b: PersonName) -> (value: Double, note: String?)? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        var value: Double
        var note: String?
        switch (a.given.isEmpty || b.given.isEmpty, a.family.isEmpty || b.family.isEmpty) {
        case (false, false):
            let given = givenSimilarity(a.given, b.given)
            value = given.value * familySimilarity(a.family, b.family)
            note = given.note
            // "Wei Zhang" and "Zhang Wei": one of them was entered in the other order. The swapped
            // likeness is at most 0.95, so a value that high needs no second look.
            if value < 0.95 {
                let swapped = givenSimilarity(a.given, b.family).value * givenSimilarity(a.family, b.given).value * 0.95
                if swapped > value {
                    value = swapped
                    note = "first and last name swapped"
                }
            }
        case (true, false):
            // Only family names to go by: less to be sure of, more so when one side has a given name.
            value = familySimilarity(a.family, b.family) * (a.given.isEmpty && b.given.isEmpty ? 0.9 : 0.85)
        case (false, true):
            let given = givenSimilarity(a.given, b.given)
            value = given.value * (a.family.isEmpty && b.family.isEmpty ? 0.9 : 0.85)
            note = given.note
        case (true, true):
            // One has only a given name, the other only a family name: nothing to compare.
            return nil
        }
        if let ma = a.middle.first?.first, let mb = b.middle.first?.first, ma != mb { value *= 0.85 }
        if a.digits != b.digits { value = min(value, 0.5) }
        return (value, note)
    }

    /// Given names: equal, an initial of the other, a nickname of it, or alike letter by letter.
    static func givenSimilarity(_ a: [String], _ b: [String]) -> (value: Double, note: String?) {
        let ka = a.joined()
        let kb = b.joined()
        let aInitials = isInitials(a, of: b)
        let bInitials = isInitials(b, of: a)
        if ka == kb { return (aInitials ? 0.9 : 1, nil) }
        if aInitials || bInitials { return (0.9, "initial") }
        if a[0] == b[0] {
            // "Jean" and "Jean-Pierre" may be one person; "Jean-Pierre" and "Jean-Paul" are two.
            return (a.count == 1 || b.count == 1 ? 0.9 : 0.75, nil)
        }
        if Nicknames.related(a[0], b[0]), a.count == 1 || b.count == 1 || a[1...] == b[1...] {
            return (0.95, "nickname")
        }
        return (JaroWinkler.similarity(ka, kb), nil)
    }

    /// Whether `a` is written as initials of `b`: `J.` of John, `J. P.` or `JP` of Jean-Pierre.
    static func isInitials(_ a: [String], of b: [String]) -> Bool {
        let letters: [Character]
        if a.allSatisfy({ $0.count == 1 }) {
            letters = a.compactMap(\.first)
        } else if a.count == 1, a[0].count == b.count, b.count > 1 {
            letters = Array(a[0])
        } else {
            return false
        }
        guard !letters.isEmpty, letters.count <= b.count else { return false }
        return zip(letters, b).allSatisfy { $0 == $1.first }
    }

    /// Family names: equal as one word, one contained in the other (García, García López), an initial
    /// of the other, or alike letter by letter.
    static func familySimilarity(_ a: [String], _ b: [String]) -> Double {
        let ka = a.joined()
        let kb = b.joined()
        if ka == kb { return 1 }
        // Names have a few words: looking each up in the other is cheaper than hashing two sets.
        if a.allSatisfy(b.contains) || b.allSatisfy(a.contains) { return 0.92 }
        if (ka.count == 1 && kb.hasPrefix(ka)) || (kb.count == 1 && ka.hasPrefix(kb)) { return 0.85 }
        return JaroWinkler.similarity(ka, kb)
    }
}
