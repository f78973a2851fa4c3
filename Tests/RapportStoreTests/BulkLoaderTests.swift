import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct BulkLoaderTests {
    /// The bulk loader writes what the stores would: the records read back equal, and rewriting every
    /// record's contact points, blocking keys and search document through the stores' own code changes nothing.
    @Test(arguments: TestDatabase.all)
    func bulkRowsAreTheRowsTheStoresWrite(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let owners = [try await f.user(f.rep), try await f.user(f.outsider)].map(BulkOwner.init)
            var loader = BulkLoader(contacts: 23, seed: 7, workspace: f.workspace.id, owners: owners)
            loader.accountsPerTransaction = 2
            loader.rowsPerStatement = 3
            let summary = try await loader.load(into: f.db)
            #expect(summary.accounts == 4)
            #expect(summary.contacts == 23)
            #expect(summary.events == 27)
            #expect(summary.searchDocs == 27)
            #expect(summary.titleKeys >= 27 * 2)
            #expect(summary.matchKeys >= 27 * 2)
            #expect(summary.transactions == 2)

            let accounts = (0..<4).map { loader.account(at: $0) }
            let contacts = (0..<23).map { loader.contact(at: $0) }
            for account in accounts {
                let stored = try await f.accounts.get(account.id, by: f.admin)
                #expect(stored.values == account.values)
                #expect(stored.json() == account.json())
            }
            for contact in contacts {
                let stored = try await f.contacts.get(contact.id, by: f.admin)
                #expect(stored.values == contact.values)
                #expect(stored.json() == contact.json())
                let history = try await f.contacts.history(contact.id, by: f.admin)
                #expect(history.count == 1)
                let event = try #require(history.first)
                #expect(event.action == .created)
                #expect(event.version == 1)
                #expect(event.actorID == contact.createdBy)
                #expect(event.at == contact.createdAt)
                #expect(Set(event.changes) == Set(Record<Contact>.diff(nil, contact)))
            }
            // The last account takes the three contacts left over.
            #expect(contacts.filter { $0["account_id"]?.uuid == accounts[3].id.uuid }.count == 8)

            let before = try await snapshot(f.db)
            try await f.db.write { sql in
                try await sql.raw("DELETE FROM match_keys").run()
                try await sql.raw("DELETE FROM search_title_keys").run()
                for account in accounts { try await MatchKeys.replace(account, previous: nil, on: sql) }
                for contact in contacts { try await MatchKeys.replace(contact, previous: nil, on: sql) }
                for account in accounts {
                    try await ContactPoints.replace(account, on: sql)
                    try await RecordIndexing.index(account, previous: nil, on: sql)
                }
                for contact in contacts {
                    try await ContactPoints.replace(contact, on: sql)
                    try await RecordIndexing.index(contact, previous: nil, on: sql)
                }
            }
            #expect(try await snapshot(f.db) == before)

            // Lists, search and contact points see the records like any others.
            let page = try await f.contacts.list(ListQuery(limit: 10), by: f.admin)
            #expect(page.items.count == 10)
            let someone = contacts[5]
            let last = try #require(someone["last_name"]?.text)
            #expect(try await f.store.search(last, limit: 50, by: f.admin).contains { $0.id == someone.id.description })
            let repsContacts = try await f.contacts.list(ListQuery(limit: 200), by: f.rep)
            #expect(repsContacts.items.allSatisfy { $0.ownerID == f.rep.userID || $0.shared })
        }
    }

    /// Contact points, search documents and blocking keys of every record, in a comparable form.
    func snapshot(_ db: Database) async throws -> [String] {
        try await db.read { sql in
            let points = try await sql.raw(
                "SELECT entity, record_id, kind, value FROM contact_points ORDER BY record_id, kind, value"
            ).all().map { row in
                [
                    try row.decode(column: "entity", as: String.self),
                    try row.decode(column: "record_id", as: UUID.self).uuidString,
                    try row.decode(column: "kind", as: String.self), try row.decode(column: "value", as: String.self),
                ].joined(separator: "|")
            }
            let docs = try await sql.raw(
                "SELECT record_id, entity, title, subtitle, doc, owner_id, team_id, shared, deleted FROM search_docs ORDER BY record_id"
            ).all().map { row in
                [
                    try row.decode(column: "record_id", as: UUID.self).uuidString,
                    try row.decode(column: "entity", as: String.self), try row.decode(column: "title", as: String.self),
                    try row.decode(column: "subtitle", as: String.self), try row.decode(column: "doc", as: String.self),
                    try row.decode(column: "owner_id", as: UUID?.self)?.uuidString ?? "-",
                    try row.decode(column: "team_id", as: UUID?.self)?.uuidString ?? "-",
                    String(try row.decode(column: "shared", as: Bool.self)),
                    String(try row.decode(column: "deleted", as: Bool.self)),
                ].joined(separator: "|")
            }
            let keys = try await sql.raw(
                "SELECT entity, record_id, key FROM match_keys ORDER BY record_id, key"
            ).all().map { row in
                [
                    try row.decode(column: "entity", as: String.self),
                    try row.decode(column: "record_id", as: UUID.self).uuidString, try row.decode(column: "key", as: String.self),
                ].joined(separator: "|")
            }
            let titleKeys = try await sql.raw(
                "SELECT record_id, key FROM search_title_keys ORDER BY record_id, key"
            ).all().map { row in
                [try row.decode(column: "record_id", as: UUID.self).uuidString, try row.decode(column: "key", as: String.self)]
                    .joined(separator: "|")
            }
            return points + docs + keys + titleKeys
        }
    }

    /// Activities and tasks come out as the stores write them: records, `created` events, attendees;
    /// a contact with a fixed count gets exactly that many.
    @Test(arguments: TestDatabase.all)
    func bulkActivitiesAreTheRowsTheStoresWrite(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let owners = [try await f.user(f.rep), try await f.user(f.outsider)].map(BulkOwner.init)
            let purposes = try await f.store.purposes.all(in: f.workspace.id).map(\.id.uuid)
            var loader = BulkLoader(contacts: 12, seed: 9, workspace: f.workspace.id, owners: owners)
            loader.accountsPerTransaction = 1
            loader.rowsPerStatement = 4
            loader.activityPlan = BulkActivityPlan(perContact: 3, tasksPerHundred: 50, purposes: purposes, fixed: [4: 40, 5: 0])
            let summary = try await loader.load(into: f.db)
            let generated = (0..<12).map { loader.activities(of: loader.contact(at: $0), index: $0, owner: loader.owner(ofAccount: min($0 / 5, 1))) }
            let activities = generated.flatMap(\.activities)
            let tasks = generated.flatMap(\.tasks)
            #expect(summary.activities == activities.count)
            #expect(summary.tasks == tasks.count)
            #expect(generated[4].activities.count == 40)
            #expect(generated[5].activities.isEmpty)
            #expect(!tasks.isEmpty)
            #expect(summary.events == 2 + 12 + activities.count + tasks.count)

            for activity in activities {
                let stored = try await f.activities.get(activity.id, by: f.admin)
                #expect(stored.values == activity.values)
                #expect(stored.jsonBytes() == activity.jsonBytes())
                let history = try await f.activities.history(activity.id, by: f.admin)
                #expect(history.map(\.action) == [.created])
                #expect(Set(history.first?.changes ?? []) == Set(Record<Activity>.diff(nil, activity)))
            }
            for task in tasks {
                let stored = try await f.tasks.get(task.id, by: f.admin)
                #expect(stored.values == task.values)
                #expect(stored.jsonBytes() == task.jsonBytes())
            }
            // The timeline of the contact with 40 activities pages through all of them.
            let busy = loader.contact(at: 4)
            let first = try await f.store.timeline.page(of: busy, filter: TimelineFilter(kinds: ["call", "meeting", "email", "note"], limit: 25), by: f.admin)
            #expect(first.items.count == 25)
            #expect(first.nextCursor != nil)

            func attendees() async throws -> [String] {
                try await f.db.read { sql in
                    try await sql.raw("SELECT activity_id, kind, attendee_id FROM activity_attendees ORDER BY activity_id, kind, attendee_id")
                        .all().map { row in
                            [
                                try row.decode(column: "activity_id", as: UUID.self).uuidString,
                                try row.decode(column: "kind", as: String.self),
                                try row.decode(column: "attendee_id", as: UUID.self).uuidString,
                            ].joined(separator: "|")
                        }
                }
            }
            let before = try await attendees()
            #expect(!before.isEmpty)
            try await f.db.write { sql in
                try await sql.raw("DELETE FROM activity_attendees").run()
                for activity in activities { try await ActivityAttendees.replace(activity, on: sql) }
            }
            #expect(try await attendees() == before)
        }
    }

    /// The same seed gives the same records, however the load is split; names, emails and phones are unique.
    @Test func generationIsDeterministicAndUnique() throws {
        let workspace = Workspace.ID(UUID(uuidString: "01900000-0000-7000-8000-000000000001")!)
        let owner = BulkOwner(
            User(
                id: .init(UUID(uuidString: "01900000-0000-7000-8000-000000000002")!), workspaceID: workspace,
                email: EmailAddress(trusted: "rep@bench.test"), name: "Rep", role: .rep, teamID: nil, timeZone: "UTC",
                active: true, createdAt: Timestamp(micros: 0)))
        let a = BulkLoader(contacts: 5_000, seed: 42, workspace: workspace, owners: [owner])
        var b = BulkLoader(contacts: 5_000, seed: 42, workspace: workspace, owners: [owner])
        b.accountsPerTransaction = 7
        let c = BulkLoader(contacts: 5_000, seed: 43, workspace: workspace, owners: [owner])
        #expect(a.contact(at: 1234).id == b.contact(at: 1234).id)
        #expect(a.contact(at: 1234).values == b.contact(at: 1234).values)
        #expect(a.contact(at: 1234).values != c.contact(at: 1234).values)

        var emails: Set<String> = []
        var phones: Set<String> = []
        var names: Set<String> = []
        var domains: Set<String> = []
        var ids: Set<UUID> = []
        var last = Timestamp(micros: 0)
        for index in 0..<a.accountCount {
            let group = a.group(index)
            #expect(names.insert(group.account.title).inserted)
            let domain = group.account["domain"]?.text ?? ""
            #expect(domains.insert(domain).inserted)
            #expect(ids.insert(group.account.id.uuid).inserted)
            for phone in group.account["phones"]?.phones ?? [] { #expect(phones.insert(phone.number.e164).inserted) }
            #expect(group.account.createdAt > last)
            last = group.account.createdAt
            for contact in group.contacts {
                #expect(ids.insert(contact.id.uuid).inserted)
                for email in contact["emails"]?.emails ?? [] { #expect(emails.insert(email.address.value).inserted) }
                for phone in contact["phones"]?.phones ?? [] {
                    #expect(phones.insert(phone.number.e164).inserted)
                    #expect((8...15).contains(phone.number.e164.count))
                }
                #expect(contact.createdAt > last)
                last = contact.createdAt
            }
        }
        #expect(emails.count == 5_000)
        #expect(ids.count == 6_000)
    }
}
