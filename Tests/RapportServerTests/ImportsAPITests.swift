import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

extension TestApp {
    /// Runs the queued background jobs (imports, reverts) as a server's worker would.
    func work() async {
        let worker = JobWorker(store: store, handlers: JobWorker.standard(store: store), logger: TestDatabase.logger)
        while await worker.tick() > 0 {}
    }

    /// Uploads a CSV file through the API.
    func upload(_ csv: String, entity: String = "contacts", as user: User, client: any TestClientProtocol, query: String = "")
        async throws -> TestResponse
    {
        var headers = auth(user)
        headers[.contentType] = "text/csv"
        return try await client.execute(
            uri: "/api/v1/imports?entity=\(entity)&file_name=people.csv\(query)", method: .post, headers: headers,
            body: ByteBuffer(string: csv))
    }
}

/// The fields a problem names.
func problemFields(_ response: TestResponse) throws -> [String] {
    try response.object.array("errors").compactMap { $0.object?.string("field") }
}

@Suite struct ImportsAPITests {
    static let people = """
        First Name,Last Name,E-mail Address,Mobile Phone,Company,Notes
        Zoë,Müller,zoe@globex.example,+49 171 1234567,Globex,"Met at the fair, ""hot"" lead"
        Bad,Address,not-an-email,,,
        Ana,Lima,ana@initech.example,,Initech,

        """

    @Test(arguments: TestDatabase.all)
    func anUploadIsMappedPreviewedRunAndReverted(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let rep = try await app.store.directory.principal(for: app.salesRep)
            _ = try await app.store.accounts.create(try accountChanges("Globex"), by: rep)
            let created = try await app.upload(Self.people, as: app.salesRep, client: client)
            #expect(created.status == .created)
            let draft = try created.object
            let id = try #require(draft.string("id"))
            #expect(created.headers[.location] == "/api/v1/imports/\(id)")
            #expect(draft.string("status") == "draft")
            let columns = draft.array("columns").compactMap(\.object)
            #expect(columns.map { $0.string("target") } == ["first_name", "last_name", "emails", "phones:mobile", "account_id", "description"])
            #expect(columns.first?.array("samples").first == .string("Zoë"))
            #expect(draft.array("targets").count > 20)
            let matchKeys = draft.array("match_keys").compactMap { $0.object?.string("key") }
            #expect(matchKeys.contains("email"))

            // Leave the notes out; tag the list.
            let patched = try await client.execute(
                uri: "/api/v1/imports/\(id)", method: .patch, headers: app.auth(app.salesRep),
                body: body(.object(["mapping": .object(["Notes": .null]), "list_name": "Fair 2026", "list_cost": "120.50"])))
            #expect(patched.status == .ok)
            #expect(try patched.object.array("columns").last?.object?["target"] == .null)
            #expect(try patched.object["settings"]?.object?.string("list_name") == "Fair 2026")

            let preview = try await client.execute(uri: "/api/v1/imports/\(id)/preview?limit=5", method: .get, headers: app.auth(app.salesRep))
            #expect(preview.status == .ok)
            let rows = try preview.object.array("rows").compactMap(\.object)
            #expect(rows.map { $0.string("outcome") } == ["create", "reject", "create"])
            #expect(rows[1].array("messages").first == .string("E-mail Address: 'not-an-email' is not a valid email address."))

            let run = try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep))
            #expect(run.status == .accepted)
            #expect(try run.object.string("status") == "queued")
            await app.work()
            let done = try await client.execute(uri: "/api/v1/imports/\(id)", method: .get, headers: app.auth(app.salesRep))
            let counts = try #require(try done.object["counts"]?.object)
            #expect(try done.object.string("status") == "done")
            #expect(counts.int("created") == 2)
            #expect(counts.int("rejected") == 1)
            #expect(counts.int("warnings") == 1)

            let issues = try await client.execute(uri: "/api/v1/imports/\(id)/issues", method: .get, headers: app.auth(app.salesRep))
            #expect(try issues.object.array("data").compactMap { $0.object?.string("kind") } == ["rejected", "warning"])
            let csv = try await client.execute(uri: "/api/v1/imports/\(id)/rejected.csv", method: .get, headers: app.auth(app.salesRep))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text == """
                First Name,Last Name,E-mail Address,Mobile Phone,Company,Notes,Import row,Import error\r
                Bad,Address,not-an-email,,,,3,E-mail Address: 'not-an-email' is not a valid email address.\r

                """)
            let list = try await client.execute(uri: "/api/v1/imports?entity=contacts", method: .get, headers: app.auth(app.salesRep))
            #expect(try list.object.array("data").count == 1)

            let revert = try await client.execute(uri: "/api/v1/imports/\(id)/revert", method: .post, headers: app.auth(app.salesRep))
            #expect(revert.status == .accepted)
            await app.work()
            let reverted = try await client.execute(uri: "/api/v1/imports/\(id)", method: .get, headers: app.auth(app.salesRep))
            #expect(try reverted.object.string("status") == "reverted")
            #expect(try reverted.object["revert_counts"]?.object?.int("deleted") == 2)
            let contacts = try await client.execute(uri: "/api/v1/contacts", method: .get, headers: app.auth(app.salesRep))
            #expect(try contacts.object.array("data").isEmpty)
        }
    }

    @Test(arguments: TestDatabase.all)
    func problemsNameTheSettingOrFieldAtFault(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let noEntity = try await app.upload(Self.people, entity: "widgets", as: app.salesRep, client: client)
            #expect(noEntity.status == .unprocessableContent)
            #expect(try problemFields(noEntity) == ["entity"])
            var headers = app.auth(app.salesRep)
            headers[.contentType] = "application/pdf"
            let pdf = try await client.execute(uri: "/api/v1/imports?entity=contacts", method: .post, headers: headers, body: ByteBuffer(string: "%PDF"))
            #expect(pdf.status == .unsupportedMediaType)
            let empty = try await app.upload("", as: app.salesRep, client: client)
            #expect(empty.status == .unprocessableContent)
            #expect(try problemFields(empty) == ["file"])
            let viewer = try await app.upload(Self.people, as: app.viewer, client: client)
            #expect(viewer.status == .forbidden)

            let id = try #require(try await app.upload(Self.people, as: app.salesRep, client: client).object.string("id"))
            func patch(_ object: JSONObject) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/imports/\(id)", method: .patch, headers: app.auth(app.salesRep), body: body(.object(object)))
            }
            let unknownColumn = try await patch(["mapping": .object(["Fax Number": "phones:fax"])])
            #expect(unknownColumn.status == .unprocessableContent)
            #expect(try problemFields(unknownColumn) == ["mapping.Fax Number"])
            let unknownTarget = try await patch(["mapping": .object(["Notes": "favourite_colour"])])
            #expect(try problemFields(unknownTarget) == ["mapping.Notes"])
            let badMode = try await patch(["mode": "merge", "duplicates": "ignore"])
            #expect(Set(try problemFields(badMode)) == ["mode", "duplicates"])
            // Updating needs to know how rows find their records.
            #expect(try await patch(["mode": "update"]).status == .ok)
            let noKey = try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep))
            #expect(noKey.status == .unprocessableContent)
            #expect(try problemFields(noKey) == ["match_key"])
            let preview = try await client.execute(uri: "/api/v1/imports/\(id)/preview", method: .get, headers: app.auth(app.salesRep))
            #expect(try problemFields(preview) == ["match_key"])
            #expect(try await patch(["match_key": "phone", "mapping": .object(["Mobile Phone": .null])]).status == .ok)
            let unmapped = try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep))
            #expect(try unmapped.object.array("errors").first?.object?.string("reason") == "is phone, but no column is mapped to it")
            #expect(try await patch(["mode": "create", "mapping": .object(["First Name": .null, "Last Name": .null])]).status == .ok)
            let names = try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep))
            #expect(try problemFields(names) == ["mapping"])

            // Someone else's import is not there for another rep; a started one cannot change.
            let other = try await client.execute(uri: "/api/v1/imports/\(id)", method: .get, headers: app.auth(app.serviceRep))
            #expect(other.status == .notFound)
            #expect(try await patch(["mapping": .object(["First Name": "first_name", "Last Name": "last_name"])]).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep)).status == .accepted)
            let again = try await client.execute(uri: "/api/v1/imports/\(id)/run", method: .post, headers: app.auth(app.salesRep))
            #expect(again.status == .conflict)
            #expect(try await patch(["list_name": "late"]).status == .conflict)
            // Reverting a queued import stops it: its job finds it reverting and leaves it.
            let revertQueued = try await client.execute(uri: "/api/v1/imports/\(id)/revert", method: .post, headers: app.auth(app.salesRep))
            #expect(revertQueued.status == .accepted)
            await app.work()
            let reverted = try await client.execute(uri: "/api/v1/imports/\(id)", method: .get, headers: app.auth(app.salesRep))
            #expect(try reverted.object.string("status") == "reverted")
            #expect(try reverted.object["counts"]?.object?.int("created") == 0)
            let twice = try await client.execute(uri: "/api/v1/imports/\(id)/revert", method: .post, headers: app.auth(app.salesRep))
            #expect(twice.status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.all)
    func templatesAreSavedListedAndChecked(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let saved = try await client.execute(
                uri: "/api/v1/import-templates", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["entity": "contacts", "name": "Fair export", "mapping": .object(["Kunde": "full_name", "Skip": .null])])))
            #expect(saved.status == .created)
            let bad = try await client.execute(
                uri: "/api/v1/import-templates", method: .post, headers: app.auth(app.salesRep),
                body: body(.object(["entity": "contacts", "name": "X", "mapping": .object(["Kunde": "shoe_size"])])))
            #expect(try problemFields(bad) == ["mapping.Kunde"])
            let list = try await client.execute(uri: "/api/v1/import-templates?entity=contacts", method: .get, headers: app.auth(app.salesManager))
            let first = try #require(try list.object.array("data").first?.object)
            #expect(first.string("name") == "Fair export")
            let draft = try await app.upload("Kunde,Email\nJo Bloggs,jo@x.example\n", as: app.salesRep, client: client, query: "&template=Fair%20export")
            #expect(try draft.object.array("columns").first?.object?.string("target") == "full_name")
            let id = try #require(first.string("id"))
            #expect(try await client.execute(uri: "/api/v1/import-templates/\(id)", method: .delete, headers: app.auth(app.salesRep)).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/import-templates/\(id)", method: .delete, headers: app.auth(app.salesRep)).status == .notFound)
        }
    }

    /// A file far larger than a request body may otherwise be streams to disk.
    @Test(arguments: TestDatabase.all)
    func largeFilesStreamToDisk(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var csv = "Name,Website\n"
            for n in 0..<60_000 { csv += "Company number \(n) with a long name,https://company\(n).example/about\n" }
            #expect(csv.utf8.count > 3 << 20)
            let response = try await app.upload(csv, entity: "accounts", as: app.salesRep, client: client)
            #expect(response.status == .created)
            #expect(try response.object.int("file_bytes") == Int64(csv.utf8.count))
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOpenAPIDocumentDescribesImports(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            let doc = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let paths = try #require(try doc.object["paths"]?.object)
            for path in [
                "/api/v1/imports", "/api/v1/imports/{id}", "/api/v1/imports/{id}/preview", "/api/v1/imports/{id}/run",
                "/api/v1/imports/{id}/cancel", "/api/v1/imports/{id}/revert", "/api/v1/imports/{id}/issues",
                "/api/v1/imports/{id}/rejected.csv", "/api/v1/import-templates", "/api/v1/import-templates/{id}",
            ] {
                #expect(paths[path] != nil, "\(path) is missing")
            }
        }
    }
}

func accountChanges(_ name: String) throws -> RecordChanges<Account> {
    var input = Input(JSONObject(["name": .string(name)]))
    let changes = RecordChanges<Account>.read(&input, defaultCountry: "US")
    try input.finish()
    return changes
}
