import Foundation

extension ImportSettings {
    /// The settings as stored and as the API shows them.
    public var json: JSONObject {
        var object = JSONObject()
        object["mode"] = .string(mode.rawValue)
        object["match_key"] = .string(matchKey)
        object["duplicates"] = .string(duplicates.rawValue)
        object["list_name"] = .string(listName)
        object["list_cost"] = listCost.map { .object(JSONObject(["amount_minor": .int($0.minor), "currency": .string($0.currency)])) } ?? .null
        object["date_order"] = .string(dateOrder.rawValue)
        object["encoding"] = .string(format.encoding.rawValue)
        object["separator"] = .string(format.separatorName)
        object["columns"] = .array(
            mapping.columns.map { column in
                .object(
                    JSONObject([
                        "index": .int(Int64(column.index)), "header": .string(column.header), "key": .string(column.key),
                        "target": .string(column.target),
                    ]))
            })
        return object
    }

    /// What `storedJSON` adds for reading the file again: where its header is.
    public var storedJSON: JSONObject {
        var object = json
        object["header_offset"] = .int(format.headerOffset)
        object["header_line"] = .int(Int64(format.headerLine))
        object["has_bom"] = .bool(format.hasBOM)
        return object
    }

    /// Settings read back from `storedJSON`.
    public init?(stored object: JSONObject) {
        guard let encoding = object["encoding"]?.stringValue.flatMap(CSVFormat.Encoding.init(rawValue:)),
            let separator = object["separator"]?.stringValue.flatMap(CSVFormat.separator(named:)),
            case .array(let items)? = object["columns"]
        else { return nil }
        func int(_ key: String) -> Int64 { if case .int(let i)? = object[key] { i } else { 0 } }
        let format = CSVFormat(
            encoding: encoding, separator: separator, headerOffset: int("header_offset"), headerLine: Int(max(1, int("header_line"))),
            hasBOM: object["has_bom"] == .bool(true))
        var columns: [ImportColumn] = []
        for item in items {
            guard case .object(let o) = item, case .int(let index)? = o["index"] else { return nil }
            columns.append(
                ImportColumn(
                    index: Int(index), header: o["header"]?.stringValue ?? "", key: o["key"]?.stringValue ?? "",
                    target: o["target"]?.stringValue))
        }
        self.init(format: format, mapping: ImportMapping(columns: columns))
        mode = object["mode"]?.stringValue.flatMap(Mode.init(rawValue:)) ?? .create
        matchKey = object["match_key"]?.stringValue
        duplicates = object["duplicates"]?.stringValue.flatMap(Duplicates.init(rawValue:)) ?? .skip
        listName = object["list_name"]?.stringValue ?? ""
        if case .object(let cost)? = object["list_cost"], case .int(let minor)? = cost["amount_minor"],
            let currency = cost["currency"]?.stringValue
        {
            listCost = Money(minor: minor, currency: currency)
        }
        dateOrder = object["date_order"]?.stringValue.flatMap(DateOrder.init(rawValue:)) ?? .dmy
    }

    /// The members a change of settings may carry.
    public static let inputKeys = [
        "mode", "match_key", "duplicates", "list_name", "list_cost", "date_order", "encoding", "separator", "mapping",
    ]

    /// These settings with the members `input` sets: `mapping` as an object from column keys to
    /// target keys (`null` for a column not to import); `list_cost` as money or a decimal string
    /// (in `currency`). Whether the file must be read again (another encoding or separator) is
    /// returned too. Problems name the member (`mapping.Email`, `mode`).
    public func changed(by input: JSONObject, defaultCurrency: String) throws(RapportError) -> (ImportSettings, rereadFile: Bool) {
        var result = self
        var issues: [FieldIssue] = []
        var reread = false
        func text(_ key: String) -> String? {
            guard let value = input[key] else { return nil }
            guard case .string(let s) = value else {
                issues.append(FieldIssue(field: key, reason: "must be a string"))
                return nil
            }
            return s.trimmingWhitespace()
        }
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let raw = text(key) else { return nil }
            guard let value = T(rawValue: raw) else {
                issues.append(FieldIssue(field: key, reason: "must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
                return nil
            }
            return value
        }
        for key in input.keys where !Self.inputKeys.contains(key) {
            issues.append(FieldIssue(field: key, reason: "is not a known field"))
        }
        if let mode = choice("mode", Mode.self) { result.mode = mode }
        if let value = input["match_key"] {
            if value == .null {
                result.matchKey = nil
            } else if let key = text("match_key") {
                result.matchKey = key.isEmpty ? nil : key
            }
        }
        if let duplicates = choice("duplicates", Duplicates.self) { result.duplicates = duplicates }
        if let order = choice("date_order", DateOrder.self) { result.dateOrder = order }
        if let name = text("list_name") {
            if name.hasControlCharacters {
                issues.append(FieldIssue(field: "list_name", reason: "must not contain control characters"))
            } else {
                result.listName = name
            }
        }
        if let cost = input["list_cost"] {
            switch cost {
            case .null: result.listCost = nil
            case .string(let s) where s.trimmingWhitespace().isEmpty: result.listCost = nil
            case .string(let s):
                do { result.listCost = try Money.parse(s, currency: defaultCurrency) } catch {
                    issues.append(FieldIssue(field: "list_cost", reason: "must be an amount like 1250.00"))
                }
            case .object(let o):
                let currency = o["currency"]?.stringValue?.uppercased() ?? ""
                if case .int(let minor)? = o["amount_minor"], Money.isValidCurrency(currency), o.count == 2,
                    minor.magnitude < 1_000_000_000_000_000
                {
                    result.listCost = Money(minor: minor, currency: currency)
                } else {
                    issues.append(FieldIssue(field: "list_cost", reason: "must be {amount_minor: integer, currency: ISO 4217 code}"))
                }
            default:
                issues.append(FieldIssue(field: "list_cost", reason: "must be {amount_minor: integer, currency: ISO 4217 code}"))
            }
        }
        if let encoding = choice("encoding", CSVFormat.Encoding.self), encoding != result.format.encoding {
            result.format.encoding = encoding
            reread = true
        }
        if let name = text("separator") {
            if let byte = CSVFormat.separator(named: name) {
                if byte != result.format.separator {
                    result.format.separator = byte
                    reread = true
                }
            } else {
                issues.append(FieldIssue(field: "separator", reason: "must be one of: \(CSVFormat.separators.map(\.name).joined(separator: ", "))"))
            }
        }
        if let mapping = input["mapping"] {
            guard case .object(let o) = mapping else {
                throw .invalid(issues + [FieldIssue(field: "mapping", reason: "must be an object from column names to targets")])
            }
            for (key, value) in o {
                guard let index = result.mapping.columns.firstIndex(where: { $0.key == key }) else {
                    issues.append(FieldIssue(field: "mapping.\(key.prefix(100))", reason: "is not a column of this file"))
                    continue
                }
                switch value {
                case .null: result.mapping.columns[index].target = nil
                case .string(let s): result.mapping.columns[index].target = s.isEmpty ? nil : s
                default: issues.append(FieldIssue(field: "mapping.\(key.prefix(100))", reason: "must be a target's name or null"))
                }
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return (result, reread)
    }
}
