import Foundation

/// How an import treats its rows: create, update or both, matched how, and what to do with rows
/// that look like records already there.
public struct ImportSettings: Hashable, Sendable {
    /// What a row does.
    public enum Mode: String, Sendable, CaseIterable {
        /// Every row makes a new record (look-alikes of existing records are held back, see `Duplicates`).
        case create
        /// Rows change the record their match key finds; rows that find none are skipped.
        case update
        /// Rows change the record their match key finds, or make a new one.
        case upsert
    }

    /// What happens to a row that looks like an existing record (or an earlier row of the file).
    public enum Duplicates: String, Sendable, CaseIterable {
        /// It is not imported; the report names the record it looks like.
        case skip
        /// It is imported, and the pair is listed on the duplicates page for someone to review.
        case flag
    }

    /// How dates with slashes are read: 03/04/2026 is 3 April (dmy) or March 4 (mdy).
    public enum DateOrder: String, Sendable, CaseIterable {
        case dmy, mdy, ymd
    }

    public var mode: Mode = .create
    /// The match key (`email`, `phone`, `id`, `external_id`, `name`, `domain`); required to update.
    public var matchKey: String?
    public var duplicates: Duplicates = .skip
    /// The bought list (or event, or campaign) the rows came from, to report its results later.
    public var listName: String = ""
    /// What the list cost.
    public var listCost: Money?
    public var dateOrder: DateOrder = .dmy
    public var format: CSVFormat
    public var mapping: ImportMapping

    public init(format: CSVFormat, mapping: ImportMapping, dateOrder: DateOrder = .dmy) {
        self.format = format
        self.mapping = mapping
        self.dateOrder = dateOrder
    }

    /// The date order people in a country write: month first in the United States and a few others.
    public static func dateOrder(forCountry country: String) -> DateOrder {
        ["US", "PH", "FM", "MH", "PW", "CA", "BZ"].contains(country.uppercased()) ? .mdy : .dmy
    }

    /// The match keys an entity with these fields offers, with what people call them.
    public static func matchKeys(for fields: [FieldSpec]) -> [(key: String, label: String)] {
        var keys: [(String, String)] = []
        if fields.contains(where: { if case .emails = $0.kind { true } else { false } }) { keys.append(("email", "Email address")) }
        if fields.contains(where: { if case .phones = $0.kind { true } else { false } }) { keys.append(("phone", "Phone number")) }
        for (name, label) in [("external_id", "External ID"), ("name", "Name"), ("domain", "Domain")]
        where fields.contains(where: { $0.name == name }) {
            keys.append((name, label))
        }
        keys.append(("id", "Rapport ID"))
        return keys
    }

    /// The problems with these settings for an entity with these fields, each naming its setting:
    /// a mapping to a target the entity does not have, a match key missing for an update or not
    /// mapped to any column. (Whether new records get every field they need is for the entity to
    /// say, see `RecordChanges.missing`.)
    public func problems(fields: [FieldSpec]) -> [FieldIssue] {
        var issues: [FieldIssue] = []
        let targets = ImportTarget.all(for: fields)
        let keys = Set(targets.map(\.key))
        for column in mapping.columns {
            if let target = column.target, !keys.contains(target) {
                issues.append(FieldIssue(field: "mapping.\(column.key)", reason: "'\(target.prefix(60))' is not something this import can fill"))
            }
        }
        if mapping.mapped.isEmpty { issues.append(FieldIssue(field: "mapping", reason: "maps no column; choose where at least one goes")) }
        if let matchKey, mode != .create {
            if !Self.matchKeys(for: fields).contains(where: { $0.key == matchKey }) {
                let offered = Self.matchKeys(for: fields).map(\.key).joined(separator: ", ")
                issues.append(FieldIssue(field: "match_key", reason: "must be one of: \(offered)"))
            } else if !mapsMatchKey(targets, fields: fields) {
                issues.append(FieldIssue(field: "match_key", reason: "is \(matchKey), but no column is mapped to it"))
            }
        } else if mode != .create, matchKey == nil {
            issues.append(FieldIssue(field: "match_key", reason: "is required to \(mode.rawValue): say how rows find their records"))
        }
        if listName.count > 200 { issues.append(FieldIssue(field: "list_name", reason: "must be at most 200 characters")) }
        if let cost = listCost, cost.minor < 0 { issues.append(FieldIssue(field: "list_cost", reason: "must not be negative")) }
        return issues
    }

    /// Whether a column is mapped to the match key.
    func mapsMatchKey(_ targets: [ImportTarget], fields: [FieldSpec]) -> Bool {
        func fillsKind(_ test: (FieldKind) -> Bool) -> Bool {
            fields.contains { test($0.kind) && mapping.fills($0.name, targets: targets) }
        }
        switch matchKey {
        case "email": return fillsKind { if case .emails = $0 { true } else { false } }
        case "phone": return fillsKind { if case .phones = $0 { true } else { false } }
        case "id": return mapping.maps("id")
        // A web domain is also read from a website, as accounts derive it.
        case "domain": return mapping.maps("domain") || mapping.maps("website")
        case let key?: return mapping.maps(key)
        case nil: return false
        }
    }

    /// The fields every new record of `E` needs that no mapped column fills, as issues naming the
    /// mapping: found by finishing a record that has a value in every filled field, so an entity's own
    /// rules (a contact's first or last name) count as well as its required fields.
    public func missing<E: Entity>(_ entity: E.Type) -> [FieldIssue] {
        guard mode != .update else { return [] }
        let targets = ImportTarget.all(for: E.fields)
        var values: FieldValues = [:]
        for spec in E.fields where mapping.fills(spec.name, targets: targets) || (mapping.maps("full_name") && ["first_name", "last_name"].contains(spec.name)) {
            values[spec.name] = Self.placeholder(spec.kind)
        }
        var issues: [FieldIssue] = []
        E.finish(&values, changed: Set(values.keys), issues: &issues)
        for spec in E.fields where spec.required && values[spec.name] == nil {
            issues.append(FieldIssue(field: spec.name, reason: "is required"))
        }
        return issues.map { issue in
            let label = E.field(issue.field)?.label ?? issue.field
            let reason = issue.reason == "is required" ? "every new record needs \(label)" : "\(label): \(issue.reason)"
            return FieldIssue(field: "mapping", reason: "maps no column that fills it; \(reason)")
        }
    }

    /// A value of a kind, standing in for whatever a column will hold.
    static func placeholder(_ kind: FieldKind) -> FieldValue {
        switch kind {
        case .text, .longText, .url, .country, .timeZone: .text("x")
        case .choice(let options): .text(options.first ?? "x")
        case .integer(let range): .int(range.lowerBound)
        case .money: .money(Money(minor: 0, currency: "USD"))
        case .date: .date(LocalDate.fromDaysSinceEpoch(0))
        case .dateTime: .time(Timestamp(micros: 0))
        case .bool: .bool(false)
        case .emails: .emails([LabeledEmail(EmailAddress(trusted: "someone@example.com"))])
        case .phones: .phones([LabeledPhone(PhoneNumber(trusted: "+15550100"))])
        case .tags: .tags(["x"])
        case .reference, .picklist: .id(UUID())
        case .references: .ids([UUID()])
        }
    }
}
