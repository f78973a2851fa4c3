import Foundation

/// One column of a CSV file and where its values go.
public struct ImportColumn: Hashable, Sendable {
    /// The column's position, from 0.
    public var index: Int
    /// The header as the file writes it.
    public var header: String
    /// The name the API and templates use for the column: its header, made unique (`Phone (2)`)
    /// and never empty (`Column 4`).
    public var key: String
    /// A target's key, or `nil` when the column is not imported.
    public var target: String?

    public init(index: Int, header: String, key: String, target: String?) {
        self.index = index
        self.header = header
        self.key = key
        self.target = target
    }
}

/// Which column goes where: made automatically from the headers, changed by people, saved as a template.
public struct ImportMapping: Hashable, Sendable {
    public var columns: [ImportColumn]

    public init(columns: [ImportColumn]) { self.columns = columns }

    /// Columns for a header row, none mapped.
    public static func unmapped(headers: [String]) -> ImportMapping {
        var seen: [String: Int] = [:]
        var columns: [ImportColumn] = []
        for (index, raw) in headers.enumerated() {
            let header = raw.trimmingWhitespace()
            var key = header.isEmpty ? "Column \(index + 1)" : String(header.prefix(200))
            let count = (seen[key] ?? 0) + 1
            seen[key] = count
            if count > 1 { key += " (\(count))" }
            columns.append(ImportColumn(index: index, header: header, key: key, target: nil))
        }
        return ImportMapping(columns: columns)
    }

    /// The mapping Rapport suggests for a file: headers matched to the entity's field names and
    /// labels, then to the synonyms other systems export; `samples` (the first rows) settle what
    /// headers leave open (a `Title` of salutations, an `Id` of Rapport IDs, emails under any header).
    public static func automatic(
        headers: [String], entity: String, fields: [FieldSpec], samples: [[String]] = []
    ) -> ImportMapping {
        var mapping = unmapped(headers: headers)
        let targets = ImportTarget.all(for: fields)
        let keys = Set(targets.map(\.key))
        var byName: [String: String] = [:]
        for target in targets where target.kind == .field(target.key) || target.kind == .fullName {
            byName[HeaderSynonyms.normalise(target.key)] = target.key
        }
        for spec in fields where keys.contains(spec.name) {
            for name in [spec.name, spec.label] where byName[HeaderSynonyms.normalise(name)] == nil {
                byName[HeaderSynonyms.normalise(name)] = spec.name
            }
        }
        func values(_ column: Int) -> [String] {
            samples.compactMap { $0.indices.contains(column) ? $0[column].trimmingWhitespace() : nil }.filter { !$0.isEmpty }
        }
        var taken: Set<String> = []
        // A `Title` column is a job title unless another column is one or its values are salutations.
        var deferred: [Int] = []
        for i in mapping.columns.indices {
            let column = mapping.columns[i]
            let normal = HeaderSynonyms.normalise(column.header)
            if normal == "title" {
                deferred.append(i)
                continue
            }
            if HeaderSynonyms.secondLines.contains(normal), keys.contains("street") {
                mapping.columns[i].target = "street"
                continue
            }
            var candidates = byName[normal].map { [$0] } ?? []
            candidates += HeaderSynonyms.candidates(column.header, entity: entity)
            if candidates.first == "id" {
                // Rapport's own IDs update records; another system's go to `external_id`.
                let sample = values(i)
                if sample.isEmpty || !sample.allSatisfy({ UUID(uuidString: $0) != nil }) { candidates.removeFirst() }
            }
            if let target = candidates.first(where: { keys.contains($0) && (!taken.contains($0) || isCollecting($0, fields)) }) {
                mapping.columns[i].target = target
                taken.insert(target)
            }
        }
        for i in deferred {
            let sample = values(i)
            let salutations = !sample.isEmpty && sample.allSatisfy { Self.salutations.contains(HeaderSynonyms.normalise($0)) }
            for target in salutations || taken.contains("title") ? ["prefix"] : ["title", "prefix"]
            where keys.contains(target) && !taken.contains(target) {
                mapping.columns[i].target = target
                taken.insert(target)
                break
            }
        }
        // A column of email addresses under a header nobody knows.
        if let emails = fields.first(where: { if case .emails = $0.kind { true } else { false } }) {
            for i in mapping.columns.indices where mapping.columns[i].target == nil {
                let sample = values(i)
                if sample.count >= 2, sample.allSatisfy({ (try? EmailAddress($0)) != nil }) {
                    mapping.columns[i].target = taken.contains(emails.name) ? "\(emails.name):other" : emails.name
                    taken.insert(emails.name)
                }
            }
        }
        return mapping
    }

    /// Whether several columns may fill a target: lists collect.
    static func isCollecting(_ key: String, _ fields: [FieldSpec]) -> Bool {
        guard let name = key.split(separator: ":").first, let spec = fields.first(where: { $0.name == name }) else { return false }
        switch spec.kind {
        case .emails, .phones, .tags: return true
        default: return false
        }
    }

    static let salutations: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "herr", "frau", "m", "mme", "mlle", "sr", "sra", "srta",
        "dott", "ing", "mag",
    ]

    /// A saved mapping applied to a file: columns whose header the template names (compared
    /// normalised) take its target; the others keep the automatic suggestion.
    public func applying(template: [String: String?], validTargets: Set<String>) -> ImportMapping {
        var byHeader: [String: String?] = [:]
        for (header, target) in template { byHeader[HeaderSynonyms.normalise(header)] = target }
        var result = self
        for i in result.columns.indices {
            let column = result.columns[i]
            let known = byHeader[HeaderSynonyms.normalise(column.key)] ?? byHeader[HeaderSynonyms.normalise(column.header)]
            guard let known else { continue }
            if let target = known, !validTargets.contains(target) { continue }
            result.columns[i].target = known
        }
        return result
    }

    /// The mapping as a template stores it: column key → target (or `nil`, not imported).
    public var template: [String: String?] {
        var result: [String: String?] = [:]
        for column in columns { result[column.key] = column.target }
        return result
    }

    /// The columns that are imported.
    public var mapped: [ImportColumn] { columns.filter { $0.target != nil } }

    /// Whether any column is mapped to the target.
    public func maps(_ target: String) -> Bool { columns.contains { $0.target == target } }

    /// Whether any column fills the field (through any of its targets).
    public func fills(_ field: String, targets: [ImportTarget]) -> Bool {
        let keys = Set(targets.filter { $0.field == field }.map(\.key))
        return columns.contains { $0.target.map(keys.contains) ?? false }
    }
}
