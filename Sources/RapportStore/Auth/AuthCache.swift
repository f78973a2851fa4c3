import Foundation
import RapportCore

/// Who a bearer token or session cookie belongs to, a workspace's teams, users, purposes and the
/// workspace itself, remembered for a few seconds so a request does not spend three queries (three round trips on
/// PostgreSQL) on authentication before its own.
///
/// The database stays the only truth, and several server instances share it, so the cache is a
/// short-lived copy and never the place a decision lives:
/// - a change made through this instance — revoking a token, signing out, deactivating a user or
///   changing their password, adding a team, changing the workspace — drops what it affects here at
///   once, in the same call that writes it;
/// - a change made through another instance (or the CLI) reaches this one when the entry expires:
///   at most `ttl` later (5 s by default, `RAPPORT_AUTH_CACHE_SECONDS`; 0 turns the cache off).
///   That bound is documented for deployments with several instances.
public final class AuthCache: @unchecked Sendable {
    /// How long an entry is trusted, in microseconds.
    public let ttl: Int64

    private let lock = NSLock()
    private var tokens: [String: Entry<User>] = [:]
    private var sessions: [String: Entry<Session>] = [:]
    private var teams: [Workspace.ID: Entry<[Team]>] = [:]
    private var workspaces: [Workspace.ID: Entry<Workspace>] = [:]
    private var users: [Workspace.ID: Entry<[User]>] = [:]
    private var purposes: [Workspace.ID: Entry<[Purpose]>] = [:]
    /// Counts what was forgotten. A value read from the database is only remembered when nothing was
    /// forgotten since the read began, so a read racing a revocation cannot bring the old state back.
    private var generation: UInt64 = 0
    /// Entries kept at most, per kind; the oldest half goes when full (tokens of a busy instance).
    private let capacity = 10_000

    private struct Entry<Value> {
        var value: Value
        var expires: Int64
    }

    /// A cache whose entries live `seconds` (0 turns it off).
    public init(seconds: Double = AuthCache.defaultSeconds) {
        ttl = Int64(max(0, seconds) * 1_000_000)
    }

    /// `RAPPORT_AUTH_CACHE_SECONDS`, or 5.
    public static var defaultSeconds: Double {
        ProcessInfo.processInfo.environment["RAPPORT_AUTH_CACHE_SECONDS"].flatMap(Double.init) ?? 5
    }

    var enabled: Bool { ttl > 0 }

    // MARK: Reading

    func user(forTokenHash hash: String, now: Int64) -> User? { read { fresh(tokens[hash], now) } }
    func session(forHash hash: String, now: Int64) -> Session? { read { fresh(sessions[hash], now) } }
    func teams(in workspace: Workspace.ID, now: Int64) -> [Team]? { read { fresh(teams[workspace], now) } }
    func workspace(_ id: Workspace.ID, now: Int64) -> Workspace? { read { fresh(workspaces[id], now) } }
    func users(in workspace: Workspace.ID, now: Int64) -> [User]? { read { fresh(users[workspace], now) } }
    func purposes(in workspace: Workspace.ID, now: Int64) -> [Purpose]? { read { fresh(purposes[workspace], now) } }

    /// Taken before a database read whose result may be remembered (see `generation`).
    func ticket() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return generation
    }

    // MARK: Remembering

    func remember(_ user: User, forTokenHash hash: String, now: Int64, ticket: UInt64) {
        write(ticket) { store(&tokens, hash, user, expires: now + ttl) }
    }

    /// A session is remembered no longer than it lives.
    func remember(_ session: Session, forHash hash: String, now: Int64, ticket: UInt64) {
        write(ticket) { store(&sessions, hash, session, expires: min(now + ttl, session.expiresAt.micros)) }
    }

    func remember(_ list: [Team], in workspace: Workspace.ID, now: Int64, ticket: UInt64) {
        write(ticket) { store(&teams, workspace, list, expires: now + ttl) }
    }

    func remember(_ list: [User], in workspace: Workspace.ID, now: Int64, ticket: UInt64) {
        write(ticket) { store(&users, workspace, list, expires: now + ttl) }
    }

    func remember(_ list: [Purpose], in workspace: Workspace.ID, now: Int64, ticket: UInt64) {
        write(ticket) { store(&purposes, workspace, list, expires: now + ttl) }
    }

    func remember(_ workspace: Workspace, now: Int64, ticket: UInt64) {
        write(ticket) { store(&workspaces, workspace.id, workspace, expires: now + ttl) }
    }

    // MARK: Forgetting

    /// Forgets every token and session of a user (revoked, deactivated, new password, new role) and
    /// the user lists. Call it after the change is committed.
    public func forget(user: User.ID) {
        forget {
            tokens = tokens.filter { $0.value.value.id != user }
            sessions = sessions.filter { $0.value.value.user.id != user }
            users = [:]
        }
    }

    /// Forgets one session (signed out).
    func forget(sessionHash hash: String) { forget { sessions[hash] = nil } }

    /// Forgets a workspace's teams (a team was added or moved) and users; principals are made from them.
    func forget(teamsOf workspace: Workspace.ID) {
        forget {
            teams[workspace] = nil
            users[workspace] = nil
        }
    }

    /// Forgets a workspace's user list (a user was added).
    func forget(usersOf workspace: Workspace.ID) { forget { users[workspace] = nil } }

    /// Forgets a workspace's purposes (one added, renamed, retired).
    func forget(purposesOf workspace: Workspace.ID) { forget { purposes[workspace] = nil } }

    /// Forgets a workspace (renamed, new defaults).
    func forget(workspace: Workspace.ID) { forget { workspaces[workspace] = nil } }

    /// Forgets everything.
    public func forgetAll() {
        forget {
            tokens = [:]
            sessions = [:]
            teams = [:]
            workspaces = [:]
            users = [:]
            purposes = [:]
        }
    }

    // MARK: Plumbing

    private func fresh<Value>(_ entry: Entry<Value>?, _ now: Int64) -> Value? {
        guard let entry, entry.expires > now else { return nil }
        return entry.value
    }

    private func store<Key: Hashable, Value>(_ map: inout [Key: Entry<Value>], _ key: Key, _ value: Value, expires: Int64) {
        if map.count >= capacity {
            let now = Timestamp.now().micros
            map = map.filter { $0.value.expires > now }
            if map.count >= capacity { map = [:] }
        }
        map[key] = Entry(value: value, expires: expires)
    }

    private func read<R>(_ body: () -> R?) -> R? {
        guard enabled else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Stores, unless something was forgotten since `ticket` was taken.
    private func write(_ ticket: UInt64, _ body: () -> Void) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if generation == ticket { body() }
    }

    private func forget(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        generation &+= 1
        body()
    }
}
