import Foundation

/// A department (sales, service, billing, marketing…), optionally inside a parent team.
public struct Team: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Team>
    public var id: ID
    public var name: String
    public var parentID: ID?

    public init(id: ID, name: String, parentID: ID? = nil) {
        self.id = id
        self.name = name
        self.parentID = parentID
    }

    /// The team and every team below it, given all of the workspace's teams.
    public static func subtree(of root: ID, in teams: [Team]) -> Set<ID> {
        var result: Set<ID> = [root]
        var grew = true
        while grew {
            grew = false
            for team in teams where !result.contains(team.id) {
                if let parent = team.parentID, result.contains(parent) {
                    result.insert(team.id)
                    grew = true
                }
            }
        }
        return result
    }
}
