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

    // MARK: Short prefixes as typed

    /// One and two letters find titles with a word that starts with them, alphabetically by that word,
    /// before records matched elsewhere (a job title, a company); the same on both engines.
    @Test(arguments: TestDatabase.all)
    func shortPrefixesFindTitleWordsFirstInAlphabeticalOrder(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let magnolia = try await f.account(["name": .string("Magnolia Labs")], by: f.rep)
            for (first, last, title) in [
                ("Maria", "Schmidt", "CTO"), ("Marco", "Rossi", ""), ("Anna", "Martin", ""), ("Bob", "Marley", ""),
                ("Zed", "Quinn", "Manager"), ("Émile", "Müller", ""),
            ] {
                try await f.contact(
                    ["first_name": .string(first), "last_name": .string(last), "title": .string(title)], by: f.rep)
            }
            try await f.contact(["first_name": .string("Ola"), "account_id": ref(magnolia.id)], by: f.rep)
            func titles(_ query: String, limit: Int = 20, by principal: Principal? = nil) async throws -> [String] {
                try await f.store.search(query, limit: limit, by: principal ?? f.rep).map(\.title)
            }
            let byTitle = ["Magnolia Labs", "Marco Rossi", "Maria Schmidt", "Bob Marley", "Anna Martin", "Émile Müller"]
            // Then the job title and the company's person, newest first among equals, alphabetically.
            #expect(try await titles("m") == byTitle + ["Ola", "Zed Quinn"])
            #expect(try await titles("M") == byTitle + ["Ola", "Zed Quinn"])
            #expect(try await titles("ma") == Array(byTitle.prefix(5)) + ["Ola", "Zed Quinn"])
            #expect(try await titles("mü") == ["Émile Müller"])
            #expect(try await titles("e") == ["Émile Müller"])
            #expect(try await titles("m", limit: 3) == Array(byTitle.prefix(3)))
            #expect(try await titles("sc") == ["Maria Schmidt"])
            #expect(try await titles("anna m") == ["Anna Martin"])
            #expect(try await titles("martin anna") == ["Anna Martin"])
            // Not a title key's prefix (`magnolia` is not `mag`), but both words start as typed.
            #expect(try await titles("mag la") == ["Magnolia Labs", "Ola"])
            #expect(try await titles("la") == ["Magnolia Labs", "Ola"])
            // Visibility and deletion hold on the title path too.
            #expect(try await titles("m", by: f.outsider).isEmpty)
            let marco = try #require(try await f.store.search("marco", by: f.rep).first)
            _ = try await f.contacts.delete(Record<Contact>.ID(try #require(UUID(uuidString: marco.id))), expecting: 1, by: f.rep)
            #expect(try await titles("ma") == ["Magnolia Labs", "Maria Schmidt", "Bob Marley", "Anna Martin", "Ola", "Zed Quinn"])
            // A new name replaces the old keys.
            _ = try await f.accounts.update(magnolia.id, try changes(Account.self, ["name": .string("Tulip Labs")]), expecting: 1, by: f.rep)
            #expect(try await titles("mag").isEmpty)
            #expect(try await titles("tu") == ["Tulip Labs", "Ola"])
        }
    }

    /// Many more title matches than the limit: only the first ones by key are read, in order.
    @Test(arguments: TestDatabase.all)
    func manyTitleMatchesComeBackInKeyOrder(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let names = (0..<30).map { String(format: "Sam%02d", 29 - $0) }
            for name in names {
                try await f.contact(["first_name": .string(name), "last_name": .string("Jones"), "allow_duplicate": .bool(true)], by: f.rep)
            }
            let hits = try await f.store.search("sa", limit: 10, by: f.rep)
            #expect(hits.map(\.title) == names.sorted().prefix(10).map { "\($0) Jones" })
            let jones = try await f.store.search("jo", limit: 50, by: f.rep)
            // Equal keys (`jones`) follow the record IDs.
            #expect(jones.count == 30)
            #expect(Set(jones.map(\.title)) == Set(names.map { "\($0) Jones" }))
            #expect(jones.map(\.id) == jones.map(\.id).sorted())
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
        ("g", ["Peter Gibbons", "Globex Corporation", "Müller & Söhne GmbH", "Łukasz Großmann", "Hans Müller", "Zoë Adams"]),
        ("mü", ["Hans Müller", "Müller & Söhne GmbH"]),
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
        var answers: [String: [String: [String]]] = [:]
        for engine in TestDatabase.all {
            try await engine.withFixture { f in
                try await Self.loadParityFixture(f)
                var found: [String: [String]] = [:]
                for (query, expected) in Self.parityQueries {
                    let hits = try await f.store.search(query, by: f.admin)
                    // In order: both engines rank alike too.
                    found[query] = hits.map { "\($0.entity) \($0.id) \($0.title) \($0.subtitle)" }
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
