import Foundation

/// Contacts as vCards and back. Writing follows RFC 6350 (4.0) or RFC 2426 (3.0) to the letter;
/// reading (`ContactVCard+Import.swift`) takes what Apple, Google and Outlook actually write.
public enum ContactVCard {
    static let productID = "-//Rapport//Rapport CRM//EN"

    /// The card of a contact. `accountName` becomes `ORG`.
    public static func card(for record: Record<Contact>, accountName: String?, version: VCardVersion) -> VCard {
        let v = record.values
        func text(_ field: String) -> String { v[field]?.text ?? "" }
        let modern = version == .v4
        var card = VCard()
        func add(_ property: VCardProperty) { card.properties.append(property) }

        add(VCardProperty("VERSION", raw: version.rawValue))
        add(.text("PRODID", productID))
        add(VCardProperty("UID", raw: "urn:uuid:" + record.id.description))
        if modern { add(VCardProperty("KIND", raw: "individual")) }
        let fullName = [text("prefix"), text("first_name"), text("middle_name"), text("last_name"), text("suffix")]
            .filter { !$0.isEmpty }.joined(separator: " ")
        add(.text("FN", fullName.isEmpty ? record.title : fullName))
        add(.structured("N", [text("last_name"), text("first_name"), text("middle_name"), text("prefix"), text("suffix")]))
        if let accountName, !accountName.isEmpty { add(.structured("ORG", [accountName])) }
        if let title = v["title"]?.text { add(.text("TITLE", title)) }

        for (index, email) in (v["emails"]?.emails ?? []).enumerated() {
            var types = [email.label]
            if !modern { types.insert("internet", at: 0) }
            var parameters = [VCardParameter("TYPE", types)]
            if index == 0 { parameters.append(modern ? VCardParameter("PREF", ["1"]) : VCardParameter("TYPE", ["pref"])) }
            add(VCardProperty("EMAIL", parameters, raw: ContentLine.escape(email.address.value)))
        }
        for (index, phone) in (v["phones"]?.phones ?? []).enumerated() {
            var parameters: [VCardParameter] = []
            let value: String
            if modern {
                parameters.append(VCardParameter("VALUE", ["uri"]))
                value = "tel:" + phone.number.e164 + (phone.number.extensionDigits.map { ";ext=" + $0 } ?? "")
            } else {
                value = phone.number.e164 + (phone.number.extensionDigits.map { " x" + $0 } ?? "")
            }
            parameters.append(VCardParameter("TYPE", phoneTypes(phone.label)))
            if index == 0 { parameters.append(modern ? VCardParameter("PREF", ["1"]) : VCardParameter("TYPE", ["pref"])) }
            add(VCardProperty("TEL", parameters, raw: value))
        }

        let address = ["street", "city", "region", "postal_code"].map(text)
        let country = v["country"]?.text
        if address.contains(where: { !$0.isEmpty }) || country != nil {
            var parameters = [VCardParameter("TYPE", ["work"])]
            // RFC 8605's CC keeps the exact code beside the name people read.
            if modern, let country { parameters.append(VCardParameter("CC", [country])) }
            add(.structured("ADR", ["", ""] + address + [country.map(CountryNames.name) ?? ""], parameters))
        }
        if case .date(let birthday)? = v["birthday"] {
            add(VCardProperty("BDAY", raw: modern ? birthday.description.replacingAll("-", with: "") : birthday.description))
        }
        if let zone = v["time_zone"]?.text {
            add(VCardProperty("TZ", modern ? [] : [VCardParameter("VALUE", ["text"])], raw: ContentLine.escape(zone)))
        }
        if let note = v["description"]?.text { add(.text("NOTE", note)) }
        if let tags = v["tags"]?.tags, !tags.isEmpty { add(.list("CATEGORIES", tags)) }
        add(VCardProperty("REV", raw: revision(record.updatedAt, basic: modern)))
        return card
    }

    /// `TYPE` values for a phone label; `main` and `other` are what Apple writes for those labels.
    static func phoneTypes(_ label: String) -> [String] {
        switch label {
        case "mobile": ["cell", "voice"]
        case "home": ["home", "voice"]
        case "fax": ["work", "fax"]
        case "main": ["main", "voice"]
        case "other": ["other", "voice"]
        default: ["work", "voice"]
        }
    }

    /// A UTC timestamp as 4.0 (`20240102T030405Z`) or 3.0 (`2024-01-02T03:04:05Z`) write it.
    static func revision(_ time: Timestamp, basic: Bool) -> String {
        let iso = String(time.iso8601.prefix(19)) + "Z"
        return basic ? iso.replacingAll("-", with: "").replacingAll(":", with: "") : iso
    }
}
