import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct ReferenceTests {
    @Test(arguments: TestDatabase.all)
    func aContactsAccountMustBeAVisibleLiveAccount(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let own = try await f.account(["name": .string("Acme")], by: f.rep)
            let foreign = try await f.account(["name": .string("Hidden")], by: f.outsider)
            let shared = try await f.account(["name": .string("Open"), "shared": .bool(true)], by: f.outsider)
            let gone = try await f.account(["name": .string("Gone")], by: f.rep)
            _ = try await f.accounts.delete(gone.id, expecting: 1, by: f.rep)

            func attempt(_ account: String) async -> RapportError? {
                await rapportError {
                    try await f.contact(["first_name": .string("Zoë"), "account_id": .string(account)], by: f.rep)
                }
            }
            let invalid = RapportError.invalid(field: "account_id", reason: "does not name a record you can see")
            #expect(await attempt(UUID().uuidString) == invalid)
            #expect(await attempt(foreign.id.description) == invalid)
            #expect(await attempt(gone.id.description) == invalid)
            // A contact's ID is not an account's.
            let person = try await f.contact(["first_name": .string("Someone")], by: f.rep)
            #expect(await attempt(person.id.description) == invalid)

            let atOwn = try await f.contact(["first_name": .string("Zoë"), "account_id": .string(own.id.description)], by: f.rep)
            #expect(atOwn["account_id"] == .id(own.id.uuid))
            let atShared = try await f.contact(["first_name": .string("Li"), "account_id": .string(shared.id.description)], by: f.rep)
            #expect(atShared["account_id"] == .id(shared.id.uuid))
        }
    }

    @Test(arguments: TestDatabase.all)
    func anUnchangedReferenceIsNotCheckedAgain(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            // A contact keeps pointing at an account deleted after it was linked, and can still be edited.
            let account = try await f.account(["name": .string("Acme")], by: f.rep)
            let contact = try await f.contact(["first_name": .string("Zoë"), "account_id": .string(account.id.description)], by: f.rep)
            _ = try await f.accounts.delete(account.id, expecting: 1, by: f.rep)
            let edited = try await f.contacts.update(contact.id, try changes(Contact.self, ["title": .string("CTO")]), expecting: 1, by: f.rep)
            #expect(edited["account_id"] == .id(account.id.uuid))
            #expect(edited.version == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anAccountCannotBeItsOwnAncestor(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let group = try await f.account(["name": .string("Group")], by: f.rep)
            let division = try await f.account(["name": .string("Division"), "parent_id": .string(group.id.description)], by: f.rep)
            let unit = try await f.account(["name": .string("Unit"), "parent_id": .string(division.id.description)], by: f.rep)

            let loop = RapportError.invalid(field: "parent_id", reason: "would make a loop")
            #expect(
                await rapportError {
                    try await f.accounts.update(group.id, try changes(Account.self, ["parent_id": .string(unit.id.description)]), expecting: 1, by: f.rep)
                } == loop)
            #expect(
                await rapportError {
                    try await f.accounts.update(group.id, try changes(Account.self, ["parent_id": .string(group.id.description)]), expecting: 1, by: f.rep)
                } == loop)
            #expect(try await f.accounts.get(group.id, by: f.rep)["parent_id"] == nil)
            #expect(try await f.accounts.history(group.id, by: f.rep).count == 1)

            // Moving a branch elsewhere in the tree is fine.
            let other = try await f.account(["name": .string("Other")], by: f.rep)
            let moved = try await f.accounts.update(
                division.id, try changes(Account.self, ["parent_id": .string(other.id.description)]), expecting: 1, by: f.rep)
            #expect(moved["parent_id"] == .id(other.id.uuid))
            let cleared = try await f.accounts.update(division.id, try changes(Account.self, ["parent_id": .null]), expecting: 2, by: f.rep)
            #expect(cleared["parent_id"] == nil)
        }
    }
}
