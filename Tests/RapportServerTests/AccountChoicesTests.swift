import Foundation
import RapportCore
@testable import RapportServer
import RapportStore
import RapportTesting
import Testing

@Suite struct AccountChoicesTests {
    @Test(arguments: TestDatabase.all)
    func aTypedAccountNameResolvesOnlyWhenItNamesOneVisibleAccount(_ database: TestDatabase) async throws {
        try await database.withEmptyDatabase { db in
            try await Migrator.migrate(db)
            let store = Store(db)
            let app = try await TestApp.make(store)
            let sam = try await store.directory.principal(for: app.salesRep)
            let sue = try await store.directory.principal(for: app.serviceRep)
            func account(_ name: String, by principal: Principal) async throws -> Record<Account> {
                // Two accounts of one name are the point here: acknowledged as possible duplicates.
                var input = Input(JSONObject(["name": .string(name), "allow_duplicate": .bool(true)]))
                return try await store.accounts.create(RecordChanges<Account>.read(&input, defaultCountry: "US"), by: principal)
            }
            let zenith = try await account("Zénith Optics", by: sam)
            _ = try await account("Twin Labs", by: sam)
            _ = try await account("Twin Labs", by: sam)
            _ = try await account("Hidden Corp", by: sue)

            #expect(try await AccountChoices.resolve("zenith optics", store: store, principal: sam) == .success(zenith.id.description))
            #expect(try await AccountChoices.resolve(zenith.id.description, store: store, principal: sam) == .success(zenith.id.description))
            guard case .failure(let twice) = try await AccountChoices.resolve("Twin Labs", store: store, principal: sam) else {
                Issue.record("two accounts of one name must not resolve")
                return
            }
            #expect(twice.text.contains("several"))
            guard case .failure(let hidden) = try await AccountChoices.resolve("Hidden Corp", store: store, principal: sam) else {
                Issue.record("an account the user cannot see must not resolve")
                return
            }
            #expect(hidden.text.contains("no account"))
            #expect(try await store.accounts.count(ListQuery(), by: sam) == 3)
            #expect(try await store.accounts.count(ListQuery(), by: sam, cap: 2) == 2)
            #expect(try await AccountChoices.options(store: store, principal: sam)?.count == 3)
        }
    }
}

