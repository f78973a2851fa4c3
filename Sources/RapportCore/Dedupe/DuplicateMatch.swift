/// How likely two records are the same person or company, and why.
public struct DuplicateMatch: Sendable, Equatable {
    /// 0 (unrelated) … 1 (certainly the same).
    public var score: Double
    /// What a person reads: "same email", "name 0.93", "same account".
    public var reasons: [String]

    public init(score: Double, reasons: [String]) {
        self.score = min(1, max(0, score))
        self.reasons = reasons
    }

    /// The score from which two records are shown as possible duplicates.
    public static let threshold = 0.8

    public var isCandidate: Bool { score >= Self.threshold }

    /// How alike names must be to make a candidate on their own: typos and nicknames score above it,
    /// different names that happen to share letters (Thomas, Tobias) below.
    static let nameBar = 0.88

    /// The score in thousandths, as stored and compared (no floating point in SQL).
    public var milli: Int { Int((score * 1000).rounded()) }

    /// "name 0.93"
    static func nameReason(_ value: Double) -> String {
        let hundredths = Int((value * 100 + 1e-9).rounded(.down))
        return hundredths >= 100 ? "name 1.00" : "name 0.\(hundredths < 10 ? "0" : "")\(hundredths)"
    }
}

/// An entity whose records can be compared for duplicates: accounts and contacts.
///
/// A record is reduced once to a profile (folded names, address sets), so a scan can compare many
/// pairs cheaply; blocking keys say which records are worth comparing at all.
public protocol DuplicateMatching: Entity {
    associatedtype MatchProfile: Sendable
    /// The fields the profile is made from, so a lookup reads only those columns.
    static var matchFields: [String] { get }
    static func matchProfile(_ values: FieldValues) -> MatchProfile
    /// Blocking keys: records that share one are compared. A few per record, so a typo in one part
    /// of a name still leaves a key in common.
    static func matchKeys(_ profile: MatchProfile) -> [String]
    /// Exact identifiers the profile holds, as `kind:value` (`email:ana@acme.com`), which also block.
    static func pointKeys(_ profile: MatchProfile) -> [String]
    static func duplicateScore(_ a: MatchProfile, _ b: MatchProfile) -> DuplicateMatch
}

/// Building blocks of blocking keys.
public enum MatchKey {
    /// The consonant outline of a word: first letter kept, then vowels, `h`, `w` and `y` dropped and
    /// repeats collapsed, so `Smith`, `Smyth` and `Smtih` share `smt`, `Müller` and `Muller` `mlr`.
    public static func skeleton(_ word: String) -> String {
        var out = ""
        var last: Character?
        for (index, c) in word.enumerated() {
            if index > 0 && "aeiouyhw".contains(c) { continue }
            if c != last { out.append(c) }
            last = c
        }
        return out
    }

    /// Keys are bounded so an absurdly long name cannot bloat the index.
    static func bounded(_ key: String) -> String { String(key.prefix(120)) }
}
