import Foundation
import RapportCore
import SQLKit

/// A signed-in browser session.
public struct Session: Sendable, Equatable {
    public var user: User
    /// The CSRF token every form of this session must carry.
    public var csrf: String
    public var expiresAt: Timestamp
}

/// Browser sessions, in the database so every server instance sees the same ones.
public struct SessionStore: Sendable {
    let db: Database
    let cache: AuthCache
    /// How long a session lasts without use.
    public var lifetime: Int64 = 14 * 24 * 3600

    /// Sessions in `db`; `cache` is shared with the other stores of the same instance (see `AuthCache`).
    public init(_ db: Database, cache: AuthCache = AuthCache(seconds: 0)) {
        self.db = db
        self.cache = cache
    }

    /// Starts a session; returns the secret for the cookie and the session.
    public func start(for user: User) async throws -> (String, Session) {
        let secret = Secrets.random()
        let csrf = Secrets.random(bytes: 24)
        let now = Timestamp.now()
        let expires = now.adding(seconds: lifetime)
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)
                VALUES (\(bind: Secrets.hash(secret)), \(bind: user.id.uuid), \(bind: csrf), \(bind: now.micros), \(bind: expires.micros))
                """
            ).run()
            // Expired sessions are swept on the way, so the table does not grow without bound.
            try await sql.raw("DELETE FROM sessions WHERE expires_at < \(bind: now.micros)").run()
        }
        return (secret, Session(user: user, csrf: csrf, expiresAt: expires))
    }

    /// The live session for a cookie secret, if any.
    public func session(forSecret secret: String) async throws -> Session? {
        guard secret.count < 100 else { return nil }
        let hash = Secrets.hash(secret)
        let now = Timestamp.now()
        if let session = cache.session(forHash: hash, now: now.micros) { return session }
        let ticket = cache.ticket()
        let session: Session? = try await db.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.team_id, u.time_zone, u.active, u.created_at,
                           s.csrf, s.expires_at
                    FROM sessions s JOIN users u ON u.id = s.user_id
                    WHERE s.token_hash = \(bind: hash) AND s.expires_at > \(bind: now.micros)
                      AND u.active = \(bind: true)
                    """
                ).first()
            else { return nil }
            return Session(
                user: try Directory.user(row), csrf: try row.decode(column: "csrf", as: String.self),
                expiresAt: Timestamp(micros: try row.decode(column: "expires_at", as: Int64.self)))
        }
        if let session { cache.remember(session, forHash: hash, now: now.micros, ticket: ticket) }
        return session
    }

    /// Ends a session.
    public func end(secret: String) async throws {
        let hash = Secrets.hash(secret)
        try await db.write { sql in
            try await sql.raw("DELETE FROM sessions WHERE token_hash = \(bind: hash)").run()
        }
        cache.forget(sessionHash: hash)
    }
}
