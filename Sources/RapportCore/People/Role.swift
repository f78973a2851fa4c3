import Foundation

/// What a user may do. Visibility of records follows from the role and the user's team.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    /// Sees and changes everything, manages users and settings.
    case admin
    /// Sees and changes the records of their team and its sub-teams.
    case manager
    /// Sees and changes their own and their team's records, and records marked shared.
    case rep
    /// Reads what a rep would see; changes nothing.
    case viewer

    var rank: Int {
        switch self {
        case .viewer: 0
        case .rep: 1
        case .manager: 2
        case .admin: 3
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}
