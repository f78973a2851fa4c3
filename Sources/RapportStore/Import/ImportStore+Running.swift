import Foundation
import RapportCore
import SQLKit

extension ImportStore {
    // MARK: Starting and stopping

    /// Queues a run (or a dry run) of a draft for the job worker; resumes a failed or cancelled run.
    public func start(_ id: ImportBatch.ID, dryRun: Bool, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        let batch = try await get(id, by: principal)
        _ = try ready(batch)
        switch batch.status {
        case .draft: break
        case .failed, .cancelled:
            guard !dryRun else { throw RapportError.conflict("This import has run; a dry run is for drafts.") }
        case .queued, .running: throw RapportError.conflict("This import is already running.")
        case .done: throw RapportError.conflict("This import has finished.")
        case .reverting, .reverted: throw RapportError.conflict("This import has been reverted.")
        }
        try await db.write { sql in
            let moved = try await sql.raw(
                """
                UPDATE imports SET status = 'queued', dry_run = \(bind: dryRun), cancel_requested = \(bind: false), error = ''
                WHERE id = \(bind: id.uuid) AND status = \(bind: batch.status.rawValue) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw RapportError.conflict("This import changed meanwhile; reload it.") }
            _ = try await JobQueue.enqueue(
                kind: Self.runKind, payload: .object(["import_id": .string(id.description)]), workspace: batch.workspaceID,
                runAt: .now(), dedupeKey: nil, maxAttempts: 5, on: sql)
        }
        return try await get(id, by: principal)
    }

    /// Marks a draft (or a stopped run) as running in this process, without a job: the command line
    /// runs it in the foreground with `run`, and resumes it the same way if it was killed.
    public func startHere(_ id: ImportBatch.ID, dryRun: Bool, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        let batch = try await get(id, by: principal)
        _ = try ready(batch)
        guard batch.status == .draft || (!dryRun && batch.canResume) || (batch.status == .running && !dryRun) else {
            throw RapportError.conflict("This import is \(batch.status.rawValue); it cannot run now.")
        }
        try await db.write { sql in
            try await sql.raw(
                "UPDATE imports SET status = 'running', dry_run = \(bind: dryRun), cancel_requested = \(bind: false) WHERE id = \(bind: id.uuid)"
            ).run()
        }
        return try await get(id, by: principal)
    }

    /// Asks a queued or running import to stop after the chunk it is writing; what committed stays.
    public func cancel(_ id: ImportBatch.ID, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        let batch = try await get(id, by: principal)
        guard batch.status == .queued || batch.status == .running else {
            throw RapportError.conflict("Only a queued or running import can be cancelled.")
        }
        try await db.write { sql in
            try await sql.raw("UPDATE imports SET cancel_requested = \(bind: true) WHERE id = \(bind: id.uuid)").run()
            // A queued import that no worker has started stops now.
            try await sql.raw(
                """
                UPDATE imports SET status = CASE WHEN dry_run = \(bind: true) THEN 'draft' ELSE 'cancelled' END,
                    dry_run = \(bind: false), cancel_requested = \(bind: false), finished_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: id.uuid) AND status = 'queued'
                """
            ).run()
        }
        return try await get(id, by: principal)
    }

    /// Queues the revert of an import: records it created are deleted, records it changed get their
    /// values back, unless someone changed them since. One still queued or running (or killed while
    /// it ran) stops first: a worker writing it cannot commit another chunk once it is reverting.
    public func requestRevert(_ id: ImportBatch.ID, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        let batch = try await get(id, by: principal)
        guard ![.draft, .reverting, .reverted].contains(batch.status), !batch.dryRun else {
            throw RapportError.conflict(
                batch.status == .reverting || batch.status == .reverted
                    ? "This import has already been reverted." : "Only an import that has run can be reverted.")
        }
        try await db.write { sql in
            let moved = try await sql.raw(
                """
                UPDATE imports SET status = 'reverting', error = '', reverted_by = \(bind: principal.userID?.uuid)
                WHERE id = \(bind: id.uuid) AND status = \(bind: batch.status.rawValue) RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw RapportError.conflict("This import changed meanwhile; reload it.") }
            _ = try await JobQueue.enqueue(
                kind: Self.revertKind, payload: .object(["import_id": .string(id.description)]), workspace: batch.workspaceID,
                runAt: .now(), dedupeKey: nil, maxAttempts: 5, on: sql)
        }
        return try await get(id, by: principal)
    }

    // MARK: Running

    /// Runs an import to its end in this process (the job worker, or the command line), from the
    /// chunk after the last one that committed. Marks it running first; records an error as `failed`.
    public func run(_ id: ImportBatch.ID, options: ImportRunOptions = ImportRunOptions()) async throws -> ImportBatch {
        var batch = try await Self.fetch(id, on: db)
        guard let kind = kind(batch.entity) else { throw RapportError.conflict("\(batch.entity) can no longer be imported.") }
        guard [.queued, .running, .failed, .cancelled, .draft].contains(batch.status) else { return batch }
        let principal = try await principal(of: batch)
        let now = Timestamp.now().micros
        try await db.write { [batch] sql in
            try await sql.raw(
                """
                UPDATE imports SET status = 'running', started_at = COALESCE(started_at, \(bind: now)), error = '',
                    finished_at = NULL \(unsafeRaw: batch.dryRun ? ", byte_offset = 0, line = 0, dry_counts = ''" : "")
                WHERE id = \(bind: id.uuid)
                """
            ).run()
            if batch.dryRun {
                try await sql.raw("DELETE FROM import_issues WHERE import_id = \(bind: id.uuid) AND pass = 'dry'").run()
            }
        }
        batch = try await Self.fetch(id, on: db)
        do {
            return try await kind.run(db, batch, principal, options)
        } catch let error as ImportTakenOver {
            throw error
        } catch {
            let message = (error as? RapportError).map(Self.describe) ?? String(describing: error)
            try? await db.write { sql in
                try await sql.raw(
                    """
                    UPDATE imports SET status = CASE WHEN dry_run = \(bind: true) THEN 'draft' ELSE 'failed' END,
                        error = \(bind: String(message.prefix(2000))), finished_at = \(bind: Timestamp.now().micros)
                    WHERE id = \(bind: id.uuid) AND status = 'running'
                    """
                ).run()
            }
            throw error
        }
    }

    /// Reverts an import in this process, from where an earlier attempt stopped.
    public func revert(_ id: ImportBatch.ID, options: ImportRunOptions = ImportRunOptions()) async throws -> ImportBatch {
        let batch = try await Self.fetch(id, on: db)
        guard let kind = kind(batch.entity) else { throw RapportError.conflict("\(batch.entity) can no longer be imported.") }
        guard batch.status == .reverting else { return batch }
        let principal = try await principal(of: batch, reverting: true)
        do {
            return try await kind.revert(db, batch, principal, options)
        } catch {
            let message = (error as? RapportError).map(Self.describe) ?? String(describing: error)
            try? await db.write { sql in
                try await sql.raw("UPDATE imports SET error = \(bind: String(message.prefix(2000))) WHERE id = \(bind: id.uuid)").run()
            }
            throw error
        }
    }

    /// Runs the job `run` or `revert` queued. The job's lease is renewed after every chunk, so a
    /// long import keeps it and a killed worker's import is taken over soon after.
    public func runJob(_ job: Job) async throws {
        guard case .object(let payload) = job.payload, let raw = payload["import_id"]?.stringValue, let id = ImportBatch.ID(raw) else {
            return
        }
        var options = ImportRunOptions()
        let jobs = JobQueue(db)
        if let worker = JobQueue.worker {
            options.onChunk = { _ in try await jobs.extend(job, worker: worker, seconds: 60) }
        }
        if job.kind == Self.revertKind {
            _ = try await revert(id, options: options)
        } else {
            let batch = try await run(id, options: options)
            if batch.status == .done && batch.ownsFile { try? FileManager.default.removeItem(atPath: batch.filePath) }
        }
    }

    /// The principal an import runs as: its maker (or, reverting, whoever asked to revert it).
    func principal(of batch: ImportBatch, reverting: Bool = false) async throws -> Principal {
        let directory = Directory(db)
        var userID = batch.createdBy
        if reverting {
            let reverter = try await db.read { sql in
                try await sql.raw("SELECT reverted_by FROM imports WHERE id = \(bind: batch.id.uuid)").first()?
                    .decode(column: "reverted_by", as: UUID?.self)
            }
            userID = reverter.map(User.ID.init) ?? userID
        }
        guard let userID else { return .system(batch.workspaceID) }
        guard let user = try await directory.user(userID), user.active else {
            throw RapportError.forbidden("The user who started this import is no longer active.")
        }
        return try await directory.principal(for: user)
    }

    static func describe(_ error: RapportError) -> String {
        switch error {
        case .invalid(let issues): issues.map { "\($0.field) \($0.reason)" }.joined(separator: "; ")
        case .conflict(let message), .forbidden(let message), .malformed(let message): message
        default: String(describing: error)
        }
    }
}
