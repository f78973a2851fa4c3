import Foundation
import RapportCore
import Testing

@Suite struct DuplicateScoringTests {
    static let acme = UUID(uuidString: "01900000-0000-7000-8000-00000000a001")!
    static let globex = UUID(uuidString: "01900000-0000-7000-8000-00000000a002")!

    func contact(
        _ first: String?, _ last: String?, emails: [String] = [], phones: [String] = [], account: UUID? = nil
    ) throws -> ContactMatchProfile {
        var values: FieldValues = [:]
        if let first { values["first_name"] = .text(first) }
        if let last { values["last_name"] = .text(last) }
        if !emails.isEmpty { values["emails"] = .emails(try emails.map { LabeledEmail(try EmailAddress($0)) }) }
        if !phones.isEmpty { values["phones"] = .phones(try phones.map { LabeledPhone(try PhoneNumber($0, defaultCountry: "US")) }) }
        if let account { values["account_id"] = .id(account) }
        return Contact.matchProfile(values)
    }

    func account(
        _ name: String, domain: String? = nil, phones: [String] = [], country: String? = nil, city: String? = nil
    ) throws -> AccountMatchProfile {
        var values: FieldValues = ["name": .text(name)]
        if let domain { values["domain"] = .text(domain) }
        if !phones.isEmpty { values["phones"] = .phones(try phones.map { LabeledPhone(try PhoneNumber($0, defaultCountry: "US")) }) }
        if let country { values["country"] = .text(country) }
        if let city { values["city"] = .text(city) }
        return Account.matchProfile(values)
    }

    // MARK: Contacts

    @Test func sameEmailIsNearlyCertainWhateverTheName() throws {
        let match = Contact.duplicateScore(
            try contact("Ana", "Ruiz", emails: ["ana.ruiz@acme.com"]),
            try contact("A.", "Ruiz-Ortega", emails: ["Ana.Ruiz+crm@ACME.com"]))
        #expect(match.isCandidate)
        #expect(match.score >= 0.95)
        #expect(match.reasons.first == "same email")
        let shared = Contact.duplicateScore(
            try contact("Ana", "Ruiz", emails: ["info@acme.com"]), try contact("Bob", "Lee", emails: ["info@acme.com"]))
        #expect(shared.isCandidate)
    }

    @Test func samePhoneCountsOnlyWithAlikeNames() throws {
        let same = Contact.duplicateScore(
            try contact("Ana", "Ruiz", phones: ["+1 617 555 0100"]), try contact("Ana", "Ruíz", phones: ["(617) 555-0100"]))
        #expect(same.isCandidate)
        #expect(same.reasons == ["same phone", "name 1.00"])
        // Colleagues behind one switchboard number.
        let colleagues = Contact.duplicateScore(
            try contact("Ana", "Ruiz", phones: ["+1 617 555 0100"], account: Self.acme),
            try contact("Peter", "Brown", phones: ["+1 617 555 0100"], account: Self.acme))
        #expect(!colleagues.isCandidate)
    }

    @Test func accentedNameAtTheSameAccount() throws {
        let match = Contact.duplicateScore(
            try contact("José", "Martín", account: Self.acme), try contact("Jose", "Martin", account: Self.acme))
        #expect(match.score == 1)
        #expect(match.reasons == ["name 1.00", "same account"])
    }

    @Test func nicknameAtTheSameAccount() throws {
        let match = Contact.duplicateScore(
            try contact("Bill", "Gates", account: Self.acme), try contact("William", "Gates", account: Self.acme))
        #expect(match.isCandidate)
        #expect(match.reasons == ["name 0.95", "nickname", "same account"])
    }

    @Test func initialAtTheSameCompanyDomain() throws {
        let match = Contact.duplicateScore(
            try contact("J.", "Smith", emails: ["jsmith@acme.com"]), try contact("John", "Smith", emails: ["john.smith@acme.com"]))
        #expect(match.isCandidate)
        #expect(match.reasons == ["name 0.90", "initial", "same company domain"])
    }

    @Test func transpositionTypoWithNothingContradicting() throws {
        let match = Contact.duplicateScore(try contact("John", "Smtih"), try contact("John", "Smith"))
        #expect(match.isCandidate)
        #expect(match.score < 0.9)
    }

    @Test func differentPeopleWithTheSameSurnameAtTheSameCompanyDoNotMatch() throws {
        for (a, b) in [("John", "Mary"), ("John", "Jane"), ("Peter", "Paul"), ("Thomas", "Tobias"), ("Jörg", "Jürgen")] {
            let match = Contact.duplicateScore(
                try contact(a, "Smith", emails: ["\(a.lowercased())@acme.com"], account: Self.acme),
                try contact(b, "Smith", emails: ["\(b.lowercased())@acme.com"], account: Self.acme))
            #expect(!match.isCandidate, "\(a) and \(b) Smith: \(match)")
            #expect(match.score < 0.75)
        }
    }

    @Test func theSameNameAtDifferentCompaniesIsTwoPeople() throws {
        let accounts = Contact.duplicateScore(
            try contact("Ana", "Ruiz", account: Self.acme), try contact("Ana", "Ruiz", account: Self.globex))
        #expect(accounts.score == 0)
        #expect(accounts.reasons == ["different account"])
        let domains = Contact.duplicateScore(
            try contact("Ana", "Ruiz", emails: ["ana@acme.com"]), try contact("Ana", "Ruiz", emails: ["ana@globex.com"]))
        #expect(!domains.isCandidate)
        // A free-mail address says nothing about the company.
        let freeMail = Contact.duplicateScore(
            try contact("Ana", "Ruiz", emails: ["ana@acme.com"]), try contact("Ana", "Ruiz", emails: ["ana.ruiz@gmail.com"]))
        #expect(freeMail.isCandidate)
    }

    @Test func sameEmailOutweighsADifferentAccount() throws {
        let match = Contact.duplicateScore(
            try contact("Ana", "Ruiz", emails: ["ana@acme.com"], account: Self.acme),
            try contact("Ana", "Ruiz", emails: ["ana@acme.com"], account: Self.globex))
        #expect(match.isCandidate)
    }

    @Test func withoutNamesOrAddressesNothingMatches() throws {
        let match = Contact.duplicateScore(try contact("Ana", nil), try contact(nil, "Ruiz"))
        #expect(match.score == 0)
    }

    @Test func contactKeysSurviveATypoInEitherName() throws {
        let pairs: [((String?, String?), (String?, String?))] = [
            (("John", "Smith"), ("Jon", "Smith")), (("John", "Smith"), ("John", "Smtih")), (("John", "Smith"), ("John", "Smithe")),
            (("Bill", "Gates"), ("William", "Gates")), (("J.", "Smith"), ("John", "Smith")),
            (("Jonathan", "Smith"), ("Jonathon", "Smith")), (("José", "Martín"), ("Jose", "Martin")),
            (("Ana", "García"), ("Ana", "García López")), (("Peggy", "Müller"), ("Margaret", "Mueller")),
            ((nil, "Smith"), (nil, "Smith")), (("Catherine", "Johnson"), ("Catherine", "Jonhson")),
        ]
        for (a, b) in pairs {
            let ka = Set(Contact.matchKeys(try contact(a.0, a.1)))
            let kb = Set(Contact.matchKeys(try contact(b.0, b.1)))
            #expect(!ka.isDisjoint(with: kb), "\(a) and \(b) share no key: \(ka) \(kb)")
        }
        #expect(Contact.matchKeys(try contact("Bill", "Gates")) == ["f:gates|b", "g:william|gate", "k:william|gts"])
        #expect(Set(Contact.matchKeys(try contact("Ana", "Ruiz"))).isDisjoint(with: Contact.matchKeys(try contact("Bob", "Lee"))))
    }

    // MARK: Accounts

    @Test func sameDomainIsNearlyCertain() throws {
        let match = Account.duplicateScore(
            try account("Acme Corporation", domain: "acme.com"), try account("ACME Rockets", domain: "eu.acme.com"))
        #expect(match.isCandidate)
        #expect(match.reasons.first == "same domain")
    }

    @Test func legalFormsAndCaseDoNotMakeTwoCompanies() throws {
        let match = Account.duplicateScore(
            try account("Acme, Inc.", city: "Boston"), try account("ACME Incorporated", city: "boston"))
        #expect(match.score == 1)
        #expect(match.reasons == ["name 1.00", "same city"])
    }

    @Test func differentDomainsOrCountriesKeepSubsidiariesApart() throws {
        #expect(
            !Account.duplicateScore(try account("Acme GmbH", domain: "acme.de"), try account("Acme Inc", domain: "acme.com"))
                .isCandidate)
        #expect(!Account.duplicateScore(try account("Acme GmbH", country: "DE"), try account("Acme Inc", country: "US")).isCandidate)
    }

    @Test func samePhoneNeedsAlikeNames() throws {
        #expect(
            Account.duplicateScore(
                try account("Northwind Instruments", phones: ["+1 617 555 0100"]),
                try account("Nortwind Instruments Ltd", phones: ["617-555-0100"])
            ).isCandidate)
        #expect(
            !Account.duplicateScore(
                try account("Northwind Instruments", phones: ["+1 617 555 0100"]),
                try account("Globex", phones: ["617-555-0100"])
            ).isCandidate)
    }

    @Test func typoInACompanyNameIsACandidate() throws {
        let match = Account.duplicateScore(try account("Northwind Instruments"), try account("Nortwind Instruments"))
        #expect(match.isCandidate)
        #expect(!Account.duplicateScore(try account("Northwind Instruments"), try account("Globex")).isCandidate)
    }

    @Test func accountKeysSurviveTyposAndLegalForms() throws {
        let pairs = [
            ("Northwind Instruments", "Nortwind Instruments"), ("Acme", "Acme Rockets"), ("Acme Inc", "ACME Corporation"),
            ("Brandt Messgeräte GmbH", "Brandt Messgerate"), ("Kestrel Analytical", "Kestrel Analytcal Instruments"),
        ]
        for (a, b) in pairs {
            let ka = Set(Account.matchKeys(try account(a)))
            let kb = Set(Account.matchKeys(try account(b)))
            #expect(!ka.isDisjoint(with: kb), "\(a) and \(b) share no key: \(ka) \(kb)")
        }
        #expect(Account.matchKeys(try account("The Acme Company, Inc.")) == ["t:acme", "s:acm"])
        // A leading particle or initial is no block of its own.
        #expect(Account.matchKeys(try account("Van Dijk Holdings B.V.")).contains("t:vandijk"))
        #expect(Account.matchKeys(try account("O'Brien & Sons")).contains("t:obrien"))
    }
}
