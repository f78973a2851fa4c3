import RapportCore

/// A button-styled link in a page's header: an export, an import, a download.
struct ActionLink: Sendable {
    var text: String
    var href: String
    /// An icon of `icons.svg`.
    var icon: String
    /// The browser saves the answer instead of showing it.
    var download = false
}

extension WebEntity {
    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] { [] }
    static func recordActions(_ record: Record<Self>) -> [ActionLink] { [] }
}

extension ListQuery {
    /// The list's filters, search, sort and scope as URL query text (no paging), to hand the same
    /// selection to another page such as an export.
    var selectionQuery: String {
        var pairs: [(String, String?)] = [("q", q)]
        for (name, value) in filters.sorted(by: { $0.key < $1.key }) { pairs.append(("filter[\(name)]", value)) }
        pairs.append(("tag", tag))
        if sort != .name || descending { pairs.append(("sort", (descending ? "-" : "") + sort.rawValue)) }
        if scope != .active { pairs.append(("scope", scope.rawValue)) }
        return FormData.query(pairs)
    }
}

extension Principal {
    /// Whether this principal may create and change records of an entity (the catalog is the
    /// managers' and admins'), so pages offer only what will work.
    func mayChange<E: Entity>(_: E.Type) -> Bool {
        canWrite && (!E.isCatalog || role == .admin || role == .manager)
    }
}
