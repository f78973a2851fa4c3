import Foundation
import RapportCore
import SQLKit

/// An API token as listed (never with its secret).
public struct APIToken: Sendable, Equatable {
    public var id: UUID
    public var userID: User.ID
    public var name: String
    /// The first characters of the token, to recognise it.
    public var prefix: String
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    public var revokedAt: Timestamp?
}

/// Bearer tokens for the API: shown once, stored hashed, revocable.
public struct TokenStore: Sendable {
    let db: Database
    let cache: AuthCache

    /// Tokens in `db`; `cache` is shared with the other stores of the same instance (see `AuthCache`).
    public init(_ db: Database, cache: AuthCache = AuthCache(seconds: 0)) {
        self.db = db
        self.cache = cache
    }

    /// Creates a token for a user; returns the listing and the secret, which is never stored.
    public func create(for user: User, name: String) async throws -> (APIToken, String) {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw RapportError.invalid(field: "name", reason: "must be 1 to 100 characters")
        }
        let secret = "rpt_" + Secrets.random(bytes: 32)
        let token = APIToken(
            id: UUIDv7.make(), userID: user.id, name: trimmed, prefix: String(secret.prefix(10)), createdAt: .now(),
            lastUsedAt: nil, revokedAt: nil)
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO api_tokens (id, workspace_id, user_id, name, token_hash, prefix, created_at)
                VALUES (\(bind: token.id), \(bind: user.workspaceID.uuid), \(bind: user.id.uuid), \(bind: token.name),
                        \(bind: Secrets.hash(secret)), \(bind: token.prefix), \(bind: token.createdAt.micros))
                """
            ).run()
        }
        return (token, secret)
    }

    /// The active user a live token belongs to.
    public func user(forSecret secret: String) async throws -> User? {
        guard secret.hasPrefix("rpt_"), secret.count < 100 else { return nil }
        let hash = Secrets.hash(secret)
        let now = Timestamp.now().micros
        if let user = cache.user(forTokenHash: hash, now: now) { return user }
        let ticket = cache.ticket()
        let user = try await db.read { sql in
            try await sql.raw(
                """
                SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.team_id, u.time_zone, u.active, u.created_at
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.active = \(bind: true)
                """
            ).first().map(Directory.user)
        }
        if let user { cache.remember(user, forTokenHash: hash, now: now, ticket: ticket) }
        return user
    }

    public func list(for user: User.ID) async throws -> [APIToken] {
        try await db.read { sql in
            try await sql.raw(
                "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: user.uuid) ORDER BY created_at"
            ).all().map { row in
                APIToken(
                    id: try row.decode(column: "id", as: UUID.self),
                    userID: .init(try row.decode(column: "user_id", as: UUID.self)),
                    name: try row.decode(column: "name", as: String.self),
                    prefix: try row.decode(column: "prefix", as: String.self),
                    createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
                    lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Timestamp.init(micros:)),
                    revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.init(micros:)))
            }
        }
    }

    /// Revokes a token by ID or by its prefix; returns how many were revoked.
    @discardableResult
    public func revoke(idOrPrefix: String, of user: User.ID) async throws -> Int {
        // Honoured at once on this instance: the user's remembered tokens are dropped once it is committed.
        defer { cache.forget(user: user) }
        return try await db.write { sql in
            let now = Timestamp.now().micros
            let condition: SQLQueryString
            if let id = UUID(uuidString: idOrPrefix) {
                condition = "id = \(bind: id)"
            } else {
                condition = "prefix = \(bind: idOrPrefix)"
            }
            let rows = try await sql.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: user.uuid) AND revoked_at IS NULL AND \(condition) RETURNING id"
            ).all()
            return rows.count
        }
    }
}
