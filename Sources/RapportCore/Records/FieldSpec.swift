import Foundation

/// What kind of value a field holds, with its limits.
public enum FieldKind: Sendable, Equatable {
    case text(max: Int)
    case longText(max: Int)
    case integer(ClosedRange<Int64>)
    case money
    case date
    /// A point in time (a call, a meeting's start, a task's due time).
    case dateTime
    case bool
    case choice([String])
    case url
    case country
    case timeZone
    case emails(max: Int)
    case phones(max: Int)
    case tags(max: Int)
    /// A reference to a record of another entity, by its table name.
    case reference(String)
    /// Several references to rows of a table (a meeting's attendees), at most `max`.
    case references(String, max: Int)
    /// One entry of a workspace-managed list (a purpose), by the list's table name.
    case picklist(String)
}

/// One field of an entity.
public struct FieldSpec: Sendable {
    /// The API and column name, snake_case.
    public let name: String
    public let label: String
    public let kind: FieldKind
    public let required: Bool
    /// A sentence shown under the field in forms.
    public let help: String?
    /// Whether the field's text goes into the search index.
    public let searchable: Bool
    /// Set by Rapport (a lead's score, a deal's close time), never from input: the API refuses it
    /// and forms do not show it.
    public let readOnly: Bool

    public init(
        _ name: String, _ label: String, _ kind: FieldKind, required: Bool = false, help: String? = nil,
        searchable: Bool = false, readOnly: Bool = false
    ) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.help = help
        self.searchable = searchable
        self.readOnly = readOnly
    }

    /// The JSON of an empty value: `[]` for lists, `null` otherwise.
    public var emptyJSON: JSONValue {
        switch kind {
        case .emails, .phones, .tags, .references: .array([])
        default: .null
        }
    }

    /// The SQL columns the field is stored in (money takes two).
    public var columns: [String] {
        if case .money = kind { return [name, name + "_currency"] }
        return [name]
    }
}
