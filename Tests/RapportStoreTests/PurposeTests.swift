import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct PurposeTests {
    @Test(arguments: TestDatabase.all)
    func aWorkspaceIsSeededOnceWithTheStandardList(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            #expect(try await f.rows("purposes") == 0)
            let first = try await f.store.purposes.all(in: f.workspace.id)
            #expect(first.map(\.name) == Purpose.seeds.map(\.name))
            #expect(first.map(\.quietDays) == Purpose.seeds.map(\.quietDays))
            #expect(first.map(\.position) == Array(1...Purpose.seeds.count))
            #expect(first.allSatisfy { !$0.retired })
            #expect(try await f.store.purposes.all(in: f.workspace.id) == first)
            #expect(try await f.store.purposes.active(in: f.workspace.id) == first)
            #expect(try await f.store.purposes.get(first[2].id, in: f.workspace.id) == first[2])
            #expect(try await f.rows("purposes") == Purpose.seeds.count)
            let unknown = Purpose.ID(UUID())
            let error1 = await rapportError { try await f.store.purposes.get(unknown, in: f.workspace.id) }
            #expect(error1 == .notFound(entity: "purpose", id: unknown.description))
        }
    }

    @Test(arguments: TestDatabase.all)
    func concurrentFirstReadsSeedOnlyOnce(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let lists = try await withThrowingTaskGroup(of: [Purpose].self) { group in
                for _ in 0..<8 { group.addTask { try await f.store.purposes.all(in: f.workspace.id) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(lists.count == 8)
            #expect(lists.allSatisfy { $0 == lists[0] })
            #expect(lists[0].count == Purpose.seeds.count)
            #expect(try await f.rows("purposes") == Purpose.seeds.count)
        }
    }

    @Test(arguments: TestDatabase.all)
    func adminsAddPurposesWithUniqueNames(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let events = try await f.eventCount()
            let added = try await f.store.purposes.add(name: "  Warranty claim ", quietDays: 10, by: f.admin)
            #expect(added.name == "Warranty claim")
            #expect(added.quietDays == 10)
            #expect(added.position == Purpose.seeds.count + 1)
            #expect(try await f.store.purposes.all(in: f.workspace.id).last == added)
            #expect(try await f.eventCount() == events + 1)

            for duplicate in ["warranty CLAIM", "Wárranty claim", "Renewal", "RÉNEWAL"] {
                let error = await rapportError { try await f.store.purposes.add(name: duplicate, quietDays: 7, by: f.admin) }
                #expect(error?.fields == ["name"], "\(duplicate)")
            }
            let error2 = await rapportError { try await f.store.purposes.add(name: "  ", quietDays: 7, by: f.admin) }
            #expect(error2?.fields == ["name"])
            let error3 = await rapportError { try await f.store.purposes.add(name: String(repeating: "x", count: 61), quietDays: 7, by: f.admin) }
            #expect(error3?.fields == ["name"])
            let error4 = await rapportError { try await f.store.purposes.add(name: "Bell\u{7}here", quietDays: 7, by: f.admin) }
            #expect(error4?.fields == ["name"])
            let error5 = await rapportError { try await f.store.purposes.add(name: "Audit", quietDays: 366, by: f.admin) }
            #expect(error5?.fields == ["quiet_days"])
            let error6 = await rapportError { try await f.store.purposes.add(name: "Audit", quietDays: -1, by: f.admin) }
            #expect(error6?.fields == ["quiet_days"])
            for principal in [f.manager, f.rep, f.viewer] {
                let error7 = await rapportError { try await f.store.purposes.add(name: "Audit", quietDays: 7, by: principal) }
                #expect(error7?.kind == "forbidden")
            }
            #expect(try await f.rows("purposes") == Purpose.seeds.count + 1)
            #expect(try await f.store.purposes.add(name: "Audit", quietDays: 0, by: f.admin).quietDays == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func renamingRetiringAndBringingBack(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let upsell = try await f.purpose(named: "Upsell")
            let renamed = try await f.store.purposes.update(upsell.id, name: "Cross-sell", quietDays: 21, retired: nil, by: f.admin)
            #expect(renamed.name == "Cross-sell")
            #expect(renamed.quietDays == 21)
            #expect(renamed.position == upsell.position)
            #expect(try await f.store.purposes.get(upsell.id, in: f.workspace.id) == renamed)
            // Its own name in another case is fine; another purpose's is not.
            #expect(try await f.store.purposes.update(upsell.id, name: "CROSS-SELL", quietDays: nil, retired: nil, by: f.admin).name == "CROSS-SELL")
            let error8 = await rapportError { try await f.store.purposes.update(upsell.id, name: "renewal", quietDays: nil, retired: nil, by: f.admin) }
            #expect(error8?.fields == ["name"])
            // The old name is free again.
            _ = try await f.store.purposes.add(name: "Upsell", quietDays: 14, by: f.admin)

            let retired = try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: true, by: f.admin)
            #expect(retired.retired)
            #expect(try await f.store.purposes.active(in: f.workspace.id).contains { $0.id == upsell.id } == false)
            #expect(try await f.store.purposes.all(in: f.workspace.id).contains { $0.id == upsell.id })
            let back = try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: false, by: f.admin)
            #expect(!back.retired)
            #expect(try await f.store.purposes.active(in: f.workspace.id).contains { $0.id == upsell.id })

            // Nothing to change writes nothing.
            let events = try await f.eventCount()
            #expect(try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: nil, by: f.admin) == back)
            #expect(try await f.eventCount() == events)

            let error9 = await rapportError { try await f.store.purposes.update(upsell.id, name: nil, quietDays: nil, retired: true, by: f.manager) }
            #expect(error9?.kind == "forbidden")
            let error10 = await rapportError { try await f.store.purposes.update(upsell.id, name: nil, quietDays: 400, retired: nil, by: f.admin) }
            #expect(error10?.fields == ["quiet_days"])
            let error11 = await rapportError { try await f.store.purposes.update(.init(UUID()), name: "X", quietDays: nil, retired: nil, by: f.admin) }
            #expect(error11?.kind == "notFound")
            #expect(try await f.store.purposes.get(upsell.id, in: f.workspace.id) == back)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theCapIsValidatedAndOnlyAdminsSetIt(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            #expect(try await f.store.purposes.cap(in: f.workspace.id) == OutreachCap(touches: 3, days: 7))
            let error12 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: 101, days: 7), by: f.admin) }
            #expect(error12?.fields == ["cap_touches"])
            let error13 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: -1, days: 7), by: f.admin) }
            #expect(error13?.fields == ["cap_touches"])
            let error14 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: 3, days: 0), by: f.admin) }
            #expect(error14?.fields == ["cap_days"])
            let error15 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: 3, days: 366), by: f.admin) }
            #expect(error15?.fields == ["cap_days"])
            let error16 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: 500, days: 0), by: f.admin) }
            #expect(error16?.fields
                    == ["cap_touches", "cap_days"])
            let error17 = await rapportError { try await f.store.purposes.setCap(OutreachCap(touches: 5, days: 10), by: f.manager) }
            #expect(error17?.kind == "forbidden")
            #expect(try await f.store.purposes.cap(in: f.workspace.id) == .standard)

            let events = try await f.eventCount()
            try await f.store.purposes.setCap(OutreachCap(touches: 5, days: 10), by: f.admin)
            #expect(try await f.store.purposes.cap(in: f.workspace.id) == OutreachCap(touches: 5, days: 10))
            #expect(try await f.eventCount() == events + 1)
        }
    }
}
