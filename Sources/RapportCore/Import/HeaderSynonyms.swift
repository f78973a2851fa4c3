import Foundation

/// The column headers other CRMs and address books export, and the targets they stand for.
///
/// Headers are compared normalised (`E-mail 1 - Value` → `email1value`). Each header lists targets
/// in order of preference; the first one the entity offers wins, so `Company` fills a lead's
/// company, a contact's account and an account's name. Taken from the exports of Salesforce,
/// HubSpot, Pipedrive, Zoho, Outlook and Google Contacts, and the usual spreadsheet words.
enum HeaderSynonyms {
    static let groups: [([String], [String])] = [
        (["first_name"], ["first name", "firstname", "first", "given name", "givenname", "forename", "fname", "vorname", "prénom", "nombre", "voornaam", "person first name"]),
        (["last_name"], ["last name", "lastname", "last", "surname", "family name", "familyname", "lname", "nachname", "nom", "apellido", "apellidos", "achternaam", "person last name"]),
        (["middle_name"], ["middle name", "middlename", "additional name", "middle initial"]),
        (["prefix"], ["salutation", "prefix", "name prefix", "honorific", "anrede", "civilité"]),
        (["suffix"], ["suffix", "name suffix"]),
        (["name", "full_name"], ["name", "full name", "fullname", "display name", "contact name", "lead name", "person name", "person"]),
        (["title"], ["job title", "jobtitle", "position", "organization title", "organization 1 title", "organisation title", "designation", "job", "role", "funktion", "poste", "occupation"]),
        (["company", "account_id", "name"], ["company", "company name", "companyname", "account name", "account", "organization", "organisation", "organization name", "organization 1 name", "organisation name", "employer", "business name", "firm", "firma", "entreprise", "société", "empresa", "account name name"]),
        (["emails"], ["email", "e-mail", "email address", "emailaddress", "e-mail address", "mail", "email 1", "email1", "e-mail 1 - value", "email 1 value", "primary email", "work email", "business email", "email work", "email - work", "email address work", "emailadresse", "courriel", "correo"]),
        (["emails:home"], ["home email", "personal email", "private email", "email home", "email - home", "email personal"]),
        (["emails:other"], ["email 2", "email2", "e-mail 2 address", "e-mail 2 - value", "e-mail 3 address", "e-mail 3 - value", "secondary email", "other email", "alternate email", "alternative email", "email other", "email - other", "additional email"]),
        (["phones"], ["phone", "phone number", "phonenumber", "telephone", "telephone number", "tel", "phone 1", "phone1", "phone 1 - value", "business phone", "work phone", "office phone", "phone work", "phone - work", "direct phone", "direct line", "telefon", "téléphone", "teléfono"]),
        (["phones:mobile"], ["mobile", "mobile phone", "mobile phone number", "mobile number", "cell", "cell phone", "cellphone", "cellular", "phone mobile", "phone - mobile", "handy", "mobil", "portable", "móvil"]),
        (["phones:home"], ["home phone", "phone home", "phone - home", "private phone", "personal phone", "home phone 2"]),
        (["phones:main"], ["main phone", "company main phone", "company phone", "switchboard", "phone main", "phone - main", "primary phone", "headquarters phone"]),
        (["phones:fax"], ["fax", "fax number", "business fax", "home fax", "other fax", "phone fax", "phone - fax", "telefax"]),
        (["phones:other"], ["other phone", "phone 2", "phone2", "phone 2 - value", "phone 3 - value", "business phone 2", "alternate phone", "phone other", "phone - other", "assistant phone", "assistant's phone"]),
        (["website"], ["website", "web site", "website url", "web", "url", "web page", "webpage", "homepage", "home page", "site", "website 1 - value", "company website", "www", "internet"]),
        (["domain"], ["domain", "company domain", "company domain name", "web domain", "email domain"]),
        (["street"], ["street", "street address", "address", "address 1", "address line 1", "address1", "street 1", "address 1 - street", "mailing street", "billing street", "business street", "home street", "postal address", "straße", "strasse", "rue", "calle"]),
        (["city"], ["city", "town", "locality", "address 1 - city", "mailing city", "billing city", "business city", "home city", "ort", "stadt", "ville", "ciudad", "plaats"]),
        (["region"], ["state", "region", "province", "state/region", "state/province", "state or province", "county", "address 1 - region", "mailing state", "mailing state/province", "billing state", "billing state/province", "business state", "home state", "bundesland"]),
        (["postal_code"], ["zip", "zip code", "zipcode", "postal code", "postalcode", "post code", "postcode", "zip/postal code", "address 1 - postal code", "mailing zip", "mailing zip/postal code", "mailing postal code", "billing zip", "billing zip/postal code", "billing postal code", "business postal code", "home postal code", "plz", "postleitzahl", "code postal", "cp", "código postal"]),
        (["country"], ["country", "country/region", "country code", "country name", "nation", "address 1 - country", "mailing country", "billing country", "business country", "business country/region", "home country/region", "land", "pays", "país"]),
        (["industry"], ["industry", "sector", "vertical", "branche", "industrie"]),
        (["employees"], ["employees", "number of employees", "no. of employees", "no of employees", "numberofemployees", "employee count", "headcount", "staff", "mitarbeiter"]),
        (["annual_revenue"], ["annual revenue", "annualrevenue", "revenue", "yearly revenue", "turnover", "umsatz"]),
        (["annual_revenue_currency"], ["currency", "currency code", "currency iso code", "annual revenue currency", "währung", "devise"]),
        (["description"], ["description", "notes", "note", "comments", "comment", "about", "remarks", "details", "bemerkung", "notizen", "background info"]),
        (["birthday"], ["birthday", "birthdate", "birth date", "date of birth", "dob", "geburtstag", "geburtsdatum"]),
        (["time_zone"], ["time zone", "timezone", "tz", "zeitzone"]),
        (["email_opt_out"], ["email opt out", "email opt-out", "has opted out of email", "hasoptedoutofemail", "unsubscribed", "do not email", "opt out", "opted out", "email opted out", "unsubscribed from all email"]),
        (["tags"], ["tags", "tag", "labels", "keywords", "categories", "schlagworte"]),
        (["owner"], ["owner", "owner email", "owner name", "lead owner", "contact owner", "account owner", "company owner", "person owner", "organization owner", "record owner", "assigned to", "sales rep", "account manager", "besitzer"]),
        (["external_id"], ["external id", "externalid", "record id", "source id", "crm id", "salesforce id", "hubspot id", "zoho id", "pipedrive id", "legacy id"]),
        (["source"], ["lead source", "source", "original source", "origin", "channel", "how did you hear about us", "quelle"]),
        (["status"], ["lead status", "status"]),
        (["rating"], ["rating", "lead rating"]),
        (["score"], ["lead score", "score", "hubspot score"]),
        (["type"], ["type", "account type", "company type", "relationship"]),
        (["parent_id"], ["parent account", "parent company", "parent", "parent organization", "parent account name"]),
    ]

    /// Second address lines: they join the street (after the first line) rather than wait their turn.
    static let secondLines: Set<String> = Set(
        ["address line 2", "address 2", "street 2", "street address 2", "mailing street 2", "billing street 2", "address line2"]
            .map(normalise))

    /// Normalised header → targets in order of preference.
    static let table: [String: [String]] = {
        var table: [String: [String]] = [:]
        for (targets, headers) in groups {
            for header in headers {
                let key = normalise(header)
                if table[key] == nil { table[key] = targets }
            }
        }
        return table
    }()

    /// Qualifiers an export puts before a field's name (`Mailing City`, `Person - Email - Work`),
    /// tried off when a header is not known as it stands.
    static let qualifiers = [
        "person", "contact", "lead", "organization", "organisation", "company", "account", "mailing", "billing",
        "shipping", "business", "primary", "main", "physical", "postal", "address1", "address", "office", "work",
    ]

    /// Lower case, accents folded, letters and digits only.
    static func normalise(_ header: String) -> String {
        String(SearchText.fold(header).unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }

    /// The targets a header may stand for, best first, for an entity called `entity` (`contact`).
    static func candidates(_ header: String, entity: String) -> [String] {
        var key = normalise(header)
        if key.isEmpty { return [] }
        // “Contact ID” in a contact export is that record's ID in the system it came from.
        if key == entity + "id" || key == "id" { return ["id", "external_id"] }
        if let targets = table[key] { return targets }
        for _ in 0..<2 {
            guard let qualifier = qualifiers.first(where: { key.hasPrefix($0) && key.count > $0.count }) else { break }
            key.removeFirst(qualifier.count)
            // “Account ID” in a contact export names another record: no guess.
            if key == "id" { return [] }
            if let targets = table[key] { return targets }
        }
        return []
    }
}
