import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct RelationTests {
    @Test(arguments: TestDatabase.all)
    func relationsReadFromBothSidesAndAreLoggedOnBoth(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let globex = try await f.account(["name": .string("Globex")], by: f.rep)
            let relations = f.store.relations

            let relation = try await relations.relate(acme.id, .supplierTo, globex.id, note: "since 2020", by: f.rep)
            #expect(relation.from == acme.id)
            #expect(relation.to == globex.id)
            #expect(relation.kind == .supplierTo)

            let fromAcme = try await relations.links(of: acme.id, by: f.rep)
            #expect(fromAcme.count == 1)
            #expect(fromAcme.first?.other == globex.id)
            #expect(fromAcme.first?.otherName == "Globex")
            #expect(fromAcme.first?.label == "Supplier to")
            #expect(fromAcme.first?.relation.note == "since 2020")
            #expect(fromAcme.first?.relation.id == relation.id)
            let fromGlobex = try await relations.links(of: globex.id, by: f.rep)
            #expect(fromGlobex.map(\.other) == [acme.id])
            #expect(fromGlobex.map(\.label) == ["Supplied by"])

            let acmeEvent = try #require(try await f.accounts.history(acme.id, by: f.rep).first)
            try #require(try await f.accounts.history(acme.id, by: f.rep).count == 2)
            #expect(acmeEvent.action == .related)
            #expect(acmeEvent.actorID == f.rep.userID)
            #expect(acmeEvent.changes == [FieldChange(field: "relation", before: .null, after: .string("Supplier to Globex"))])
            let globexEvent = try #require(try await f.accounts.history(globex.id, by: f.rep).first)
            #expect(globexEvent.action == .related)
            #expect(globexEvent.changes == [FieldChange(field: "relation", before: .null, after: .string("Supplied by Acme"))])

            // The same link again is a conflict; the other direction is another link.
            #expect(await rapportError { try await relations.relate(acme.id, .supplierTo, globex.id, note: nil, by: f.rep) }?.kind == "conflict")
            let back = try await relations.relate(globex.id, .supplierTo, acme.id, note: nil, by: f.rep)
            #expect(Set(try await relations.links(of: acme.id, by: f.rep).map(\.label)) == ["Supplier to", "Supplied by"])

            try await relations.unrelate(relation.id, by: f.rep)
            #expect(try await relations.links(of: acme.id, by: f.rep).map(\.relation.id) == [back.id])
            #expect(try await relations.links(of: globex.id, by: f.rep).map(\.relation.id) == [back.id])
            let unrelated = try #require(try await f.accounts.history(globex.id, by: f.rep).first)
            #expect(unrelated.action == .unrelated)
            #expect(unrelated.changes == [FieldChange(field: "relation", before: .string("Supplied by Acme"), after: .null)])
            #expect(try await f.accounts.history(acme.id, by: f.rep).map(\.action) == [.unrelated, .related, .related, .created])
            #expect(await rapportError { try await relations.unrelate(relation.id, by: f.rep) }?.kind == "notFound")
        }
    }

    @Test(arguments: TestDatabase.all)
    func relationsNeedTwoVisibleLiveAccounts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.rep)
            let hidden = try await f.account(["name": .string("Hidden")], by: f.outsider)
            let gone = try await f.account(["name": .string("Gone")], by: f.rep)
            _ = try await f.accounts.delete(gone.id, expecting: 1, by: f.rep)
            let relations = f.store.relations
            let events = try await f.eventCount()

            #expect(await rapportError { try await relations.relate(acme.id, .partnerOf, acme.id, note: nil, by: f.rep) }?.fields == ["to_id"])
            #expect(await rapportError { try await relations.relate(acme.id, .partnerOf, hidden.id, note: nil, by: f.rep) }?.fields == ["to_id"])
            #expect(await rapportError { try await relations.relate(hidden.id, .partnerOf, acme.id, note: nil, by: f.rep) }?.kind == "notFound")
            #expect(await rapportError { try await relations.relate(acme.id, .partnerOf, gone.id, note: nil, by: f.rep) }?.kind == "conflict")
            let longNote = String(repeating: "n", count: 501)
            #expect(await rapportError { try await relations.relate(acme.id, .partnerOf, gone.id, note: longNote, by: f.rep) }?.fields == ["note"])
            #expect(try await f.eventCount() == events)
            #expect(try await relations.links(of: acme.id, by: f.rep).isEmpty)

            // The admin may link them; the rep then sees only the side they can see.
            _ = try await relations.relate(acme.id, .subsidiaryOf, hidden.id, note: nil, by: f.admin)
            #expect(try await relations.links(of: acme.id, by: f.rep).isEmpty)
            #expect(try await relations.links(of: hidden.id, by: f.admin).map(\.label) == ["Parent of"])
            #expect(await rapportError { try await relations.links(of: hidden.id, by: f.rep) }?.kind == "notFound")
        }
    }
}
