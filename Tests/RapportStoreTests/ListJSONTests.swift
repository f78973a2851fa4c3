import Foundation
import RapportCore
import RapportStore
import RapportTesting
import SQLKit
import Testing

/// The API's list path writes records straight from their rows; it must give exactly the bytes of
/// the records `list` decodes, written by `Record.json()`.
@Suite struct ListJSONTests {
    static func expectSamePages<E: Entity>(
        _ store: RecordStore<E>, _ query: ListQuery, by principal: Principal, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let page = try await store.list(query, by: principal)
        let json = try await store.listJSON(query, by: principal)
        let expected = JSONWriter.bytes(.array(page.items.map { .object($0.json()) }))
        #expect(
            String(decoding: json.data, as: UTF8.self) == String(decoding: expected, as: UTF8.self), sourceLocation: sourceLocation)
        #expect(json.count == page.items.count, sourceLocation: sourceLocation)
        #expect(json.nextCursor == page.nextCursor, sourceLocation: sourceLocation)
        #expect(json.previousCursor == page.previousCursor, sourceLocation: sourceLocation)
    }

    @Test(arguments: TestDatabase.all)
    func writesTheBytesOfTheDecodedRecordsForEveryFieldKind(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let parent = try await f.account(["name": .string("Parent & <Co>"), "shared": .bool(true)], by: f.admin)
            let account = try await f.account(
                [
                    "name": .string("Globex \"Zürich\""), "type": .string("customer"), "website": .string("https://globex.example/"),
                    "phones": .array([.string("+41 44 668 18 00"), .string("+1 415 555 0100 ext. 12")]),
                    "emails": .array([.string("info@globex.example")]), "employees": .int(250),
                    "annual_revenue": .object(JSONObject(["amount_minor": .int(12_345_678), "currency": .string("CHF")])),
                    "parent_id": ref(parent.id), "description": .string("Line one\nline two\ttabbed \\ back"),
                ], by: f.rep)
            let zoe = try await f.contact(
                [
                    "first_name": .string("Zoë"), "last_name": .string("Adams"), "title": .string("CTO"),
                    "account_id": ref(account.id), "emails": .array([.string("zoe@globex.example"), .string("z.adams@home.example")]),
                    "phones": .array([.string("(415) 555-0199")]), "tags": .array([.string("vip"), .string("tech <lead>")]),
                    "birthday": .string("1990-02-28"), "time_zone": .string("Europe/Zurich"), "email_opt_out": .bool(true),
                    "country": .string("CH"),
                ], by: f.rep)
            try await f.contact(["first_name": .string("Bare")], by: f.teammate)
            let purpose = try await f.purpose(named: "Renewal")
            let repUser = try #require(f.rep.userID)
            try await f.activity(
                [
                    "kind": .string("meeting"), "direction": .string("outbound"), "subject": .string("Kick-off \"Q3\""),
                    "contact_id": ref(zoe.id), "purpose_id": ref(purpose.id), "occurred_at": .string("2026-03-01T09:30:00.250Z"),
                    "ends_at": .string("2026-03-01T10:30:00Z"), "duration_minutes": .int(60),
                    "attendee_user_ids": .array([.string(repUser.description)]), "attendee_contact_ids": .array([ref(zoe.id)]),
                    "body": .string("Notes </script> & more"),
                ], by: f.rep)
            try await f.task(["title": .string("Send the quote"), "contact_id": ref(zoe.id), "due_at": .string("2026-03-05T17:00:00Z")], by: f.rep)
            _ = try await f.contacts.delete(
                try await f.contact(["first_name": .string("Gone")], by: f.rep).id, expecting: 1, by: f.rep)

            // Lines the stores never write (no tab, two tabs, an empty label, carriage returns, blank
            // lines) read the codec's way on both paths.
            let odd = try await f.contact(["first_name": .string("Odd")], by: f.rep)
            try await f.db.write { sql in
                try await sql.raw(
                    """
                    UPDATE contacts SET emails = \(bind: "\nwork\ta@b.example\nbroken\n\thome@x.example\nx\ty\tz\n\n"),
                        phones = \(bind: "\r\nmobile\t+14155550100\r\n"), tags = \(bind: "\nvip\r\nnew\n\n\tt\n")
                    WHERE id = \(bind: odd.id.uuid)
                    """
                ).run()
            }
            for principal in [f.admin, f.rep, f.outsider] {
                for sort in SortField.allCases {
                    for descending in [false, true] {
                        try await Self.expectSamePages(f.accounts, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                        try await Self.expectSamePages(f.contacts, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                        try await Self.expectSamePages(f.activities, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                        try await Self.expectSamePages(f.tasks, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                    }
                }
                try await Self.expectSamePages(f.contacts, ListQuery(limit: 200, scope: .deleted), by: principal)
                try await Self.expectSamePages(f.contacts, ListQuery(q: "zoe", limit: 200), by: principal)
            }
            // Pages and their cursors, both ways.
            var query = ListQuery(limit: 1)
            var seen = 0
            while true {
                try await Self.expectSamePages(f.contacts, query, by: f.admin)
                let page = try await f.contacts.listJSON(query, by: f.admin)
                seen += page.count
                guard let next = page.nextCursor else { break }
                query.cursor = try Cursor(decoding: next)
                if let previous = page.previousCursor {
                    var back = query
                    back.cursor = try Cursor(decoding: previous)
                    try await Self.expectSamePages(f.contacts, back, by: f.admin)
                }
            }
            #expect(seen == 3)
        }
    }

    @Test(arguments: TestDatabase.all)
    func writesTheBytesOfDecodedLeadsAndDealsForEveryFieldKind(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let competitor = try await f.account(["name": .string("Initech"), "type": .string("competitor"), "shared": .bool(true)], by: f.admin)
            let other = try await f.account(["name": .string("Umbrella"), "shared": .bool(true)], by: f.admin)
            // A lead with every field kind it has, scored and given its first-touch deadline on create.
            let lead = try await f.lead(
                [
                    "first_name": .string("Inès"), "last_name": .string("Kowalski \"K\""), "title": .string("Head of QA"),
                    "company": .string("Brightwater <Labs>"), "website": .string("https://brightwater.example/"),
                    "industry": .string("Biotech"), "employees": .int(120),
                    "emails": .array([.string("ines@brightwater.example"), .string("i.k@home.example")]),
                    "phones": .array([.string("+49 30 1234567")]), "email_opt_out": .bool(true), "street": .string("Hauptstr. 1"),
                    "city": .string("Berlin"), "region": .string("BE"), "postal_code": .string("10115"), "country": .string("DE"),
                    "status": .string("new"), "source": .string("web_form"), "source_detail": .string("Spring fair\tbooth"),
                    "tags": .array([.string("hot"), .string("fair <2026>")]), "description": .string("Line one\nline two"),
                ], by: f.rep)
            try await f.lead(["last_name": .string("Bare"), "company": .string("Bare Co")], by: f.teammate)
            try await f.lead(
                ["last_name": .string("Gone"), "status": .string("disqualified"), "disqualified_reason": .string("no_budget")],
                by: f.rep)
            // Converted: read-only references and times set by Rapport, and a deal that names its lead.
            let outcome = try await f.store.conversion.convert(
                lead.id,
                ConversionPlan(
                    account: .new, contact: .new,
                    deal: .init(name: "Brightwater pilot", amount: Money(minor: 2_500_000, currency: "EUR"))),
                expecting: nil, by: f.rep)
            let converted = try #require(outcome.deal)
            // A deal with every field kind it has, moved to a closed stage (close time, time in stage).
            let deal = try await f.deal(
                [
                    "name": .string("Spectrometers \"Q3\""), "account_id": ref(other.id), "amount": money(1_234_567, "CHF"),
                    "close_date": .string("2027-03-31"), "probability": .int(35), "next_step": .string("Legal review"),
                    "competitor_ids": .array([ref(competitor.id)]), "source": .string("referral"),
                    "description": .string("Notes </script> & more"), "tags": .array([.string("big"), .string("q3")]),
                ], by: f.rep)
            try await f.move(
                deal, to: try await f.stage("Closed lost"), with: ["lost_reason": .string("price"), "won_reason": .string("n/a")],
                by: f.rep)
            try await f.deal(["name": .string("Bare deal")], by: f.teammate)
            _ = try await f.deals.delete(converted.id, expecting: nil, by: f.rep)
            for principal in [f.admin, f.rep, f.outsider] {
                for sort in SortField.allCases {
                    for descending in [false, true] {
                        try await Self.expectSamePages(f.leads, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                        try await Self.expectSamePages(f.deals, ListQuery(sort: sort, descending: descending, limit: 200), by: principal)
                    }
                }
                try await Self.expectSamePages(f.deals, ListQuery(limit: 200, scope: .deleted), by: principal)
                try await Self.expectSamePages(f.leads, ListQuery(q: "brightwater", limit: 200), by: principal)
                try await Self.expectSamePages(f.deals, ListQuery(q: "spectrometers", limit: 200), by: principal)
            }
            // Both pages are what the test meant to compare: the admin sees every lead and deal.
            #expect(try await f.leads.listJSON(ListQuery(limit: 200), by: f.admin).count == 3)
            #expect(try await f.deals.listJSON(ListQuery(limit: 200), by: f.admin).count == 2)
        }
    }
}
