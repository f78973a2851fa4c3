import Foundation
import SQLKit

/// Group commit for SQLite's one writer: while other writes wait for the write lock, a finished
/// write leaves the transaction open for the next one and waits for the shared COMMIT instead of
/// committing alone.
///
/// Each write still runs its own body in its own task (on the writer's thread) inside a SAVEPOINT,
/// so a write that fails is rolled back alone and its caller hears its own error at once. A write
/// that succeeded is acknowledged only after the COMMIT that makes it durable has returned; if that
/// COMMIT fails, every write of the batch hears the failure (none of them is kept). With no one
/// waiting a write commits on its own, as before; a batch holds at most `maxBatch` writes, so a
/// write waits for at most that many others.
final class SQLiteGroupCommit: @unchecked Sendable {
    /// Touched only while the write lock is held.
    private var open = false
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    let maxBatch: Int

    init(maxBatch: Int) { self.maxBatch = maxBatch }

    /// Runs `body` as one write of the current batch; `lock` is held on entry and released here.
    func run<R: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> R, writer: SQLiteConnectionHandle, sql: any SQLDatabase,
        lock: AsyncSemaphore
    ) async throws -> R {
        let outcome: Result<R, any Error>
        do {
            if !open {
                try await sql.raw("BEGIN IMMEDIATE").run()
                open = true
            }
            try await sql.raw("SAVEPOINT rapport_write").run()
            do {
                let value = try await body(sql)
                try await sql.raw("RELEASE rapport_write").run()
                outcome = .success(value)
            } catch {
                if writer.inTransaction {
                    try await sql.raw("ROLLBACK TO rapport_write").run()
                    try await sql.raw("RELEASE rapport_write").run()
                    outcome = .failure(error)
                } else {
                    // SQLite ended the whole transaction (disk full, I/O error): the batch is lost.
                    open = false
                    fail(with: error)
                    throw error
                }
            }
        } catch {
            if open, !writer.inTransaction { open = false }
            if open { try? await sql.raw("ROLLBACK").run() }
            open = false
            fail(with: error)
            lock.release()
            throw error
        }
        if lock.hasWaiters, waiting.count + 1 < maxBatch {
            guard case .success = outcome else {
                // Nothing of this write is left to make durable; the next one goes on with the batch.
                lock.release()
                return try outcome.get()
            }
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiting.append(continuation)
                lock.release()
            }
            return try outcome.get()
        }
        do {
            try await sql.raw("COMMIT").run()
            open = false
        } catch {
            if writer.inTransaction { try? await sql.raw("ROLLBACK").run() }
            open = false
            fail(with: error)
            lock.release()
            throw error
        }
        let members = waiting
        waiting = []
        lock.release()
        for member in members { member.resume() }
        return try outcome.get()
    }

    /// Tells every write waiting for the batch's COMMIT that it failed.
    private func fail(with error: any Error) {
        let members = waiting
        waiting = []
        for member in members { member.resume(throwing: error) }
    }
}
