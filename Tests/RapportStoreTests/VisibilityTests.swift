import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct VisibilityTests {
    @Test(arguments: TestDatabase.all)
    func aRepCannotReachAnotherTeamsRecord(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë"), "last_name": .string("Hidden")], by: f.rep)
            let notFound = RapportError.notFound(entity: "contact", id: record.id.description)

            #expect(await rapportError { try await f.contacts.get(record.id, by: f.outsider) } == notFound)
            #expect(
                await rapportError {
                    try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("x")]), expecting: 1, by: f.outsider)
                } == notFound)
            #expect(await rapportError { try await f.contacts.delete(record.id, expecting: 1, by: f.outsider) } == notFound)
            #expect(await rapportError { try await f.contacts.restore(record.id, by: f.outsider) } == notFound)
            #expect(try await f.contacts.list(ListQuery(), by: f.outsider).items.isEmpty)
            #expect(try await f.contacts.list(ListQuery(q: "hidden"), by: f.outsider).items.isEmpty)
            #expect(try await f.store.search("hidden", by: f.outsider).isEmpty)
            // A rep of the parent team is not a manager: sub-teams stay out of sight.
            #expect(await rapportError { try await f.contacts.get(record.id, by: f.repSales) } == notFound)
            #expect(try await f.store.search("hidden", by: f.repSales).isEmpty)

            // Nothing changed behind the refusals.
            let current = try await f.contacts.get(record.id, by: f.rep)
            #expect(current.version == 1)
            #expect(current.deletedAt == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func teammatesManagersAndAdminsSeeTheRecord(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(["first_name": .string("Zoë"), "last_name": .string("Visible")], by: f.rep)
            for principal in [f.rep, f.teammate, f.viewer, f.manager, f.admin] {
                #expect(try await f.contacts.get(record.id, by: principal).id == record.id, "\(principal.name)")
                #expect(try await f.contacts.list(ListQuery(), by: principal).items.map(\.id) == [record.id], "\(principal.name)")
                #expect(try await f.store.search("visible", by: principal).map(\.id) == [record.id.description], "\(principal.name)")
            }
            // The manager of the parent team may change it too.
            let changed = try await f.contacts.update(
                record.id, try changes(Contact.self, ["title": .string("CTO")]), expecting: 1, by: f.manager)
            #expect(changed.version == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func sharedRecordsAreVisibleToEveryone(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.contact(
                ["first_name": .string("Zoë"), "last_name": .string("Shared"), "shared": .bool(true)], by: f.rep)
            #expect(record.shared)
            #expect(try await f.contacts.get(record.id, by: f.outsider).id == record.id)
            #expect(try await f.contacts.list(ListQuery(), by: f.outsider).items.map(\.id) == [record.id])
            #expect(try await f.store.search("shared", by: f.outsider).map(\.id) == [record.id.description])
            let changed = try await f.contacts.update(
                record.id, try changes(Contact.self, ["title": .string("CTO")]), expecting: 1, by: f.outsider)
            #expect(changed.version == 2)

            // Un-sharing hides it again, in lists and in search alike.
            _ = try await f.contacts.update(record.id, try changes(Contact.self, ["shared": .bool(false)]), expecting: 2, by: f.rep)
            #expect(await rapportError { try await f.contacts.get(record.id, by: f.outsider) }?.kind == "notFound")
            #expect(try await f.contacts.list(ListQuery(), by: f.outsider).items.isEmpty)
            #expect(try await f.store.search("shared", by: f.outsider).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func adminSeesEveryTeamsRecords(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let east = try await f.account(["name": .string("East Co")], by: f.rep)
            let service = try await f.account(["name": .string("Service Co")], by: f.outsider)
            let sales = try await f.account(["name": .string("Sales Co")], by: f.repSales)
            let page = try await f.accounts.list(ListQuery(), by: f.admin)
            #expect(page.items.map(\.id) == [east.id, sales.id, service.id])
            #expect(Set(try await f.store.search("co", by: f.admin).map(\.id)) == Set([east, service, sales].map(\.id.description)))
            #expect(try await f.accounts.list(ListQuery(), by: f.manager).items.map(\.id) == [east.id, sales.id])
            #expect(try await f.accounts.list(ListQuery(), by: f.rep).items.map(\.id) == [east.id])
            #expect(try await f.accounts.list(ListQuery(), by: f.repSales).items.map(\.id) == [sales.id])
            #expect(try await f.accounts.list(ListQuery(), by: f.outsider).items.map(\.id) == [service.id])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aViewerCannotWrite(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let record = try await f.account(["name": .string("Acme")], by: f.rep)
            let other = try await f.account(["name": .string("Globex")], by: f.rep)
            #expect(try await f.accounts.get(record.id, by: f.viewer).id == record.id)
            #expect(await rapportError { try await f.account(["name": .string("Mine")], by: f.viewer) }?.kind == "forbidden")
            #expect(
                await rapportError {
                    try await f.accounts.update(record.id, try changes(Account.self, ["city": .string("Paris")]), expecting: 1, by: f.viewer)
                }?.kind == "forbidden")
            #expect(await rapportError { try await f.accounts.delete(record.id, expecting: 1, by: f.viewer) }?.kind == "forbidden")
            #expect(await rapportError { try await f.accounts.restore(record.id, by: f.viewer) }?.kind == "forbidden")
            #expect(
                await rapportError { try await f.store.relations.relate(record.id, .partnerOf, other.id, note: nil, by: f.viewer) }?
                    .kind == "forbidden")
            #expect(try await f.accounts.list(ListQuery(), by: f.admin).items.count == 2)
            #expect(try await f.accounts.get(record.id, by: f.admin).version == 1)
            #expect(try await f.eventCount() == 2)
        }
    }
}
