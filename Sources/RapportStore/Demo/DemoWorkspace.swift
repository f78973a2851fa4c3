import Foundation
import RapportCore

/// What `load` created.
public struct DemoSummary: Sendable, Equatable {
    public var teams: Int
    public var users: Int
    public var accounts: Int
    public var contacts: Int
    public var relations: Int
    public var leads: Int
    public var deals: Int
    /// `true` when the demo was found already loaded and nothing was done.
    public var alreadyLoaded: Bool

    public init(
        teams: Int, users: Int, accounts: Int, contacts: Int, relations: Int, leads: Int = 0, deals: Int = 0, alreadyLoaded: Bool
    ) {
        self.teams = teams
        self.users = users
        self.accounts = accounts
        self.contacts = contacts
        self.relations = relations
        self.leads = leads
        self.deals = deals
        self.alreadyLoaded = alreadyLoaded
    }
}

/// The demo workspace of Northwind Instruments, a mid-size maker of laboratory and industrial
/// measurement equipment: its teams and people, about 300 companies it deals with around the
/// world, 1,000 people there, the relations between the companies, a few changes by different
/// people so record histories have something to show, months of calls and meetings, and its
/// sales: leads, deals in two pipelines with their stage history, conversions.
///
/// Everything goes through the same store calls and input validation as the API, acting as the
/// Northwind employee who owns each record, so the event log and visibility rules look real.
/// The data is the same on every machine and database: one seeded generator, fixed IDs.
public enum DemoWorkspace {
    /// The demo admin's address; its presence means the demo is loaded.
    public static let adminEmail = DemoStaff.maya.email

    /// The demo users' emails with their roles/teams, so the CLI can print how to sign in (all
    /// share the password the caller hashed).
    public static let users: [(email: String, name: String, role: Role, team: String)] = DemoStaff.allCases.map {
        ($0.email, $0.name, $0.role, $0.team.name)
    }

    /// Loads the demo workspace once into `workspace`: deterministic, the same data on every
    /// machine and database. Does nothing (`alreadyLoaded`) if the demo user
    /// `maya.chen@demo.rapport.test` exists. A workspace still named "My company" is renamed
    /// Northwind Instruments.
    public static func load(into store: Store, workspace: Workspace, passwordHash: String) async throws -> DemoSummary {
        if try await store.directory.credentials(email: try EmailAddress(adminEmail)) != nil {
            return DemoSummary(teams: 0, users: 0, accounts: 0, contacts: 0, relations: 0, alreadyLoaded: true)
        }
        var workspace = workspace
        if workspace.name == "My company" {
            workspace.name = "Northwind Instruments"
            workspace.timeZone = "America/New_York"
            try await store.directory.updateWorkspace(workspace)
        }
        var run = DemoRun(store: store, workspace: workspace, plan: DemoPlan.make())
        try await run.createPeople(passwordHash: passwordHash)
        try await run.createAccounts()
        try await run.createContacts()
        let relations = try await run.createRelations()
        try await run.playStory()
        _ = try await run.logActivities()
        let sales = try await run.createSales()
        _ = try await run.createCatalog()
        try await run.createConfigurator()
        try await run.createKnowledge()
        _ = try await run.createBilling()
        return DemoSummary(
            teams: run.teams.count, users: run.users.count, accounts: run.accounts.count + sales.converted,
            contacts: run.contacts.count + sales.converted, relations: relations, leads: sales.leads, deals: sales.deals,
            alreadyLoaded: false)
    }
}

/// Carries out a `DemoPlan` against a store, keeping the records it made so later steps can
/// refer to them and update them at their current version.
struct DemoRun {
    let store: Store
    let workspace: Workspace
    let plan: DemoPlan
    var teams: [DemoTeam: Team] = [:]
    var users: [DemoStaff: User] = [:]
    var principals: [DemoStaff: Principal] = [:]
    var accounts: [Record<Account>] = []
    var contacts: [Record<Contact>] = []

    init(store: Store, workspace: Workspace, plan: DemoPlan) {
        self.store = store
        self.workspace = workspace
        self.plan = plan
    }

    mutating func createPeople(passwordHash: String) async throws {
        for team in DemoTeam.allCases {
            teams[team] = try await store.directory.team(
                named: team.name, in: workspace.id, parent: team.parent.flatMap { teams[$0]?.id },
                id: plan.teamIDs[team] ?? .make())
        }
        for staff in DemoStaff.allCases {
            users[staff] = try await store.directory.createUser(
                email: try EmailAddress(staff.email), name: staff.name, passwordHash: passwordHash, role: staff.role,
                team: teams[staff.team]?.id, timeZone: staff.timeZone, in: workspace.id,
                id: plan.userIDs[staff] ?? .make())
        }
        for (staff, user) in users { principals[staff] = try await store.directory.principal(for: user) }
    }

    mutating func createAccounts() async throws {
        for account in plan.accounts {
            let body = account.input(
                parentID: account.parent.map { accounts[$0].id }, ownerID: try userID(account.owner),
                teamID: try teamID(account.owner))
            var changes = try Self.changes(body, Account.self, defaultCountry: workspace.defaultCountry)
            // The plan is what it is: a look-alike in it is there on purpose, for the duplicates list.
            changes.flags.insert(DuplicateCheck.flag)
            accounts.append(try await store.accounts.create(changes, id: account.id, by: try principal(account.owner)))
        }
    }

    mutating func createContacts() async throws {
        for contact in plan.contacts {
            let account = plan.accounts[contact.account]
            let body = contact.input(
                accountID: accounts[contact.account].id, ownerID: try userID(account.owner),
                teamID: try teamID(account.owner), shared: account.shared)
            var changes = try Self.changes(body, Contact.self, defaultCountry: workspace.defaultCountry)
            changes.flags.insert(DuplicateCheck.flag)
            contacts.append(try await store.contacts.create(changes, id: contact.id, by: try principal(account.owner)))
        }
    }

    /// Relates accounts as the first of the owners, the sales manager or the admin who can see both.
    mutating func createRelations() async throws -> Int {
        var made = 0
        for relation in plan.relations {
            let from = accounts[relation.from]
            let to = accounts[relation.to]
            let candidates = [plan.accounts[relation.from].owner, plan.accounts[relation.to].owner, .daniel, .maya]
            guard
                let actor = candidates.compactMap({ principals[$0] }).first(where: { p in
                    [from, to].allSatisfy { p.canSee(owner: $0.ownerID, team: $0.teamID, shared: $0.shared) }
                })
            else { continue }
            _ = try await store.relations.relate(from.id, relation.kind, to.id, note: relation.note, by: actor)
            made += 1
        }
        return made
    }

    // MARK: Helpers

    /// Reads a body the way the API does, so the demo passes the same validation; throws its issues.
    static func changes<E: Entity>(
        _ body: JSONObject, _ entity: E.Type, defaultCountry: String
    ) throws -> RecordChanges<E> {
        var input = Input(body)
        let changes = RecordChanges<E>.read(&input, defaultCountry: defaultCountry)
        try input.finish()
        return changes
    }

    func principal(_ staff: DemoStaff) throws -> Principal {
        guard let principal = principals[staff] else { throw RapportError.notFound(entity: "user", id: staff.email) }
        return principal
    }

    func userID(_ staff: DemoStaff) throws -> User.ID {
        guard let user = users[staff] else { throw RapportError.notFound(entity: "user", id: staff.email) }
        return user.id
    }

    func teamID(_ staff: DemoStaff) throws -> Team.ID {
        guard let team = teams[staff.team] else { throw RapportError.notFound(entity: "team", id: staff.team.name) }
        return team.id
    }

    /// Changes an account as a member of staff, at its current version.
    mutating func updateAccount(
        _ key: String, by staff: DemoStaff, _ body: KeyValuePairs<String, JSONValue>
    )
        async throws
    {
        guard let index = plan.account(key) else { return }
        let changes = try Self.changes(JSONObject(body), Account.self, defaultCountry: workspace.defaultCountry)
        accounts[index] = try await store.accounts.update(
            accounts[index].id, changes, expecting: accounts[index].version, by: try principal(staff))
    }

    /// Changes a contact as a member of staff, at its current version.
    mutating func updateContact(
        at index: Int, by staff: DemoStaff, _ body: KeyValuePairs<String, JSONValue>
    )
        async throws
    {
        let changes = try Self.changes(JSONObject(body), Contact.self, defaultCountry: workspace.defaultCountry)
        contacts[index] = try await store.contacts.update(
            contacts[index].id, changes, expecting: contacts[index].version, by: try principal(staff))
    }

    mutating func updateContact(
        _ key: String, by staff: DemoStaff, _ body: KeyValuePairs<String, JSONValue>
    )
        async throws
    {
        guard let index = plan.contact(key) else { return }
        try await updateContact(at: index, by: staff, body)
    }

    func account(_ key: String) -> Record<Account>? { plan.account(key).map { accounts[$0] } }
    func contact(_ key: String) -> Record<Contact>? { plan.contact(key).map { contacts[$0] } }
    func contactIndexes(at key: String) -> [Int] {
        guard let account = plan.account(key) else { return [] }
        return plan.contacts.indices.filter { plan.contacts[$0].account == account }
    }
}
