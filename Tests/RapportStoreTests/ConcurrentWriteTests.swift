import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

/// Writes made at once (SQLite commits them in groups): each caller hears its own outcome, a failed
/// write leaves nothing behind, and every write acknowledged is there afterwards.
@Suite struct ConcurrentWriteTests {
    @Test(arguments: TestDatabase.all)
    func concurrentCreatesEachGetTheirOwnOutcome(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let taken = try await f.contact(["first_name": .string("Taken")], by: f.rep)
            let outcomes = try await withThrowingTaskGroup(of: (Int, Result<Record<Contact>.ID, RapportError>).self) { group in
                for n in 0..<60 {
                    group.addTask {
                        do {
                            // Every fifth reuses an ID that exists: a conflict for that caller only.
                            let record = try await f.contacts.create(
                                try changes(
                                    Contact.self,
                                    ["first_name": .string("Person\(n)"), "last_name": .string("Concurrent\(n)"),
                                     "emails": .array([.string("p\(n)@concurrent.example")])]),
                                id: n % 5 == 0 ? taken.id : nil, by: f.rep)
                            return (n, .success(record.id))
                        } catch let error as RapportError {
                            return (n, .failure(error))
                        }
                    }
                }
                var all: [(Int, Result<Record<Contact>.ID, RapportError>)] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.count == 60)
            for (n, outcome) in outcomes {
                switch outcome {
                case .success(let id):
                    #expect(n % 5 != 0)
                    let stored = try await f.contacts.get(id, by: f.rep)
                    #expect(stored["first_name"]?.text == "Person\(n)")
                    #expect(try await f.contacts.history(id, by: f.rep).count == 1)
                case .failure(let error):
                    #expect(n % 5 == 0, "\(n): \(error)")
                    #expect(error.kind == "conflict")
                }
            }
            let listed = try await f.contacts.list(ListQuery(limit: 200), by: f.rep).items
            #expect(listed.count == 1 + 48)
            #expect(try await f.store.search("concurrent", limit: 50, by: f.rep).count == 48)
            // The taken contact is untouched.
            #expect(try await f.contacts.get(taken.id, by: f.rep).version == 1)
        }
    }
}
