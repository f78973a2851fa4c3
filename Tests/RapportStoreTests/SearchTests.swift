import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct SearchTests {
    @Test(arguments: TestDatabase.all)
    func findsRecordsByPrefixAsTyped(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let globex = try await f.account(["name": .string("Globex"), "city": .string("Zürich")], by: f.rep)
            let zoe = try await f.contact(
                [
                    "first_name": .string("Zoë"), "last_name": .string("Adams"), "title": .string("CTO"),
                    "account_id": .string(globex.id.description), "emails": .array([.string("zoe.adams@globex.com")]),
                ], by: f.rep)
            let hans = try await f.contact(
                [
                    "first_name": .string("Hans"), "last_name": .string("Müller"),
                    "phones": .array([.string("(415) 555-0100")]),
                ], by: f.rep)

            func ids(_ query: String) async throws -> Set<String> {
                Set(try await f.store.search(query, by: f.rep).map(\.id))
            }
            let z = zoe.id.description
            let h = hans.id.description
            let g = globex.id.description
            #expect(try await ids("zo") == [z])
            #expect(try await ids("ZOË") == [z])
            #expect(try await ids("zoe adams") == [z])
            #expect(try await ids("adams zo") == [z])
            #expect(try await ids("mull") == [h])
            #expect(try await ids("Müll") == [h])
            #expect(try await ids("zoe.adams") == [z])
            #expect(try await ids("zoe.adams@globex.com") == [z])
            #expect(try await ids("4155") == [h])
            #expect(try await ids("(415) 555-01") == [h])
            #expect(try await ids("+1 415 555") == [h])
            #expect(try await ids("5550100") == [])
            #expect(try await ids("globex") == [g, z])
            #expect(try await ids("zurich") == [g])
            #expect(try await ids("cto") == [z])
            #expect(try await ids("hans zoe") == [])
            #expect(try await ids("4") == [])
            #expect(try await ids("") == [])

            let hit = try #require(try await f.store.search("zoe", by: f.rep).first)
            #expect(hit == SearchHit(entity: "contact", id: z, title: "Zoë Adams", subtitle: "CTO · Globex"))
            let company = try #require(try await f.store.search("zurich", by: f.rep).first)
            #expect(company == SearchHit(entity: "account", id: g, title: "Globex", subtitle: "Prospect · Zürich"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func deletedRecordsDropOutAndComeBackOnRestore(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let zoe = try await f.contact(["first_name": .string("Zoë")], by: f.rep)
            _ = try await f.contacts.delete(zoe.id, expecting: 1, by: f.rep)
            #expect(try await f.store.search("zoe", by: f.admin).isEmpty)
            _ = try await f.contacts.restore(zoe.id, by: f.rep)
            #expect(try await f.store.search("zoe", by: f.admin).map(\.id) == [zoe.id.description])
        }
    }

    @Test(arguments: TestDatabase.all)
    func changesReachTheIndexIncludingAnAccountsNameOnItsContacts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let account = try await f.account(["name": .string("Initech")], by: f.rep)
            let peter = try await f.contact(
                ["first_name": .string("Peter"), "account_id": .string(account.id.description)], by: f.rep)
            #expect(Set(try await f.store.search("initech", by: f.rep).map(\.id)) == [account.id.description, peter.id.description])

            _ = try await f.accounts.update(account.id, try changes(Account.self, ["name": .string("Initrode")]), expecting: 1, by: f.rep)
            #expect(try await f.store.search("initech", by: f.rep).isEmpty)
            #expect(Set(try await f.store.search("initrode", by: f.rep).map(\.id)) == [account.id.description, peter.id.description])
            #expect(try await f.store.search("peter", by: f.rep).first?.subtitle == "Initrode")

            _ = try await f.contacts.update(peter.id, try changes(Contact.self, ["first_name": .string("Michael")]), expecting: 1, by: f.rep)
            #expect(try await f.store.search("peter", by: f.rep).isEmpty)
            #expect(try await f.store.search("michael", by: f.rep).map(\.title) == ["Michael"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func resultsAreLimited(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            for i in 0..<8 { try await f.contact(["first_name": .string("Sam"), "last_name": .string("Number\(i)")], by: f.rep) }
            #expect(try await f.store.search("sam", limit: 5, by: f.rep).count == 5)
            #expect(try await f.store.search("sam", limit: 0, by: f.rep).count == 1)
            #expect(try await f.store.search("sam", by: f.rep).count == 8)
        }
    }

    // MARK: Both engines answer alike

    /// The same records on every engine, with fixed IDs.
    static func loadParityFixture(_ f: Fixture) async throws {
        func account(_ n: Int, _ pairs: KeyValuePairs<String, JSONValue>) async throws {
            try await f.account(pairs, by: f.admin, id: fixedID(n))
        }
        func contact(_ n: Int, _ pairs: KeyValuePairs<String, JSONValue>) async throws {
            try await f.contact(pairs, by: f.admin, id: fixedID(n))
        }
        func ref(_ n: Int) -> JSONValue { .string((fixedID(n) as ID<Account>).description) }
        try await account(1, ["name": .string("Globex Corporation"), "city": .string("Zürich"), "website": .string("globex.com"),
            "phones": .array([.string("+41 44 668 18 00")])])
        try await account(2, ["name": .string("Initech"), "city": .string("Austin"), "website": .string("initech.com")])
        try await account(3, ["name": .string("Müller & Söhne GmbH"), "city": .string("München"),
            "domain": .string("muller-sohne.de"), "emails": .array([.string("info@mueller-soehne.de")])])
        try await account(4, ["name": .string("東京 Trading"), "city": .string("Tokyo")])
        try await account(5, ["name": .string("Deleted Corp")])
        try await contact(101, ["first_name": .string("Zoë"), "last_name": .string("Adams"), "title": .string("CTO"),
            "account_id": ref(1), "emails": .array([.string("zoe.adams@globex.com")]),
            "phones": .array([.string("(415) 555-0100")]), "tags": .array([.string("vip")])])
        try await contact(102, ["first_name": .string("Hans"), "last_name": .string("Müller"), "title": .string("CEO"),
            "account_id": ref(3), "emails": .array([.string("hans@mueller-soehne.de")]),
            "phones": .array([.string("+49 30 1234567")])])
        try await contact(103, ["first_name": .string("Peter"), "last_name": .string("Gibbons"), "title": .string("Engineer"),
            "account_id": ref(2), "phones": .array([.string("+1 512 555 0199")])])
        try await contact(104, ["first_name": .string("Ægir"), "last_name": .string("Ødegård"),
            "phones": .array([.string("+44 20 7946 0958")])])
        try await contact(105, ["first_name": .string("Łukasz"), "last_name": .string("Großmann"), "title": .string("Head of Sales")])
        try await contact(106, ["first_name": .string("José"), "last_name": .string("Núñez"), "tags": .array([.string("partner")]),
            "emails": .array([.string("jose@example.es")])])
        try await contact(107, ["first_name": .string("Zora"), "last_name": .string("Deleted")])
        try await contact(108, ["first_name": .string("Yuki"), "last_name": .string("田中"), "account_id": ref(4)])
        try await contact(109, ["first_name": .string("Bob"), "last_name": .string("O'Brien"), "title": .string("VP, R&D")])
        _ = try await f.accounts.delete(fixedID(5), expecting: nil, by: f.admin)
        _ = try await f.contacts.delete(fixedID(107), expecting: nil, by: f.admin)
    }

    /// Queries and the titles they must find.
    static let parityQueries: [(String, Set<String>)] = [
        ("zo", ["Zoë Adams"]),
        ("ZOË", ["Zoë Adams"]),
        ("mull", ["Hans Müller", "Müller & Söhne GmbH"]),
        ("müller söhne", ["Hans Müller", "Müller & Söhne GmbH"]),
        ("hans@mueller-soehne.de", ["Hans Müller"]),
        ("zoe.adams", ["Zoë Adams"]),
        ("4155", ["Zoë Adams"]),
        ("(415) 555-01", ["Zoë Adams"]),
        ("+44 20 7946", ["Ægir Ødegård"]),
        ("020 7946", ["Ægir Ødegård"]),
        ("0044 (0)20 7946 0958", ["Ægir Ødegård"]),
        ("+41 44 668", ["Globex Corporation"]),
        ("initech", ["Initech", "Peter Gibbons"]),
        ("globex", ["Globex Corporation", "Zoë Adams"]),
        ("aegir odegard", ["Ægir Ødegård"]),
        ("gross", ["Łukasz Großmann"]),
        ("lukasz", ["Łukasz Großmann"]),
        ("NUNEZ", ["José Núñez"]),
        ("partner", ["José Núñez"]),
        ("東京", ["東京 Trading", "Yuki 田中"]),
        ("o'brien", ["Bob O'Brien"]),
        ("zürich", ["Globex Corporation"]),
        ("munchen", ["Müller & Söhne GmbH"]),
        ("head of sales", ["Łukasz Großmann"]),
        ("deleted", []),
        ("zora", []),
        ("5", []),
        ("nobody here", []),
    ]

    @Test func bothEnginesFindTheSameRecords() async throws {
        var answers: [String: [String: Set<String>]] = [:]
        for engine in TestDatabase.all {
            try await engine.withFixture { f in
                try await Self.loadParityFixture(f)
                var found: [String: Set<String>] = [:]
                for (query, expected) in Self.parityQueries {
                    let hits = try await f.store.search(query, by: f.admin)
                    found[query] = Set(hits.map { "\($0.entity) \($0.id) \($0.title) \($0.subtitle)" })
                    #expect(Set(hits.map(\.title)) == expected, "\(engine): \(query)")
                    #expect(hits.count == Set(hits.map(\.id)).count, "\(engine): \(query) has duplicates")
                    // A list's `q` agrees with the global search.
                    let listed = try await f.contacts.list(ListQuery(q: query, limit: 200), by: f.admin).items.map(\.id.description)
                    let contactHits = hits.filter { $0.entity == "contact" }.map(\.id)
                    #expect(Set(listed) == Set(contactHits), "\(engine): list q=\(query)")
                }
                answers[engine.testDescription] = found
            }
        }
        if let sqlite = answers["SQLite"], let postgres = answers["PostgreSQL"] {
            for (query, _) in Self.parityQueries {
                #expect(sqlite[query] == postgres[query], "engines differ on \(query)")
            }
        }
    }
}
