import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import VaporCSQLite

/// One writer and a small pool of readers over the same WAL-mode file, each connection on a thread of
/// its own (`SQLiteConnectionHandle`), and a checkpointer that keeps the WAL short off the write path.
final class SQLiteBackend: Sendable {
    let writer: SQLiteConnectionHandle
    let readers: [SQLiteConnectionHandle]
    let checkpointer: SQLiteCheckpointer
    let writeLock = AsyncSemaphore(permits: 1)
    let groupCommit = SQLiteGroupCommit(maxBatch: SQLiteBackend.groupCommitBatch)
    let readPool: ReaderPool
    let logger: Logger
    let eventLoop: any EventLoop

    /// Readers: more than the cores, so a read that waits on the disk does not hold the others up.
    static let readerCount = 4

    init(path: String, logger: Logger) async throws {
        self.logger = logger
        eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        writer = try SQLiteConnectionHandle(path: path, name: "rapport-write", logger: logger)
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-32000", "PRAGMA temp_store=MEMORY",
        ] {
            try writer.execute(pragma, []) { _ in }
        }
        // Planner statistics. Without sqlite_stat1 SQLite takes `workspace_id = ?`, the leading column of
        // every index, for a selective condition and may scan a whole workspace through one of those
        // indexes instead of seeking by ID (`id IN (…)` took 11 s at 1M contacts). SQLite's advice for
        // long-lived connections: optimize at open; it analyzes (with a small sample) only tables that
        // have no statistics or have grown a lot since, so it is usually a no-op (the first start of a
        // 4 GB database without statistics took 3 s, later ones 0.1 s).
        try writer.execute("PRAGMA optimize=0x10002", []) { _ in }
        var readers: [SQLiteConnectionHandle] = []
        for n in 0..<Self.readerCount {
            let reader = try SQLiteConnectionHandle(path: path, name: "rapport-read-\(n)", logger: logger)
            for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA cache_size=-32000", "PRAGMA query_only=1"] {
                try reader.execute(pragma, []) { _ in }
            }
            readers.append(reader)
        }
        self.readers = readers
        self.readPool = ReaderPool(count: readers.count)
        checkpointer = try SQLiteCheckpointer(path: path, logger: logger)
        checkpointer.watch(writer)
    }

    /// Runs `body` on a reader's thread, every statement in place.
    func read<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let index = await readPool.take()
        let reader = readers[index]
        do {
            let result = try await withTaskExecutorPreference(reader.thread) { try await body(reader.sql(eventLoop: eventLoop)) }
            readPool.give(index)
            return result
        } catch {
            readPool.give(index)
            throw error
        }
    }

    /// Runs `body` on a reader's thread with the connection itself (hot paths that read rows by position).
    func withReader<R: Sendable>(_ body: @Sendable (SQLiteConnectionHandle) throws -> R) async throws -> R {
        let index = await readPool.take()
        let reader = readers[index]
        do {
            let result = try await withTaskExecutorPreference(reader.thread) { try await Self.run(body, on: reader) }
            readPool.give(index)
            return result
        } catch {
            readPool.give(index)
            throw error
        }
    }

    /// An async step, so the preferred executor (the reader's thread) runs the body.
    private static func run<R>(_ body: (SQLiteConnectionHandle) throws -> R, on connection: SQLiteConnectionHandle) async throws -> R {
        try body(connection)
    }

    /// Writes of one group commit at most (`RAPPORT_SQLITE_GROUP_COMMIT`, default 32; 1 commits every
    /// write on its own).
    static let groupCommitBatch = max(
        1, ProcessInfo.processInfo.environment["RAPPORT_SQLITE_GROUP_COMMIT"].flatMap(Int.init) ?? 32)

    func write<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let sql = writer.sql(eventLoop: eventLoop)
        // The transaction (BEGIN IMMEDIATE: the file's write lock up front, so it never fails half-way
        // on a busy lock) runs on the writer's thread, no hop per statement, and is shared with the
        // writes queued behind it (`SQLiteGroupCommit`).
        await writeLock.acquire()
        return try await withTaskExecutorPreference(writer.thread) {
            try await groupCommit.run(body, writer: writer, sql: sql, lock: writeLock)
        }
    }

    func close() async {
        // An empty write returns once everything before it is committed.
        _ = try? await write { _ in () }
        // Every reader back in the pool (reads in flight finish first), then all closed. Waiting for
        // "a" free reader before closing each would hand out one already closed (its thread stopped,
        // so the wait never ended) once concurrent reads had shuffled the pool's order.
        for _ in readers.indices { _ = await readPool.take() }
        for reader in readers { reader.close() }
        checkpointer.close()
        _ = try? await writeLock.withPermit { writer.close() }
    }
}

/// Hands out reader connection indexes, waiting when all are busy. A lock, not an actor: a free
/// reader is taken without suspending.
final class ReaderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(count: Int) { free = Array(0..<count) }

    func take() async -> Int {
        if let index = takeFree() { return index }
        return await withCheckedContinuation { continuation in wait(continuation) }
    }

    private func takeFree() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast()
    }

    /// Hands a reader freed meanwhile at once, or queues the waiter.
    private func wait(_ continuation: CheckedContinuation<Int, Never>) {
        lock.lock()
        if let index = free.popLast() {
            lock.unlock()
            continuation.resume(returning: index)
        } else {
            waiters.append(continuation)
            lock.unlock()
        }
    }

    func give(_ index: Int) {
        lock.lock()
        guard !waiters.isEmpty else {
            free.append(index)
            lock.unlock()
            return
        }
        let next = waiters.removeFirst()
        lock.unlock()
        next.resume(returning: index)
    }
}

/// Checkpoints the WAL into the database file on a connection and thread of its own, so a commit
/// never waits for it (with SQLite's default, the commit that passes 1,000 WAL pages copies them
/// and syncs the file itself, while every other write waits behind the write lock).
///
/// The writer's WAL hook tells it how long the WAL has grown; past `threshold` pages it runs a
/// PASSIVE checkpoint, which copies what no reader still needs and never blocks readers or the writer.
final class SQLiteCheckpointer: @unchecked Sendable {
    private let connection: SQLiteConnectionHandle
    private let condition = NSCondition()
    private var pending = false
    private var stopped = false
    /// WAL pages that start a checkpoint (SQLite's own default).
    let threshold: Int32 = 1_000

    init(path: String, logger: Logger) throws {
        connection = try SQLiteConnectionHandle(path: path, name: "rapport-wal", logger: logger)
        try connection.execute("PRAGMA busy_timeout=10000", []) { _ in }
        let thread = Thread { self.run() }
        thread.name = "rapport-ckpt"
        thread.start()
    }

    /// Takes over checkpointing from `writer`'s commits.
    func watch(_ writer: SQLiteConnectionHandle) {
        writer.onWAL(Unmanaged.passUnretained(self).toOpaque()) { context, pages in
            guard let context else { return }
            let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if pages >= checkpointer.threshold { checkpointer.poke() }
        }
    }

    func poke() {
        condition.lock()
        pending = true
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while !pending && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                connection.close()
                return
            }
            pending = false
            condition.unlock()
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
        }
    }
}
