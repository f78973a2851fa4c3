import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct ListTests {
    /// Ten people, three of them with the same name, so the ID has to break ties.
    static let people: [(String, String)] = [
        ("Hans", "Müller"), ("Alex", "Smith"), ("Zoë", "Adams"), ("Li", "Na"), ("Alex", "Smith"),
        ("Émile", "Zola"), ("Bob", "Baker"), ("Dan", "O'Neil"), ("Alex", "Smith"), ("Carla", "Mendes"),
    ]
    static let byName = [
        "Zoë Adams", "Bob Baker", "Carla Mendes", "Hans Müller", "Li Na", "Dan O'Neil", "Alex Smith", "Alex Smith",
        "Alex Smith", "Émile Zola",
    ]

    @Test(arguments: TestDatabase.all, SortField.allCases)
    func pagesForwardAndBackwardCoverEveryRowOnce(_ db: TestDatabase, sort: SortField) async throws {
        try await db.withFixture { f in
            var created: [Record<Contact>] = []
            for (first, last) in Self.people {
                // The namesakes are meant: acknowledged as possible duplicates.
                created.append(
                    try await f.contact(
                        ["first_name": .string(first), "last_name": .string(last), "allow_duplicate": .bool(true)], by: f.rep))
            }
            // Touch them in reverse, so updated_at orders differently from created_at.
            for record in created.reversed() {
                _ = try await f.contacts.update(record.id, try changes(Contact.self, ["title": .string("x")]), expecting: 1, by: f.rep)
            }
            for descending in [false, true] {
                let all = try await f.contacts.list(ListQuery(sort: sort, descending: descending, limit: 200), by: f.rep).items
                #expect(all.count == Self.people.count)
                try Self.checkOrder(all, sort: sort, descending: descending)

                let query = ListQuery(sort: sort, descending: descending, limit: 3)
                var pages: [Page<Record<Contact>>] = []
                var cursor: Cursor?
                repeat {
                    var q = query
                    q.cursor = cursor
                    let page = try await f.contacts.list(q, by: f.rep)
                    pages.append(page)
                    cursor = try page.nextCursor.map { try Cursor(decoding: $0) }
                } while cursor != nil && pages.count < 10
                #expect(pages.map(\.items.count) == [3, 3, 3, 1], "sort \(sort) descending \(descending)")
                #expect(pages.flatMap(\.items).map(\.id) == all.map(\.id), "forward, sort \(sort) descending \(descending)")
                #expect(pages.first?.previousCursor == nil)
                #expect(pages.dropFirst().allSatisfy { $0.previousCursor != nil })

                // Back from the last page to the first.
                var backward = pages.last?.items ?? []
                var back = try pages.last?.previousCursor.map { try Cursor(decoding: $0) }
                var steps = 0
                while let c = back, steps < 10 {
                    var q = query
                    q.cursor = c
                    let page = try await f.contacts.list(q, by: f.rep)
                    #expect(page.items.count == 3)
                    #expect(page.nextCursor != nil)
                    backward = page.items + backward
                    back = try page.previousCursor.map { try Cursor(decoding: $0) }
                    steps += 1
                }
                #expect(steps == 3)
                #expect(backward.map(\.id) == all.map(\.id), "backward, sort \(sort) descending \(descending)")
            }
        }
    }

    static func checkOrder(_ records: [Record<Contact>], sort: SortField, descending: Bool) throws {
        let ordered = descending ? records.reversed() : records
        switch sort {
        case .name:
            #expect(ordered.map(\.title) == byName)
            // Equal names are ordered by ID.
            let smiths = ordered.filter { $0.title == "Alex Smith" }.map(\.id)
            #expect(smiths == smiths.sorted())
        case .createdAt:
            #expect(zip(ordered, ordered.dropFirst()).allSatisfy { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) })
        case .updatedAt:
            #expect(zip(ordered, ordered.dropFirst()).allSatisfy { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) })
        }
    }

    @Test(arguments: TestDatabase.all)
    func aCursorFromAnotherSortIsRejected(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            for i in 0..<3 { try await f.contact(["first_name": .string("P\(i)")], by: f.rep) }
            let page = try await f.contacts.list(ListQuery(sort: .name, limit: 1), by: f.rep)
            let cursor = try Cursor(decoding: try #require(page.nextCursor))
            let error = await rapportError {
                try await f.contacts.list(ListQuery(sort: .createdAt, limit: 1, cursor: cursor), by: f.rep)
            }
            #expect(error?.fields == ["cursor"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func filtersNarrowTheList(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme"), "type": .string("customer"), "country": .string("US")], by: f.rep)
            let globex = try await f.account(["name": .string("Globex"), "type": .string("prospect")], by: f.rep)
            let initech = try await f.account(["name": .string("Initech"), "type": .string("partner"), "shared": .bool(true)], by: f.outsider)

            func accounts(_ filters: [String: String]) async throws -> [Record<Account>.ID] {
                try await f.accounts.list(ListQuery(filters: filters), by: f.admin).items.map(\.id)
            }
            #expect(try await accounts(["type": "customer"]) == [acme.id])
            #expect(try await accounts(["type": "prospect"]) == [globex.id])
            #expect(try await accounts(["type": "competitor"]) == [])
            #expect(try await accounts(["country": "us"]) == [acme.id])
            #expect(try await accounts(["owner_id": try #require(f.outsider.userID).description]) == [initech.id])
            #expect(try await accounts(["team_id": f.east.id.description]) == [acme.id, globex.id])
            #expect(try await accounts(["shared": "true"]) == [initech.id])
            #expect(try await accounts(["type": "customer", "country": "FR"]) == [])
            #expect(await rapportError { try await accounts(["type": "friend"]) }?.fields == ["filter[type]"])
            #expect(await rapportError { try await accounts(["colour": "red"]) }?.fields == ["filter[colour]"])
            #expect(await rapportError { try await accounts(["owner_id": "me"]) }?.fields == ["filter[owner_id]"])
            #expect(await rapportError { try await accounts(["employees": "5"]) }?.fields == ["filter[employees]"])

            let zoe = try await f.contact(
                [
                    "first_name": .string("Zoë"), "account_id": .string(acme.id.description), "email_opt_out": .bool(true),
                    "tags": .array([.string("VIP"), .string("board")]),
                ], by: f.rep)
            let hans = try await f.contact(
                [
                    "first_name": .string("Hans"), "account_id": .string(globex.id.description),
                    "tags": .array([.string("partner")]), "phones": .array([.string("(415) 555-0100")]),
                ], by: f.rep)
            let li = try await f.contact(["first_name": .string("Li"), "tags": .array([.string("vip")])], by: f.rep)

            func contacts(_ query: ListQuery) async throws -> Set<Record<Contact>.ID> {
                Set(try await f.contacts.list(query, by: f.rep).items.map(\.id))
            }
            #expect(try await contacts(ListQuery(filters: ["account_id": acme.id.description])) == [zoe.id])
            #expect(try await contacts(ListQuery(filters: ["account_id": "none"])) == [li.id])
            #expect(try await contacts(ListQuery(filters: ["email_opt_out": "true"])) == [zoe.id])
            #expect(try await contacts(ListQuery(filters: ["email_opt_out": "false"])) == [hans.id, li.id])
            #expect(try await contacts(ListQuery(filters: ["first_name": "Hans"])) == [hans.id])
            #expect(try await contacts(ListQuery(tag: "vip")) == [zoe.id, li.id])
            #expect(try await contacts(ListQuery(tag: " VIP ")) == [zoe.id, li.id])
            #expect(try await contacts(ListQuery(tag: "board")) == [zoe.id])
            // Tags match whole, and LIKE's wildcards in a tag are plain characters.
            #expect(try await contacts(ListQuery(tag: "vi")) == [])
            #expect(try await contacts(ListQuery(tag: "v_p")) == [])
            #expect(try await contacts(ListQuery(tag: "%")) == [])
            #expect(try await contacts(ListQuery(filters: ["account_id": acme.id.description], tag: "vip")) == [zoe.id])

            #expect(try await contacts(ListQuery(q: "zo")) == [zoe.id])
            #expect(try await contacts(ListQuery(q: "acme")) == [zoe.id])
            #expect(try await contacts(ListQuery(q: "4155")) == [hans.id])
            #expect(try await contacts(ListQuery(q: "hans", tag: "vip")) == [])
            #expect(try await contacts(ListQuery(q: "!!!")) == [])
            #expect(try await contacts(ListQuery(q: "   ")) == [zoe.id, hans.id, li.id])

            _ = try await f.contacts.delete(hans.id, expecting: nil, by: f.rep)
            #expect(try await contacts(ListQuery()) == [zoe.id, li.id])
            #expect(try await contacts(ListQuery(scope: .deleted)) == [hans.id])
            #expect(try await contacts(ListQuery(scope: .all)) == [zoe.id, hans.id, li.id])
            #expect(try await contacts(ListQuery(q: "4155")) == [])
            #expect(try await contacts(ListQuery(q: "4155", scope: .deleted)) == [hans.id])
        }
    }
}
