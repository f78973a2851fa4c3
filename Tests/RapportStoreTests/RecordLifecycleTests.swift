import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct RecordLifecycleTests {
    @Test(arguments: TestDatabase.all)
    func createGetUpdateDeleteRestoreStepTheVersion(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let created = try await f.contact(["first_name": .string("Zoë"), "last_name": .string("Adams")], by: f.rep)
            #expect(created.version == 1)
            #expect(created.ownerID == f.rep.userID)
            #expect(created.teamID == f.east.id)
            #expect(created.shared == false)
            #expect(created.createdBy == f.rep.userID)
            #expect(created.deletedAt == nil)
            #expect(try await f.contacts.get(created.id, by: f.rep).values == created.values)

            let updated = try await f.contacts.update(
                created.id, try changes(Contact.self, ["title": .string("CTO")]), expecting: 1, by: f.teammate)
            #expect(updated.version == 2)
            #expect(updated["title"] == .text("CTO"))
            #expect(updated["first_name"] == .text("Zoë"))
            #expect(updated.updatedBy == f.teammate.userID)
            #expect(updated.createdBy == f.rep.userID)
            #expect(updated.updatedAt >= created.updatedAt)
            #expect(try await f.contacts.get(created.id, by: f.rep).version == 2)

            let deleted = try await f.contacts.delete(created.id, expecting: 2, by: f.rep)
            #expect(deleted.version == 3)
            #expect(deleted.deletedAt != nil)
            // A deleted record can still be read (to restore it), but lists leave it out.
            #expect(try await f.contacts.get(created.id, by: f.rep).deletedAt == deleted.deletedAt)
            #expect(try await f.contacts.list(ListQuery(), by: f.rep).items.isEmpty)
            #expect(try await f.contacts.list(ListQuery(scope: .deleted), by: f.rep).items.map(\.id) == [created.id])

            let restored = try await f.contacts.restore(created.id, by: f.rep)
            #expect(restored.version == 4)
            #expect(restored.deletedAt == nil)
            #expect(restored.values == updated.values)
            #expect(try await f.contacts.list(ListQuery(), by: f.rep).items.map(\.id) == [created.id])
            #expect(try await f.contacts.list(ListQuery(scope: .deleted), by: f.rep).items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aStaleVersionIsRejected(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë")], by: f.rep)
            _ = try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("CTO")]), expecting: 1, by: f.rep)
            // A second writer who also saw version 1 must not overwrite the first one's change.
            let error = await rapportError {
                try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("CEO")]), expecting: 1, by: f.teammate)
            }
            #expect(error == .staleVersion(entity: "contact", id: record.id.description, current: 2))
            let deleteError = await rapportError { try await f.contacts.delete(record.id, expecting: 1, by: f.rep) }
            #expect(deleteError == .staleVersion(entity: "contact", id: record.id.description, current: 2))
            let current = try await f.contacts.get(record.id, by: f.rep)
            #expect(current.version == 2)
            #expect(current["title"] == .text("CTO"))
            #expect(current.deletedAt == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func updatingADeletedRecordConflicts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.account(["name": .string("Acme")], by: f.rep)
            let deleted = try await f.accounts.delete(record.id, expecting: nil, by: f.rep)
            let error = await rapportError {
                try await f.accounts.update(record.id, try changes(Account.self, ["city": .string("Paris")]), expecting: deleted.version, by: f.rep)
            }
            #expect(error?.kind == "conflict")
            #expect(try await f.accounts.get(record.id, by: f.rep).version == deleted.version)
        }
    }

    @Test(arguments: TestDatabase.all)
    func deletingTwiceAndRestoringALiveRecordChangeNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.account(["name": .string("Acme")], by: f.rep)
            #expect(try await f.accounts.restore(record.id, by: f.rep).version == 1)
            let deleted = try await f.accounts.delete(record.id, expecting: 1, by: f.rep)
            #expect(try await f.accounts.delete(record.id, expecting: nil, by: f.rep).version == deleted.version)
            #expect(try await f.accounts.history(record.id, by: f.rep).map(\.action) == [.deleted, .created])
        }
    }

    @Test(arguments: TestDatabase.all)
    func anUpdateThatChangesNothingKeepsTheVersion(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë"), "title": .string("CTO")], by: f.rep)
            let same = try await f.contacts.update(
                record.id, try changes(Contact.self, ["title": .string(" CTO "), "first_name": .string("Zoë")]), expecting: 1,
                by: f.rep)
            #expect(same.version == 1)
            #expect(try await f.contacts.history(record.id, by: f.rep).count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aClientChosenIDIsUsedOnce(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let id: Record<Contact>.ID = fixedID(1)
            let record = try await f.contact(["first_name": .string("Zoë")], by: f.rep, id: id)
            #expect(record.id == id)
            let error = await rapportError { try await f.contact(["first_name": .string("Other")], by: f.rep, id: id) }
            #expect(error?.kind == "conflict")
            #expect(try await f.contacts.get(id, by: f.rep)["first_name"] == .text("Zoë"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func ownershipCanBeGivenToAnotherActiveUser(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë")], by: f.rep)
            let teammate = try #require(f.teammate.userID)
            let moved = try await f.contacts.update(
                record.id, try changes(Contact.self, ["owner_id": .string(teammate.description)]), expecting: 1, by: f.rep)
            #expect(moved.ownerID == teammate)

            let outsider = try #require(f.outsider.userID)
            try await f.store.directory.setActive(outsider, false)
            let error = await rapportError {
                try await f.contacts.update(
                    record.id, try changes(Contact.self, ["owner_id": .string(outsider.description)]), expecting: 2, by: f.rep)
            }
            #expect(error?.fields == ["owner_id"])
            let teamError = await rapportError {
                try await f.contacts.update(
                    record.id, try changes(Contact.self, ["team_id": .string(UUID().uuidString)]), expecting: 2, by: f.rep)
            }
            #expect(teamError?.fields == ["team_id"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func anotherWorkspaceSeesNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë")], by: f.rep)
            let stranger = Principal.system(Workspace.ID.make())
            let error = await rapportError { try await f.contacts.get(record.id, by: stranger) }
            #expect(error == .notFound(entity: "contact", id: record.id.description))
            #expect(try await f.contacts.list(ListQuery(), by: stranger).items.isEmpty)
            #expect(try await f.contacts.get(many: [record.id], by: stranger).isEmpty)
            #expect(try await f.store.search("zoe", by: stranger).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func manyRecordsAreFetchedByID(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let a = try await f.contact(["first_name": .string("A")], by: f.rep)
            let b = try await f.contact(["first_name": .string("B")], by: f.rep)
            let hidden = try await f.contact(["first_name": .string("C")], by: f.outsider)
            let found = try await f.contacts.get(many: [a.id, b.id, hidden.id, .make()], by: f.rep)
            #expect(Set(found.map(\.id)) == [a.id, b.id])
            #expect(try await f.contacts.get(many: [], by: f.rep).isEmpty)
        }
    }
}
