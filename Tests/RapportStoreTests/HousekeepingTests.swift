import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct HousekeepingTests {
    @Test(arguments: TestDatabase.all)
    func housekeepingRemovesExpiredRowsAndKeepsLiveOnes(_ database: TestDatabase) async throws {
        try await database.withEmptyDatabase { db in
            try await Migrator.migrate(db)
            let store = Store(db)
            let workspace = try await store.directory.defaultWorkspace()
            let user = try await store.directory.createUser(
                email: try EmailAddress("keeper@example.com"), name: "Keeper", passwordHash: "x", role: .rep, team: nil,
                in: workspace.id)
            let (live, _) = try await store.sessions.start(for: user)
            var expiring = store.sessions
            expiring.lifetime = 1
            let (old, _) = try await expiring.start(for: user)
            try await store.idempotency.save(
                scope: "s", key: "k", response: StoredResponse(requestHash: "h", status: 201, body: "{}", location: ""))
            let later = Timestamp.now().adding(seconds: 2 * 24 * 3600)
            let removed = try await Housekeeping.run(db, now: later)
            #expect(removed >= 2)
            // Sessions are judged against the real clock when read, so check the rows directly.
            let left = try await db.read { sql in
                try await sql.raw("SELECT token_hash FROM sessions").all().map { try $0.decode(column: "token_hash", as: String.self) }
            }
            #expect(!left.contains(Secrets.hash(old)))
            #expect(left.contains(Secrets.hash(live)))
            #expect(try await store.idempotency.lookup(scope: "s", key: "k") == nil)
        }
    }
}
