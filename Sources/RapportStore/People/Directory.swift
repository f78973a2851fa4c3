import Foundation
import RapportCore
import SQLKit

/// Workspaces, teams and users.
public struct Directory: Sendable {
    let db: Database
    let cache: AuthCache

    /// The directory in `db`; `cache` is shared with the other stores of the same instance (see `AuthCache`).
    public init(_ db: Database, cache: AuthCache = AuthCache(seconds: 0)) {
        self.db = db
        self.cache = cache
    }

    // MARK: Workspaces

    /// The first workspace, creating it if there is none (embedded mode has exactly one).
    public func defaultWorkspace() async throws -> Workspace {
        if let existing = try await db.read({ sql in
            try await sql.raw("SELECT * FROM workspaces ORDER BY created_at, id LIMIT 1").first().map(Self.workspace)
        }) {
            return existing
        }
        let workspace = Workspace(
            id: .make(), name: "My company", defaultCountry: "US", defaultCurrency: "USD", timeZone: "UTC")
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO workspaces (id, name, default_country, default_currency, time_zone, created_at)
                VALUES (\(bind: workspace.id.uuid), \(bind: workspace.name), \(bind: workspace.defaultCountry),
                        \(bind: workspace.defaultCurrency), \(bind: workspace.timeZone), \(bind: Timestamp.now().micros))
                """
            ).run()
        }
        return workspace
    }

    public func workspace(_ id: Workspace.ID) async throws -> Workspace? {
        let now = Timestamp.now().micros
        if let workspace = cache.workspace(id, now: now) { return workspace }
        let ticket = cache.ticket()
        let workspace = try await db.read { sql in
            try await sql.raw("SELECT * FROM workspaces WHERE id = \(bind: id.uuid)").first().map(Self.workspace)
        }
        if let workspace { cache.remember(workspace, now: now, ticket: ticket) }
        return workspace
    }

    /// The country a workspace reads phone numbers in when they have no country code.
    public func defaultCountry(of workspace: Workspace.ID) async throws -> String {
        try await self.workspace(workspace)?.defaultCountry ?? "US"
    }

    /// Renames the workspace and sets its defaults.
    public func updateWorkspace(_ workspace: Workspace) async throws {
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE workspaces SET name = \(bind: workspace.name), default_country = \(bind: workspace.defaultCountry),
                    default_currency = \(bind: workspace.defaultCurrency), time_zone = \(bind: workspace.timeZone)
                WHERE id = \(bind: workspace.id.uuid)
                """
            ).run()
        }
        cache.forget(workspace: workspace.id)
    }

    static func workspace(_ row: any SQLRow) throws -> Workspace {
        Workspace(
            id: .init(try row.decode(column: "id", as: UUID.self)), name: try row.decode(column: "name", as: String.self),
            defaultCountry: try row.decode(column: "default_country", as: String.self),
            defaultCurrency: try row.decode(column: "default_currency", as: String.self),
            timeZone: try row.decode(column: "time_zone", as: String.self))
    }

    // MARK: Teams

    public func teams(in workspace: Workspace.ID) async throws -> [Team] {
        let now = Timestamp.now().micros
        if let teams = cache.teams(in: workspace, now: now) { return teams }
        let ticket = cache.ticket()
        let teams = try await db.read { sql in
            try await sql.raw("SELECT id, name, parent_id FROM teams WHERE workspace_id = \(bind: workspace.uuid) ORDER BY name")
                .all().map { row in
                    Team(
                        id: .init(try row.decode(column: "id", as: UUID.self)),
                        name: try row.decode(column: "name", as: String.self),
                        parentID: try row.decode(column: "parent_id", as: UUID?.self).map(Team.ID.init))
                }
        }
        cache.remember(teams, in: workspace, now: now, ticket: ticket)
        return teams
    }

    /// The team with a name, creating it (with `id`, for reproducible fixtures) when missing.
    public func team(
        named name: String, in workspace: Workspace.ID, parent: Team.ID? = nil, id: Team.ID = .make()
    ) async throws -> Team {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 80 else {
            throw RapportError.invalid(field: "team", reason: "must be 1 to 80 characters")
        }
        if let existing = try await teams(in: workspace).first(where: { $0.name.lowercased() == trimmed.lowercased() }) {
            return existing
        }
        let team = Team(id: id, name: trimmed, parentID: parent)
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO teams (id, workspace_id, name, parent_id, created_at)
                VALUES (\(bind: team.id.uuid), \(bind: workspace.uuid), \(bind: team.name), \(bind: parent?.uuid), \(bind: Timestamp.now().micros))
                """
            ).run()
        }
        cache.forget(teamsOf: workspace)
        return team
    }

    // MARK: Users

    static let userColumns = "id, workspace_id, email, name, role, team_id, time_zone, active, created_at"

    static func user(_ row: any SQLRow) throws -> User {
        User(
            id: .init(try row.decode(column: "id", as: UUID.self)),
            workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
            email: EmailAddress(trusted: try row.decode(column: "email", as: String.self)),
            name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer,
            teamID: try row.decode(column: "team_id", as: UUID?.self).map(Team.ID.init),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)))
    }

    public func users(in workspace: Workspace.ID) async throws -> [User] {
        let now = Timestamp.now().micros
        if let users = cache.users(in: workspace, now: now) { return users }
        let ticket = cache.ticket()
        let users = try await db.read { sql in
            try await sql.raw(
                "SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE workspace_id = \(bind: workspace.uuid) ORDER BY name, email"
            ).all().map(Self.user)
        }
        cache.remember(users, in: workspace, now: now, ticket: ticket)
        return users
    }

    public func userCount() async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func user(_ id: User.ID) async throws -> User? {
        try await db.read { sql in
            try await sql.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users WHERE id = \(bind: id.uuid)").first().map(Self.user)
        }
    }

    /// A user and their password hash, by email.
    public func credentials(email: EmailAddress) async throws -> (User, String)? {
        try await db.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT \(unsafeRaw: Self.userColumns), password_hash FROM users WHERE email = \(bind: email.value)"
                ).first()
            else { return nil }
            return (try Self.user(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    /// Adds a user; the email must be free.
    public func createUser(
        email: EmailAddress, name: String, passwordHash: String, role: Role, team: Team.ID?, timeZone: String = "UTC",
        in workspace: Workspace.ID, id: User.ID = .make()
    ) async throws -> User {
        let user = User(
            id: id, workspaceID: workspace, email: email, name: name, role: role, teamID: team, timeZone: timeZone,
            active: true, createdAt: .now())
        try await db.write { sql in
            if try await sql.raw("SELECT id FROM users WHERE email = \(bind: email.value)").first() != nil {
                throw RapportError.invalid(field: "email", reason: "is already used by another user")
            }
            try await sql.raw(
                """
                INSERT INTO users (id, workspace_id, email, name, password_hash, role, team_id, time_zone, active, created_at)
                VALUES (\(bind: user.id.uuid), \(bind: workspace.uuid), \(bind: email.value), \(bind: name), \(bind: passwordHash),
                        \(bind: role.rawValue), \(bind: team?.uuid), \(bind: timeZone), \(bind: true), \(bind: user.createdAt.micros))
                """
            ).run()
        }
        cache.forget(usersOf: workspace)
        return user
    }

    /// Replaces a user's password hash and ends their sessions.
    public func setPassword(_ user: User.ID, hash: String) async throws {
        try await db.write { sql in
            try await sql.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: user.uuid)").run()
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: user.uuid)").run()
        }
        cache.forget(user: user)
    }

    /// Activates or deactivates a user; deactivation ends their sessions and revokes their tokens.
    public func setActive(_ user: User.ID, _ active: Bool) async throws {
        try await db.write { sql in
            try await sql.raw("UPDATE users SET active = \(bind: active) WHERE id = \(bind: user.uuid)").run()
            if !active {
                try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: user.uuid)").run()
                try await sql.raw(
                    "UPDATE api_tokens SET revoked_at = \(bind: Timestamp.now().micros) WHERE user_id = \(bind: user.uuid) AND revoked_at IS NULL"
                ).run()
            }
        }
        cache.forget(user: user)
    }

    /// The principal for a user, with the teams they may see.
    public func principal(for user: User) async throws -> Principal {
        Principal.user(user, teams: try await teams(in: user.workspaceID))
    }
}
