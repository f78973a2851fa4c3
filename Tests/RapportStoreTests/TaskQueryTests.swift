import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct TaskQueryTests {
    /// 11:00 in New York (EDT, UTC−4) on 10 March 2026; the local day ends at 04:00 UTC.
    let now = Timestamp.parse("2026-03-10T15:00:00Z")!
    let newYork = TimeZone(identifier: "America/New_York")!

    struct Tasks {
        var overdue: [Record<Todo>] = []
        var today: [Record<Todo>] = []
        var upcoming: [Record<Todo>] = []
        var someday: [Record<Todo>] = []
        var done: [Record<Todo>] = []
    }

    @discardableResult
    func task(_ f: Fixture, _ title: String, due: String?, by principal: Principal, _ extra: [String: JSONValue] = [:]) async throws
        -> Record<Todo>
    {
        var object = JSONObject(["title": .string(title)])
        if let due { object["due_at"] = .string(due) }
        for (key, value) in extra { object[key] = value }
        return try await f.tasks.create(try changes(Todo.self, object: object), by: principal)
    }

    /// The rep's tasks around `now`, each in the group it belongs to in New York.
    func repsTasks(_ f: Fixture) async throws -> Tasks {
        var t = Tasks()
        t.overdue.append(try await task(f, "Yesterday", due: "2026-03-09T12:00:00Z", by: f.rep))
        t.overdue.append(try await task(f, "A minute ago", due: "2026-03-10T14:59:00Z", by: f.rep))
        t.today.append(try await task(f, "Right now", due: "2026-03-10T15:00:00Z", by: f.rep))
        t.today.append(try await task(f, "Before midnight", due: "2026-03-10T23:59:59-04:00", by: f.rep))
        t.upcoming.append(try await task(f, "At midnight", due: "2026-03-11T04:00:00Z", by: f.rep))
        t.upcoming.append(try await task(f, "Next week", due: "2026-03-17T09:00:00Z", by: f.rep))
        t.someday.append(try await task(f, "Some day", due: nil, by: f.rep))
        t.done.append(
            try await task(
                f, "Done yesterday", due: "2026-03-08T12:00:00Z", by: f.rep,
                ["status": .string("done"), "completed_at": .string("2026-03-09T15:00:00Z")]))
        try await task(
            f, "Done long ago", due: nil, by: f.rep, ["status": .string("done"), "completed_at": .string("2026-03-02T15:00:00Z")])
        let deleted = try await task(f, "Deleted", due: "2026-03-10T16:00:00Z", by: f.rep)
        _ = try await f.tasks.delete(deleted.id, expecting: 1, by: f.rep)
        return t
    }

    @Test(arguments: TestDatabase.all)
    func aPersonsQueueGroupsTasksAroundNowInTheirZone(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let t = try await repsTasks(f)
            try await task(f, "Teammate's", due: "2026-03-10T16:00:00Z", by: f.teammate)
            // Assigned to the rep by someone else: it is the rep's.
            let assigned = try await f.tasks.create(
                try changes(Todo.self, object: JSONObject([
                    "title": .string("From the manager"), "due_at": .string("2026-03-10T02:00:00Z"), "owner_id": ref(f.rep.userID),
                ])), by: f.manager)

            let queue = try await f.store.taskQueries.queue(for: f.rep.userID, teamOf: f.rep, team: false, now: now, zone: newYork)
            #expect(assigned.ownerID == f.rep.userID)
            #expect(assigned.teamID == f.east.id)
            #expect(queue.overdue.map(\.id) == [t.overdue[0].id, assigned.id, t.overdue[1].id])
            #expect(queue.today.map(\.id) == t.today.map(\.id))
            #expect(queue.upcoming.map(\.id) == t.upcoming.map(\.id))
            #expect(queue.someday.map(\.id) == t.someday.map(\.id))
            #expect(queue.done.map(\.id) == t.done.map(\.id))
            #expect(queue.dueCount == 5)
            #expect(try await f.store.taskQueries.dueCount(for: try #require(f.rep.userID), in: f.workspace.id, now: now, zone: newYork) == 5)
        }
    }

    @Test(arguments: TestDatabase.all)
    func todayEndsAtMidnightWhereThePersonIs(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let t = try await repsTasks(f)
            // 15:00 UTC is already midnight in Tokyo: the whole Tokyo day lies ahead.
            let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
            let queue = try await f.store.taskQueries.queue(for: f.rep.userID, teamOf: f.rep, team: false, now: now, zone: tokyo)
            #expect(queue.overdue.map(\.id) == t.overdue.map(\.id))
            #expect(queue.today.map(\.id) == (t.today + t.upcoming.prefix(1)).map(\.id))
            #expect(queue.upcoming.map(\.id) == t.upcoming.dropFirst().map(\.id))
            #expect(try await f.store.taskQueries.dueCount(for: try #require(f.rep.userID), in: f.workspace.id, now: now, zone: tokyo) == 5)
            // In UTC the day ends at 00:00 on the 11th.
            let utc = try await f.store.taskQueries.queue(for: f.rep.userID, teamOf: f.rep, team: false, now: now, zone: .gmt)
            #expect(utc.today.map(\.id) == t.today.prefix(1).map(\.id))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aManagersTeamQueueIncludesSubTeams(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let mine = try await task(f, "Rep's", due: "2026-03-10T16:00:00Z", by: f.rep)
            let teammates = try await task(f, "Teammate's", due: "2026-03-10T17:00:00Z", by: f.teammate)
            let sales = try await task(f, "Sales rep's", due: "2026-03-10T18:00:00Z", by: f.repSales)
            try await task(f, "Outsider's", due: "2026-03-10T16:30:00Z", by: f.outsider)

            let manager = try await f.store.taskQueries.queue(for: nil, teamOf: f.manager, team: true, now: now, zone: newYork)
            #expect(manager.today.map(\.id) == [mine.id, teammates.id, sales.id])
            let rep = try await f.store.taskQueries.queue(for: nil, teamOf: f.rep, team: true, now: now, zone: newYork)
            #expect(rep.today.map(\.id) == [mine.id, teammates.id])
            let admin = try await f.store.taskQueries.queue(for: nil, teamOf: f.admin, team: true, now: now, zone: newYork)
            #expect(admin.today.count == 4)
            // Someone without a team has no team queue.
            let loner = Principal(
                userID: f.rep.userID, workspaceID: f.workspace.id, name: "Loner", role: .rep, teamID: nil, visibleTeams: [])
            #expect(try await f.store.taskQueries.queue(for: nil, teamOf: loner, team: true, now: now, zone: newYork).today.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRecordsOpenTasksComeSoonestFirstUndatedLast(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz"), "account_id": ref(acme.id)], by: f.rep)
            let undated = try await task(f, "Whenever", due: nil, by: f.rep, ["contact_id": ref(ana.id)])
            let later = try await task(f, "Later", due: "2026-03-20T09:00:00Z", by: f.rep, ["contact_id": ref(ana.id)])
            let sooner = try await task(f, "Sooner", due: "2026-03-12T09:00:00Z", by: f.teammate, ["contact_id": ref(ana.id)])
            try await task(f, "Done", due: "2026-03-11T09:00:00Z", by: f.rep, ["contact_id": ref(ana.id), "status": .string("done")])
            let onAccount = try await task(f, "Account-wide", due: "2026-03-13T09:00:00Z", by: f.rep, ["account_id": ref(acme.id)])

            #expect(try await f.store.taskQueries.open(about: ana, by: f.rep).map(\.id) == [sooner.id, later.id, undated.id])
            #expect(
                try await f.store.taskQueries.open(about: acme, by: f.rep).map(\.id) == [sooner.id, onAccount.id, later.id, undated.id])
        }
    }
}
