import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct LeadScoringStoreTests {
    @Test(arguments: TestDatabase.all)
    func loggingAnActivityReScoresTheLeadInTheSameWrite(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            try await f.scoreRule(.fit, "industry", .is, "Pharmaceuticals", points: 20)
            try await f.scoreRule(.engagement, "calls", .each, points: 5, max: 15)
            try await f.scoreRule(.engagement, "inbound", .each, points: 10)
            let lead = try await f.lead(["last_name": .string("Ortiz"), "industry": .string("Pharmaceuticals")], by: f.rep)
            #expect(lead["score"] == .int(20))
            #expect(lead["conversion_probability"] == nil)
            let call = try await f.logged("call", "inbound", on: lead, by: f.rep)
            let after = try await f.current(lead)
            #expect(after["score"] == .int(35))
            let explanation = try #require(try await f.store.leadScoring.explanation(of: lead.id, by: f.rep))
            #expect(explanation.points == 35)
            #expect(explanation.reasons.map(\.line) == ["+20 industry is Pharmaceuticals", "+10 they reached out once", "+5 1 call logged"])
            // The re-score is a lead write by whoever logged the call (a call they made is a touch too).
            let history = try await f.leads.history(lead.id, by: f.admin)
            #expect(history.first?.actorName == "Rep")
            #expect(history.first?.changes.map(\.field) == ["first_touched_at", "score"])
            _ = try await f.activities.delete(call.id, expecting: nil, by: f.rep)
            #expect(try await f.current(lead)["score"] == .int(20))
            // A note counts for nothing.
            try await f.logged("note", on: lead, by: f.rep)
            #expect(try await f.current(lead)["score"] == .int(20))
        }
    }

    @Test(arguments: TestDatabase.all)
    func changingTheRulesReScoresOpenLeadsInTheBackground(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let lead = try await f.lead(["last_name": .string("Pike"), "country": .string("DE")], by: f.rep)
            #expect(lead["score"] == .int(0))
            try await f.scoreRule(.fit, "country", .is, "DE, AT", points: 12)
            #expect(try await f.current(lead)["score"] == .int(0))
            try await runJobs(f)
            #expect(try await f.current(lead)["score"] == .int(12))
            let refused = await rapportError {
                try await f.store.leadScoring.create(
                    LeadScoreRule(id: .make(), kind: .fit, field: "title", op: .contains, value: "VP", points: 5), by: f.rep)
            }
            #expect(refused?.kind == "forbidden")
            let bad = await rapportError {
                try await f.store.leadScoring.create(
                    LeadScoreRule(id: .make(), kind: .fit, field: "title", op: .between, value: "x", points: 5), by: f.admin)
            }
            #expect(bad?.fields == ["value"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func theModelLearnsFromConvertedAndDisqualifiedLeadsAndExplainsItself(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            for n in 0..<5 {
                let won = try await f.lead(
                    ["last_name": .string("Won \(n)"), "source": .string("event"), "country": .string("DE")], by: f.rep)
                _ = try await f.store.conversion.convert(
                    won.id, ConversionPlan(account: nil, contact: .new, deal: nil, allowDuplicates: true), expecting: nil, by: f.rep)
                let lost = try await f.lead(
                    ["last_name": .string("Lost \(n)"), "source": .string("bought_list"), "country": .string("US")], by: f.rep)
                try await disqualify(lost, reason: "no_need", f)
            }
            // Duplicates say nothing about who buys: left out.
            try await disqualify(
                try await f.lead(["last_name": .string("Twin"), "source": .string("event"), "country": .string("DE")], by: f.rep),
                reason: "duplicate", f)
            let open = try await f.lead(["last_name": .string("Hopeful"), "source": .string("event"), "country": .string("DE")], by: f.rep)
            #expect(open["conversion_probability"] == nil)

            try await f.store.jobs.enqueue(kind: LeadScoring.trainKind)
            try await runJobs(f)
            let status = try await f.store.leadScoring.modelStatus(in: f.workspace.id)
            #expect(status.usable && status.converted == 5 && status.disqualified == 5)
            #expect(status.strongest.map(\.text).prefix(2) == ["country is DE", "source is event"])
            // Source event: P(·|converted) = 6/8, P(·|disqualified) = 1/8, so ln 6; country DE alike;
            // the engagement features are the same for all ten and weigh nothing: odds 36 to 1.
            let scored = try await f.current(open)
            #expect(scored["conversion_probability"] == .int(97))
            let explanation = try #require(try await f.store.leadScoring.explanation(of: open.id, by: f.rep))
            #expect(explanation.probability == 97)
            #expect(explanation.modelSummary == "model: 97%, chiefly because country is DE and source is event")
            let doubtful = try await f.lead(["last_name": .string("Doubtful"), "source": .string("bought_list")], by: f.rep)
            // ln 1/6: 1 in 7.
            #expect(doubtful["conversion_probability"] == .int(14))
            #expect(try await f.store.leadScoring.explanation(of: doubtful.id, by: f.rep)?.modelAgainst.map(\.text) == ["source is bought list"])
        }
    }

    func disqualify(_ lead: Record<Lead>, reason: String, _ f: Fixture) async throws {
        var input = Input(["status": .string("disqualified"), "disqualified_reason": .string(reason)])
        let current = try await f.leads.get(lead.id, by: f.rep)
        _ = try await f.leads.update(lead.id, RecordChanges<Lead>.read(&input, defaultCountry: "US"), expecting: current.version, by: f.rep)
    }

    /// Works the job queue until it is empty, as the server's worker would.
    func runJobs(_ f: Fixture) async throws {
        for _ in 0..<10 {
            let jobs = try await f.store.jobs.claim(worker: "test", limit: 10)
            if jobs.isEmpty { return }
            for job in jobs {
                switch job.kind {
                case LeadScoring.trainKind: try await f.store.leadScoring.runTrainingJob(job)
                case LeadScoring.rescoreKind: try await f.store.leadScoring.runRescoreJob(job, leads: f.leads)
                default: break
                }
                try await f.store.jobs.complete(job, worker: "test")
            }
        }
    }
}
