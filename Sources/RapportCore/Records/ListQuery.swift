import Foundation

/// How a list is sorted: by a stored sort key, ascending or descending.
public enum SortField: String, Sendable, CaseIterable {
    /// Case- and accent-insensitive name (contacts: last name, then first).
    case name
    case createdAt = "created_at"
    case updatedAt = "updated_at"

    /// The column holding the key.
    public var column: String {
        switch self {
        case .name: "sort_name"
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        }
    }
}

/// Which records of a list to show, in what order, and from where.
public struct ListQuery: Sendable, Equatable {
    /// Which rows, by deletion state.
    public enum Scope: String, Sendable, CaseIterable {
        case active, deleted, all
    }

    /// Full-text query, matched as typed (the last word is a prefix).
    public var q: String?
    /// Equality filters: field name to value (as text: an ID, a choice, `true`/`false`).
    public var filters: [String: String]
    /// Records carrying this tag.
    public var tag: String?
    public var sort: SortField
    public var descending: Bool
    public var limit: Int
    public var cursor: Cursor?
    public var scope: Scope

    public init(
        q: String? = nil, filters: [String: String] = [:], tag: String? = nil, sort: SortField = .name,
        descending: Bool = false, limit: Int = 50, cursor: Cursor? = nil, scope: Scope = .active
    ) {
        self.q = q
        self.filters = filters
        self.tag = tag
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.cursor = cursor
        self.scope = scope
    }

    /// Fields a list may be filtered on, for an entity: choices, countries, references, booleans.
    public static func filterableFields<E: Entity>(_ entity: E.Type) -> [String] {
        var names = ["owner_id", "team_id", "shared"]
        for spec in E.fields {
            switch spec.kind {
            case .choice, .country, .reference, .picklist, .bool, .text: names.append(spec.name)
            default: break
            }
        }
        return names
    }
}
