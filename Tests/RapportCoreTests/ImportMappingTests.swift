import Foundation
import RapportCore
import Testing

/// A lead as the sales issue describes it, to check the mapping works for any entity's fields.
enum TestLead: Entity {
    static let name = "lead"
    static let table = "leads"
    static let fields: [FieldSpec] = [
        FieldSpec("first_name", "First name", .text(max: 100)),
        FieldSpec("last_name", "Last name", .text(max: 100)),
        FieldSpec("title", "Job title", .text(max: 150)),
        FieldSpec("company", "Company", .text(max: 200)),
        FieldSpec("emails", "Emails", .emails(max: 10)),
        FieldSpec("phones", "Phones", .phones(max: 10)),
        FieldSpec("website", "Website", .url),
        FieldSpec("source", "Source", .choice(["bought_list", "web_form", "referral", "event", "inbound_call", "inbound_email", "other"])),
        FieldSpec("status", "Status", .choice(["new", "working", "nurturing", "qualified", "disqualified"])),
        FieldSpec("industry", "Industry", .text(max: 100)),
        FieldSpec("employees", "Employees", .integer(0...10_000_000)),
        FieldSpec("annual_revenue", "Annual revenue", .money),
        FieldSpec("city", "City", .text(max: 100)),
        FieldSpec("country", "Country", .country),
        FieldSpec("email_opt_out", "Opted out of email", .bool),
        FieldSpec("description", "Description", .longText(max: 10_000)),
        FieldSpec("external_id", "External ID", .text(max: 100)),
    ]
    static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["last_name"] == nil && values["company"] == nil {
            issues.append(FieldIssue(field: "last_name", reason: "a last name or a company is required"))
        }
    }
    static func title(of values: FieldValues) -> String { values["last_name"]?.text ?? "Lead" }
}

/// The targets an automatic mapping chose, by header (only the mapped ones).
func targets<E: Entity>(_ headers: [String], _ entity: E.Type, samples: [[String]] = []) -> [String: String] {
    let mapping = ImportMapping.automatic(headers: headers, entity: E.name, fields: E.fields, samples: samples)
    var result: [String: String] = [:]
    for column in mapping.columns { if let target = column.target { result[column.key] = target } }
    return result
}

@Suite struct ImportMappingTests {
    @Test func salesforceContactExport() {
        let headers = [
            "Contact ID", "Salutation", "First Name", "Last Name", "Title", "Account Name", "Email", "Phone", "Mobile", "Fax",
            "Mailing Street", "Mailing City", "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country",
            "Birthdate", "Email Opt Out", "Description", "Contact Owner", "Department",
        ]
        #expect(targets(headers, Contact.self) == [
            "Contact ID": "external_id", "Salutation": "prefix", "First Name": "first_name", "Last Name": "last_name",
            "Title": "title", "Account Name": "account_id", "Email": "emails", "Phone": "phones", "Mobile": "phones:mobile",
            "Fax": "phones:fax", "Mailing Street": "street", "Mailing City": "city", "Mailing State/Province": "region",
            "Mailing Zip/Postal Code": "postal_code", "Mailing Country": "country", "Birthdate": "birthday",
            "Email Opt Out": "email_opt_out", "Description": "description", "Contact Owner": "owner",
        ])
    }

    @Test func hubSpotContactExport() {
        let headers = [
            "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name", "Job Title",
            "Contact owner", "Lead Status", "Street Address", "City", "State/Region", "Postal Code", "Country/Region", "Website URL",
        ]
        #expect(targets(headers, Contact.self) == [
            "Record ID": "external_id", "First Name": "first_name", "Last Name": "last_name", "Email": "emails",
            "Phone Number": "phones", "Mobile Phone Number": "phones:mobile", "Company Name": "account_id", "Job Title": "title",
            "Contact owner": "owner", "Street Address": "street", "City": "city", "State/Region": "region",
            "Postal Code": "postal_code", "Country/Region": "country",
        ])
    }

    @Test func outlookExportTellsASalutationFromAJobTitle() {
        let headers = [
            "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Job Title", "Business Street", "Business City",
            "Business Postal Code", "Business Country/Region", "Home Street", "Business Fax", "Business Phone", "Home Phone",
            "Mobile Phone", "E-mail Address", "E-mail Display Name", "E-mail 2 Address", "Web Page", "Notes", "Birthday",
        ]
        let mapped = targets(headers, Contact.self)
        #expect(mapped["Title"] == "prefix")
        #expect(mapped["Job Title"] == "title")
        #expect(mapped["E-mail Address"] == "emails")
        #expect(mapped["E-mail 2 Address"] == "emails:other")
        #expect(mapped["E-mail Display Name"] == nil)
        #expect(mapped["Business Phone"] == "phones")
        #expect(mapped["Home Phone"] == "phones:home")
        #expect(mapped["Mobile Phone"] == "phones:mobile")
        #expect(mapped["Business Fax"] == "phones:fax")
        #expect(mapped["Business Street"] == "street")
        // The home address would mix two addresses into one: the first address wins.
        #expect(mapped["Home Street"] == nil)
        #expect(mapped["Business Country/Region"] == "country")
        #expect(mapped["Company"] == "account_id")
        #expect(mapped["Notes"] == "description")
        #expect(mapped["Web Page"] == nil)  // contacts have no website
    }

    @Test func aTitleColumnOfSalutationsIsAPrefix() {
        #expect(targets(["Title", "Name"], Contact.self, samples: [["Mr.", "Bob Ray"], ["Dr", "Ana Lima"], ["Frau", "Zoë Müller"]])
            == ["Title": "prefix", "Name": "full_name"])
        #expect(targets(["Title", "Name"], Contact.self, samples: [["CEO", "Bob Ray"]]) == ["Title": "title", "Name": "full_name"])
    }

    @Test func googleContactsExport() {
        let headers = [
            "Name", "Given Name", "Additional Name", "Family Name", "Name Prefix", "Birthday", "Notes", "Group Membership",
            "E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Value", "Phone 1 - Type", "Phone 1 - Value",
            "Address 1 - Street", "Address 1 - City", "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
            "Organization 1 - Name", "Organization 1 - Title", "Website 1 - Value",
        ]
        let mapped = targets(headers, Contact.self)
        #expect(mapped["Given Name"] == "first_name")
        #expect(mapped["Family Name"] == "last_name")
        #expect(mapped["Additional Name"] == "middle_name")
        #expect(mapped["Name"] == "full_name")
        #expect(mapped["E-mail 1 - Value"] == "emails")
        #expect(mapped["E-mail 2 - Value"] == "emails:other")
        #expect(mapped["E-mail 1 - Type"] == nil)
        #expect(mapped["Phone 1 - Value"] == "phones")
        #expect(mapped["Address 1 - City"] == "city")
        #expect(mapped["Address 1 - Postal Code"] == "postal_code")
        #expect(mapped["Organization 1 - Name"] == "account_id")
        #expect(mapped["Organization 1 - Title"] == "title")
        #expect(mapped["Group Membership"] == nil)
    }

    @Test func salesforceAccountExport() {
        let headers = [
            "Account ID", "Account Name", "Type", "Parent Account", "Billing Street", "Billing City", "Billing State/Province",
            "Billing Zip/Postal Code", "Billing Country", "Shipping City", "Phone", "Fax", "Website", "Industry", "Annual Revenue",
            "Employees", "Description", "Account Owner", "Currency ISO Code",
        ]
        let mapped = targets(headers, Account.self, samples: [["0015g00000ABC", "Acme"]])
        #expect(mapped == [
            "Account ID": "external_id", "Account Name": "name", "Type": "type", "Parent Account": "parent_id",
            "Billing Street": "street", "Billing City": "city", "Billing State/Province": "region",
            "Billing Zip/Postal Code": "postal_code", "Billing Country": "country", "Phone": "phones", "Fax": "phones:fax",
            "Website": "website", "Industry": "industry", "Annual Revenue": "annual_revenue", "Employees": "employees",
            "Description": "description", "Account Owner": "owner", "Currency ISO Code": "annual_revenue_currency",
        ])
    }

    @Test func pipedriveAndZohoLeadExportsForALead() {
        let pipedrive = ["Person - Name", "Person - Email - Work", "Person - Phone - Mobile", "Person - Organization", "Person - Owner"]
        #expect(targets(pipedrive, TestLead.self) == [
            "Person - Name": "full_name", "Person - Email - Work": "emails", "Person - Phone - Mobile": "phones:mobile",
            "Person - Organization": "company", "Person - Owner": "owner",
        ])
        let zoho = [
            "Lead Owner", "Company", "First Name", "Last Name", "Title", "Email", "Phone", "Mobile", "Website", "Lead Source",
            "Lead Status", "Industry", "No. of Employees", "Annual Revenue", "Email Opt Out", "City", "Country", "Description",
        ]
        #expect(targets(zoho, TestLead.self) == [
            "Lead Owner": "owner", "Company": "company", "First Name": "first_name", "Last Name": "last_name", "Title": "title",
            "Email": "emails", "Phone": "phones", "Mobile": "phones:mobile", "Website": "website", "Lead Source": "source",
            "Lead Status": "status", "Industry": "industry", "No. of Employees": "employees", "Annual Revenue": "annual_revenue",
            "Email Opt Out": "email_opt_out", "City": "city", "Country": "country", "Description": "description",
        ])
    }

    @Test func anIdColumnOfRapportIDsUpdatesByIDOtherwiseItIsExternal() {
        let uuid = "01900000-0000-7000-8000-000000000001"
        #expect(targets(["Id", "Email"], Contact.self, samples: [[uuid, "a@b.co"]]) == ["Id": "id", "Email": "emails"])
        #expect(targets(["Id", "Email"], Contact.self, samples: [["003ABC", "a@b.co"]]) == ["Id": "external_id", "Email": "emails"])
    }

    @Test func aColumnOfEmailAddressesIsFoundByItsValues() {
        #expect(targets(["Kontakt", "Wer"], Contact.self, samples: [["ana@x.org", "Ana"], ["bo@y.org", "Bo"]]) == ["Kontakt": "emails"])
    }

    @Test func aSecondAddressLineJoinsTheStreet() throws {
        let mapping = ImportMapping.automatic(headers: ["Street", "Address Line 2", "City"], entity: "contact", fields: Contact.fields)
        #expect(mapping.columns.map(\.target) == ["street", "street", "city"])
        let reader = ImportRowReader(mapping: mapping, fields: Contact.fields, dateOrder: .dmy, defaultCurrency: "USD")
        #expect(reader.read(["Main St 1", "Suite 200", "Springfield"]).object["street"] == .string("Main St 1, Suite 200"))
    }

    @Test func repeatedAndBlankHeadersGetKeysOfTheirOwn() {
        let mapping = ImportMapping.unmapped(headers: ["Phone", "", "Phone", " Phone "])
        #expect(mapping.columns.map(\.key) == ["Phone", "Column 2", "Phone (2)", "Phone (3)"])
    }

    @Test func aTemplateOverridesTheSuggestionForTheColumnsItNames() {
        let automatic = ImportMapping.automatic(headers: ["E-Mail", "Firma", "Notiz"], entity: "contact", fields: Contact.fields)
        let applied = automatic.applying(
            template: ["firma": "account_id", "Notiz": "description", "E-Mail": nil, "Other": "title"],
            validTargets: Set(ImportTarget.all(for: Contact.fields).map(\.key)))
        #expect(applied.columns.map(\.target) == [nil, "account_id", "description"])
    }

    // MARK: Settings

    @Test func settingsNameWhatIsWrongWithThem() {
        var settings = ImportSettings(
            format: CSVFormat(encoding: .utf8, separator: UInt8(ascii: ",")),
            mapping: ImportMapping.automatic(headers: ["First Name", "Email"], entity: "contact", fields: Contact.fields))
        #expect(settings.problems(fields: Contact.fields).isEmpty)
        settings.mode = .update
        #expect(settings.problems(fields: Contact.fields).map(\.field) == ["match_key"])
        settings.matchKey = "phone"
        #expect(settings.problems(fields: Contact.fields) == [FieldIssue(field: "match_key", reason: "is phone, but no column is mapped to it")])
        settings.matchKey = "name"
        #expect(settings.problems(fields: Contact.fields).first?.reason.hasPrefix("must be one of: email, phone, external_id, id") == true)
        settings.matchKey = "email"
        settings.mapping.columns[0].target = "frist_name"
        #expect(settings.problems(fields: Contact.fields).map(\.field) == ["mapping.First Name"])
    }

    /// What Rapport sets (a lead's score and conversion, a deal's time in stage) is never where a
    /// column goes: not offered, not suggested from a header that names it, refused when asked for.
    @Test func readOnlyFieldsAreNeverImportTargets() {
        for fields in [Lead.fields, Deal.fields, Contact.fields, Account.fields] {
            let readOnly = Set(fields.filter(\.readOnly).map(\.name))
            #expect(ImportTarget.all(for: fields).allSatisfy { $0.field.map { !readOnly.contains($0) } ?? true })
        }
        let headers = ["Last Name", "Score", "Chance to convert (%)", "First touch due", "Converted", "converted_deal_id"]
        #expect(targets(headers, Lead.self) == ["Last Name": "last_name"])
        #expect(targets(["Name", "In stage since", "stage_entered_at", "Closed"], Deal.self)["stage_entered_at"] == nil)
        var settings = ImportSettings(
            format: CSVFormat(encoding: .utf8, separator: UInt8(ascii: ",")),
            mapping: ImportMapping.automatic(headers: headers, entity: Lead.name, fields: Lead.fields))
        settings.mapping.columns[1].target = "score"
        settings.mapping.columns[4].target = "converted_at"
        #expect(settings.problems(fields: Lead.fields).map(\.field) == ["mapping.Score", "mapping.Converted"])
    }

    @Test func newRecordsNeedTheirEntitysRequiredFields() {
        func missing<E: Entity>(_ entity: E.Type, _ headers: [String]) -> [String] {
            ImportSettings(
                format: CSVFormat(encoding: .utf8, separator: UInt8(ascii: ",")),
                mapping: ImportMapping.automatic(headers: headers, entity: E.name, fields: E.fields)
            ).missing(E.self).map(\.reason)
        }
        #expect(missing(Contact.self, ["Email"]) == ["maps no column that fills it; Last name: a first or last name is required"])
        #expect(missing(Contact.self, ["Email", "Full Name"]).isEmpty)
        #expect(missing(Account.self, ["Website"]) == ["maps no column that fills it; every new record needs Name"])
        #expect(missing(TestLead.self, ["Company"]).isEmpty)
    }

    @Test func settingsChangesAreReadAndCheckedByName() throws {
        let settings = ImportSettings(
            format: CSVFormat(encoding: .utf8, separator: UInt8(ascii: ",")),
            mapping: ImportMapping.automatic(headers: ["Name", "Mail"], entity: "contact", fields: Contact.fields))
        let (changed, reread) = try settings.changed(
            by: ["mode": "upsert", "match_key": "email", "mapping": .object(["Mail": "emails:home"]), "list_cost": "1,250.50", "separator": "semicolon"],
            defaultCurrency: "EUR")
        #expect(changed.mode == .upsert)
        #expect(changed.mapping.columns[1].target == "emails:home")
        #expect(changed.listCost == Money(minor: 125_050, currency: "EUR"))
        #expect(reread)
        let error = #expect(throws: RapportError.self) {
            try settings.changed(by: ["mode": "merge", "mapping": .object(["Nope": "title"]), "colour": "red"], defaultCurrency: "EUR")
        }
        guard case .invalid(let issues)? = error else { return }
        #expect(Set(issues.map(\.field)) == ["mode", "mapping.Nope", "colour"])
    }

    @Test func storedSettingsReadBack() throws {
        var settings = ImportSettings(
            format: CSVFormat(encoding: .windows1252, separator: UInt8(ascii: ";"), headerOffset: 7, headerLine: 2, hasBOM: false),
            mapping: ImportMapping.automatic(headers: ["Name", "Mail", "Phone", "Phone"], entity: "contact", fields: Contact.fields))
        settings.mode = .upsert
        settings.matchKey = "email"
        settings.duplicates = .flag
        settings.listName = "Trade fair 2026"
        settings.listCost = Money(minor: 49_900, currency: "EUR")
        settings.dateOrder = .mdy
        #expect(ImportSettings(stored: settings.storedJSON) == settings)
    }

    // MARK: Reading rows

    @Test func rowsAreCoercedIntoWhatFieldsAccept() throws {
        let headers = ["Full Name", "E-mail", "Home Email", "Mobile", "Country", "Birthdate", "Opted out", "Tags", "Company"]
        let mapping = ImportMapping.automatic(headers: headers, entity: "contact", fields: Contact.fields)
        #expect(mapping.columns.map(\.target) == ["full_name", "emails", "emails:home", "phones:mobile", "country", "birthday", "email_opt_out", "tags", "account_id"])
        let reader = ImportRowReader(mapping: mapping, fields: Contact.fields, dateOrder: .mdy, defaultCurrency: "USD")
        let row = reader.read([
            "Doe, Jane", "jane@acme.com; j.doe@acme.com", "jane@home.example", "(415) 555-0100", "Deutschland", "03/15/1980", "X",
            "vip, board", "Acme Rockets",
        ])
        #expect(row.references == ["account_id": "Acme Rockets"])
        var input = Input(row.object, lenient: true)
        let changes = RecordChanges<Contact>.read(&input, defaultCountry: "US")
        try input.finish()
        let values = try changes.apply(to: [:])
        #expect(values["first_name"] == .text("Jane"))
        #expect(values["last_name"] == .text("Doe"))
        #expect(values["emails"]?.emails.map(\.address.value) == ["jane@acme.com", "j.doe@acme.com", "jane@home.example"])
        #expect(values["emails"]?.emails.map(\.label) == ["work", "work", "home"])
        #expect(values["phones"]?.phones.first?.label == "mobile")
        #expect(values["phones"]?.phones.first?.number.e164 == "+14155550100")
        #expect(values["country"] == .text("DE"))
        #expect(values["birthday"] == .date(try LocalDate("1980-03-15")))
        #expect(values["email_opt_out"] == .bool(true))
        #expect(values["tags"] == .tags(["vip", "board"]))
    }

    @Test(arguments: [
        ("15.03.1980", ImportSettings.DateOrder.mdy, "1980-03-15"), ("03/04/2026", .dmy, "2026-04-03"), ("03/04/2026", .mdy, "2026-03-04"),
        ("25/12/99", .mdy, "1999-12-25"), ("2026-01-31 00:00:00", .dmy, "2026-01-31"), ("2026/1/2", .mdy, "2026-01-02"),
    ])
    func datesAreReadInTheFilesOrder(_ raw: String, _ order: ImportSettings.DateOrder, _ expected: String) {
        let columns = [ImportColumn(index: 0, header: "Birthday", key: "Birthday", target: "birthday")]
        let reader = ImportRowReader(mapping: ImportMapping(columns: columns), fields: Contact.fields, dateOrder: order, defaultCurrency: "USD")
        #expect(reader.read([raw]).object["birthday"] == .string(expected))
    }

    @Test func choicesMoneyAndNumbersForgiveSpreadsheetHabits() throws {
        let columns = ["Type", "Annual Revenue", "Employees", "Name"].enumerated().map {
            ImportColumn(index: $0.offset, header: $0.element, key: $0.element, target: nil)
        }
        var mapping = ImportMapping(columns: columns)
        for (i, target) in ["type", "annual_revenue", "employees", "name"].enumerated() { mapping.columns[i].target = target }
        let reader = ImportRowReader(mapping: mapping, fields: Account.fields, dateOrder: .dmy, defaultCurrency: "EUR")
        var input = Input(reader.read(["Customer - Direct", "$1,250,000.50", "1,200.00", "Acme"]).object, lenient: true)
        let values = try RecordChanges<Account>.read(&input, defaultCountry: "US").apply(to: [:])
        try input.finish()
        #expect(values["type"] == .text("customer"))
        #expect(values["annual_revenue"] == .money(Money(minor: 125_000_050, currency: "USD")))
        #expect(values["employees"] == .int(1200))
        var plain = Input(reader.read(["Partner", "980000", "", "Initech"]).object, lenient: true)
        let second = try RecordChanges<Account>.read(&plain, defaultCountry: "US").apply(to: [:])
        #expect(second["annual_revenue"] == .money(Money(minor: 98_000_000, currency: "EUR")))
        #expect(second["type"] == .text("partner"))
        var bad = Input(reader.read(["Channel Partner / Reseller", "lots", "", "Bad Ltd"]).object, lenient: true)
        _ = RecordChanges<Account>.read(&bad, defaultCountry: "US")
        #expect(bad.issues.map(\.field) == ["type", "annual_revenue"])
    }
}
