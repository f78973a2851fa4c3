import Foundation

/// A kind of record (account, contact, and later lead, deal, case…) described by its fields.
///
/// One schema drives reading input, validation, the JSON form, the table columns, the search
/// document and the event log's diffs, so a field is declared once and behaves alike everywhere.
public protocol Entity: Sendable {
    /// The entity's name in URLs, events and the API (`accounts` → `account`).
    static var name: String { get }
    /// The SQL table.
    static var table: String { get }
    /// The fields, in the order forms show them.
    static var fields: [FieldSpec] { get }
    /// Fills values derived from others (a domain from a website) and checks rules across fields.
    /// `changed` names the fields the change set, so a derived value follows its source.
    static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue])
    /// The name people see for a record.
    static func title(of values: FieldValues) -> String
    /// Yes/no request members that are not stored but steer a write, e.g. `allow_duplicate`.
    static var flags: [String] { get }
    /// Reference fields through which a record is visible: whoever may see the contact an activity
    /// is about sees the activity, whichever team logged it.
    static var visibleThrough: [String] { get }
    /// Records every user sees and only managers and admins change (the product catalog):
    /// always shared, whatever the input says.
    static var isCatalog: Bool { get }
    /// Why a record may not be deleted (an issued invoice is kept for good), or nil.
    static func deletionRefusal(_ values: FieldValues) -> String?
}

extension Entity {
    public static var flags: [String] { [] }
    public static var visibleThrough: [String] { [] }
    public static var isCatalog: Bool { false }
    public static func deletionRefusal(_ values: FieldValues) -> String? { nil }

    /// The field with a given name.
    public static func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}

/// The values of a record's fields, by field name. Absent means empty.
public typealias FieldValues = [String: FieldValue]
