import Foundation

/// How one field is settled when two records become one.
public enum MergeChoice: String, Sendable, CaseIterable {
    /// Keep the surviving record's value.
    case survivor
    /// Take the duplicate's value.
    case duplicate
    /// Keep the items of both lists (emails, phones, tags), the survivor's first.
    case both
}

/// The field values of a merged record, chosen field by field from the survivor and the duplicate.
///
/// Unless told otherwise a field keeps the survivor's value, fills an empty one from the duplicate,
/// and lists keep both sides' items. A yes/no field is yes when either record says yes, so merging
/// never loses an email opt-out.
public enum MergePlan {
    /// Whether a field holds a list, which may keep both sides.
    public static func isList(_ spec: FieldSpec) -> Bool {
        switch spec.kind {
        case .emails, .phones, .tags: true
        default: spec.emptyJSON == .array([])
        }
    }

    /// The choice made when the caller names none.
    public static func defaultChoice(_ spec: FieldSpec, survivor: FieldValue?, duplicate: FieldValue?) -> MergeChoice {
        if isList(spec) { return .both }
        if spec.kind == .bool { return duplicate == .bool(true) && survivor != .bool(true) ? .duplicate : .survivor }
        let survivorEmpty = survivor?.isEmpty ?? true
        let duplicateEmpty = duplicate?.isEmpty ?? true
        return survivorEmpty && !duplicateEmpty ? .duplicate : .survivor
    }

    /// Reads `{"field": "survivor" | "duplicate" | "both"}`; every bad member is named as `fields.<name>`.
    public static func readChoices<E: Entity>(_ value: JSONValue?, for entity: E.Type) throws(RapportError)
        -> [String: MergeChoice]
    {
        guard let value, value != .null else { return [:] }
        guard case .object(let object) = value else {
            throw .invalid(field: "fields", reason: "must be an object of field names to survivor, duplicate or both")
        }
        var choices: [String: MergeChoice] = [:]
        var issues: [FieldIssue] = []
        for (name, raw) in object {
            guard let spec = E.field(name) else {
                issues.append(FieldIssue(field: "fields.\(name)", reason: "is not a field of a \(E.name)"))
                continue
            }
            guard case .string(let text) = raw, let choice = MergeChoice(rawValue: text) else {
                issues.append(FieldIssue(field: "fields.\(name)", reason: "must be survivor, duplicate or both"))
                continue
            }
            if choice == .both && !isList(spec) {
                issues.append(
                    FieldIssue(field: "fields.\(name)", reason: "can be both only for lists (emails, phones, tags)"))
                continue
            }
            choices[name] = choice
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return choices
    }

    /// The survivor's changes that make it the merged record: only fields whose value differs from
    /// the survivor's. Derived values follow (`Entity.finish`) and required fields are checked, with
    /// problems named as `fields.<name>`.
    public static func changes<E: Entity>(
        _ entity: E.Type, survivor: FieldValues, duplicate: FieldValues, choices: [String: MergeChoice]
    ) throws(RapportError) -> RecordChanges<E> {
        var changes = RecordChanges<E>()
        var issues: [FieldIssue] = []
        for spec in E.fields {
            let mine = survivor[spec.name]
            let theirs = duplicate[spec.name]
            let merged: FieldValue?
            switch choices[spec.name] ?? defaultChoice(spec, survivor: mine, duplicate: theirs) {
            case .survivor: merged = mine
            case .duplicate: merged = theirs
            case .both:
                merged = union(mine, theirs)
                if let merged, let max = maxItems(spec), count(merged) > max {
                    issues.append(
                        FieldIssue(
                            field: "fields.\(spec.name)",
                            reason: "together hold \(count(merged)) items, more than the \(max) a \(E.name) keeps; choose one side"))
                    continue
                }
            }
            if merged != mine { changes.values[spec.name] = .some(merged) }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        do {
            _ = try changes.apply(to: survivor)
        } catch {
            guard case .invalid(let list) = error else { throw error }
            throw .invalid(list.map { FieldIssue(field: "fields.\($0.field)", reason: $0.reason) })
        }
        return changes
    }

    /// Both lists' items, the first list's order first, without repeats.
    static func union(_ a: FieldValue?, _ b: FieldValue?) -> FieldValue? {
        guard let a else { return b }
        guard let b else { return a }
        switch (a, b) {
        case (.emails(let x), .emails(let y)):
            return .emails(x + y.filter { item in !x.contains { $0.address == item.address } })
        case (.phones(let x), .phones(let y)):
            return .phones(x + y.filter { item in !x.contains { $0.number.e164 == item.number.e164 } })
        case (.tags(let x), .tags(let y)):
            return .tags(x + y.filter { !x.contains($0) })
        default:
            return a
        }
    }

    static func count(_ value: FieldValue) -> Int {
        switch value {
        case .emails(let e): e.count
        case .phones(let p): p.count
        case .tags(let t): t.count
        default: 1
        }
    }

    static func maxItems(_ spec: FieldSpec) -> Int? {
        switch spec.kind {
        case .emails(let max), .phones(let max), .tags(let max): max
        default: nil
        }
    }
}
