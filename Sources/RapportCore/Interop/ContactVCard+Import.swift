import Foundation

/// A card read as a contact: the fields in the API's JSON shape (so the API's own validation runs
/// on them), the organisation to match to an account, and what could not be kept.
public struct VCardContact: Sendable {
    /// Contact fields as `Input` reads them.
    public var fields: JSONObject
    /// The first component of `ORG`, if any.
    public var organization: String?
    /// The name people see, for reports.
    public var name: String
    /// Values left out, in words (“birthday without a year”).
    public var notes: [String]
}

extension ContactVCard {
    static let maxListItems = 10
    static let maxTags = 30
    /// Groups Google puts every contact in; they say nothing about the person.
    static let ignoredCategories: Set<String> = ["mycontacts", "starred"]

    /// Reads a card as contact fields; `nil` with a reason when it names no one.
    public static func contact(from card: VCard) -> Result<VCardContact, VCardImportFailure> {
        var fields = JSONObject()
        var notes: [String] = []

        let fullName = card.first("FN")?.text.trimmingWhitespace() ?? ""
        let n = card.first("N")?.componentLists.map { $0.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " ") } ?? []
        func part(_ i: Int) -> String? { i < n.count && !n[i].isEmpty ? n[i] : nil }
        if part(0) != nil || part(1) != nil {
            fields["last_name"] = part(0).map { JSONValue.string($0) }
            fields["first_name"] = part(1).map { JSONValue.string($0) }
            fields["middle_name"] = part(2).map { JSONValue.string($0) }
            fields["prefix"] = part(3).map { JSONValue.string($0) }
            fields["suffix"] = part(4).map { JSONValue.string($0) }
        } else if !fullName.isEmpty {
            var words = fullName.split(whereSeparator: \.isWhitespace).map(String.init)
            let last = words.count > 1 ? words.removeLast() : nil
            fields["first_name"] = .string(words.joined(separator: " "))
            fields["last_name"] = last.map { JSONValue.string($0) }
        } else {
            return .failure(VCardImportFailure(reason: "the card has no name (N or FN)", name: nil))
        }
        let name = fullName.isEmpty ? [part(1), part(0)].compactMap { $0 }.joined(separator: " ") : fullName

        if let title = card.first("TITLE")?.text.trimmingWhitespace(), !title.isEmpty { fields["title"] = .string(title) }
        let organization = card.first("ORG")?.components.first?.trimmingWhitespace()

        let emails = ordered(card.all("EMAIL")).compactMap { property -> JSONValue? in
            let address = property.text.trimmingWhitespace()
            guard !address.isEmpty else { return nil }
            let label = emailLabel(property.types, custom: card.companion("X-ABLABEL", of: property))
            return .object(JSONObject(["address": .string(address.replacingOccurrences(of: "mailto:", with: "")), "label": .string(label)]))
        }
        fields["emails"] = list(emails, noun: "email addresses", notes: &notes)
        let phones = ordered(card.all("TEL")).compactMap { property -> JSONValue? in
            let number = property.text.trimmingWhitespace()
            guard !number.isEmpty else { return nil }
            let label = phoneLabel(property.types, custom: card.companion("X-ABLABEL", of: property))
            return .object(JSONObject(["number": .string(number), "label": .string(label)]))
        }
        fields["phones"] = list(phones, noun: "phone numbers", notes: &notes)

        if let address = ordered(card.all("ADR")).first {
            readAddress(address, in: card, into: &fields, notes: &notes)
        }
        if let birthday = card.first("BDAY") { readBirthday(birthday, into: &fields, notes: &notes) }
        if let zone = card.first("TZ")?.text.trimmingWhitespace(), !zone.isEmpty {
            if zone.contains("/"), TimeZone(identifier: zone) != nil {
                fields["time_zone"] = .string(zone)
            } else {
                notes.append("time zone “\(zone.prefix(40))” is not a zone name like Europe/Paris")
            }
        }
        let noteText = card.all("NOTE").map { $0.text.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !noteText.isEmpty { fields["description"] = .string(noteText) }
        readCategories(card.all("CATEGORIES"), into: &fields, notes: &notes)
        return .success(VCardContact(fields: fields, organization: organization?.isEmpty == false ? organization : nil, name: name, notes: notes))
    }

    /// Properties with the preferred first (`PREF=1` before `PREF=50` before none), else in card order.
    static func ordered(_ properties: [VCardProperty]) -> [VCardProperty] {
        func rank(_ p: VCardProperty) -> Int {
            if let pref = p.parameter("PREF").compactMap({ Int($0) }).min() { return pref }
            return p.types.contains("pref") ? 1 : 101
        }
        return properties.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    static func list(_ items: [JSONValue], noun: String, notes: inout [String]) -> JSONValue? {
        guard !items.isEmpty else { return nil }
        if items.count > maxListItems { notes.append("only the first \(maxListItems) of \(items.count) \(noun) were kept") }
        return .array(Array(items.prefix(maxListItems)))
    }

    /// The words of a custom label; Apple writes its own as `_$!<HomeFAX>!$_`.
    static func labelWords(_ types: Set<String>, custom: String?) -> Set<String> {
        var words = types
        if let custom {
            let bare = custom.replacingAll("_$!<", with: "").replacingAll(">!$_", with: "").lowercased()
            words.insert(bare)
        }
        return words
    }

    static func phoneLabel(_ types: Set<String>, custom: String?) -> String {
        let words = labelWords(types, custom: custom)
        if words.contains(where: { $0.contains("fax") }) { return "fax" }
        if !words.isDisjoint(with: ["cell", "mobile", "iphone"]) { return "mobile" }
        for label in ["main", "home", "work", "other"] where words.contains(label) { return label }
        return words.isSubset(of: ["voice", "pref", "text", "msg"]) ? "work" : "other"
    }

    static func emailLabel(_ types: Set<String>, custom: String?) -> String {
        let words = labelWords(types, custom: custom)
        for label in ["home", "work", "other"] where words.contains(label) { return label }
        return words.isSubset(of: ["internet", "pref", "x400"]) ? "work" : "other"
    }

    static func readAddress(_ adr: VCardProperty, in card: VCard, into fields: inout JSONObject, notes: inout [String]) {
        let parts = adr.components.map { $0.trimmingWhitespace() }
        func part(_ i: Int) -> String? { i < parts.count && !parts[i].isEmpty ? parts[i] : nil }
        // Post-office box and extended address go before the street, one per line, as a label would show them.
        let street = [part(0), part(1), part(2)].compactMap { $0 }.joined(separator: "\n")
        if !street.isEmpty { fields["street"] = .string(street) }
        fields["city"] = part(3).map { JSONValue.string($0) }
        fields["region"] = part(4).map { JSONValue.string($0) }
        fields["postal_code"] = part(5).map { JSONValue.string($0) }
        let written = adr.parameter("CC").first ?? card.companion("X-ABADR", of: adr) ?? part(6)
        if let written {
            if let code = CountryNames.code(for: written) {
                fields["country"] = .string(code)
            } else if let name = part(6), let code = CountryNames.code(for: name) {
                fields["country"] = .string(code)
            } else {
                notes.append("country “\(written.prefix(60))” is not one we know")
            }
        }
    }

    static func readBirthday(_ bday: VCardProperty, into fields: inout JSONObject, notes: inout [String]) {
        var text = bday.text.trimmingWhitespace()
        if let t = text.firstIndex(of: "T") { text = String(text[..<t]) }
        let digits = text.filter(\.isASCIIDigit)
        let yearless = text.hasPrefix("--") || !bday.parameter("X-APPLE-OMIT-YEAR").isEmpty
        if yearless || bday.parameter("VALUE").first?.lowercased() == "text" {
            notes.append("birthday “\(text.prefix(30))” has no full date")
        } else if digits.count == 8, text.count == 8 || text.count == 10 {
            let d = Array(digits)
            fields["birthday"] = .string("\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))")
        } else {
            // Let validation say what is wrong with it.
            fields["birthday"] = .string(String(text.prefix(40)))
        }
    }

    static func readCategories(_ properties: [VCardProperty], into fields: inout JSONObject, notes: inout [String]) {
        var tags: [String] = []
        var tooLong = 0
        for value in properties.flatMap(\.listValues) {
            let tag = value.trimmingWhitespace()
            guard !tag.isEmpty, !ignoredCategories.contains(tag.lowercased()) else { continue }
            if tag.count > 40 {
                tooLong += 1
            } else if !tags.contains(where: { $0.lowercased() == tag.lowercased() }) {
                tags.append(tag)
            }
        }
        if tooLong > 0 { notes.append("\(tooLong) categories longer than 40 characters were left out") }
        if tags.count > maxTags { notes.append("only the first \(maxTags) of \(tags.count) categories were kept") }
        if !tags.isEmpty { fields["tags"] = .array(tags.prefix(maxTags).map { JSONValue.string($0) }) }
    }
}

/// Why a card could not become a contact.
public struct VCardImportFailure: Error, Sendable, Equatable {
    public var reason: String
    public var name: String?

    public init(reason: String, name: String?) {
        self.reason = reason
        self.name = name
    }
}
