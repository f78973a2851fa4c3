import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct LeadAssignmentTests {
    @Test(arguments: TestDatabase.all)
    func theFirstMatchingRuleWinsAndALeadWithoutAMatchStaysWithItsCreator(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("DACH", countries: ["DE", "AT", "CH"], people: [f.repSales])
            try await f.assignmentRule("Events", sources: ["event"], people: [f.teammate])
            // Both rules match a lead from an event in Germany: the first one decides.
            let german = try await f.lead(["last_name": .string("Auer"), "country": .string("AT"), "source": .string("event")], by: f.admin)
            #expect(german.ownerID == f.repSales.userID)
            #expect(german.teamID == f.sales.id)
            let event = try await f.lead(["last_name": .string("Brun"), "country": .string("FR"), "source": .string("event")], by: f.admin)
            #expect(event.ownerID == f.teammate.userID)
            #expect(event.teamID == f.east.id)
            let other = try await f.lead(["last_name": .string("Cole"), "country": .string("US")], by: f.rep)
            #expect(other.ownerID == f.rep.userID)
            #expect(other.teamID == f.east.id)
            // Someone without a team can be assigned too; the lead then has no team either.
            try await f.assignmentRule("Iceland", countries: ["IS"], people: [f.admin])
            let iceland = try await f.lead(["last_name": .string("Dóra"), "country": .string("IS")], by: f.rep)
            #expect(iceland.ownerID == f.admin.userID)
            #expect(iceland.teamID == nil)
            // The creation event records who got it, so the timeline shows the assignment.
            let history = try await f.leads.history(german.id, by: f.admin)
            #expect(history.first?.changes.contains { $0.field == "owner_id" && $0.after == .string(f.repSales.userID?.description) } == true)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anExplicitOwnerIsNeverOverridden(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("Everyone", people: [f.repSales])
            var input = Input(["last_name": .string("Dahl"), "owner_id": .string(f.teammate.userID?.description ?? "")])
            let changes = RecordChanges<Lead>.read(&input, defaultCountry: "US")
            try input.finish()
            let lead = try await f.leads.create(changes, by: f.rep)
            #expect(lead.ownerID == f.teammate.userID)
            // Reassigning later is an ordinary change, logged like any other.
            var move = Input(["owner_id": .string(f.rep.userID?.description ?? "")])
            let reassign = RecordChanges<Lead>.read(&move, defaultCountry: "US")
            let moved = try await f.leads.update(lead.id, reassign, expecting: lead.version, by: f.admin)
            #expect(moved.ownerID == f.rep.userID)
            let history = try await f.leads.history(lead.id, by: f.admin)
            #expect(history.first?.changes.map(\.field) == ["owner_id"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func roundRobinTakesTurnsAmongTheTeamsPeopleWhoWorkLeads(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            // East holds rep, teammate and a viewer; viewers do not get leads.
            try await f.assignmentRule("East round-robin", team: f.east)
            var owners: [User.ID?] = []
            for n in 0..<5 { owners.append(try await f.lead(["last_name": .string("Lead \(n)")], by: f.admin).ownerID) }
            #expect(owners == [f.rep.userID, f.teammate.userID, f.rep.userID, f.teammate.userID, f.rep.userID])
            // A chosen list goes in the listed order.
            let rules = try await f.store.leadAssignment.rules(in: f.workspace.id)
            try await f.store.leadAssignment.delete(try #require(rules.first).id, by: f.admin)
            try await f.assignmentRule("Pair", people: [f.teammate, f.repSales])
            var listed: [User.ID?] = []
            for n in 0..<3 { listed.append(try await f.lead(["last_name": .string("Next \(n)")], by: f.admin).ownerID) }
            #expect(listed == [f.teammate.userID, f.repSales.userID, f.teammate.userID])
        }
    }

    @Test(arguments: TestDatabase.all)
    func roundRobinContinuesAcrossTwoStoreInstancesOnOneDatabase(_ db: TestDatabase) async throws {
        try await db.withEmptyLocation { location in
            let first = try await Database.open(location, logger: TestDatabase.logger)
            try await Migrator.migrate(first)
            let f = try await Fixture.make(first)
            try await f.assignmentRule("Trio", people: [f.rep, f.teammate, f.repSales])
            // A second server instance: its own connections and store over the same data.
            let second = try await Database.open(location, logger: TestDatabase.logger)
            let other = Store(second)
            func lead(_ store: Store, _ name: String) async throws -> User.ID? {
                var input = Input(["last_name": .string(name)])
                let changes = RecordChanges<Lead>.read(&input, defaultCountry: "US")
                return try await store.leads.create(changes, by: f.admin).ownerID
            }
            var owners: [User.ID?] = []
            owners.append(try await lead(f.store, "A"))
            owners.append(try await lead(other, "B"))
            owners.append(try await lead(other, "C"))
            owners.append(try await lead(f.store, "D"))
            #expect(owners == [f.rep.userID, f.teammate.userID, f.repSales.userID, f.rep.userID])
            // Both instances creating at once still take distinct turns.
            let together = try await withThrowingTaskGroup(of: User.ID?.self) { group in
                for n in 0..<6 { group.addTask { try await lead(n % 2 == 0 ? f.store : other, "Z\(n)") } }
                var all: [User.ID?] = []
                for try await owner in group { all.append(owner) }
                return all
            }
            #expect(together.filter { $0 == f.rep.userID }.count == 2)
            #expect(together.filter { $0 == f.teammate.userID }.count == 2)
            #expect(together.filter { $0 == f.repSales.userID }.count == 2)
            let rule = try #require(try await f.store.leadAssignment.rules(in: f.workspace.id).first)
            #expect(rule.assigned == 10)
            await second.close()
            await first.close()
        }
    }

    @Test(arguments: TestDatabase.all)
    func territoriesMatchPostcodePrefixesAndRegions(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("Munich", countries: ["DE"], postalPrefixes: ["80", "81"], people: [f.rep])
            try await f.assignmentRule("Bavaria", countries: ["DE"], regions: ["Bayern"], people: [f.teammate])
            try await f.assignmentRule("London", countries: ["GB"], postalPrefixes: ["SW1", "EC"], people: [f.repSales])
            func owner(_ pairs: KeyValuePairs<String, JSONValue>) async throws -> User.ID? {
                try await f.lead(pairs, by: f.admin).ownerID
            }
            #expect(try await owner(["last_name": .string("A"), "country": .string("DE"), "postal_code": .string("80331")]) == f.rep.userID)
            #expect(
                try await owner(["last_name": .string("B"), "country": .string("DE"), "postal_code": .string("90402"), "region": .string("bayern")])
                    == f.teammate.userID)
            #expect(try await owner(["last_name": .string("C"), "country": .string("GB"), "postal_code": .string("sw1a 2aa")]) == f.repSales.userID)
            // No rule matches: the creator keeps it.
            #expect(try await owner(["last_name": .string("D"), "country": .string("GB"), "postal_code": .string("N1 9GU")]) == f.admin.userID)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRuleWhosePeopleHaveLeftIsPassedOverAndAdminsAloneChangeRules(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let gone = try await f.assignmentRule("Gone", people: [f.outsider])
            try await f.assignmentRule("Fallback", people: [f.teammate])
            try await f.store.directory.setActive(try #require(f.outsider.userID), false)
            #expect(try await f.lead(["last_name": .string("E")], by: f.admin).ownerID == f.teammate.userID)
            let refused = await rapportError { try await f.store.leadAssignment.delete(gone.id, by: f.manager) }
            #expect(refused?.kind == "forbidden")
            let bad = await rapportError {
                try await f.store.leadAssignment.create(LeadAssignmentRule(id: .make(), name: "X", userIDs: [f.outsider.userID].compactMap { $0 }), by: f.admin)
            }
            #expect(bad?.fields == ["user_ids[0]"])
            let moved = try await f.store.leadAssignment.move(try #require(try await f.store.leadAssignment.rules(in: f.workspace.id).last).id, up: true, by: f.admin)
            #expect(moved.map(\.name) == ["Fallback", "Gone"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aBulkImporterPreparesEveryRowWithOneContext(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("Pair", sources: ["bought_list"], people: [f.rep, f.teammate])
            try await f.scoreRule(.fit, "country", .is, "DE", points: 7)
            try await f.store.firstTouch.set(FirstTouchPolicy(hours: 2, businessHours: .standard, timeZone: "UTC"), by: f.admin)
            let created = try #require(Timestamp.parse("2026-11-25T10:00:00Z"))
            let prepared = try await Timestamp.$pinned.withValue(created) {
                try await f.db.write { sql in
                    let context = try await LeadAutomation.Context.load(f.workspace.id, on: sql)
                    var rows: [Record<Lead>] = []
                    for name in ["A", "B", "C"] {
                        var input = Input(["last_name": .string(name), "source": .string("bought_list"), "country": .string("DE")])
                        var row = try f.leads.draft(RecordChanges<Lead>.read(&input, defaultCountry: "US"), by: f.admin)
                        try await LeadAutomation.prepare(&row, previous: nil, context: context, by: f.admin, readsActivities: false, on: sql)
                        rows.append(row)
                    }
                    return rows
                }
            }
            #expect(prepared.map(\.ownerID) == [f.rep.userID, f.teammate.userID, f.rep.userID])
            #expect(prepared.allSatisfy { $0["score"] == .int(7) && $0["first_touch_due_at"]?.time == created.adding(seconds: 7200) })
        }
    }
}
