import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct DuplicateScanTests {
    /// Records made with `allow_duplicate`, as people do when they ignore the warning.
    func add(_ f: Fixture, _ pairs: KeyValuePairs<String, JSONValue>, by principal: Principal) async throws -> Record<Contact> {
        var changes = try changes(Contact.self, pairs)
        changes.flags.insert(DuplicateCheck.flag)
        return try await f.contacts.create(changes, by: principal)
    }

    @Test(arguments: TestDatabase.all)
    func theScanFindsPairsKeepsDismissalsAndIsIdempotent(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await add(f, ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "emails": .array(["ana@acme.com"])], by: f.rep)
            let ana2 = try await add(f, ["first_name": .string("Anna"), "last_name": .string("Ruíz"), "emails": .array(["ANA@acme.com"])], by: f.rep)
            let bill = try await add(f, ["first_name": .string("Bill"), "last_name": .string("Gates")], by: f.rep)
            let william = try await add(f, ["first_name": .string("William"), "last_name": .string("Gates")], by: f.rep)
            let john = try await add(f, ["first_name": .string("John"), "last_name": .string("Smith")], by: f.rep)
            _ = try await add(f, ["first_name": .string("Mary"), "last_name": .string("Smith")], by: f.rep)
            let smtih = try await add(f, ["first_name": .string("John"), "last_name": .string("Smtih")], by: f.rep)

            let summary = try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id)
            #expect(summary.pairsFound == 3)
            #expect(summary.blocksSkipped == 0)
            let page = try await f.store.duplicates.pairs(Contact.self, by: f.admin)
            let pairs = page.items.map { Set([$0.a.id, $0.b.id]) }
            #expect(pairs == [Set([ana.id, ana2.id]), Set([bill.id, william.id]), Set([john.id, smtih.id])])
            #expect(page.items.map(\.score) == page.items.map(\.score).sorted(by: >))
            #expect(page.items[0].reasons.first == "same email")
            #expect(page.items[1].reasons == ["name 0.95", "nickname"])
            #expect(page.items.allSatisfy { $0.a.id.uuid.uuidString < $0.b.id.uuid.uuidString })
            #expect(try await f.store.duplicates.lastScan(Contact.self, workspace: f.workspace.id) == summary)

            // Dismissed pairs leave the list and stay dismissed; a second scan changes nothing else.
            let dismissed = try await f.store.duplicates.setStatus(Contact.self, id: page.items[1].id, to: .dismissed, by: f.rep)
            #expect(dismissed.status == .dismissed)
            let again = try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id)
            #expect(again.pairsFound == 3)
            #expect(try await f.pairCount() == 3)
            #expect(try await f.store.duplicates.pairs(Contact.self, by: f.admin).items.count == 2)
            let stillDismissed = try await f.store.duplicates.pairs(Contact.self, status: .dismissed, by: f.admin).items
            #expect(stillDismissed.map(\.id) == [page.items[1].id])
            _ = try await f.store.duplicates.setStatus(Contact.self, id: page.items[1].id, to: .open, by: f.rep)
            #expect(try await f.store.duplicates.pairs(Contact.self, by: f.admin).items.count == 3)

            // A deleted record's pair goes from the list at once and from the table at the next scan;
            // a record changed so it no longer looks alike loses its pair.
            _ = try await f.contacts.delete(smtih.id, expecting: nil, by: f.rep)
            #expect(try await f.store.duplicates.pairs(Contact.self, by: f.admin).items.count == 2)
            _ = try await f.contacts.update(
                william.id, try changes(Contact.self, ["first_name": .string("Melinda")]), expecting: 1, by: f.rep)
            try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id)
            #expect(try await f.pairCount() == 1)
            #expect(try await f.store.duplicates.pairs(Contact.self, by: f.admin).items.map(\.a.id).count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func pairsAreListedOnlyToThoseWhoSeeBothRecordsAPageAtATime(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            for n in 0..<5 {
                let email = "person\(n)@acme.com"
                _ = try await add(f, ["first_name": .string("Person"), "last_name": .string("Number\(n)x"), "emails": .array([.string(email)])], by: f.rep)
                _ = try await add(f, ["last_name": .string("Someone Else \(n)"), "emails": .array([.string(email)])], by: n == 0 ? f.outsider : f.rep)
            }
            try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id)
            #expect(try await f.pairCount() == 5)
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await f.store.duplicates.pairs(Contact.self, cursor: cursor, limit: 2, by: f.rep)
                #expect(page.items.count <= 2)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            // The rep cannot see the outsider's record, so not its pair either.
            #expect(seen.count == 4)
            #expect(Set(seen).count == 4)
            #expect(try await f.store.duplicates.pairs(Contact.self, limit: 100, by: f.admin).items.count == 5)
            #expect(try await f.store.duplicates.pairs(Contact.self, limit: 100, by: f.outsider).items.isEmpty)
            let hidden = try #require(
                try await f.store.duplicates.pairs(Contact.self, limit: 100, by: f.admin).items.first { !seen.contains($0.id) })
            let error = await rapportError { try await f.store.duplicates.setStatus(Contact.self, id: hidden.id, to: .dismissed, by: f.rep) }
            #expect(error?.kind == "notFound")
            let viewer = await rapportError { try await f.store.duplicates.setStatus(Contact.self, id: seen[0], to: .dismissed, by: f.viewer) }
            #expect(viewer?.kind == "forbidden")
            let bad = await rapportError { try await f.store.duplicates.pairs(Contact.self, cursor: "nonsense", by: f.rep) }
            #expect(bad?.fields == ["cursor"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func blocksLargerThanTheLimitAreSkippedWithANote(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let account = try await f.account(["name": .string("Acme")], by: f.rep)
            for _ in 0..<3 {
                _ = try await add(f, ["first_name": .string("Ana"), "last_name": .string("Ruiz"), "account_id": .string(account.id.description)], by: f.rep)
            }
            let summary = try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id, maxBlock: 2)
            #expect(summary.pairsFound == 0)
            #expect(summary.blocksSkipped == 3)
            #expect(summary.note.contains("3 groups of more than 2 records"))
            let full = try await f.store.duplicates.scan(Contact.self, workspace: f.workspace.id)
            #expect(full.pairsFound == 3)
            #expect(full.note == "")
            // Accounts are scanned on their own.
            _ = try await f.account(["name": .string("ACME Inc."), "allow_duplicate": .bool(true)], by: f.rep)
            let accounts = try await f.store.duplicates.scan(Account.self, workspace: f.workspace.id)
            #expect(accounts.pairsFound == 1)
            #expect(try await f.store.duplicates.pairs(Account.self, by: f.rep).items.first?.reasons == ["name 1.00"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func scansAreQueuedByManagersOnceAndRunAsJobs(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            _ = try await add(f, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            _ = try await add(f, ["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let repError = await rapportError { try await f.store.duplicates.requestScan(entity: nil, by: f.rep) }
            #expect(repError?.kind == "forbidden")
            #expect(try await f.store.duplicates.requestScan(entity: nil, by: f.manager))
            #expect(try await !f.store.duplicates.requestScan(entity: "contacts", by: f.admin))
            #expect(try await f.store.duplicates.scanPending(workspace: f.workspace.id))
            let jobs = try await f.store.jobs.claim(worker: "test", limit: 10)
            #expect(jobs.map(\.kind) == [DuplicateStore.scanKind])
            let job = try #require(jobs.first)
            let summaries = try await f.store.duplicates.runScanJob(job)
            #expect(summaries.map(\.entity) == ["accounts", "contacts"])
            #expect(summaries.map(\.pairsFound) == [0, 1])
            // The nightly job names no workspace: it queues a scan of each workspace, once.
            var nightly = job
            nightly.workspaceID = nil
            nightly.payload = .object(["entity": .string("contacts")])
            #expect(try await f.store.duplicates.runScanJob(nightly).isEmpty)
            #expect(try await f.store.duplicates.runScanJob(nightly).isEmpty)
            let perWorkspace = try await f.store.jobs.claim(worker: "test", limit: 10)
            #expect(perWorkspace.map(\.workspaceID) == [f.workspace.id])
            let scanned = try await f.store.duplicates.runScanJob(try #require(perWorkspace.first))
            #expect(scanned.map(\.entity) == ["contacts"])
        }
    }
}

extension Fixture {
    func pairCount() async throws -> Int {
        try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM duplicate_pairs").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }
}
