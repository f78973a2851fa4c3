import Foundation
import Hummingbird
import RapportCore

extension ListQuery {
    /// Reads `q`, `limit`, `cursor`, `sort` (`name`, `-updated_at`…), `scope`, `tag` and `filter[field]`.
    init<E: Entity>(_ params: Hummingbird.Parameters, for entity: E.Type) throws(RapportError) {
        var query = ListQuery()
        var issues: [FieldIssue] = []
        for (key, value) in params {
            // Hummingbird decodes query values but not keys; browsers send `filter%5Btype%5D`.
            let key = String(key).removingPercentEncoding ?? String(key)
            let value = String(value)
            // An empty value means "not set": HTML forms submit blank selects this way.
            if value.isEmpty && key != "q" { continue }
            if value.hasControlCharacters {
                issues.append(FieldIssue(field: key, reason: "must not contain control characters"))
                continue
            }
            switch key {
            case "q":
                if value.count > 200 { issues.append(FieldIssue(field: "q", reason: "must be at most 200 characters")) }
                query.q = value
            case "limit":
                guard let n = Int(value), (1...200).contains(n) else {
                    issues.append(FieldIssue(field: "limit", reason: "must be a whole number from 1 to 200"))
                    continue
                }
                query.limit = n
            case "cursor":
                do { query.cursor = try Cursor(decoding: value) } catch { issues.append(FieldIssue(field: "cursor", reason: "is not a cursor this server made")) }
            case "sort":
                let descending = value.hasPrefix("-")
                guard let field = SortField(rawValue: String(value.drop(while: { $0 == "-" }))) else {
                    issues.append(FieldIssue(field: "sort", reason: "must be one of name, created_at, updated_at, optionally prefixed with -"))
                    continue
                }
                query.sort = field
                query.descending = descending
            case "scope":
                guard let scope = ListQuery.Scope(rawValue: value) else {
                    issues.append(FieldIssue(field: "scope", reason: "must be active, deleted or all"))
                    continue
                }
                query.scope = scope
            case "tag":
                query.tag = value
            default:
                if key.hasPrefix("filter["), key.hasSuffix("]") {
                    let field = String(key.dropFirst(7).dropLast())
                    guard ListQuery.filterableFields(E.self).contains(field) else {
                        issues.append(FieldIssue(field: key, reason: "is not a filter this list offers"))
                        continue
                    }
                    if value.count > 200 { issues.append(FieldIssue(field: key, reason: "must be at most 200 characters")) }
                    query.filters[field] = value
                } else {
                    issues.append(FieldIssue(field: key, reason: "is not a known query parameter"))
                }
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
        self = query
    }

}
