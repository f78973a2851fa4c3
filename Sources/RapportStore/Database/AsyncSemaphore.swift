import Foundation

/// A counting semaphore for async code: at most `permits` holders at once, the rest wait in order.
///
/// A lock, not an actor: taking a free permit does not suspend, so the write lock and the reader
/// pool cost a few nanoseconds per query instead of two hops through an actor's executor.
public final class AsyncSemaphore: @unchecked Sendable {
    private let lock = NSLock()
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    public init(permits: Int) { self.permits = permits }

    func acquire() async {
        if tryTake() { return }
        await withCheckedContinuation { continuation in wait(continuation) }
    }

    private func tryTake() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard permits > 0 else { return false }
        permits -= 1
        return true
    }

    /// Takes a permit (resuming at once) or queues the waiter.
    private func wait(_ continuation: CheckedContinuation<Void, Never>) {
        lock.lock()
        if permits > 0 {
            permits -= 1
            lock.unlock()
            continuation.resume()
        } else {
            waiters.append(continuation)
            lock.unlock()
        }
    }

    /// Whether someone is waiting for a permit.
    var hasWaiters: Bool {
        lock.lock()
        defer { lock.unlock() }
        return head < waiters.count
    }

    func release() {
        lock.lock()
        guard head < waiters.count else {
            permits += 1
            lock.unlock()
            return
        }
        let next = waiters[head]
        head += 1
        if head > 64 && head * 2 > waiters.count {
            waiters.removeFirst(head)
            head = 0
        }
        lock.unlock()
        next.resume()
    }

    /// Runs `body` while holding a permit.
    public func withPermit<R>(_ body: () async throws -> R) async throws -> R {
        await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }
}
