import Foundation

/// One result of the global search.
public struct SearchHit: Sendable, Equatable {
    /// The entity's name, e.g. `contact`.
    public var entity: String
    public var id: String
    public var title: String
    public var subtitle: String

    public init(entity: String, id: String, title: String, subtitle: String) {
        self.entity = entity
        self.id = id
        self.title = title
        self.subtitle = subtitle
    }

    public func json() -> JSONObject {
        JSONObject([
            "entity": .string(entity), "id": .string(id), "title": .string(title), "subtitle": .string(subtitle),
        ])
    }
}
