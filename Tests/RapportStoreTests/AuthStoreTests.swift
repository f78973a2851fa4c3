import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct AuthStoreTests {
    @Test(arguments: TestDatabase.all)
    func anAPITokenSignsInItsUserUntilRevoked(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let user = try await f.user(f.rep)
            let tokens = f.store.tokens
            let (token, secret) = try await tokens.create(for: user, name: "  CLI  ")
            #expect(secret.hasPrefix("rpt_"))
            #expect(token.name == "CLI")
            #expect(token.prefix == String(secret.prefix(10)))
            #expect(try await tokens.user(forSecret: secret) == user)
            #expect(try await tokens.user(forSecret: secret + "x") == nil)
            #expect(try await tokens.user(forSecret: String(secret.dropLast())) == nil)
            #expect(try await tokens.user(forSecret: "") == nil)
            #expect(try await tokens.list(for: user.id).map(\.id) == [token.id])

            // Only the hash is stored.
            let stored = try await f.db.read { sql in
                try await sql.raw("SELECT token_hash FROM api_tokens").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(stored == [Secrets.hash(secret)])
            #expect(!stored.contains(secret))

            // Another user cannot revoke it.
            #expect(try await tokens.revoke(idOrPrefix: token.prefix, of: try #require(f.teammate.userID)) == 0)
            #expect(try await tokens.user(forSecret: secret) == user)
            #expect(try await tokens.revoke(idOrPrefix: token.prefix, of: user.id) == 1)
            #expect(try await tokens.user(forSecret: secret) == nil)
            #expect(try await tokens.revoke(idOrPrefix: token.id.uuidString, of: user.id) == 0)
            #expect(try await tokens.list(for: user.id).first?.revokedAt != nil)

            let (second, secondSecret) = try await tokens.create(for: user, name: "Zapier")
            #expect(try await tokens.revoke(idOrPrefix: second.id.uuidString, of: user.id) == 1)
            #expect(try await tokens.user(forSecret: secondSecret) == nil)

            #expect(await rapportError { try await tokens.create(for: user, name: "   ") }?.fields == ["name"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aDeactivatedUsersTokensAndSessionsStopWorking(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let user = try await f.user(f.rep)
            let (_, secret) = try await f.store.tokens.create(for: user, name: "CLI")
            let (cookie, _) = try await f.store.sessions.start(for: user)
            try await f.store.directory.setActive(user.id, false)
            #expect(try await f.store.tokens.user(forSecret: secret) == nil)
            #expect(try await f.store.sessions.session(forSecret: cookie) == nil)
            // Reactivation does not bring the old credentials back.
            try await f.store.directory.setActive(user.id, true)
            #expect(try await f.store.tokens.user(forSecret: secret) == nil)
            #expect(try await f.store.sessions.session(forSecret: cookie) == nil)
            #expect(try await f.store.directory.user(user.id)?.active == true)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aSessionLastsUntilItEndsOrExpires(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let user = try await f.user(f.teammate)
            let sessions = f.store.sessions
            let (secret, session) = try await sessions.start(for: user)
            #expect(session.user == user)
            #expect(session.csrf.count >= 32)
            let found = try #require(try await sessions.session(forSecret: secret))
            #expect(found.user == user)
            #expect(found.csrf == session.csrf)
            #expect(found.expiresAt == session.expiresAt)
            #expect(try await sessions.session(forSecret: secret + "x") == nil)
            #expect(try await sessions.session(forSecret: String(repeating: "a", count: 200)) == nil)

            let (other, _) = try await sessions.start(for: user)
            try await sessions.end(secret: secret)
            #expect(try await sessions.session(forSecret: secret) == nil)
            #expect(try await sessions.session(forSecret: other) != nil)

            // A session whose lifetime is already over is not live, swept or not.
            var expiring = sessions
            expiring.lifetime = -60
            let (expired, _) = try await expiring.start(for: user)
            #expect(try await sessions.session(forSecret: expired) == nil)
            let (lapsing, _) = try await sessions.start(for: user)
            try await f.db.write { sql in
                try await sql.raw("UPDATE sessions SET expires_at = \(bind: Int64(1)) WHERE token_hash = \(bind: Secrets.hash(lapsing))").run()
            }
            #expect(try await sessions.session(forSecret: lapsing) == nil)

            // A new password ends every session.
            try await f.store.directory.setPassword(user.id, hash: "new-hash")
            #expect(try await sessions.session(forSecret: other) == nil)
            #expect(try await f.store.directory.credentials(email: user.email)?.1 == "new-hash")
        }
    }

    @Test(arguments: TestDatabase.all)
    func theLoginThrottleLocksAfterFiveFailures(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let throttle = f.store.loginThrottle
            let key = "rep@rapport.test"
            for _ in 1...4 {
                #expect(try await throttle.recordFailure(key) == nil)
                #expect(try await throttle.retryAfter(key) == nil)
            }
            #expect(try await throttle.recordFailure(key) == 15 * 60)
            let wait = try #require(try await throttle.retryAfter(key))
            #expect((1...(15 * 60 + 1)).contains(wait))
            #expect(try await throttle.retryAfter("other@rapport.test") == nil)

            try await throttle.reset(key)
            #expect(try await throttle.retryAfter(key) == nil)
            #expect(try await throttle.recordFailure(key) == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func failuresOutsideTheWindowDoNotAddUp(_ db: TestDatabase) async throws {
        try await db.withFixture { f async throws in
            var throttle = f.store.loginThrottle
            // A window that ended before any failure: every failure starts a new count.
            throttle.window = -1
            for _ in 1...8 { #expect(try await throttle.recordFailure("k") == nil) }
            #expect(try await throttle.retryAfter("k") == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anIdempotencyKeyRemembersTheFirstResponse(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let store = f.store.idempotency
            let first = StoredResponse(requestHash: "h1", status: 201, body: #"{"id":"1"}"#, location: "/api/v1/contacts/1")
            #expect(try await store.lookup(scope: "user-1", key: "k") == nil)
            try await store.save(scope: "user-1", key: "k", response: first)
            #expect(try await store.lookup(scope: "user-1", key: "k") == first)
            #expect(try await store.lookup(scope: "user-2", key: "k") == nil)
            #expect(try await store.lookup(scope: "user-1", key: "K") == nil)

            // A second save under the same key keeps the first answer.
            try await store.save(
                scope: "user-1", key: "k", response: StoredResponse(requestHash: "h2", status: 500, body: "", location: ""))
            #expect(try await store.lookup(scope: "user-1", key: "k") == first)

            // Past the retention period a key is forgotten.
            var forgetful = store
            forgetful.retention = -1
            #expect(try await forgetful.lookup(scope: "user-1", key: "k") == nil)
        }
    }
}
