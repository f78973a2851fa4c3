import Foundation

/// What duplicate matching reads of a contact.
public struct ContactMatchProfile: Sendable {
    public var name: PersonName
    /// Addresses with any `+tag` removed: `ana+crm@acme.com` is `ana@acme.com`.
    public var emails: Set<String>
    public var phones: Set<String>
    public var accountID: UUID?
    /// Domains of the contact's work addresses (not free-mail ones): the company they are at.
    public var companyDomains: Set<String>
}

extension Contact: DuplicateMatching {
    public static let matchFields = ["first_name", "middle_name", "last_name", "account_id", "emails", "phones"]

    public static func matchProfile(_ values: FieldValues) -> ContactMatchProfile {
        let emails = Set((values["emails"]?.emails ?? []).map { EmailMatching.normalised($0.address) })
        return ContactMatchProfile(
            name: PersonName(first: values["first_name"]?.text, middle: values["middle_name"]?.text, last: values["last_name"]?.text),
            emails: emails, phones: Set((values["phones"]?.phones ?? []).map(\.number.e164)),
            accountID: values["account_id"]?.uuid,
            companyDomains: Set((values["emails"]?.emails ?? []).map(\.address.domain).filter { !EmailMatching.isFreeMail($0) }))
    }

    /// `f:` family name + first initial (a typo in the given name, `J. Smith`); `g:` formal given
    /// name + the family name's first four letters (nicknames, a typo late in the family name);
    /// `k:` formal given name + the family name's skeleton (a typo early in it, a transposition).
    public static func matchKeys(_ p: ContactMatchProfile) -> [String] {
        var keys: [String] = []
        let family = p.name.familyKey
        if !family.isEmpty { keys.append("f:\(family)|\(p.name.given.first?.first.map(String.init) ?? "")") }
        if let given = p.name.given.first {
            for formal in Nicknames.canonical(given) {
                keys.append("g:\(formal)|\(family.prefix(4))")
                if !family.isEmpty { keys.append("k:\(formal)|\(MatchKey.skeleton(family))") }
            }
        }
        var seen: Set<String> = []
        return keys.map(MatchKey.bounded).filter { seen.insert($0).inserted }
    }

    public static func pointKeys(_ p: ContactMatchProfile) -> [String] {
        p.emails.sorted().map { "email:" + $0 } + p.phones.sorted().map { "phone:" + $0 }
    }

    /// A shared email is near-certain; a shared phone counts when the names agree too (colleagues
    /// share a switchboard). Otherwise the names decide: alike names at the same account or company
    /// domain are a candidate, as are alike names with nothing contradicting; a different account
    /// or company domain makes two people of the same name two people.
    public static func duplicateScore(_ a: ContactMatchProfile, _ b: ContactMatchProfile) -> DuplicateMatch {
        let sameEmail = !a.emails.isDisjoint(with: b.emails)
        let samePhone = !a.phones.isDisjoint(with: b.phones)
        let sameAccount = a.accountID != nil && a.accountID == b.accountID
        let otherAccount = a.accountID != nil && b.accountID != nil && a.accountID != b.accountID
        let sameDomain = !a.companyDomains.isDisjoint(with: b.companyDomains)
        let otherDomain = !a.companyDomains.isEmpty && !b.companyDomains.isEmpty && !sameDomain
        // Contradicted and without a shared address, the pair cannot reach the threshold: skip the names.
        if (otherAccount || otherDomain) && !sameEmail && !samePhone && !sameAccount {
            return DuplicateMatch(score: 0, reasons: [otherAccount ? "different account" : "different company"])
        }
        let name = PersonName.similarity(a.name, b.name)
        var reasons: [String] = []
        if sameEmail { reasons.append("same email") }
        if samePhone { reasons.append("same phone") }
        if let name {
            reasons.append(DuplicateMatch.nameReason(name.value))
            if let note = name.note { reasons.append(note) }
        }
        if sameAccount { reasons.append("same account") } else if sameDomain { reasons.append("same company domain") }
        let n = name?.value ?? 0.5
        let score: Double
        if sameEmail {
            score = 0.9 + 0.1 * n
        } else if samePhone {
            score = 0.5 + 0.5 * n
        } else if name == nil {
            score = 0
        } else if n < DuplicateMatch.nameBar {
            score = n * 0.85
        } else if sameAccount || sameDomain {
            score = n
        } else {
            score = n * 0.92
        }
        return DuplicateMatch(score: score, reasons: reasons)
    }
}

/// Email addresses as matching sees them.
public enum EmailMatching {
    /// The address without a `+tag` in its local part.
    public static func normalised(_ address: EmailAddress) -> String {
        let value = address.value
        guard let at = value.lastIndex(of: "@"), let plus = value[..<at].firstIndex(of: "+") else { return value }
        return String(value[..<plus]) + String(value[at...])
    }

    /// Whether a domain is a public mail service, which says nothing about where a person works.
    public static func isFreeMail(_ domain: String) -> Bool { freeMail.contains(domain) }

    static let freeMail: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "ymail.com",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.es", "outlook.com", "outlook.fr",
        "outlook.de", "live.com", "live.fr", "live.de", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com",
        "proton.me", "protonmail.com", "pm.me", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de",
        "t-online.de", "freenet.de", "posteo.de", "mail.de", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr",
        "laposte.net", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "telefonica.net", "terra.es",
        "mail.ru", "yandex.ru", "yandex.com", "qq.com", "163.com", "126.com", "naver.com", "zoho.com",
        "fastmail.com", "hey.com", "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "bluewin.ch",
        "btinternet.com", "sky.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "rocketmail.com",
    ]
}
