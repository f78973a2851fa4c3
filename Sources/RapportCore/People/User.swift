import Foundation

/// Someone who signs in to Rapport.
public struct User: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<User>
    public var id: ID
    public var workspaceID: Workspace.ID
    public var email: EmailAddress
    public var name: String
    public var role: Role
    public var teamID: Team.ID?
    /// IANA time zone name, e.g. `Europe/Paris`.
    public var timeZone: String
    public var active: Bool
    public var createdAt: Timestamp

    public init(
        id: ID, workspaceID: Workspace.ID, email: EmailAddress, name: String, role: Role, teamID: Team.ID?,
        timeZone: String, active: Bool, createdAt: Timestamp
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.email = email
        self.name = name
        self.role = role
        self.teamID = teamID
        self.timeZone = timeZone
        self.active = active
        self.createdAt = createdAt
    }
}

/// The tenant boundary: every tenant-owned row carries its workspace's ID.
public struct Workspace: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Workspace>
    public var id: ID
    public var name: String
    /// ISO 3166 code used to read phone numbers written without a country code.
    public var defaultCountry: String
    /// ISO 4217 code for money fields that do not name one.
    public var defaultCurrency: String
    public var timeZone: String

    public init(id: ID, name: String, defaultCountry: String, defaultCurrency: String, timeZone: String) {
        self.id = id
        self.name = name
        self.defaultCountry = defaultCountry
        self.defaultCurrency = defaultCurrency
        self.timeZone = timeZone
    }
}
