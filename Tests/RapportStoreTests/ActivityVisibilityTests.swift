import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct ActivityVisibilityTests {
    @Test(arguments: TestDatabase.all)
    func anActivityIsVisibleToWhoeverSeesItsContact(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            // Logged for the Service rep (who cannot see Ana) by an admin who can.
            let call = try await f.activities.create(
                try changes(
                    Activity.self,
                    object: JSONObject([
                        "kind": .string("call"), "direction": .string("inbound"), "contact_id": ref(ana.id),
                        "occurred_at": iso(wholeSecondNow()), "owner_id": ref(f.outsider.userID),
                    ])), by: f.admin)
            #expect(call.ownerID == f.outsider.userID)
            #expect(call.teamID == f.service.id)
            let task = try await f.tasks.create(
                try changes(
                    Todo.self,
                    object: JSONObject(["title": .string("Call Ana back"), "contact_id": ref(ana.id), "owner_id": ref(f.outsider.userID)])),
                by: f.admin)
            #expect(task.teamID == f.service.id)

            for principal in [f.rep, f.teammate, f.viewer, f.manager, f.admin, f.outsider] {
                #expect(try await f.activities.get(call.id, by: principal).id == call.id, "\(principal.name)")
                #expect(try await f.activities.list(ListQuery(), by: principal).items.map(\.id) == [call.id], "\(principal.name)")
                #expect(try await f.activities.count(ListQuery(), by: principal) == 1, "\(principal.name)")
                #expect(
                    try await f.activities.get(many: [call.id], by: principal).map(\.id) == [call.id], "\(principal.name)")
                #expect(try await f.tasks.get(task.id, by: principal).id == task.id, "\(principal.name)")
                #expect(try await f.tasks.list(ListQuery(), by: principal).items.map(\.id) == [task.id], "\(principal.name)")
            }
            var filtered = ListQuery()
            filtered.filters["contact_id"] = ana.id.description
            #expect(try await f.activities.list(filtered, by: f.teammate).items.map(\.id) == [call.id])

            // The Sales rep sees neither Ana nor what happened with her.
            let error1 = await rapportError { try await f.activities.get(call.id, by: f.repSales) }
            #expect(error1 == .notFound(entity: "activity", id: call.id.description))
            #expect(try await f.activities.list(ListQuery(), by: f.repSales).items.isEmpty)
            #expect(try await f.activities.count(ListQuery(), by: f.repSales) == 0)
            #expect(try await f.activities.get(many: [call.id], by: f.repSales).isEmpty)
            let error2 = await rapportError { try await f.tasks.get(task.id, by: f.repSales) }
            #expect(error2?.kind == "notFound")
            #expect(try await f.tasks.list(ListQuery(), by: f.repSales).items.isEmpty)
            let error3 = await rapportError {
                    try await f.activities.update(call.id, try changes(Activity.self, ["outcome": .string("x")]), expecting: 1, by: f.repSales)
                }
            #expect(error3?.kind == "notFound")

            // The teammate may work on it like on Ana herself.
            let updated = try await f.activities.update(
                call.id, try changes(Activity.self, ["outcome": .string("Wants a quote")]), expecting: 1, by: f.teammate)
            #expect(updated.version == 2)

            // Sharing Ana makes it visible to everyone; un-sharing hides it again.
            _ = try await f.contacts.update(ana.id, try changes(Contact.self, ["shared": .bool(true)]), expecting: 1, by: f.rep)
            #expect(try await f.activities.list(ListQuery(), by: f.repSales).items.map(\.id) == [call.id])
            _ = try await f.contacts.update(ana.id, try changes(Contact.self, ["shared": .bool(false)]), expecting: 2, by: f.rep)
            #expect(try await f.activities.list(ListQuery(), by: f.repSales).items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anActivityOnAnAccountIsVisibleThroughTheAccount(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let acme = try await f.account(["name": .string("Acme")], by: f.outsider)
            let note = try await f.activity(
                ["kind": .string("note"), "account_id": ref(acme.id), "occurred_at": iso(wholeSecondNow()), "owner_id": ref(f.rep.userID)],
                by: f.admin)
            #expect(note.teamID == f.east.id)
            // The outsider sees it through Acme, the rep as its owner, the teammate through the team.
            for principal in [f.outsider, f.rep, f.teammate] {
                #expect(try await f.activities.list(ListQuery(), by: principal).items.map(\.id) == [note.id], "\(principal.name)")
            }
            #expect(try await f.activities.list(ListQuery(), by: f.repSales).items.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aViewerReadsButDoesNotWrite(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let call = try await f.touch(ana, about: nil, at: wholeSecondNow(), by: f.rep)
            #expect(try await f.activities.get(call.id, by: f.viewer).id == call.id)
            #expect(try await f.activities.list(ListQuery(), by: f.viewer).items.map(\.id) == [call.id])
            let error4 = await rapportError { try await f.touch(ana, about: nil, at: wholeSecondNow(), by: f.viewer) }
            #expect(error4?.kind == "forbidden")
            let error5 = await rapportError { try await f.task(["title": .string("Mine")], by: f.viewer) }
            #expect(error5?.kind == "forbidden")
            let error6 = await rapportError {
                    try await f.activities.update(call.id, try changes(Activity.self, ["outcome": .string("x")]), expecting: 1, by: f.viewer)
                }
            #expect(error6?.kind == "forbidden")
            let error7 = await rapportError { try await f.activities.delete(call.id, expecting: 1, by: f.viewer) }
            #expect(error7?.kind == "forbidden")
            let error8 = await rapportError {
                    try await f.store.activityLog.log(
                        try changes(Activity.self, ["kind": .string("note"), "contact_id": ref(ana.id), "occurred_at": iso(wholeSecondNow())]),
                        followUp: nil, by: f.viewer)
                }
            #expect(error8?.kind == "forbidden")
            #expect(try await f.rows("activities") == 1)
            #expect(try await f.activities.get(call.id, by: f.rep).version == 1)
        }
    }

    @Test(arguments: TestDatabase.all)
    func oneCannotLogAgainstAContactOneCannotSee(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let ana = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let error = await rapportError { try await f.touch(ana, about: nil, at: wholeSecondNow(), by: f.outsider, direction: "inbound") }
            #expect(error?.fields == ["contact_id"])
            #expect(try await f.rows("activities") == 0)
        }
    }
}
