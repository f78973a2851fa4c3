import RapportCore
import SQLKit

/// Periodic clean-up of short-lived rows: expired sessions, old idempotency keys, stale sign-in
/// failures and web-form submission counts, finished jobs older than a week, and undo snapshots
/// of merges past their 30 days.
public enum Housekeeping {
    public static let kind = "housekeeping"

    /// Deletes what has expired; returns the number of rows removed. On SQLite it also refreshes
    /// the planner's statistics for tables that grew a lot (PostgreSQL's autovacuum does that itself).
    @discardableResult
    public static func run(_ db: Database, now: Timestamp = .now()) async throws -> Int {
        let micros = now.micros
        let sqlite = db.dialect == .sqlite
        return try await db.write { sql in
            var removed = 0
            for statement: SQLQueryString in [
                "DELETE FROM sessions WHERE expires_at < \(bind: micros) RETURNING token_hash",
                "DELETE FROM idempotency_keys WHERE created_at < \(bind: micros - 24 * 3600 * 1_000_000) RETURNING key",
                "DELETE FROM login_failures WHERE locked_until < \(bind: micros) AND window_start < \(bind: micros - 3600 * 1_000_000) RETURNING key",
                "DELETE FROM form_throttle WHERE window_start < \(bind: micros - 24 * 3600 * 1_000_000) RETURNING key",
                "DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < \(bind: micros - 7 * 24 * 3600 * 1_000_000) RETURNING id",
                // A merge's undo snapshot goes when its window closes; the row stays as the forwarding address.
                "UPDATE merges SET snapshot = NULL WHERE undo_until < \(bind: micros) AND snapshot IS NOT NULL RETURNING id",
            ] {
                removed += try await sql.raw(statement).all().count
            }
            if sqlite { try await sql.raw("PRAGMA optimize").run() }
            return removed
        }
    }
}
