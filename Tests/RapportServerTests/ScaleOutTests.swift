import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// Several server instances over one database: nothing one needs may live only in another's memory.
@Suite struct ScaleOutTests {
    @Test(arguments: TestDatabase.all)
    func twoInstancesShareRecordsAndSignIns(_ database: TestDatabase) async throws {
        try await Self.withTwoInstances(database) { storeA, storeB in
            let cast = try await TestApp.make(storeA)
            var config = AppConfig()
            config.bcryptCost = 4
            let appA = try await buildApplication(config: config, store: storeA, logger: TestDatabase.logger)
            let appB = try await buildApplication(config: config, store: storeB, logger: TestDatabase.logger)
            try await appA.test(.router) { a in
                try await appB.test(.router) { b in
                    let created = try await a.execute(
                        uri: "/api/v1/contacts", method: .post, headers: cast.auth(cast.salesRep), body: body(["last_name": "Shared"]))
                    let id = try #require(try created.object.string("id"))
                    let read = try await b.execute(uri: "/api/v1/contacts/\(id)", method: .get, headers: cast.auth(cast.salesRep))
                    #expect(read.status == .ok)
                    #expect(try read.object.string("last_name") == "Shared")

                    var browserA = Browser(client: a)
                    let login = try await browserA.signIn("sam@example.com")
                    #expect(login.status == .seeOther)
                    var browserB = Browser(client: b)
                    browserB.cookies = browserA.cookies
                    let home = try await browserB.get("/home")
                    #expect(home.status == .ok, "a session made on one instance is valid on the other")
                    #expect(home.text.contains("Sam"))
                }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aScheduledJobRunsOnceAcrossInstancesAndALostLeaseIsRetried(_ database: TestDatabase) async throws {
        try await Self.withTwoInstances(database) { storeA, storeB in
            let runs = Counter()
            let handlers: [String: JobWorker.Handler] = ["count": { _ in await runs.add() }]
            try await storeA.jobs.schedule("every-minute", kind: "count", every: 60)
            let workerA = JobWorker(store: storeA, handlers: handlers, logger: TestDatabase.logger)
            let workerB = JobWorker(store: storeB, handlers: handlers, logger: TestDatabase.logger)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<5 {
                    group.addTask { await workerA.tick() }
                    group.addTask { await workerB.tick() }
                }
            }
            #expect(await runs.value == 1, "one slot of a schedule runs once, whichever instance gets there")
            #expect(try await storeA.jobs.depth()["done"] == 1)

            // A worker that claims a job and dies: once its lease runs out, another instance runs it.
            try await storeA.jobs.enqueue(kind: "count", dedupeKey: "once")
            let orphaned = try await storeA.jobs.claim(worker: "crashed-worker", limit: 1, lease: 0)
            #expect(orphaned.count == 1)
            try await Task.sleep(for: .milliseconds(5))
            await workerB.tick()
            #expect(await runs.value == 2)
            #expect(try await storeB.jobs.depth()["running"] == nil)
            #expect(try await storeB.jobs.enqueue(kind: "count", dedupeKey: "once") == false, "a dedupe key enqueues once")
        }
    }
}

extension ScaleOutTests {
    /// Two stores over one fresh database, each with its own connections, as two processes have.
    static func withTwoInstances(_ database: TestDatabase, _ body: (Store, Store) async throws -> Void) async throws {
        try await database.withEmptyLocation { location in
            let dbA = try await Database.open(location, logger: TestDatabase.logger)
            try await Migrator.migrate(dbA)
            let dbB = try await Database.open(location, logger: TestDatabase.logger)
            try await TestDatabase.using(dbA) { _ in
                try await TestDatabase.using(dbB) { _ in try await body(Store(dbA), Store(dbB)) }
            }
        }
    }
}

actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}
