import RapportCore
import Testing

@Suite struct PrincipalTests {
    // Sales ─┬─ East ── New York
    //        └─ West
    // Service
    static let sales = Team(id: .make(), name: "Sales")
    static let east = Team(id: .make(), name: "East", parentID: sales.id)
    static let newYork = Team(id: .make(), name: "New York", parentID: east.id)
    static let west = Team(id: .make(), name: "West", parentID: sales.id)
    static let service = Team(id: .make(), name: "Service")
    // Listed children first, so the subtree cannot be found in a single pass.
    static let teams = [newYork, east, west, service, sales]
    static let workspace = Workspace.ID.make()

    static func user(_ role: Role, _ team: Team?) -> User {
        User(
            id: .make(), workspaceID: workspace, email: EmailAddress(trusted: "\(role)@example.com"), name: "\(role)",
            role: role, teamID: team?.id, timeZone: "UTC", active: true, createdAt: Timestamp(micros: 0))
    }

    @Test func subtreeHoldsTheTeamAndEveryTeamBelowIt() {
        #expect(Team.subtree(of: Self.sales.id, in: Self.teams) == [Self.sales.id, Self.east.id, Self.newYork.id, Self.west.id])
        #expect(Team.subtree(of: Self.east.id, in: Self.teams) == [Self.east.id, Self.newYork.id])
        #expect(Team.subtree(of: Self.newYork.id, in: Self.teams) == [Self.newYork.id])
        #expect(Team.subtree(of: Self.service.id, in: Self.teams) == [Self.service.id])
    }

    @Test func subtreeEndsOnACycle() {
        let a = Team.ID.make()
        let b = Team.ID.make()
        let cyclic = [Team(id: a, name: "A", parentID: b), Team(id: b, name: "B", parentID: a)]
        #expect(Team.subtree(of: a, in: cyclic) == [a, b])
    }

    @Test func adminSeesEverything() {
        let admin = Principal.user(Self.user(.admin, nil), teams: Self.teams)
        #expect(admin.seesEverything)
        #expect(admin.canWrite)
        #expect(admin.canSee(owner: .make(), team: Self.service.id, shared: false))
        #expect(admin.canSee(owner: nil, team: nil, shared: false))
        #expect(Principal.system(Self.workspace).seesEverything)
    }

    @Test func managerSeesTheirTeamAndEverySubTeam() {
        let manager = Principal.user(Self.user(.manager, Self.sales), teams: Self.teams)
        #expect(manager.visibleTeams == [Self.sales.id, Self.east.id, Self.newYork.id, Self.west.id])
        for team in [Self.sales, Self.east, Self.newYork, Self.west] {
            #expect(manager.canSee(owner: .make(), team: team.id, shared: false), "\(team.name)")
        }
        #expect(!manager.canSee(owner: .make(), team: Self.service.id, shared: false))
        #expect(!manager.seesEverything)

        let eastManager = Principal.user(Self.user(.manager, Self.east), teams: Self.teams)
        #expect(eastManager.canSee(owner: .make(), team: Self.newYork.id, shared: false))
        #expect(!eastManager.canSee(owner: .make(), team: Self.sales.id, shared: false))
        #expect(!eastManager.canSee(owner: .make(), team: Self.west.id, shared: false))
    }

    @Test func repSeesOwnTeamAndSharedRecordsOnly() {
        let user = Self.user(.rep, Self.east)
        let rep = Principal.user(user, teams: Self.teams)
        #expect(rep.visibleTeams == [Self.east.id])
        #expect(rep.canWrite)
        #expect(rep.canSee(owner: user.id, team: nil, shared: false), "own record without a team")
        #expect(rep.canSee(owner: user.id, team: Self.service.id, shared: false), "own record in another team")
        #expect(rep.canSee(owner: .make(), team: Self.east.id, shared: false), "a teammate's record")
        #expect(!rep.canSee(owner: .make(), team: Self.newYork.id, shared: false), "a sub-team's record")
        #expect(!rep.canSee(owner: .make(), team: Self.service.id, shared: false), "another team's record")
        #expect(!rep.canSee(owner: nil, team: nil, shared: false), "nobody's record")
        #expect(rep.canSee(owner: .make(), team: Self.service.id, shared: true), "a shared record")
    }

    @Test func userWithoutATeamSeesOwnAndSharedOnly() {
        let user = Self.user(.manager, nil)
        let principal = Principal.user(user, teams: Self.teams)
        #expect(principal.visibleTeams.isEmpty)
        #expect(principal.canSee(owner: user.id, team: nil, shared: false))
        #expect(!principal.canSee(owner: .make(), team: Self.sales.id, shared: false))
    }

    @Test func viewerReadsLikeARepButCannotWrite() {
        let viewer = Principal.user(Self.user(.viewer, Self.east), teams: Self.teams)
        #expect(viewer.canSee(owner: .make(), team: Self.east.id, shared: false))
        #expect(!viewer.canSee(owner: .make(), team: Self.newYork.id, shared: false))
        #expect(!viewer.canWrite)
        #expect(throws: RapportError.forbidden("Your role is read-only.")) { try viewer.requireWrite() }
        #expect(throws: RapportError.self) { try viewer.requireAdmin() }
    }

    @Test(arguments: [Role.manager, .rep, .viewer])
    func onlyAdminsPassTheAdminCheck(role: Role) throws {
        #expect(throws: RapportError.self) { try Principal.user(Self.user(role, Self.sales), teams: Self.teams).requireAdmin() }
        try Principal.user(Self.user(.admin, nil), teams: Self.teams).requireAdmin()
    }

    @Test func rolesRankFromViewerToAdmin() {
        #expect([Role.admin, .viewer, .manager, .rep].sorted() == [.viewer, .rep, .manager, .admin])
    }
}
