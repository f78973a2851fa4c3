import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// Authentication is remembered for a few seconds (`AuthCache`), but a change made through this
/// instance is honoured by its very next request; another instance honours it within the cache's
/// lifetime.
@Suite struct AuthCacheTests {
    @Test(arguments: TestDatabase.all)
    func aRevokedTokenIsRefusedAtOnce(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let headers = app.auth(app.salesRep)
            for _ in 0..<2 {
                #expect(try await client.execute(uri: "/api/v1/contacts", method: .get, headers: headers).status == .ok)
            }
            let secret = try #require(app.tokens[app.salesRep.email.value])
            #expect(try await app.store.tokens.revoke(idOrPrefix: String(secret.prefix(10)), of: app.salesRep.id) == 1)
            #expect(try await client.execute(uri: "/api/v1/contacts", method: .get, headers: headers).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func deactivatingAUserEndsTheirSessionsAndTokensAtOnce(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let headers = app.auth(app.salesRep)
            for _ in 0..<2 {
                #expect(try await browser.get("/home").status == .ok)
                #expect(try await client.execute(uri: "/api/v1/contacts", method: .get, headers: headers).status == .ok)
            }
            try await app.store.directory.setActive(app.salesRep.id, false)
            #expect(try await browser.get("/home").status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/contacts", method: .get, headers: headers).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewPasswordEndsSessionsAtOnce(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            #expect(try await browser.get("/home").status == .ok)
            try await app.store.directory.setPassword(app.salesRep.id, hash: "not-a-hash")
            #expect(try await browser.get("/home").status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewTeamIsSeenAtOnce(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, _ in
            let before = try await app.store.directory.teams(in: app.workspace.id)
            let team = try await app.store.directory.team(named: "Field Service", in: app.workspace.id, parent: app.service.id)
            let after = try await app.store.directory.teams(in: app.workspace.id)
            #expect(after.count == before.count + 1)
            #expect(after.contains { $0.id == team.id })
        }
    }

    /// Another instance does not hear of a revocation; it refuses the token once its remembered
    /// copy expires (at most `ttl` later: the documented bound).
    @Test(arguments: TestDatabase.all)
    func anotherInstanceRefusesARevokedTokenWithinTheCacheLifetime(_ db: TestDatabase) async throws {
        try await db.withEmptyLocation { location in
            let dbA = try await Database.open(location, logger: TestDatabase.logger)
            try await Migrator.migrate(dbA)
            let dbB = try await Database.open(location, logger: TestDatabase.logger)
            try await TestDatabase.using(dbA) { _ in
                try await TestDatabase.using(dbB) { _ in
                    let storeA = Store(dbA, authCache: AuthCache(seconds: 60))
                    let storeB = Store(dbB, authCache: AuthCache(seconds: 0.5))
                    let workspace = try await storeA.directory.defaultWorkspace()
                    let user = try await storeA.directory.createUser(
                        email: try EmailAddress("kim@example.com"), name: "Kim", passwordHash: "x", role: .rep, team: nil,
                        in: workspace.id)
                    let (_, secret) = try await storeA.tokens.create(for: user, name: "laptop")
                    #expect(try await storeA.tokens.user(forSecret: secret)?.id == user.id)
                    #expect(try await storeB.tokens.user(forSecret: secret)?.id == user.id)
                    try await storeA.tokens.revoke(idOrPrefix: String(secret.prefix(10)), of: user.id)
                    #expect(try await storeA.tokens.user(forSecret: secret) == nil, "this instance: at once")
                    #expect(try await storeB.tokens.user(forSecret: secret)?.id == user.id, "the other: remembered for now")
                    try await Task.sleep(for: .milliseconds(600))
                    #expect(try await storeB.tokens.user(forSecret: secret) == nil, "the other: once its copy expires")
                }
            }
        }
    }
}
