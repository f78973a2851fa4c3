import Foundation

/// What duplicate matching reads of an account.
public struct AccountMatchProfile: Sendable {
    public var name: CompanyName
    public var domain: String?
    public var emails: Set<String>
    public var phones: Set<String>
    public var country: String?
    public var city: String?
}

extension Account: DuplicateMatching {
    public static let matchFields = ["name", "domain", "emails", "phones", "country", "city"]

    public static func matchProfile(_ values: FieldValues) -> AccountMatchProfile {
        AccountMatchProfile(
            name: CompanyName(values["name"]?.text ?? ""), domain: values["domain"]?.text,
            emails: Set((values["emails"]?.emails ?? []).map { EmailMatching.normalised($0.address) }),
            phones: Set((values["phones"]?.phones ?? []).map(\.number.e164)), country: values["country"]?.text,
            city: values["city"]?.text.map(SearchText.fold))
    }

    /// `n:` the whole folded name; `t:` its first word (`Acme` finds `Acme Rockets`, a typo in a later
    /// word), with the next one when it is a particle or an initial (`Van Dijk`, `De Vries`, `O'Brien`);
    /// `s:` the name's skeleton (a typo or transposition in the first word).
    public static func matchKeys(_ p: AccountMatchProfile) -> [String] {
        let words = p.name.words
        guard var first = words.first else { return [] }
        if words.count > 1, first.count < 3 || CompanyName.particles.contains(first) { first += words[1] }
        var keys: [String] = []
        if words.count > 1 { keys.append("n:" + p.name.key) }
        keys.append("t:" + first)
        let skeleton = MatchKey.skeleton(p.name.key)
        if skeleton.count >= 3 { keys.append("s:" + skeleton) }
        return keys.map(MatchKey.bounded)
    }

    public static func pointKeys(_ p: AccountMatchProfile) -> [String] {
        (p.domain.map { ["domain:" + $0] } ?? []) + p.emails.sorted().map { "email:" + $0 }
            + p.phones.sorted().map { "phone:" + $0 }
    }

    /// A shared web domain or email address is near-certain; a shared phone counts when the names
    /// agree too. Otherwise alike names decide, unless different domains or countries say these are
    /// two companies (or two subsidiaries, which should stay two accounts).
    public static func duplicateScore(_ a: AccountMatchProfile, _ b: AccountMatchProfile) -> DuplicateMatch {
        let sameDomain = a.domain != nil && sameSite(a.domain, b.domain)
        let sameEmail = !a.emails.isDisjoint(with: b.emails)
        let samePhone = !a.phones.isDisjoint(with: b.phones)
        let otherDomain = a.domain != nil && b.domain != nil && !sameDomain
        let otherCountry = a.country != nil && b.country != nil && a.country != b.country
        let sameCity = a.city != nil && a.city == b.city
        if (otherDomain || otherCountry) && !sameEmail && !samePhone {
            return DuplicateMatch(score: 0, reasons: [otherDomain ? "different domain" : "different country"])
        }
        let name = CompanyName.similarity(a.name, b.name)
        var reasons: [String] = []
        if sameDomain { reasons.append("same domain") }
        if sameEmail { reasons.append("same email") }
        if samePhone { reasons.append("same phone") }
        if let name { reasons.append(DuplicateMatch.nameReason(name)) }
        if sameCity { reasons.append("same city") }
        let n = name ?? 0.5
        let score: Double
        if sameDomain || sameEmail {
            score = 0.85 + 0.15 * n
        } else if samePhone {
            score = 0.5 + 0.5 * n
        } else if name == nil {
            score = 0
        } else if n < DuplicateMatch.nameBar {
            score = n * 0.85
        } else if sameCity {
            score = n
        } else {
            score = n * 0.93
        }
        return DuplicateMatch(score: score, reasons: reasons)
    }

    /// Domains of one site: equal, or one a subdomain of the other (`eu.acme.com`, `acme.com`).
    static func sameSite(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        return a == b || a.hasSuffix("." + b) || b.hasSuffix("." + a)
    }
}
