import Foundation

/// One CSV row read through a mapping: the input the entity's own validation reads, and what must
/// be looked up in the database before the row becomes a record.
public struct ImportRow: Sendable {
    /// Field values as a web form would send them (strings, lists of strings and labelled items),
    /// for `RecordChanges.read` with a lenient `Input`.
    public var object = JSONObject()
    /// The owner's email address or name, to find among the workspace's users.
    public var owner: String?
    /// Reference fields given by the referenced record's name (an account's), to find.
    public var references: [String: String] = [:]
    /// The Rapport ID of the record the row updates.
    public var recordID: UUID?
    /// Problems found before validation (an ID that is not one).
    public var issues: [FieldIssue] = []
    public init() {}

    /// Whether the row holds nothing to import.
    public var isEmpty: Bool { object.count == 0 && owner == nil && references.isEmpty && recordID == nil }
}

/// Reads rows through a mapping, coercing spreadsheet habits into what the fields accept: country
/// names to codes, dates in the file's order, `Yes`/`X` to true, `$1,200` to an amount, a choice
/// written `Customer - Direct` to `customer`. What it cannot coerce is passed on as written, so the
/// entity's validation reports it in its usual words.
public struct ImportRowReader: Sendable {
    struct Source: Sendable {
        var index: Int
        var header: String
        var target: ImportTarget
        var spec: FieldSpec?
    }

    let sources: [Source]
    let fields: [FieldSpec]
    let dateOrder: ImportSettings.DateOrder
    let defaultCurrency: String
    /// Column headers by field name, to name columns in problems.
    public let headers: [String: [String]]

    public init(mapping: ImportMapping, fields: [FieldSpec], dateOrder: ImportSettings.DateOrder, defaultCurrency: String) {
        let targets = ImportTarget.all(for: fields)
        var sources: [Source] = []
        var headers: [String: [String]] = [:]
        for column in mapping.columns {
            guard let key = column.target, let target = targets.first(where: { $0.key == key }) else { continue }
            let spec = target.field.flatMap { name in fields.first { $0.name == name } }
            sources.append(Source(index: column.index, header: column.header.isEmpty ? column.key : column.header, target: target, spec: spec))
            let name: String =
                switch target.kind {
                case .owner: "owner_id"
                case .fullName: "last_name"
                case .recordID: "id"
                case .currency(let field): field + "_currency"
                default: target.field ?? key
                }
            headers[name, default: []].append(column.header.isEmpty ? column.key : column.header)
            if target.kind == .fullName { headers["first_name", default: []].append(column.header) }
        }
        self.sources = sources
        self.fields = fields
        self.dateOrder = dateOrder
        self.defaultCurrency = defaultCurrency
        self.headers = headers
    }

    /// The row's values, ready for validation.
    public func read(_ values: [String]) -> ImportRow {
        var row = ImportRow()
        var texts: [String: [String]] = [:]
        var lists: [String: [JSONValue]] = [:]
        var fullName: String?
        var currencies: [String: String] = [:]
        for source in sources {
            guard source.index < values.count else { continue }
            let raw = values[source.index].trimmingWhitespace()
            if raw.isEmpty { continue }
            switch source.target.kind {
            case .owner: row.owner = raw
            case .fullName: fullName = raw
            case .recordID:
                if let id = UUID(uuidString: raw) {
                    row.recordID = id
                } else {
                    row.issues.append(FieldIssue(field: "id", reason: "'\(raw.prefix(80))' is not a Rapport ID"))
                }
            case .currency(let field): currencies[field] = raw.uppercased()
            case .labeled(let field, let label):
                let key = source.spec.map { if case .emails = $0.kind { "address" } else { "number" } } ?? "address"
                for item in Self.items(raw) {
                    lists[field, default: []].append(.object(JSONObject([key: .string(item), "label": .string(label)])))
                }
            case .field(let field):
                guard let spec = source.spec else { continue }
                switch spec.kind {
                case .tags, .emails, .phones:
                    lists[field, default: []].append(contentsOf: Self.items(raw).map { .string($0) })
                case .reference:
                    if UUID(uuidString: raw) != nil {
                        texts[field] = [raw]
                    } else {
                        row.references[field] = raw
                    }
                case .money:
                    let (amount, code) = Self.amount(raw)
                    texts[field] = [amount]
                    if let code { currencies[field] = currencies[field] ?? code }
                default:
                    texts[field, default: []].append(coerce(raw, spec.kind))
                }
            }
        }
        for spec in fields {
            let name = spec.name
            if let parts = texts[name] { row.object[name] = .string(parts.joined(separator: isLong(spec) ? "\n" : ", ")) }
            if let items = lists[name] { row.object[name] = .array(items) }
            if case .money = spec.kind, texts[name] != nil {
                row.object[name + "_currency"] = .string(currencies[name] ?? defaultCurrency)
            }
        }
        if let fullName, row.object["first_name"] == nil, row.object["last_name"] == nil {
            let (first, last) = Self.split(fullName)
            if let first { row.object["first_name"] = .string(first) }
            row.object["last_name"] = .string(last)
        }
        return row
    }

    func isLong(_ spec: FieldSpec) -> Bool { if case .longText = spec.kind { true } else { false } }

    /// The column header(s) a field's values came from, for problems: `emails[1]` → the column of
    /// the second email.
    public func columnName(for field: String) -> String {
        let base = String(field.prefix { $0 != "[" && $0 != "." })
        return headers[base]?.first ?? fields.first { $0.name == base }?.label ?? base
    }

    // MARK: Coercion

    func coerce(_ raw: String, _ kind: FieldKind) -> String {
        switch kind {
        case .choice(let options): return Self.choice(raw, options) ?? raw
        case .country: return CountryNames.code(for: raw) ?? raw
        case .date: return Self.date(raw, order: dateOrder) ?? raw
        case .bool: return Self.truthy.contains(SearchText.fold(raw)) ? "true" : "false"
        case .integer:
            var digits = raw.filter { $0 != " " && $0 != "," && $0 != "\u{00A0}" && $0 != "'" }
            if let dot = digits.firstIndex(of: "."), digits[digits.index(after: dot)...].allSatisfy({ $0 == "0" }) {
                digits = String(digits[..<dot])
            }
            return digits
        default: return raw
        }
    }

    static let truthy: Set<String> = ["true", "yes", "y", "1", "x", "t", "on", "checked", "ja", "oui", "si", "sí", "wahr", "vrai", "opted out", "unsubscribed"]

    /// The option a spreadsheet value stands for: compared without case, accents and punctuation,
    /// whole or by its first word (`Customer - Direct` → `customer`).
    static func choice(_ raw: String, _ options: [String]) -> String? {
        let words = SearchText.tokens(raw)
        guard !words.isEmpty else { return nil }
        let joined = words.joined(separator: "_")
        if options.contains(joined) { return joined }
        if let first = words.first, options.contains(first) { return first }
        return options.first { $0.replacingAll("_", with: "") == words.joined() }
    }

    /// Items of a list cell: separated by line breaks, commas or semicolons.
    static func items(_ raw: String) -> [String] {
        raw.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == ";" || $0 == "\r" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// An amount without its currency sign or code, and the code the sign or code stands for.
    static func amount(_ raw: String) -> (String, String?) {
        var text = raw
        var code: String?
        for (sign, currency) in [("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("US$", "USD"), ("$", "USD")] where text.contains(sign) {
            code = currency
            text = text.replacingAll(sign, with: "")
            break
        }
        let letters = text.filter(\.isLetter)
        if letters.count == 3, Money.isValidCurrency(letters.uppercased()) {
            code = letters.uppercased()
            text = text.filter { !$0.isLetter }
        }
        return (text.trimmingWhitespace().filter { $0 != " " && $0 != "\u{00A0}" && $0 != "'" }, code)
    }

    /// `YYYY-MM-DD` for the dates spreadsheets write: ISO (with a time after it), `15.03.1980`,
    /// `03/15/1980` or `15/03/1980` (by `order` unless a part over 12 settles it), `1980/03/15`.
    static func date(_ raw: String, order: ImportSettings.DateOrder) -> String? {
        let text = String(raw.prefix { $0 != " " && $0 != "T" })
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2])
        else { return nil }
        let year: Int
        let month: Int
        let day: Int
        if parts[0].count == 4 {
            (year, month, day) = (a, b, c)
        } else {
            year = parts[2].count == 2 ? (c < 50 ? 2000 + c : 1900 + c) : c
            let dayFirst = text.contains(".") || a > 12 || (b <= 12 && order != .mdy)
            (day, month) = dayFirst ? (a, b) : (b, a)
        }
        guard let date = try? LocalDate(year: year, month: month, day: day) else { return nil }
        return date.description
    }

    /// A whole name as first and last: `Doe, Jane` or `Jane Q. Doe`.
    static func split(_ name: String) -> (String?, String) {
        if let comma = name.firstIndex(of: ",") {
            let last = String(name[..<comma]).trimmingWhitespace()
            let first = String(name[name.index(after: comma)...]).trimmingWhitespace()
            return (first.isEmpty ? nil : first, last)
        }
        let words = name.split(separator: " ").map(String.init)
        guard words.count > 1, let last = words.last else { return (nil, name) }
        return (words.dropLast().joined(separator: " "), last)
    }
}
