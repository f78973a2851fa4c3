import Foundation
import RapportCore
import SQLKit

/// Slows down password guessing: after `maxFailures` failed sign-ins for one key (an email, an IP
/// address) within `window` seconds, the key is locked for `lockout` seconds. Kept in the
/// database so every server instance enforces the same limit.
public struct LoginThrottle: Sendable {
    let db: Database
    public var maxFailures = 5
    public var window: Int64 = 15 * 60
    public var lockout: Int64 = 15 * 60

    public init(_ db: Database) { self.db = db }

    /// Seconds until the key may try again, or `nil` when it may try now.
    public func retryAfter(_ key: String) async throws -> Int? {
        let now = Timestamp.now().micros
        return try await db.read { sql in
            guard
                let locked = try await sql.raw("SELECT locked_until FROM login_failures WHERE key = \(bind: key)").first()?
                    .decode(column: "locked_until", as: Int64.self),
                locked > now
            else { return nil }
            return Int((locked - now) / 1_000_000) + 1
        }
    }

    /// Counts a failure; returns the lock's length in seconds when this failure triggered one.
    @discardableResult
    public func recordFailure(_ key: String, maxFailures limit: Int? = nil) async throws -> Int? {
        let maxFailures = limit ?? self.maxFailures
        let now = Timestamp.now().micros
        let windowStart = now - window * 1_000_000
        return try await db.write { sql in
            let row = try await sql.raw("SELECT failures, window_start FROM login_failures WHERE key = \(bind: key)").first()
            var failures = 1
            var start = now
            if let row, try row.decode(column: "window_start", as: Int64.self) >= windowStart {
                failures = try row.decode(column: "failures", as: Int.self) + 1
                start = try row.decode(column: "window_start", as: Int64.self)
            }
            let lockedUntil = failures >= maxFailures ? now + lockout * 1_000_000 : 0
            try await sql.raw(
                """
                INSERT INTO login_failures (key, failures, window_start, locked_until)
                VALUES (\(bind: key), \(bind: failures), \(bind: start), \(bind: lockedUntil))
                ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                    locked_until = excluded.locked_until
                """
            ).run()
            return lockedUntil > 0 ? Int(lockout) : nil
        }
    }

    /// Forgets the failures of a key after a successful sign-in.
    public func reset(_ key: String) async throws {
        try await db.write { sql in try await sql.raw("DELETE FROM login_failures WHERE key = \(bind: key)").run() }
    }
}
