import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct OverrideReportTests {
    @Test(arguments: TestDatabase.all)
    func overridesAreCountedByTeamAndPurposeWithinWhatOneMaySee(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let (_, ana) = try await f.sharedCustomer()
            let dee = try await f.contact(["first_name": .string("Dee"), "last_name": .string("Private")], by: f.rep)
            let cy = try await f.contact(["first_name": .string("Cy"), "last_name": .string("Okafor")], by: f.outsider)
            let renewal = try await f.purpose(named: "Renewal")
            let upsell = try await f.purpose(named: "Upsell")
            let now = wholeSecondNow()
            func override(_ contact: Record<Contact>, _ purpose: Purpose, daysAgo: Int64, by principal: Principal) async throws
                -> Record<Activity>
            {
                try await f.touch(
                    contact, about: purpose, at: now.adding(seconds: -daysAgo * day), by: principal,
                    ["override_reason": .string("Asked by \(principal.name)")])
            }
            // The first contact needs no override; the report leaves it out.
            try await f.touch(ana, about: renewal, at: now.adding(seconds: -4 * day), by: f.outsider)
            try await override(ana, renewal, daysAgo: 3, by: f.rep)
            let latest = try await override(ana, renewal, daysAgo: 1, by: f.teammate)
            try await override(ana, renewal, daysAgo: 2, by: f.repSales)
            try await override(dee, upsell, daysAgo: 2, by: f.rep)
            try await override(cy, upsell, daysAgo: 2, by: f.outsider)
            // Outside the period, or deleted: not counted.
            try await override(ana, renewal, daysAgo: 40, by: f.rep)
            let deleted = try await override(ana, upsell, daysAgo: 1, by: f.rep)
            _ = try await f.activities.delete(deleted.id, expecting: 1, by: f.rep)

            func groups(_ principal: Principal) async throws -> [String] {
                let report = try await OverrideReport.load(
                    f.db, from: now.adding(seconds: -30 * day), to: now.adding(seconds: day), by: principal)
                #expect(report.recent.count == report.groups.reduce(0) { $0 + $1.count }, "\(principal.name)")
                return report.groups.map { "\($0.teamName ?? "-")/\($0.purposeName ?? "-")=\($0.count)" }
            }
            #expect(try await groups(f.admin) == ["East/Renewal=2", "East/Upsell=1", "Sales/Renewal=1", "Service/Upsell=1"])
            // Ana is shared, so everyone sees what happened with her; Dee and Cy stay with their teams.
            #expect(try await groups(f.rep) == ["East/Renewal=2", "East/Upsell=1", "Sales/Renewal=1"])
            #expect(try await groups(f.manager) == ["East/Renewal=2", "East/Upsell=1", "Sales/Renewal=1"])
            #expect(try await groups(f.repSales) == ["East/Renewal=2", "Sales/Renewal=1"])
            #expect(try await groups(f.outsider) == ["East/Renewal=2", "Sales/Renewal=1", "Service/Upsell=1"])

            let report = try await OverrideReport.load(f.db, from: now.adding(seconds: -30 * day), to: now, by: f.rep)
            let first = try #require(report.recent.first)
            #expect(first.activity.id == latest.id)
            #expect(first.activity["override_reason"] == .text("Asked by Teammate"))
            #expect(first.teamName == "East")
            #expect(first.userName == "Teammate")
            #expect(first.purposeName == "Renewal")
            #expect(first.contactName == "Ana Ruiz")
            #expect(report.recent.map { $0.activity["occurred_at"]?.time } == report.recent.map { $0.activity["occurred_at"]?.time }.sorted { ($0?.micros ?? 0) > ($1?.micros ?? 0) })
            #expect(report.groups.first.map { $0.teamID == f.east.id.uuid && $0.purposeID == renewal.id.uuid } == true)
        }
    }
}
