import RapportCore
import Testing

@Suite struct RecordChangesTests {
    // MARK: Unknown and mistyped fields

    @Test func unknownFieldsAreRejected() {
        let found = issues(Contact.self, ["first_name": .string("Zoë"), "frist_name": .string("Zoe"), "id": .string("x")])
        #expect(Set(found) == [
            FieldIssue(field: "frist_name", reason: "is not a known field"),
            FieldIssue(field: "id", reason: "is not a known field"),
        ])
    }

    @Test func keysTheCallerAcceptsAreKnown() throws {
        var input = Input(JSONObject(["first_name": .string("Zoë"), "version": .int(3)]))
        input.accept("version")
        _ = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        try input.finish()
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = issues(
            Contact.self,
            ["first_name": .int(5), "emails": .string("a@b.com"), "birthday": .string("2023-02-29"), "bogus": .null])
        #expect(Set(found.map(\.field)) == ["first_name", "emails", "birthday", "bogus"])
    }

    static let mistypedContactFields: [(String, JSONValue, String)] = [
        ("first_name", .int(5), "first_name"),
        ("first_name", .bool(true), "first_name"),
        ("first_name", .array([.string("Zoë")]), "first_name"),
        ("last_name", .object(JSONObject(["text": .string("Adams")])), "last_name"),
        ("birthday", .int(20_240_101), "birthday"),
        ("birthday", .string("2023-02-29"), "birthday"),
        ("birthday", .string("29/02/2024"), "birthday"),
        ("email_opt_out", .string("yes"), "email_opt_out"),
        ("email_opt_out", .int(1), "email_opt_out"),
        ("account_id", .int(3), "account_id"),
        ("account_id", .string("acme"), "account_id"),
        ("emails", .string("zoe@example.com"), "emails"),
        ("emails", .object(JSONObject(["address": .string("zoe@example.com")])), "emails"),
        ("emails", .array([.int(1)]), "emails[0]"),
        ("emails", .array([.string("zoe@example.com"), .string("not an email")]), "emails[1]"),
        ("emails", .array([.object(JSONObject(["address": .string("z@example.com"), "label": .string("pager")]))]),
            "emails[0].label"),
        ("emails", .array([.object(JSONObject(["address": .string("z@example.com"), "kind": .string("work")]))]),
            "emails[0]"),
        ("emails", .array([.object(JSONObject(["label": .string("work")]))]), "emails[0]"),
        ("emails", .array(Array(repeating: .string("z@example.com"), count: 11)), "emails"),
        ("phones", .array([.string("zoe@example.com")]), "phones[0]"),
        ("phones", .array([.bool(true)]), "phones[0]"),
        ("phones", .array([.string(String(repeating: "1", count: 41))]), "phones[0]"),
        ("phones", .array([.object(JSONObject(["number": .string("+1 415 555 0100"), "label": .string("car")]))]),
            "phones[0].label"),
        ("tags", .string("vip"), "tags"),
        ("tags", .array([.int(1)]), "tags[0]"),
        ("tags", .array([.string("ok"), .string("v\u{0}ip")]), "tags[1]"),
        ("tags", .array([.string("ok"), .string(String(repeating: "t", count: 41))]), "tags[1]"),
        ("time_zone", .string("Mars/Olympus_Mons"), "time_zone"),
        ("time_zone", .string("EST"), "time_zone"),
        ("country", .string("USA"), "country"),
        ("country", .string("1A"), "country"),
        ("owner_id", .string("me"), "owner_id"),
        ("team_id", .int(1), "team_id"),
        ("shared", .string("true"), "shared"),
        ("shared", .int(1), "shared"),
    ]

    @Test(arguments: mistypedContactFields)
    func wronglyTypedContactFieldsAreRejected(field: String, value: JSONValue, issueField: String) {
        var object = JSONObject(["first_name": .string("Zoë")])
        object[field] = value
        var input = Input(object)
        _ = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        #expect(throws: RapportError.self) { try input.finish() }
        #expect(input.issues.map(\.field).contains(issueField), "\(input.issues)")
        #expect(input.issues.allSatisfy { $0.field.hasPrefix(field) }, "\(input.issues)")
    }

    static let mistypedAccountFields: [(String, JSONValue)] = [
        ("employees", .string("12")),
        ("employees", .int(-1)),
        ("employees", .int(10_000_001)),
        ("employees", .double(1.5)),
        ("employees", .bool(true)),
        ("annual_revenue", .int(5)),
        ("annual_revenue", .string("1000")),
        ("annual_revenue", .object(JSONObject(["amount_minor": .double(1.5), "currency": .string("USD")]))),
        ("annual_revenue", .object(JSONObject(["amount_minor": .int(100), "currency": .string("US")]))),
        ("annual_revenue", .object(JSONObject(["amount_minor": .int(100)]))),
        ("annual_revenue", .object(JSONObject(["amount_minor": .int(100), "currency": .string("USD"), "x": .null]))),
        ("annual_revenue", .object(JSONObject(["amount_minor": .int(1_000_000_000_000_000_000), "currency": .string("USD")]))),
        ("type", .string("friend")),
        ("type", .int(1)),
        ("website", .string("not a url")),
        ("website", .string("javascript:alert(1)")),
        ("website", .string("ftp://example.com")),
        ("website", .string("https://exa mple.com")),
        ("website", .string("localhost")),
        ("parent_id", .string("x")),
        ("parent_id", .bool(false)),
    ]

    @Test(arguments: mistypedAccountFields)
    func wronglyTypedAccountFieldsAreRejected(field: String, value: JSONValue) {
        var object = JSONObject(["name": .string("Acme")])
        object[field] = value
        var input = Input(object)
        let changes = RecordChanges<Account>.read(&input, defaultCountry: "US")
        #expect(throws: RapportError.self) { try input.finish() }
        #expect(input.issues.map(\.field) == [field])
        #expect(changes.values[field] == nil)
    }

    @Test func wholeNumbersMayArriveAsJSONDoubles() throws {
        let changes = try valid(Account.self, ["name": .string("Acme"), "employees": .double(120)])
        #expect(changes.values["employees"] == .some(.int(120)))
    }

    @Test func moneyIsReadFromMinorUnitsAndACurrency() throws {
        let changes = try valid(
            Account.self,
            ["annual_revenue": .object(JSONObject(["amount_minor": .int(125_000_050), "currency": .string("eur")]))])
        #expect(changes.values["annual_revenue"] == .some(.money(Money(minor: 125_000_050, currency: "EUR"))))
    }

    // MARK: Text limits and content

    @Test(
        arguments: [
            ("prefix", 20), ("first_name", 100), ("last_name", 100), ("title", 150), ("street", 200),
            ("postal_code", 20), ("description", 10_000),
        ])
    func textLongerThanTheFieldsLimitIsRejected(field: String, max: Int) throws {
        // Limits count characters, not bytes: "é" is two bytes in UTF-8.
        let longest = String(repeating: "é", count: max)
        var object = JSONObject(["first_name": .string("Zoë")])
        object[field] = .string(longest)
        var input = Input(object)
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        try input.finish()
        #expect(changes.values[field] == .some(.text(longest)))

        object[field] = .string(longest + "é")
        input = Input(object)
        _ = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        #expect(input.issues == [FieldIssue(field: field, reason: "must be at most \(max) characters")])
    }

    @Test(arguments: ["Zo\u{0}e", "Zo\u{7}e", "Zoe\u{1B}[31m", "Zo\u{7F}e"])
    func controlCharactersAreRejected(name: String) {
        #expect(issues(Contact.self, ["first_name": .string(name)]).map(\.field) == ["first_name"])
    }

    @Test func lineBreaksAreKeptInLongText() throws {
        let changes = try valid(Contact.self, ["first_name": .string("Zoë"), "description": .string("line 1\nline 2\r\n\tend")])
        #expect(changes.values["description"] == .some(.text("line 1\nline 2\r\n\tend")))
    }

    @Test func surroundingWhiteSpaceIsTrimmed() throws {
        let changes = try valid(Contact.self, ["first_name": .string("  Zoë \n"), "last_name": .string("\u{00A0}Adams")])
        #expect(changes.values["first_name"] == .some(.text("Zoë")))
        #expect(changes.values["last_name"] == .some(.text("Adams")))
    }

    @Test(
        arguments: [
            "<script>alert('x')</script>",
            "Robert'); DROP TABLE contacts;--",
            "\" OR 1=1 --",
            "<b>Zoë</b> & \"friends\"",
            "{{name}} ${name} %s",
        ])
    func markupAndSQLAreStoredVerbatim(text: String) throws {
        let changes = try valid(Contact.self, ["first_name": .string(text), "description": .string(text)])
        let values = try changes.apply(to: [:])
        #expect(values["first_name"] == .text(text))
        #expect(values["description"] == .text(text))
    }

    // MARK: Clearing and keeping

    @Test func nullAndEmptyClearAFieldAndAbsentKeepsIt() throws {
        let current: FieldValues = [
            "first_name": .text("Zoë"), "last_name": .text("Adams"), "title": .text("CTO"), "city": .text("Paris"),
            "tags": .tags(["vip"]), "emails": .emails([LabeledEmail(try EmailAddress("zoe@example.com"))]),
            "birthday": .date(try LocalDate("1990-02-28")), "email_opt_out": .bool(true),
        ]
        let changes = try valid(
            Contact.self,
            ["title": .null, "city": .string("   "), "tags": .array([]), "emails": .null, "birthday": .string("")])
        #expect(changes.values["title"] == .some(nil))
        #expect(changes.values["city"] == .some(nil))
        #expect(changes.values["first_name"] == nil)
        let values = try changes.apply(to: current)
        #expect(values == [
            "first_name": .text("Zoë"), "last_name": .text("Adams"), "email_opt_out": .bool(true),
        ])
    }

    // MARK: Form input

    @Test func formInputIsCoerced() throws {
        let changes = try valid(
            Account.self,
            [
                "name": .string("Acme"), "type": .string("Customer"), "employees": .string("1,200"),
                "annual_revenue": .string("1,250,000.50"), "annual_revenue_currency": .string("eur"),
                "phones": .string("415-555-0100\n+44 20 7946 0958"), "emails": .string("a@acme.com, b@acme.com; a@acme.com"),
                "shared": .string("on"),
            ], lenient: true)
        let values = try changes.apply(to: [:])
        #expect(values["type"] == .text("customer"))
        #expect(values["employees"] == .int(1200))
        #expect(values["annual_revenue"] == .money(Money(minor: 125_000_050, currency: "EUR")))
        #expect(values["phones"]?.phones.map(\.number.e164) == ["+14155550100", "+442079460958"])
        #expect(values["emails"]?.emails.map(\.address.value) == ["a@acme.com", "b@acme.com"])
        #expect(changes.shared == .set(true))
    }

    @Test func formMoneyWithoutACurrencyIsInDollars() throws {
        let changes = try valid(Account.self, ["annual_revenue": .string("99.95")], lenient: true)
        #expect(changes.values["annual_revenue"] == .some(.money(Money(minor: 9995, currency: "USD"))))
    }

    @Test(
        arguments: [
            ("on", true), ("true", true), ("1", true), ("yes", true), ("ON", true), ("off", false), ("false", false),
            ("", false),
        ])
    func formCheckboxesAreReadAsBooleans(text: String, value: Bool) throws {
        let changes = try valid(Contact.self, ["first_name": .string("Zoë"), "email_opt_out": .string(text)], lenient: true)
        #expect(changes.values["email_opt_out"] == .some(.bool(value)))
    }

    @Test func emptyFormFieldsClear() throws {
        let changes = try valid(
            Account.self,
            ["employees": .string(""), "annual_revenue": .string(" "), "parent_id": .string(""), "website": .string("")],
            lenient: true)
        #expect(changes.values["employees"] == .some(nil))
        #expect(changes.values["annual_revenue"] == .some(nil))
        #expect(changes.values["parent_id"] == .some(nil))
        #expect(changes.values["website"] == .some(nil))
    }

    @Test func formTagsAreSplitLowerCasedAndDeduplicated() throws {
        let changes = try valid(
            Contact.self, ["first_name": .string("Zoë"), "tags": .string("VIP, partner\nvip;  ,Board Member")],
            lenient: true)
        #expect(changes.values["tags"] == .some(.tags(["vip", "partner", "board member"])))
    }

    @Test func formCoercionsDoNotApplyToJSON() {
        #expect(issues(Account.self, ["employees": .string("1200")]).map(\.field) == ["employees"])
        #expect(issues(Account.self, ["shared": .string("on")]).map(\.field) == ["shared"])
        #expect(issues(Account.self, ["annual_revenue": .string("10.00")]).map(\.field) == ["annual_revenue"])
        #expect(issues(Contact.self, ["tags": .string("vip")]).map(\.field) == ["tags"])
    }

    @Test func badFormAmountsAreRejected() {
        let found = issues(Account.self, ["annual_revenue": .string("lots")], lenient: true)
        #expect(found.map(\.field) == ["annual_revenue"])
        let badCurrency = issues(
            Account.self, ["annual_revenue": .string("10"), "annual_revenue_currency": .string("dollars")], lenient: true)
        #expect(badCurrency.map(\.field) == ["annual_revenue_currency"])
    }

    // MARK: Emails and phones

    @Test func emailsMayBeStringsOrLabelledObjects() throws {
        let changes = try valid(
            Contact.self,
            [
                "first_name": .string("Zoë"),
                "emails": .array([
                    .string(" Zoe@Example.com"),
                    .object(JSONObject(["address": .string("zoe@home.example"), "label": .string("Home")])),
                    .object(JSONObject(["address": .string("ZOE@example.com"), "label": .string("other")])),  // duplicate
                ]),
            ])
        #expect(
            changes.values["emails"]
                == .some(.emails([
                    LabeledEmail(try EmailAddress("zoe@example.com"), label: "work"),
                    LabeledEmail(try EmailAddress("zoe@home.example"), label: "home"),
                ])))
    }

    @Test func phonesMayBeStringsOrLabelledObjectsInTheWorkspacesCountry() throws {
        let changes = try valid(
            Contact.self,
            [
                "first_name": .string("Zoë"),
                "phones": .array([
                    .string("020 7946 0958"),
                    .object(JSONObject(["number": .string("+1 (415) 555-0100 x12"), "label": .string("Mobile")])),
                    .object(JSONObject(["number": .string("+44 (0)20 7946 0958")])),  // duplicate of the first
                ]),
            ], country: "GB")
        let phones = try #require(changes.values["phones"] ?? nil).phones
        #expect(phones.map(\.number.description) == ["+442079460958", "+14155550100;ext=12"])
        #expect(phones.map(\.label) == ["work", "mobile"])
    }

    // MARK: Rules across fields

    @Test func validationReportsBadFieldsAndBrokenRulesTogether() {
        var input = Input(JSONObject(["title": .int(5), "nickname": .string("Z")]))
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        let error = #expect(throws: RapportError.self) { try changes.validate(input, against: [:]) }
        guard case .invalid(let found)? = error else { return }
        #expect(Set(found.map(\.field)) == ["title", "nickname", "last_name"])
    }

    @Test func validationPassesGoodChanges() throws {
        var input = Input(JSONObject(["title": .string("CTO")]))
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        try changes.validate(input, against: ["first_name": .text("Zoë")])
    }

    @Test func aContactNeedsAFirstOrLastName() throws {
        let untitled = try valid(Contact.self, ["title": .string("CTO")])
        #expect(throws: RapportError.invalid(field: "last_name", reason: "a first or last name is required")) {
            try untitled.apply(to: [:])
        }
        #expect(try valid(Contact.self, ["first_name": .string("Zoë")]).apply(to: [:])["first_name"] == .text("Zoë"))
        #expect(try valid(Contact.self, ["last_name": .string("Adams")]).apply(to: [:])["last_name"] == .text("Adams"))

        let clearing = try valid(Contact.self, ["last_name": .null])
        #expect(throws: RapportError.self) { try clearing.apply(to: ["last_name": .text("Adams")]) }
        #expect(try clearing.apply(to: ["last_name": .text("Adams"), "first_name": .text("Zoë")])["last_name"] == nil)
    }

    @Test func aNewContactHasNotOptedOut() throws {
        let values = try valid(Contact.self, ["first_name": .string("Zoë")]).apply(to: [:])
        #expect(values["email_opt_out"] == .bool(false))
    }

    @Test func anAccountNeedsANameAndIsAProspectByDefault() throws {
        #expect(throws: RapportError.invalid(field: "name", reason: "is required")) {
            try valid(Account.self, ["city": .string("Paris")]).apply(to: [:])
        }
        let values = try valid(Account.self, ["name": .string("Acme")]).apply(to: [:])
        #expect(values["type"] == .text("prospect"))
    }

    @Test(
        arguments: [
            ("www.Acme.com/about", "https://www.Acme.com/about", "acme.com"),
            ("https://WWW.globex.io", "https://WWW.globex.io", "globex.io"),
            ("http://shop.example.co.uk/path?q=1", "http://shop.example.co.uk/path?q=1", "shop.example.co.uk"),
            ("initech.com", "https://initech.com", "initech.com"),
        ])
    func anAccountsDomainIsDerivedFromItsWebsite(website: String, url: String, domain: String) throws {
        let values = try valid(Account.self, ["name": .string("Acme"), "website": .string(website)]).apply(to: [:])
        #expect(values["website"] == .text(url))
        #expect(values["domain"] == .text(domain))
    }

    @Test func anExplicitDomainWinsOverTheWebsiteAndIsNormalised() throws {
        let values = try valid(
            Account.self,
            ["name": .string("Acme"), "website": .string("acme.com"), "domain": .string("WWW.Acme-Group.ORG")]
        ).apply(to: [:])
        #expect(values["domain"] == .text("acme-group.org"))
    }

    @Test func ownershipIsReadAsIDs() throws {
        let owner = User.ID.make()
        let changes = try valid(
            Contact.self, ["owner_id": .string(owner.description), "team_id": .null, "shared": .bool(true)])
        #expect(changes.ownerID == .set(owner))
        #expect(changes.teamID == .set(nil))
        #expect(changes.shared == .set(true))
        #expect(try valid(Contact.self, [:]).ownerID == .keep)
    }
}
