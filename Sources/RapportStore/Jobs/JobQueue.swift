import Foundation
import RapportCore
import SQLKit

/// A unit of background work, claimed by one worker at a time.
public struct Job: Sendable, Equatable {
    public var id: UUID
    public var workspaceID: Workspace.ID?
    public var kind: String
    public var payload: JSONValue
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Timestamp
}

/// The job queue: a `jobs` table every server instance polls. PostgreSQL workers claim with
/// `FOR UPDATE SKIP LOCKED`, so several instances share the work without taking the same job;
/// SQLite has one writer, which serialises claims anyway. A claim is a lease: a worker that dies
/// mid-job loses it when `locked_until` passes and another worker retries the job (at least once).
/// Enqueueing with a `dedupeKey` happens at most once, which makes scheduled work run once.
public struct JobQueue: Sendable {
    let db: Database

    /// The worker running the current job (set by the worker around each job), so a long job can
    /// renew its lease (`extend`).
    @TaskLocal public static var worker: String?

    public init(_ db: Database) { self.db = db }

    /// Adds a job; returns `false` when a job with the same dedupe key already exists.
    @discardableResult
    public func enqueue(
        kind: String, payload: JSONValue = .object([:]), workspace: Workspace.ID? = nil, runAt: Timestamp = .now(),
        dedupeKey: String? = nil, maxAttempts: Int = 8
    ) async throws -> Bool {
        try await db.write { sql in try await Self.enqueue(kind: kind, payload: payload, workspace: workspace, runAt: runAt, dedupeKey: dedupeKey, maxAttempts: maxAttempts, on: sql) }
    }

    static func enqueue(
        kind: String, payload: JSONValue, workspace: Workspace.ID?, runAt: Timestamp, dedupeKey: String?, maxAttempts: Int,
        on sql: any SQLDatabase
    ) async throws -> Bool {
        let rows = try await sql.raw(
            """
            INSERT INTO jobs (id, workspace_id, kind, payload, dedupe_key, status, run_at, max_attempts, created_at)
            VALUES (\(bind: UUIDv7.make()), \(bind: workspace?.uuid), \(bind: kind), \(bind: JSONWriter.string(payload)),
                    \(bind: dedupeKey), 'queued', \(bind: runAt.micros), \(bind: maxAttempts), \(bind: Timestamp.now().micros))
            ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Leases up to `limit` due jobs to `worker` for `lease` seconds.
    public func claim(worker: String, limit: Int, lease: Int64 = 300) async throws -> [Job] {
        let now = Timestamp.now().micros
        let lock = db.dialect == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await db.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE jobs SET status = 'running', locked_by = \(bind: worker), locked_until = \(bind: now + lease * 1_000_000),
                    attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE run_at <= \(bind: now)
                      AND (status = 'queued' OR (status = 'running' AND locked_until < \(bind: now)))
                    ORDER BY run_at LIMIT \(literal: limit) \(unsafeRaw: lock))
                RETURNING id, workspace_id, kind, payload, attempts, max_attempts, run_at
                """
            ).all()
            return try rows.map { row in
                let text = try row.decode(column: "payload", as: String.self)
                return Job(
                    id: try row.decode(column: "id", as: UUID.self),
                    workspaceID: try row.decode(column: "workspace_id", as: UUID?.self).map(Workspace.ID.init),
                    kind: try row.decode(column: "kind", as: String.self),
                    payload: (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null,
                    attempts: try row.decode(column: "attempts", as: Int.self),
                    maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
                    runAt: Timestamp(micros: try row.decode(column: "run_at", as: Int64.self)))
            }
        }
    }

    /// Marks a job done, if this worker still holds its lease.
    public func complete(_ job: Job, worker: String) async throws {
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE jobs SET status = 'done', finished_at = \(bind: Timestamp.now().micros), locked_by = NULL, locked_until = NULL
                WHERE id = \(bind: job.id) AND locked_by = \(bind: worker)
                """
            ).run()
        }
    }

    /// Renews a job's lease for `seconds` from now, if this worker still holds it: long jobs call
    /// this as they progress, so the lease can be short and a dead worker's job is retried soon.
    public func extend(_ job: Job, worker: String, seconds: Int64) async throws {
        let until = Timestamp.now().micros + seconds * 1_000_000
        try await db.write { sql in
            try await sql.raw(
                "UPDATE jobs SET locked_until = \(bind: until) WHERE id = \(bind: job.id) AND locked_by = \(bind: worker)"
            ).run()
        }
    }

    /// Ends the leases of jobs held by workers on this host (`host:pid:…` names) whose process is no
    /// longer running, so they are retried now instead of when the lease would have run out.
    @discardableResult
    public func releaseOrphans(host: String, isRunning: @Sendable (Int32) -> Bool) async throws -> Int {
        let rows = try await db.read { sql in
            try await sql.raw("SELECT id, locked_by FROM jobs WHERE status = 'running' AND locked_by IS NOT NULL").all()
        }
        var released = 0
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let holder = try row.decode(column: "locked_by", as: String.self).split(separator: ":")
            guard holder.count >= 2, holder[0] == host, let pid = Int32(holder[1]), !isRunning(pid) else { continue }
            try await db.write { sql in
                try await sql.raw("UPDATE jobs SET locked_until = 0 WHERE id = \(bind: id) AND status = 'running'").run()
            }
            released += 1
        }
        return released
    }

    /// Records a failure: retried later with exponential backoff, or given up after `maxAttempts`.
    public func fail(_ job: Job, worker: String, error: String) async throws {
        let backoff = Int64(min(3600, 15 * (1 << min(job.attempts, 8))))
        let giveUp = job.attempts >= job.maxAttempts
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE jobs SET status = \(bind: giveUp ? "failed" : "queued"), last_error = \(bind: String(error.prefix(2000))),
                    run_at = \(bind: Timestamp.now().micros + backoff * 1_000_000), locked_by = NULL, locked_until = NULL,
                    finished_at = \(bind: giveUp ? Timestamp.now().micros : nil)
                WHERE id = \(bind: job.id) AND locked_by = \(bind: worker)
                """
            ).run()
        }
    }

    /// Counts by status, for metrics and the health of the queue.
    public func depth() async throws -> [String: Int] {
        try await db.read { sql in
            var result: [String: Int] = [:]
            for row in try await sql.raw("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status").all() {
                result[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return result
        }
    }

    // MARK: Schedules

    /// Declares a recurring job; an existing schedule of that name keeps its next run time.
    public func schedule(_ name: String, kind: String, every seconds: Int64, firstRunAt: Timestamp = .now()) async throws {
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO schedules (name, kind, interval_seconds, next_run_at)
                VALUES (\(bind: name), \(bind: kind), \(bind: seconds), \(bind: firstRunAt.micros))
                ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, interval_seconds = excluded.interval_seconds
                """
            ).run()
        }
    }

    /// Removes a recurring job (a schedule no longer configured, such as backups turned off).
    public func unschedule(_ name: String) async throws {
        try await db.write { sql in try await sql.raw("DELETE FROM schedules WHERE name = \(bind: name)").run() }
    }

    /// Turns every due schedule into one job. The schedule row moves forward in the same
    /// transaction and the job's dedupe key names the slot, so however many instances call this at
    /// once, each slot yields exactly one job. Returns the number of jobs enqueued.
    @discardableResult
    public func enqueueDueSchedules() async throws -> Int {
        let now = Timestamp.now().micros
        return try await db.write { sql in
            let due = try await sql.raw(
                "SELECT name, kind, interval_seconds, next_run_at FROM schedules WHERE next_run_at <= \(bind: now)"
            ).all()
            var count = 0
            for row in due {
                let name = try row.decode(column: "name", as: String.self)
                let slot = try row.decode(column: "next_run_at", as: Int64.self)
                let interval = try row.decode(column: "interval_seconds", as: Int64.self) * 1_000_000
                var next = slot + interval
                if next <= now { next = now + interval }
                let moved = try await sql.raw(
                    "UPDATE schedules SET next_run_at = \(bind: next) WHERE name = \(bind: name) AND next_run_at = \(bind: slot) RETURNING name"
                ).all()
                guard !moved.isEmpty else { continue }
                if try await Self.enqueue(
                    kind: try row.decode(column: "kind", as: String.self), payload: .object(["schedule": .string(name)]),
                    workspace: nil, runAt: Timestamp(micros: slot), dedupeKey: "schedule:\(name):\(slot)", maxAttempts: 3, on: sql)
                {
                    count += 1
                }
            }
            return count
        }
    }
}
