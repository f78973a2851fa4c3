import Foundation

/// Who is acting, with what they may see. Every store call takes one, so visibility and the
/// event log's actor cannot be forgotten.
public struct Principal: Sendable, Equatable {
    public var userID: User.ID?
    public var workspaceID: Workspace.ID
    public var name: String
    public var role: Role
    public var teamID: Team.ID?
    /// Teams whose records this principal sees: its team, and for managers every team below it.
    public var visibleTeams: Set<Team.ID>

    public init(
        userID: User.ID?, workspaceID: Workspace.ID, name: String, role: Role, teamID: Team.ID?,
        visibleTeams: Set<Team.ID>
    ) {
        self.userID = userID
        self.workspaceID = workspaceID
        self.name = name
        self.role = role
        self.teamID = teamID
        self.visibleTeams = visibleTeams
    }

    /// The system itself (migrations, demo data, background jobs): sees everything.
    public static func system(_ workspace: Workspace.ID) -> Principal {
        Principal(userID: nil, workspaceID: workspace, name: "Rapport", role: .admin, teamID: nil, visibleTeams: [])
    }

    /// A signed-in user, with the teams they may see given the workspace's team tree.
    public static func user(_ user: User, teams: [Team]) -> Principal {
        var visible: Set<Team.ID> = []
        if let team = user.teamID {
            visible = user.role == .manager ? Team.subtree(of: team, in: teams) : [team]
        }
        return Principal(
            userID: user.id, workspaceID: user.workspaceID, name: user.name, role: user.role,
            teamID: user.teamID, visibleTeams: visible)
    }

    /// Whether every record is visible (no row filter needed).
    public var seesEverything: Bool { role == .admin }

    public var canWrite: Bool { role != .viewer }

    /// The visibility rule for one record.
    public func canSee(owner: User.ID?, team: Team.ID?, shared: Bool) -> Bool {
        if seesEverything || shared { return true }
        if let owner, owner == userID { return true }
        if let team, visibleTeams.contains(team) { return true }
        return false
    }

    /// Throws unless this principal may change records.
    public func requireWrite() throws(RapportError) {
        guard canWrite else { throw .forbidden("Your role is read-only.") }
    }

    /// Throws unless this principal is an admin.
    public func requireAdmin() throws(RapportError) {
        guard role == .admin else { throw .forbidden("Only an admin may do this.") }
    }
}
