import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct EventLogTests {
    @Test(arguments: TestDatabase.all)
    func everyChangeIsLoggedWithItsActorAndExactChanges(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let created = try await f.contact(
                [
                    "first_name": .string("Zoë"), "last_name": .string("Adams"),
                    "emails": .array([.string("Zoe@Globex.com")]),
                ], by: f.rep)
            let updated = try await f.contacts.update(
                created.id, try changes(Contact.self, ["last_name": .string("Müller"), "title": .string("CTO"), "emails": .null]),
                expecting: 1, by: f.teammate)
            let deleted = try await f.contacts.delete(created.id, expecting: 2, by: f.manager)
            let restored = try await f.contacts.restore(created.id, by: f.admin)

            let history = try await f.contacts.history(created.id, by: f.rep)
            #expect(history.map(\.action) == [.restored, .deleted, .updated, .created])
            try #require(history.count == 4)
            #expect(history.map(\.version) == [4, 3, 2, 1])
            #expect(history.map(\.actorID) == [f.admin.userID, f.manager.userID, f.teammate.userID, f.rep.userID])
            #expect(history.map(\.actorName) == ["Admin", "Manager", "Teammate", "Rep"])
            #expect(history.allSatisfy { $0.entity == "contact" && $0.recordID == created.id.description })
            #expect(history.allSatisfy { $0.workspaceID == f.workspace.id })
            #expect(history[0].at == restored.updatedAt)
            #expect(history[1].at == deleted.deletedAt)
            #expect(history[2].at == updated.updatedAt)
            #expect(history[3].at == created.createdAt)

            let rep = try #require(f.rep.userID).description
            #expect(Set(history[3].changes) == [
                FieldChange(field: "owner_id", before: .null, after: .string(rep)),
                FieldChange(field: "team_id", before: .null, after: .string(f.east.id.description)),
                FieldChange(field: "shared", before: .null, after: .bool(false)),
                FieldChange(field: "first_name", before: .null, after: .string("Zoë")),
                FieldChange(field: "last_name", before: .null, after: .string("Adams")),
                FieldChange(
                    field: "emails", before: .null,
                    after: .array([.object(JSONObject(["address": .string("zoe@globex.com"), "label": .string("work")]))])),
                FieldChange(field: "email_opt_out", before: .null, after: .bool(false)),
            ])
            #expect(Set(history[2].changes) == [
                FieldChange(field: "last_name", before: .string("Adams"), after: .string("Müller")),
                FieldChange(field: "title", before: .null, after: .string("CTO")),
                FieldChange(
                    field: "emails",
                    before: .array([.object(JSONObject(["address": .string("zoe@globex.com"), "label": .string("work")]))]),
                    after: .array([])),
            ])
            let deletedAt = try #require(deleted.deletedAt).iso8601
            #expect(history[1].changes == [FieldChange(field: "deleted_at", before: .null, after: .string(deletedAt))])
            #expect(history[0].changes == [FieldChange(field: "deleted_at", before: .string(deletedAt), after: .null)])
        }
    }

    @Test(arguments: TestDatabase.all)
    func historyIsAsVisibleAsItsRecord(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë")], by: f.rep)
            let error = await rapportError { try await f.contacts.history(record.id, by: f.outsider) }
            #expect(error == .notFound(entity: "contact", id: record.id.description))
            #expect(try await f.contacts.history(record.id, limit: 1, by: f.manager).count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRejectedUpdateWritesNoEventAndChangesNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë"), "title": .string("CTO")], by: f.rep)
            let before = try await f.eventCount()

            // A reference to an account that does not exist.
            let badReference = await rapportError {
                try await f.contacts.update(
                    record.id,
                    try changes(Contact.self, ["title": .string("CEO"), "account_id": .string(UUID().uuidString)]),
                    expecting: 1, by: f.rep)
            }
            #expect(badReference?.fields == ["account_id"])
            // Clearing the only name left.
            let noName = await rapportError {
                try await f.contacts.update(record.id, try changes(Contact.self, ["first_name": .null]), expecting: 1, by: f.rep)
            }
            #expect(noName?.fields == ["last_name"])
            // A reader.
            let forbidden = await rapportError {
                try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("CEO")]), expecting: 1, by: f.viewer)
            }
            #expect(forbidden?.kind == "forbidden")
            // A stale version.
            let stale = await rapportError {
                try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("CEO")]), expecting: 7, by: f.rep)
            }
            #expect(stale?.kind == "staleVersion")

            #expect(try await f.eventCount() == before)
            let current = try await f.contacts.get(record.id, by: f.rep)
            #expect(current.version == 1)
            #expect(current.values == record.values)
            #expect(try await f.store.search("ceo", by: f.admin).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRejectedCreateLeavesNoRecordAndNoEvent(_ db: TestDatabase) async throws {
        try await db.withFixture { f async throws in
            let error = await rapportError {
                try await f.contact(["first_name": .string("Zoë"), "account_id": .string(UUID().uuidString)], by: f.rep)
            }
            #expect(error?.fields == ["account_id"])
            #expect(try await f.eventCount() == 0)
            #expect(try await f.contacts.list(ListQuery(scope: .all), by: f.admin).items.isEmpty)
            #expect(try await f.store.search("zoe", by: f.admin).isEmpty)
        }
    }
}
