import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct LeadConversionTests {
    func count(_ table: String, _ f: Fixture) async throws -> Int {
        try await f.db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE deleted_at IS NULL").first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    @Test(arguments: TestDatabase.all)
    func aLeadBecomesANewAccountContactAndDealThatRememberWhereTheyCameFrom(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let lead = try await f.lead(
                [
                    "first_name": .string("Ines"), "last_name": .string("Kowalski"), "title": .string("Head of QA"),
                    "company": .string("Brightwater Labs"), "website": .string("https://brightwater.example"),
                    "emails": .array([.string("ines@brightwater.example")]), "phones": .array([.string("+49 30 1234567")]),
                    "city": .string("Berlin"), "country": .string("DE"), "source": .string("web_form"), "employees": .int(120),
                ], by: f.rep)
            let outcome = try await f.store.conversion.convert(
                lead.id,
                ConversionPlan(account: .new, contact: .new, deal: .init(name: "Brightwater pilot", amount: Money(minor: 2_500_000, currency: "EUR"))),
                expecting: lead.version, by: f.rep)
            let account = try #require(outcome.account)
            #expect(account["name"] == .text("Brightwater Labs"))
            #expect(account["domain"] == .text("brightwater.example"))
            #expect(account["employees"] == .int(120))
            #expect(account["type"] == .text("prospect"))
            #expect(outcome.contact["first_name"] == .text("Ines"))
            #expect(outcome.contact["account_id"]?.uuid == account.id.uuid)
            #expect(outcome.contact["emails"]?.emails.map(\.address.value) == ["ines@brightwater.example"])
            #expect(outcome.contact["phones"]?.phones.map(\.number.e164) == ["+49301234567"])
            let deal = try #require(outcome.deal)
            #expect(deal["lead_id"]?.uuid == lead.id.uuid)
            #expect(deal["source"] == .text("web_form"))
            #expect(deal["contact_id"]?.uuid == outcome.contact.id.uuid)
            #expect(deal["amount"] == .money(Money(minor: 2_500_000, currency: "EUR")))
            #expect(deal.ownerID == f.rep.userID)
            #expect(outcome.lead["status"] == .text("converted"))
            #expect(outcome.lead["converted_at"] != nil)
            #expect(outcome.lead["converted_deal_id"]?.uuid == deal.id.uuid)
            #expect(outcome.lead["converted_contact_id"]?.uuid == outcome.contact.id.uuid)
            let again = await rapportError {
                try await f.store.conversion.convert(lead.id, ConversionPlan(account: nil, contact: .new, deal: nil), expecting: nil, by: f.rep)
            }
            #expect(again?.kind == "conflict")
        }
    }

    @Test(arguments: TestDatabase.all)
    func existingAccountsAndContactsAreMatchedInsteadOfDuplicated(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let account = try await f.account(["name": .string("Brightwater Labs GmbH"), "website": .string("brightwater.example")], by: f.rep)
            let person = try await f.contact(
                ["first_name": .string("Ines"), "last_name": .string("Kowalski"), "emails": .array([.string("ines@brightwater.example")]),
                 "account_id": ref(account.id)], by: f.rep)
            let lead = try await f.lead(
                ["first_name": .string("Inès"), "last_name": .string("Kowalski"), "company": .string("Brightwater Labs"),
                 "website": .string("www.brightwater.example"), "emails": .array([.string("Ines@Brightwater.example")])], by: f.rep)
            let candidates = try await f.store.conversion.candidates(for: lead.id, by: f.rep)
            #expect(candidates.accounts.first?.id == account.id)
            #expect(candidates.contacts.first?.id == person.id)
            #expect(candidates.contacts.first?.match.reasons.contains("same email") == true)
            // New look-alikes are held back unless the person saw them and chose new anyway.
            let held = await rapportError {
                try await f.store.conversion.convert(lead.id, ConversionPlan(account: .new, contact: .new, deal: nil), expecting: nil, by: f.rep)
            }
            #expect(held?.kind == "needsConfirmation")
            #expect(try await count("accounts", f) == 1)
            let outcome = try await f.store.conversion.convert(
                lead.id, ConversionPlan(account: .existing(account.id), contact: .existing(person.id), deal: .init(name: "Second line")),
                expecting: nil, by: f.rep)
            #expect(outcome.account?.id == account.id)
            #expect(outcome.contact.id == person.id)
            #expect(try await count("accounts", f) == 1)
            #expect(try await count("contacts", f) == 1)
            #expect(outcome.deal?["account_id"]?.uuid == account.id.uuid)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theLeadsActivitiesAndTasksJoinTheContactsTimeline(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let lead = try await f.lead(["last_name": .string("Okafor"), "company": .string("Okafor Foods")], by: f.rep)
            let call = try await f.activity(["kind": .string("call"), "lead_id": ref(lead.id), "subject": .string("First call")], by: f.rep)
            try await f.task(["title": .string("Send the brochure"), "lead_id": ref(lead.id)], by: f.rep)
            let outcome = try await f.store.conversion.convert(
                lead.id, ConversionPlan(account: .new, contact: .new, deal: .init(name: "Okafor deal")), expecting: nil, by: f.rep)
            let moved = try await f.activities.get(call.id, by: f.rep)
            #expect(moved["contact_id"]?.uuid == outcome.contact.id.uuid)
            #expect(moved["account_id"]?.uuid == outcome.account?.id.uuid)
            #expect(moved["deal_id"]?.uuid == outcome.deal?.id.uuid)
            #expect(moved["lead_id"]?.uuid == lead.id.uuid)
            let timeline = try await f.store.timeline.page(of: outcome.contact, filter: TimelineFilter(kinds: ["call"]), by: f.rep)
            #expect(timeline.items.count == 1)
            let open = try await f.store.taskQueries.open(about: outcome.contact, by: f.rep)
            #expect(open.map(\.title) == ["Send the brochure"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func aConversionThatFailsWritesNothing(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let lead = try await f.lead(["last_name": .string("Nakamura"), "company": .string("Nakamura Optics")], by: f.rep)
            let proposal = try await f.stage("Proposal")
            let events = try await f.eventCount()
            let failed = await rapportError {
                try await f.store.conversion.convert(
                    lead.id, ConversionPlan(account: .new, contact: .new, deal: .init(name: "Too early", stageID: proposal.id.uuid)),
                    expecting: nil, by: f.rep)
            }
            #expect(failed?.fields == ["deal.amount", "deal.close_date"])
            #expect(try await count("accounts", f) == 0)
            #expect(try await count("contacts", f) == 0)
            #expect(try await count("deals", f) == 0)
            #expect(try await f.eventCount() == events)
            #expect(try await f.leads.get(lead.id, by: f.rep)["status"] == .text("new"))
            let noCompany = try await f.lead(["first_name": .string("Solo")], by: f.rep)
            let needsCompany = await rapportError {
                try await f.store.conversion.convert(noCompany.id, ConversionPlan(account: .new, contact: .new, deal: nil), expecting: nil, by: f.rep)
            }
            #expect(needsCompany?.fields == ["account"])
            let stale = await rapportError {
                try await f.store.conversion.convert(lead.id, ConversionPlan(account: nil, contact: .new, deal: nil), expecting: 7, by: f.rep)
            }
            #expect(stale?.kind == "staleVersion")
        }
    }

    @Test(arguments: TestDatabase.all)
    func leadRulesDisqualifyingNeedsAReasonAndConvertedComesOnlyFromConverting(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let nameless = await rapportError { try await f.lead(["title": .string("CTO")], by: f.rep) }
            #expect(nameless?.fields == ["last_name"])
            let lead = try await f.lead(["company": .string("Only a company")], by: f.rep)
            #expect(lead["status"] == .text("new"))
            let noReason = await rapportError {
                try await f.leads.update(lead.id, try changes(Lead.self, ["status": .string("disqualified")]), expecting: 1, by: f.rep)
            }
            #expect(noReason?.fields == ["disqualified_reason"])
            let claimed = await rapportError {
                try await f.leads.update(lead.id, try changes(Lead.self, ["status": .string("converted")]), expecting: 1, by: f.rep)
            }
            #expect(claimed?.fields == ["status"])
            let scored = await rapportError { try await f.lead(["company": .string("Self-scored"), "score": .int(99)], by: f.rep) }
            #expect(scored?.fields == ["score"])
            let out = try await f.leads.update(
                lead.id, try changes(Lead.self, ["status": .string("disqualified"), "disqualified_reason": .string("no_budget")]), expecting: 1,
                by: f.rep)
            #expect(out["disqualified_reason"] == .text("no_budget"))
            let back = try await f.leads.update(lead.id, try changes(Lead.self, ["status": .string("nurturing")]), expecting: 2, by: f.rep)
            #expect(back["disqualified_reason"] == nil)
        }
    }
}
