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
}
