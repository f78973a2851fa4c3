import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ImportLeadTests {
    /// Leads import through the same code as any entity: their own fields and rules, nothing for
    /// what Rapport sets (a `Lead Score` column is left unmapped; the score is the rules'), and they
    /// remember their import like accounts and contacts.
    @Test(arguments: TestDatabase.all)
    func leadsImportLikeAnyEntity(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let csv = """
                First Name,Last Name,Company,Email,Lead Source,Lead Status,Title,Lead Score
                Ana,Lima,Initech,ana@initech.example,Bought list,Working,CFO,99
                ,,Hooli,info@hooli.example,Web form,,,
                Bo,Ray,Globex,bo@globex.example,Trade fair,New,,
                """
            let batch = try await f.importCSV(csv, into: "leads", by: f.rep)
            #expect(batch.settings.mapping.columns.map(\.target) == ["first_name", "last_name", "company", "emails", "source", "status", "title", nil])
            #expect(batch.counts.created == 2)
            #expect(batch.counts.rejected == 1)
            let issues = try await f.imports.issues(batch.id, pass: "run", by: f.rep)
            #expect(issues.first?.reason.hasPrefix("Lead Source: must be one of: bought_list") == true)
            let leads = try await f.store.leads.list(ListQuery(limit: 10), by: f.rep).items
            let byTitle = Dictionary(uniqueKeysWithValues: leads.map { ($0.title, $0) })
            #expect(byTitle["Ana Lima"]?["source"] == .text("bought_list"))
            #expect(byTitle["Ana Lima"]?["status"] == .text("working"))
            #expect(byTitle["Ana Lima"]?["score"] == .int(0))
            #expect(byTitle["Hooli"]?["status"] == .text("new"))
            for lead in leads { #expect(try await f.importID(of: lead.id.uuid, in: "leads") == batch.id.uuid) }
            let again = try await f.importCSV(
                "Email,Title\nana@initech.example,Chief Financial Officer\n", into: "leads",
                settings: ["mode": "update", "match_key": "email"], by: f.rep)
            #expect(again.counts.updated == 1)
            let reverted = try await f.revert(batch, by: f.rep)
            #expect(reverted.revertCounts?.deleted == 1)
            #expect(reverted.revertCounts?.kept == 1)
            #expect(try await f.store.leads.list(ListQuery(limit: 10), by: f.rep).items.map(\.title) == ["Ana Lima"])
        }
    }

    /// An imported lead goes through the lead automation as one created through the API: the
    /// assignment rules give it an owner when the file names none (taking round-robin turns in row
    /// order; a dry run takes none), the scoring rules its score (their reasons kept), the
    /// first-touch SLA its deadline. An import that updates leads re-scores them, and so does
    /// reverting it.
    @Test(arguments: TestDatabase.all)
    func importedLeadsAreAssignedScoredAndGivenTheirFirstTouchDeadline(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.assignmentRule("Bought lists", sources: ["bought_list"], people: [f.rep, f.teammate])
            try await f.scoreRule(.fit, "country", .is, "DE", points: 7)
            try await f.store.firstTouch.set(FirstTouchPolicy(hours: 2, businessHours: .standard, timeZone: "UTC"), by: f.admin)
            let created = try #require(Timestamp.parse("2026-11-25T10:00:00Z"))
            let csv = """
                First Name,Last Name,Email,Lead Source,Country,Lead Owner,Lead Score
                Ana,Lima,ana@initech.example,Bought list,DE,,99
                Bo,Ray,bo@globex.example,Bought list,FR,,
                Cy,Ng,cy@hooli.example,Bought list,DE,,
                Di,Oh,di@acme.example,Bought list,DE,manager@rapport.test,
                Ed,Po,ed@umbrella.example,Web form,DE,,
                """
            let dry = try await f.importCSV(csv, into: "leads", dryRun: true, by: f.repSales)
            #expect(dry.dryCounts?.created == 5)
            let batch = try await Timestamp.$pinned.withValue(created) {
                try await f.importCSV(csv, into: "leads", by: f.repSales)
            }
            #expect(batch.counts.created == 5)
            #expect(batch.settings.mapping.columns.map(\.target).suffix(2) == ["owner", nil])
            var byName: [String: Record<Lead>] = [:]
            for lead in try await f.leads.list(ListQuery(limit: 10), by: f.admin).items { byName[lead.title] = lead }
            let names = ["Ana Lima", "Bo Ray", "Cy Ng", "Di Oh", "Ed Po"]
            #expect(names.map { byName[$0]?.ownerID } == [f.rep, f.teammate, f.rep, f.manager, f.repSales].map(\.userID))
            #expect(byName["Bo Ray"]?.teamID == f.east.id)
            #expect(names.map { byName[$0]?["score"] } == [.int(7), .int(0), .int(7), .int(7), .int(7)])
            #expect(names.allSatisfy { byName[$0]?["first_touch_due_at"]?.time == created.adding(seconds: 7200) })
            let ana = try #require(byName["Ana Lima"])
            let explanation = try #require(try await f.store.leadScoring.explanation(of: ana.id, by: f.admin))
            #expect(explanation.points == 7)
            #expect(explanation.reasons.count == 1)

            let update = try await f.importCSV(
                "Email,Country\nbo@globex.example,DE\n", into: "leads", settings: ["mode": "update", "match_key": "email"], by: f.admin)
            #expect(update.counts.updated == 1)
            let bo = try #require(byName["Bo Ray"])
            #expect(try await f.current(bo)["score"] == .int(7))
            #expect(try await f.current(bo).ownerID == f.teammate.userID)
            _ = try await f.revert(update, by: f.admin)
            #expect(try await f.current(bo)["country"] == .text("FR"))
            #expect(try await f.current(bo)["score"] == .int(0))
        }
    }
}
