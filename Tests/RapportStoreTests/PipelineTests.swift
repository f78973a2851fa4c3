import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct PipelineTests {
    @Test(arguments: TestDatabase.all)
    func aNewWorkspaceGetsTheSalesPipelineWithItsStages(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let pipelines = try await f.store.pipelines.all(in: f.workspace.id)
            #expect(pipelines.map(\.name) == ["Sales"])
            let sales = try #require(pipelines.first)
            #expect(sales.isDefault)
            #expect(sales.stages.map(\.name) == ["Qualification", "Discovery", "Proposal", "Negotiation", "Closed won", "Closed lost"])
            #expect(sales.stages.map(\.probability) == [10, 25, 50, 75, 100, 0])
            #expect(sales.stages.map(\.category) == [.pipeline, .pipeline, .bestCase, .commit, .won, .lost])
            #expect(sales.stages[2].requiredFields == ["amount", "close_date"])
            #expect(sales.stages.allSatisfy { !$0.playbook.isEmpty })
            // Reading again does not seed twice.
            #expect(try await f.store.pipelines.all(in: f.workspace.id).count == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aNewPipelineStartsWithNewWonAndLostAndOpenStagesGoBeforeTheClosedOnes(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let renewals = try await f.store.pipelines.addPipeline(name: "Renewals", by: f.admin)
            #expect(renewals.stages.map(\.name) == ["New", "Closed won", "Closed lost"])
            #expect(!renewals.isDefault)
            let review = try await f.store.pipelines.addStage(
                to: renewals.id, StageChanges(name: "Usage review", probability: 60, category: .commit, requiredFields: ["amount"]),
                by: f.admin)
            let after = try await f.store.pipelines.get(renewals.id, in: f.workspace.id)
            #expect(after.stages.map(\.name) == ["New", "Usage review", "Closed won", "Closed lost"])
            #expect(review.probability == 60 && review.category == .commit && review.requiredFields == ["amount"])
            let moved = try await f.store.pipelines.moveStage(review.id, by: -1, principal: f.admin)
            #expect(moved.stages.map(\.name) == ["Usage review", "New", "Closed won", "Closed lost"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func namesAreUniqueAndEveryPipelineKeepsAnOpenAWonAndALostStage(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let duplicate = await rapportError { try await f.store.pipelines.addPipeline(name: "sales", by: f.admin) }
            #expect(duplicate?.fields == ["name"])
            let sales = try await f.salesPipeline()
            let won = try await f.stage("Closed won")
            let retireWon = await rapportError { try await f.store.pipelines.updateStage(won.id, StageChanges(retired: true), by: f.admin) }
            #expect(retireWon?.fields == ["retired"])
            let recategorise = await rapportError {
                try await f.store.pipelines.updateStage(won.id, StageChanges(category: .commit), by: f.admin)
            }
            #expect(recategorise?.fields == ["category"])
            let badField = await rapportError {
                try await f.store.pipelines.updateStage(won.id, StageChanges(requiredFields: ["amount", "closed_at"]), by: f.admin)
            }
            #expect(badField?.fields == ["required_fields[1]"])
            let rename = await rapportError {
                try await f.store.pipelines.updateStage(won.id, StageChanges(name: "Proposal"), by: f.admin)
            }
            #expect(rename?.fields == ["name"])
            let retireDefault = await rapportError {
                try await f.store.pipelines.updatePipeline(sales.id, name: nil, makeDefault: nil, retired: true, by: f.admin)
            }
            #expect(retireDefault?.fields == ["retired"])
            // Nothing of the refused changes was stored.
            #expect(try await f.salesPipeline() == sales)
        }
    }

    @Test(arguments: TestDatabase.all)
    func onlyAdminsChangePipelinesAndTheDefaultMovesWithOneAtATime(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let byManager = await rapportError { try await f.store.pipelines.addPipeline(name: "Partners", by: f.manager) }
            #expect(byManager?.kind == "forbidden")
            let partners = try await f.store.pipelines.addPipeline(name: "Partners", makeDefault: true, by: f.admin)
            let all = try await f.store.pipelines.all(in: f.workspace.id)
            #expect(all.filter(\.isDefault).map(\.id) == [partners.id])
            let sales = try await f.salesPipeline()
            _ = try await f.store.pipelines.updatePipeline(sales.id, name: "New business", makeDefault: true, retired: nil, by: f.admin)
            let after = try await f.store.pipelines.all(in: f.workspace.id)
            #expect(after.filter(\.isDefault).map(\.name) == ["New business"])
            // A new deal goes into the default pipeline's first stage.
            let deal = try await f.deal(["name": .string("Default pipeline deal")], by: f.rep)
            #expect(deal["pipeline_id"]?.uuid == sales.id.uuid)
            _ = try await f.store.pipelines.updatePipeline(partners.id, name: nil, makeDefault: nil, retired: true, by: f.admin)
            let retired = await rapportError {
                try await f.deal(["name": .string("Into a retired pipeline"), "pipeline_id": ref(partners.id)], by: f.rep)
            }
            #expect(retired?.fields == ["pipeline_id"])
        }
    }
}
