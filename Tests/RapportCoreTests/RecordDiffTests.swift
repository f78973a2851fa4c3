import RapportCore
import Testing

@Suite struct RecordDiffTests {
    static let workspace = Workspace.ID.make()

    static func contact(_ values: FieldValues, owner: User.ID? = nil, team: Team.ID? = nil, shared: Bool = false)
        -> Record<Contact>
    {
        Record<Contact>(
            id: .make(), workspaceID: workspace, values: values, ownerID: owner, teamID: team, shared: shared,
            version: 1, createdAt: Timestamp(micros: 1), updatedAt: Timestamp(micros: 1), createdBy: nil,
            updatedBy: nil, deletedAt: nil)
    }

    @Test func listsOnlyChangedFieldsWithBeforeAndAfter() throws {
        let alice = User.ID.make()
        let bob = User.ID.make()
        let team = Team.ID.make()
        let before = Self.contact(
            ["first_name": .text("Zoë"), "last_name": .text("Adams"), "title": .text("CTO"), "email_opt_out": .bool(false)],
            owner: alice, team: team)
        var after = before
        after.values["last_name"] = .text("Adams-Müller")
        after.values["title"] = nil
        after.values["tags"] = .tags(["vip"])
        after.values["email_opt_out"] = .bool(true)
        after.ownerID = bob
        after.shared = true
        after.version = 2

        #expect(
            Record<Contact>.diff(before, after) == [
                FieldChange(field: "owner_id", before: .string(alice.description), after: .string(bob.description)),
                FieldChange(field: "shared", before: .bool(false), after: .bool(true)),
                FieldChange(field: "last_name", before: .string("Adams"), after: .string("Adams-Müller")),
                FieldChange(field: "title", before: .string("CTO"), after: .null),
                FieldChange(field: "email_opt_out", before: .bool(false), after: .bool(true)),
                FieldChange(field: "tags", before: .array([]), after: .array([.string("vip")])),  // empty lists read as []
            ])
    }

    @Test func nothingChangedMeansNoChanges() {
        let record = Self.contact(["first_name": .text("Zoë")])
        var touched = record
        touched.version = 7
        touched.updatedAt = Timestamp(micros: 99)
        #expect(Record<Contact>.diff(record, touched) == [])
    }

    @Test func aNewRecordListsItsSetFieldsOnly() throws {
        let owner = User.ID.make()
        let record = Self.contact(
            ["first_name": .text("Zoë"), "emails": .emails([LabeledEmail(try EmailAddress("zoe@example.com"))])],
            owner: owner)
        #expect(
            Record<Contact>.diff(nil, record) == [
                FieldChange(field: "owner_id", before: .null, after: .string(owner.description)),
                FieldChange(field: "shared", before: .null, after: .bool(false)),
                FieldChange(field: "first_name", before: .null, after: .string("Zoë")),
                FieldChange(
                    field: "emails", before: .null,
                    after: .array([
                        .object(JSONObject(["address": .string("zoe@example.com"), "label": .string("work")]))
                    ])),
            ])
    }

    @Test func changesSurviveTheEventLogsStoredForm() {
        let changes = [
            FieldChange(field: "title", before: .string("CTO"), after: .null),
            FieldChange(field: "employees", before: .int(5), after: .int(6)),
        ]
        let event = Event(
            id: .make(), workspaceID: Self.workspace, at: Timestamp(micros: 0), actorID: nil, actorName: "Rapport",
            entity: "contact", recordID: "x", action: .updated, changes: changes, version: 2)
        // Read back sorted by field name: decoded objects keep no order, so every reader sees one order.
        #expect(Event.changes(from: event.changesJSON) == changes.sorted { $0.field < $1.field })
    }
}
