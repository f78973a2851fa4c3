import Foundation
import VaporCSQLite

extension SQLiteConnectionHandle {
    /// Copies `source`'s database into this connection's with SQLite's online backup API, in one
    /// step: one read transaction on the source, so the copy is a consistent snapshot while other
    /// connections (the running server) go on writing to the WAL.
    func copy(from source: SQLiteConnectionHandle) throws {
        guard let backup = sqlite_nio_sqlite3_backup_init(handle, "main", source.handle, "main") else {
            throw SQLiteFailure(code: sqlite_nio_sqlite3_errcode(handle), message: message)
        }
        var status: Int32
        repeat {
            status = sqlite_nio_sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED { usleep(20_000) }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        let finished = sqlite_nio_sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finished == SQLITE_OK else {
            throw SQLiteFailure(code: status == SQLITE_DONE ? finished : status, message: "backup failed: \(message)")
        }
    }

    /// The connection's last error message.
    var message: String { sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error" }

    /// Runs `body` on this connection's thread (everything that touches the connection must).
    func run<R: Sendable>(_ body: @Sendable (SQLiteConnectionHandle) throws -> R) async throws -> R {
        try await withTaskExecutorPreference(thread) { try await Self.inPlace(body, self) }
    }

    private static func inPlace<R>(_ body: (SQLiteConnectionHandle) throws -> R, _ connection: SQLiteConnectionHandle) async throws -> R {
        try body(connection)
    }
}
