import Foundation
import RapportCore
import SQLKit

/// A user's live calendar feed as its page lists it (never with its secret).
public struct CalendarFeedInfo: Sendable, Equatable {
    public var id: UUID
    /// The first characters of the token, so the owner can tell which URL is live.
    public var prefix: String
    public var createdAt: Timestamp
    /// When a calendar client last fetched it, to the nearest few minutes.
    public var lastFetchedAt: Timestamp?
}

/// Private calendar feed URLs: one live per user, stored hashed, revocable.
public struct CalendarFeedStore: Sendable {
    let db: Database
    /// Fetch times are recorded at most this often, so polling clients do not write on every request.
    static let fetchResolution: Int64 = 5 * 60

    public init(_ db: Database) { self.db = db }

    /// Revokes the user's live feed, if any, and makes a new one; returns it and its token, which
    /// is never stored and can be shown only now.
    public func regenerate(for user: User) async throws -> (CalendarFeedInfo, String) {
        let token = "rcal_" + Secrets.random(bytes: 32)
        let info = CalendarFeedInfo(id: UUIDv7.make(), prefix: String(token.prefix(10)), createdAt: .now(), lastFetchedAt: nil)
        // Two regenerations at once collide on the one-live-feed index; the second simply tries again.
        for attempt in 1...3 {
            do {
                try await db.write { sql in
                    _ = try await Self.revokeLive(of: user, at: info.createdAt, on: sql)
                    try await sql.raw(
                        """
                        INSERT INTO calendar_feeds (id, workspace_id, user_id, token_hash, prefix, created_at)
                        VALUES (\(bind: info.id), \(bind: user.workspaceID.uuid), \(bind: user.id.uuid),
                                \(bind: Secrets.hash(token)), \(bind: info.prefix), \(bind: info.createdAt.micros))
                        """
                    ).run()
                }
                break
            } catch where attempt < 3 {
                continue
            }
        }
        return (info, token)
    }

    /// Revokes the user's live feed; returns whether there was one.
    @discardableResult
    public func revoke(for user: User) async throws -> Bool {
        try await db.write { sql in try await Self.revokeLive(of: user, at: .now(), on: sql) > 0 }
    }

    static func revokeLive(of user: User, at time: Timestamp, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            """
            UPDATE calendar_feeds SET revoked_at = \(bind: time.micros)
            WHERE workspace_id = \(bind: user.workspaceID.uuid) AND user_id = \(bind: user.id.uuid) AND revoked_at IS NULL
            RETURNING id
            """
        ).all().count
    }

    /// The user's live feed, if any.
    public func live(for user: User) async throws -> CalendarFeedInfo? {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT id, prefix, created_at, last_fetched_at FROM calendar_feeds
                WHERE workspace_id = \(bind: user.workspaceID.uuid) AND user_id = \(bind: user.id.uuid) AND revoked_at IS NULL
                """
            ).first().map { row in
                CalendarFeedInfo(
                    id: try row.decode(column: "id", as: UUID.self), prefix: try row.decode(column: "prefix", as: String.self),
                    createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
                    lastFetchedAt: try row.decode(column: "last_fetched_at", as: Int64?.self).map(Timestamp.init(micros:)))
            }
        }
    }

    /// The active user whose live feed a token opens, noting the fetch; `nil` for anything else.
    public func user(forToken token: String) async throws -> User? {
        guard token.hasPrefix("rcal_"), token.count < 100 else { return nil }
        let hash = Secrets.hash(token)
        let found = try await db.read { sql in
            try await sql.raw(
                """
                SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.team_id, u.time_zone, u.active, u.created_at,
                       f.last_fetched_at
                FROM calendar_feeds f JOIN users u ON u.id = f.user_id
                WHERE f.token_hash = \(bind: hash) AND f.revoked_at IS NULL AND u.active = \(bind: true)
                """
            ).first().map { row in
                (try Directory.user(row), try row.decode(column: "last_fetched_at", as: Int64?.self))
            }
        }
        guard let (user, lastFetched) = found else { return nil }
        let now = Timestamp.now()
        if now.micros - (lastFetched ?? 0) > Self.fetchResolution * 1_000_000 {
            try await db.write { sql in
                try await sql.raw(
                    "UPDATE calendar_feeds SET last_fetched_at = \(bind: now.micros) WHERE token_hash = \(bind: hash)"
                ).run()
            }
        }
        return user
    }
}
