import Foundation

/// Where a CSV column's values go: a field of the entity, or one of the few things an import reads
/// besides fields (the owner by email or name, a full name to split, the record's Rapport ID).
///
/// Targets are named by keys the API and templates use: the field's name (`first_name`), a list
/// field with a label (`emails:home`, `phones:mobile`), a money field's currency
/// (`annual_revenue_currency`), `owner`, `full_name` or `id`.
public struct ImportTarget: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A field; list fields (emails, phones, tags) collect every column mapped to them.
        case field(String)
        /// An email or phone list field, with the label its values get.
        case labeled(String, label: String)
        /// The currency of a money field.
        case currency(String)
        /// The record's owner, by a user's email address or name.
        case owner
        /// A whole name, split into first and last name when those are not given.
        case fullName
        /// The Rapport ID of an existing record, to update it.
        case recordID
    }

    public var key: String
    public var kind: Kind
    /// What forms show: “Email (home)”.
    public var label: String

    /// Every target an entity with these fields offers, in the order forms list them.
    public static func all(for fields: [FieldSpec]) -> [ImportTarget] {
        var targets: [ImportTarget] = []
        let names = Set(fields.map(\.name))
        if names.contains("first_name") && names.contains("last_name") {
            targets.append(ImportTarget(key: "full_name", kind: .fullName, label: "Full name (split into first and last)"))
        }
        for spec in fields where !spec.readOnly {
            switch spec.kind {
            case .emails:
                for label in ["work", "home", "other"] {
                    let key = label == "work" ? spec.name : "\(spec.name):\(label)"
                    targets.append(ImportTarget(key: key, kind: .labeled(spec.name, label: label), label: "\(singular(spec.label)) (\(label))"))
                }
            case .phones:
                for label in ["work", "mobile", "home", "main", "fax", "other"] {
                    let key = label == "work" ? spec.name : "\(spec.name):\(label)"
                    targets.append(ImportTarget(key: key, kind: .labeled(spec.name, label: label), label: "\(singular(spec.label)) (\(label))"))
                }
            case .money:
                targets.append(ImportTarget(key: spec.name, kind: .field(spec.name), label: spec.label))
                targets.append(
                    ImportTarget(key: spec.name + "_currency", kind: .currency(spec.name), label: "\(spec.label) currency"))
            case .reference:
                targets.append(ImportTarget(key: spec.name, kind: .field(spec.name), label: "\(spec.label) (name or ID)"))
            case .references, .picklist:
                // Lists of IDs and workspace pick lists are not something a spreadsheet holds.
                continue
            default:
                targets.append(ImportTarget(key: spec.name, kind: .field(spec.name), label: spec.label))
            }
        }
        targets.append(ImportTarget(key: "owner", kind: .owner, label: "Owner (a user’s email or name)"))
        targets.append(ImportTarget(key: "id", kind: .recordID, label: "Rapport ID (to update a record)"))
        return targets
    }

    /// The target a key names for an entity with these fields.
    public static func named(_ key: String, in fields: [FieldSpec]) -> ImportTarget? {
        all(for: fields).first { $0.key == key }
    }

    /// The field a target fills, if it fills one.
    public var field: String? {
        switch kind {
        case .field(let name), .labeled(let name, _), .currency(let name): name
        case .owner, .fullName, .recordID: nil
        }
    }

    static func singular(_ label: String) -> String { label.hasSuffix("s") ? String(label.dropLast()) : label }
}
