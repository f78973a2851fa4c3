import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ImportRevertTests {
    /// A revert deletes what the import created and restores what it changed, leaving alone (and
    /// listing) records changed since or pointed at by others; nothing points at a deleted record.
    @Test(arguments: TestDatabase.all)
    func aRevertUndoesCreatesAndUpdatesButNotLaterWork(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let initech = try await f.account(["name": .string("Initech"), "industry": .string("Software"), "website": .string("initech.example")], by: f.rep)
            let hooli = try await f.account(["name": .string("Hooli"), "industry": .string("Search"), "website": .string("hooli.example")], by: f.rep)
            let before = try await f.accounts.get(initech.id, by: f.rep)
            let csv = """
                Account Name,Website,Industry,Parent Account
                Initech,initech.example,Printers,
                Hooli,hooli.example,Video,
                Acme,acme.example,Rockets,
                Globex,globex.example,Energy,
                Acme West,acmewest.example,Rockets,Acme
                Umbrella,umbrella.example,Pharma,
                """
            let batch = try await f.importCSV(
                csv, into: "accounts", settings: ["mode": "upsert", "match_key": "domain"], chunk: 2, by: f.rep)
            #expect(batch.counts.updated == 2)
            #expect(batch.counts.created == 4)
            let created = try await f.accounts.list(ListQuery(limit: 50), by: f.rep).items.filter { !["Initech", "Hooli"].contains($0.title) }
            #expect(created.count == 4)
            let byName = Dictionary(uniqueKeysWithValues: created.map { ($0.title, $0) })
            let acme = try #require(byName["Acme"])
            #expect(byName["Acme West"]?["parent_id"] == .id(acme.id.uuid))

            // Since the import: someone edits Hooli and Globex, and adds a person at Umbrella.
            _ = try await f.accounts.update(hooli.id, try changes(Account.self, ["industry": .string("Ads")]), expecting: 2, by: f.teammate)
            let globex = try #require(byName["Globex"])
            _ = try await f.accounts.update(globex.id, try changes(Account.self, ["industry": .string("Nuclear")]), expecting: 1, by: f.teammate)
            let umbrella = try #require(byName["Umbrella"])
            try await f.contact(["first_name": .string("Alice"), "last_name": .string("Abernathy"), "account_id": .string(umbrella.id.description)], by: f.teammate)

            let reverted = try await f.revert(batch, chunk: 2, by: f.manager)
            #expect(reverted.status == .reverted)
            #expect(reverted.revertCounts?.restored == 1)
            #expect(reverted.revertCounts?.deleted == 2)
            #expect(reverted.revertCounts?.kept == 3)

            // Initech has its values back, through an update with an event.
            let restored = try await f.accounts.get(initech.id, by: f.rep)
            #expect(restored.values == before.values)
            #expect(restored.version == 3)
            #expect(try await f.accounts.history(initech.id, by: f.rep).first?.action == .updated)
            #expect(try await f.accounts.get(hooli.id, by: f.rep)["industry"] == .text("Ads"))
            // Acme and Acme West are deleted as a delete deletes: restorable, out of lists, search,
            // contact points and blocking keys, with a `deleted` event.
            for name in ["Acme", "Acme West"] {
                let record = try #require(byName[name])
                let gone = try await f.accounts.get(record.id, by: f.rep)
                #expect(gone.deletedAt != nil)
                #expect(try await f.accounts.history(record.id, by: f.rep).first?.action == .deleted)
                #expect(try await f.count("contact_points", "record_id = '\(db.isPostgres ? record.id.description : record.id.uuid.uuidString)'") == 0)
                #expect(try await f.count("match_keys", "record_id = '\(db.isPostgres ? record.id.description : record.id.uuid.uuidString)'") == 0)
            }
            #expect(try await f.store.search("acme", by: f.rep).isEmpty)
            let live = try await f.accounts.list(ListQuery(limit: 50), by: f.rep).items.map(\.title)
            #expect(Set(live) == ["Initech", "Hooli", "Globex", "Umbrella"])
            // Nothing live points at a deleted record.
            let dangling = try await f.count("accounts", "deleted_at IS NULL AND parent_id IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL)")
                + f.count("contacts", "deleted_at IS NULL AND account_id IN (SELECT id FROM accounts WHERE deleted_at IS NOT NULL)")
            #expect(dangling == 0)
            // The kept ones are listed with why.
            let kept = try await f.imports.issues(batch.id, pass: "revert", by: f.manager)
            try #require(kept.count == 3)
            let reasons = kept.map(\.reason).sorted()
            #expect(reasons[0] == "Globex was changed since the import (by Teammate); it was kept.")
            #expect(reasons[1] == "Hooli was changed since the import (by Teammate); it was left as it is.")
            #expect(reasons[2] == "Umbrella was kept: 1 other record (contacts) point at it.")
            // A reverted import cannot be reverted or run again.
            let again = await rapportError { try await f.imports.requestRevert(batch.id, by: f.manager) }
            #expect(again?.kind == "conflict")
        }
    }

    /// A run stopped after some chunks (as a killed process would) resumes after the last committed
    /// chunk: every row imported exactly once, the counts exact, and a revert finds them all.
    @Test(arguments: TestDatabase.all)
    func anInterruptedRunResumesWithoutDoublingAndRevertsWhole(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            var rows = ["First Name,Last Name,Email"]
            for n in 1...23 { rows.append("Person\(n),Resume,p\(n)@resume.example") }
            rows.insert("Bad,Row,not-an-email", at: 10)
            let draft = try await f.draft(rows.joined(separator: "\r\n") + "\r\n", into: "contacts", by: f.rep)
            _ = try await f.imports.start(draft.id, dryRun: false, by: f.rep)
            var options = ImportRunOptions()
            options.rowsPerChunk = 5
            options.stopAfterChunks = 2
            let stopped = try await f.imports.run(draft.id, options: options)
            #expect(stopped.status == .running)
            #expect(stopped.counts.rows == 10)
            #expect(stopped.counts.created == 9)
            #expect(stopped.counts.rejected == 1)
            #expect(stopped.offset > 0)
            #expect(try await f.count("contacts") == 9)

            // Two workers resuming at once (a lease ran out): one commits each chunk, the other stops.
            options.stopAfterChunks = nil
            let imports = f.imports
            let id = draft.id
            let finished = await withTaskGroup(of: ImportStatus?.self) { group in
                for _ in 0..<2 { group.addTask { [options] in try? await imports.run(id, options: options).status } }
                var statuses: [ImportStatus?] = []
                for await status in group { statuses.append(status) }
                return statuses
            }
            #expect(finished.contains(.done))

            let done = try await f.imports.get(draft.id, by: f.rep)
            #expect(done.status == .done)
            #expect(done.counts.rows == 24)
            #expect(done.counts.created == 23)
            #expect(done.counts.rejected == 1)
            #expect(try await f.count("contacts") == 23)
            let emails = try await f.contactsByEmail()
            #expect(emails.count == 23)
            #expect(try await f.imports.issues(draft.id, pass: "run", by: f.rep).map(\.row) == [11])
            #expect(try await f.count("events", "action = 'created'") == 23)

            let reverted = try await f.revert(done, chunk: 4, by: f.rep)
            #expect(reverted.revertCounts?.deleted == 23)
            #expect(try await f.contacts.list(ListQuery(limit: 50), by: f.rep).items.isEmpty)
        }
    }

    /// A revert stopped midway goes on where it stopped, counting each record once.
    @Test(arguments: TestDatabase.all)
    func anInterruptedRevertResumes(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let rows = ["Name", "Acme", "Globex", "Initech", "Hooli", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell"]
            let batch = try await f.importCSV(rows.joined(separator: "\n"), into: "accounts", by: f.rep)
            #expect(batch.counts.created == 9)
            _ = try await f.imports.requestRevert(batch.id, by: f.rep)
            var options = ImportRunOptions()
            options.rowsPerChunk = 4
            options.stopAfterChunks = 1
            let halfway = try await f.imports.revert(batch.id, options: options)
            #expect(halfway.status == .reverting)
            #expect(halfway.revertCounts?.deleted == 4)
            options.stopAfterChunks = nil
            let done = try await f.imports.revert(batch.id, options: options)
            #expect(done.status == .reverted)
            #expect(done.revertCounts?.deleted == 9)
            #expect(try await f.count("events", "action = 'deleted'") == 9)
        }
    }

    /// Cancelling stops a queued import at once and a running one after its chunk; either can be reverted.
    @Test(arguments: TestDatabase.all)
    func aCancelledImportKeepsWhatCommittedAndCanBeReverted(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let draft = try await f.draft("Name\nOne Inc\nTwo Inc\nThree Inc\n", into: "accounts", by: f.rep)
            _ = try await f.imports.start(draft.id, dryRun: false, by: f.rep)
            let cancelled = try await f.imports.cancel(draft.id, by: f.rep)
            #expect(cancelled.status == .cancelled)
            // It can go on from where it stopped (nothing, here).
            let resumed = try await f.run(cancelled, chunk: 1, by: f.rep)
            #expect(resumed.status == .done)
            #expect(resumed.counts.created == 3)
            let notDraft = await rapportError { try await f.imports.update(draft.id, with: ["mode": "upsert"], by: f.rep) }
            #expect(notDraft?.kind == "conflict")
        }
    }
}
