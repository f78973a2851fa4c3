import Foundation

extension Input {
    /// Reads one declared field according to its kind.
    public mutating func value(for spec: FieldSpec, defaultCountry: String) -> Patch<FieldValue?> {
        let key = spec.name
        switch spec.kind {
        case .text(let max), .longText(let max):
            return text(key, max: max).map { $0.map(FieldValue.text) }
        case .integer(let range):
            return int(key, in: range).map { $0.map(FieldValue.int) }
        case .bool:
            return bool(key).map { .bool($0) }
        case .date:
            return date(key).map { $0.map(FieldValue.date) }
        case .choice(let options):
            guard case .set(let raw) = text(key, max: 60) else { return .keep }
            guard let raw else { return .set(nil) }
            let lowered = raw.lowercased().replacingAll(" ", with: "_")
            guard options.contains(lowered) else {
                fail(key, "must be one of: \(options.joined(separator: ", "))")
                return .keep
            }
            return .set(.text(lowered))
        case .url:
            guard case .set(let raw) = text(key, max: 300) else { return .keep }
            guard let raw else { return .set(nil) }
            guard let url = Input.normaliseURL(raw) else {
                fail(key, "must be a web address like https://example.com")
                return .keep
            }
            return .set(.text(url))
        case .country:
            guard case .set(let raw) = text(key, max: 2) else { return .keep }
            guard let raw else { return .set(nil) }
            let code = raw.uppercased()
            guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                fail(key, "must be a two-letter ISO country code like US or FR")
                return .keep
            }
            return .set(.text(code))
        case .timeZone:
            guard case .set(let raw) = text(key, max: 64) else { return .keep }
            guard let raw else { return .set(nil) }
            guard TimeZone(identifier: raw) != nil, raw.contains("/") || raw == "UTC" else {
                fail(key, "must be an IANA time zone like Europe/Paris")
                return .keep
            }
            return .set(.text(raw))
        case .reference, .picklist:
            return id(key, ID<Never>.self).map { $0.map { FieldValue.id($0.uuid) } }
        case .references(_, let max):
            guard let items = list(key, max: max) else { return .keep }
            var ids: [UUID] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item, let id = UUID(uuidString: s.trimmingWhitespace()) else {
                    fail("\(key)[\(i)]", "must be an ID")
                    continue
                }
                if !ids.contains(id) { ids.append(id) }
            }
            return .set(ids.isEmpty ? nil : .ids(ids))
        case .dateTime:
            guard case .set(let raw) = text(key, max: 40) else { return .keep }
            guard let raw else { return .set(nil) }
            guard let time = Timestamp.parse(raw, localZone: lenient ? (localZone ?? .gmt) : nil) else {
                fail(key, lenient ? "must be a date and time" : "must be a date-time like 2026-11-22T14:30:00Z (with Z or an offset)")
                return .keep
            }
            return .set(.time(time))
        case .money:
            return money(key)
        case .emails(let max):
            return emails(key, max: max)
        case .phones(let max):
            return phones(key, max: max, defaultCountry: defaultCountry)
        case .tags(let max):
            guard let items = list(key, max: max) else { return .keep }
            var tags: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    fail("\(key)[\(i)]", "must be a string")
                    continue
                }
                let tag = s.trimmingWhitespace().lowercased()
                if tag.isEmpty { continue }
                if tag.hasControlCharacters {
                    fail("\(key)[\(i)]", "must not contain control characters")
                    continue
                }
                if tag.count > 40 {
                    fail("\(key)[\(i)]", "must be at most 40 characters")
                    continue
                }
                if !tags.contains(tag) { tags.append(tag) }
            }
            return .set(tags.isEmpty ? nil : .tags(tags))
        }
    }

    public mutating func money(_ key: String) -> Patch<FieldValue?> {
        guard let value = object[key] else { return .keep }
        accept(key, key + "_currency")
        let currencyKey = key + "_currency"
        switch value {
        case .null: return .set(nil)
        case .object(let o):
            var currency = o["currency"]?.stringValue ?? ""
            currency = currency.uppercased()
            guard case .int(let minor)? = o["amount_minor"], Money.isValidCurrency(currency),
                o.keys.allSatisfy({ $0 == "amount_minor" || $0 == "currency" })
            else {
                fail(key, "must be an object {amount_minor: integer, currency: ISO 4217 code}")
                return .keep
            }
            guard minor.magnitude < 1_000_000_000_000_000 else {
                fail(key, "is too large")
                return .keep
            }
            return .set(.money(Money(minor: minor, currency: currency)))
        case .string(let s) where lenient:
            if s.trimmingWhitespace().isEmpty { return .set(nil) }
            let currency = (object[currencyKey]?.stringValue ?? "USD").uppercased()
            guard Money.isValidCurrency(currency) else {
                fail(currencyKey, "must be a three-letter currency code")
                return .keep
            }
            do {
                return .set(.money(try Money.parse(s, currency: currency)))
            } catch {
                fail(key, "must be an amount like 1250000 or 1,250,000.00")
                return .keep
            }
        default:
            fail(key, "must be an object {amount_minor: integer, currency: ISO 4217 code}")
            return .keep
        }
    }

    private mutating func emails(_ key: String, max: Int) -> Patch<FieldValue?> {
        guard
            let items = labeledList(
                key, max: max, valueKey: "address", noun: "an address", labels: Input.emailLabels, maxLength: 320,
                unreadable: "is not a valid email address", parse: { try EmailAddress($0) })
        else { return .keep }
        return .set(items.isEmpty ? nil : .emails(items.map { LabeledEmail($0.value, label: $0.label) }))
    }

    private mutating func phones(_ key: String, max: Int, defaultCountry: String) -> Patch<FieldValue?> {
        guard
            let items = labeledList(
                key, max: max, valueKey: "number", noun: "a number", labels: Input.phoneLabels, maxLength: 40,
                unreadable: "is not a phone number we can read",
                parse: { try PhoneNumber($0, defaultCountry: defaultCountry) })
        else { return .keep }
        return .set(items.isEmpty ? nil : .phones(items.map { LabeledPhone($0.value, label: $0.label) }))
    }

    /// Reads a list of labelled values (emails, phones), each a bare string or `{<valueKey>, label}`,
    /// dropping repeats; every bad item is reported with its index. `nil` when the key is absent.
    private mutating func labeledList<T: Equatable>(
        _ key: String, max: Int, valueKey: String, noun: String, labels: [String], maxLength: Int, unreadable: String,
        parse: (String) throws -> T
    ) -> [(value: T, label: String)]? {
        guard let items = list(key, max: max) else { return nil }
        var result: [(value: T, label: String)] = []
        for (i, item) in items.enumerated() {
            let (raw, label) = Input.labeled(item, valueKey: valueKey)
            guard let raw, raw.count <= maxLength else {
                fail("\(key)[\(i)]", "must be \(noun) or {\(valueKey), label}")
                continue
            }
            guard labels.contains(label) else {
                fail("\(key)[\(i)].label", "must be one of: \(labels.joined(separator: ", "))")
                continue
            }
            do {
                let value = try parse(raw)
                if !result.contains(where: { $0.value == value }) { result.append((value, label)) }
            } catch {
                fail("\(key)[\(i)]", "'\(raw.prefix(80))' \(unreadable)")
            }
        }
        return result
    }

    static let emailLabels = ["work", "home", "other"]
    static let phoneLabels = ["work", "mobile", "home", "fax", "main", "other"]

    /// A list item written either as a bare string or as an object with a value and a label.
    static func labeled(_ item: JSONValue, valueKey: String) -> (String?, String) {
        switch item {
        case .string(let s): return (s, "work")
        case .object(let o):
            guard o.keys.allSatisfy({ $0 == valueKey || $0 == "label" }) else { return (nil, "work") }
            let label = o["label"]?.stringValue?.lowercased() ?? "work"
            return (o[valueKey]?.stringValue, label)
        default: return (nil, "work")
        }
    }

    /// Adds `https://` when no scheme is given; accepts only http(s) with a real host.
    public static func normaliseURL(_ raw: String) -> String? {
        var text = raw
        if !text.lowercased().hasPrefix("http://") && !text.lowercased().hasPrefix("https://") {
            text = "https://" + text
        }
        guard !text.contains(" "), let url = URL(string: text), let host = url.host, host.contains("."),
            host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { return nil }
        return text
    }

    /// The host of a web address without `www.`, lower-cased: the company's domain.
    public static func domain(ofURL text: String) -> String? {
        guard let host = URL(string: text)?.host?.lowercased() else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}

extension Patch {
    /// Transforms a set value.
    public func map<T>(_ transform: (Value) -> T) -> Patch<T> {
        switch self {
        case .keep: .keep
        case .set(let v): .set(transform(v))
        }
    }
}
