import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RapportCore
import RapportServer
import RapportStore
import RapportTesting
import Testing

/// vCards as Apple Contacts writes them (3.0, folded, grouped labels, a photo) plus a card that cannot be imported.
let appleStyleCards = """
    BEGIN:VCARD\r
    VERSION:3.0\r
    PRODID:-//Apple Inc.//macOS 14.2.1//EN\r
    N:Ångström;Zoë;;;\r
    FN:Zoë Ångström\r
    ORG:Nordlicht AB;\r
    TITLE:Head of Research\r
    item1.EMAIL;type=INTERNET;type=pref:zoe@nordlicht.example\r
    item1.X-ABLabel:_$!<Work>!$_\r
    TEL;type=CELL;type=VOICE:+46 70 123 45 67\r
    PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAASABIAAD/4QBMRXhpZgAATU0AKgAAAAgA\r
     AYdpAAQAAAABAAAAGgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAAAAZKADAAQAAAABAAAAZAAA\r
    NOTE:Met at the summit\\, 2023.\\nLikes long meetings.\r
    END:VCARD\r
    BEGIN:VCARD\r
    VERSION:3.0\r
    N:王;伟;;;\r
    FN:王伟\r
    ORG:北京数据科技有限公司\r
    item1.ADR;type=WORK:;;朝阳区建国路88号;北京;;100022;中国\r
    item1.X-ABADR:cn\r
    END:VCARD\r
    BEGIN:VCARD\r
    VERSION:3.0\r
    FN:Broken Email\r
    EMAIL:not an address\r
    END:VCARD\r

    """

extension TestApp {
    /// Headers for a vCard upload.
    func vcardAuth(_ user: User) -> HTTPFields {
        var headers = auth(user)
        headers[.contentType] = "text/vcard"
        return headers
    }
}

@Suite struct ContactVCardAPITests {
    static func cards(_ response: TestResponse) -> [VCard] {
        VCardReader.read(Array(response.body.readableBytesView)).compactMap { if case .card(let c) = $0 { c } else { nil } }
    }

    @Test(arguments: TestDatabase.all)
    func aContactDownloadsAsVCard40Or30(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let created = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: app.auth(app.salesRep),
                body: body(["first_name": "José", "last_name": "Núñez", "emails": .array(["jose@ejemplo.example"]), "phones": .array(["+34 612 34 56 78"])]))
            let id = try #require(try created.object.string("id"))
            let v4 = try await client.execute(uri: "/api/v1/contacts/\(id)/vcard", method: .get, headers: app.auth(app.salesRep))
            #expect(v4.status == .ok)
            #expect(v4.headers[.contentType] == "text/vcard; charset=utf-8")
            #expect(v4.headers[.contentDisposition]?.contains("filename=\"Jose Nunez.vcf\"") == true)
            #expect(v4.headers[.contentDisposition]?.contains("filename*=UTF-8''Jos%C3%A9%20N%C3%BA%C3%B1ez.vcf") == true)
            let card = try #require(Self.cards(v4).first)
            #expect(card.version == "4.0")
            #expect(card.first("UID")?.text == "urn:uuid:\(id)")
            #expect(card.first("TEL")?.text == "tel:+34612345678")

            let v3 = try await client.execute(uri: "/api/v1/contacts/\(id)/vcard?version=3.0", method: .get, headers: app.auth(app.salesRep))
            #expect(Self.cards(v3).first?.version == "3.0")
            #expect(v3.text.contains("\r\nN:Núñez;José;;;\r\n"))

            for bad in ["version=5.0", "version=3", "format=vcf"] {
                let response = try await client.execute(uri: "/api/v1/contacts/\(id)/vcard?\(bad)", method: .get, headers: app.auth(app.salesRep))
                #expect(response.status == .unprocessableContent, "\(bad)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            // Someone who may not see the contact gets the same answer as for no contact at all.
            let hidden = try await client.execute(uri: "/api/v1/contacts/\(id)/vcard", method: .get, headers: app.auth(app.serviceRep))
            #expect(hidden.status == .notFound)
            let unknown = try await client.execute(uri: "/api/v1/contacts/not-an-id/vcard", method: .get, headers: app.auth(app.salesRep))
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func exportStreamsEveryVisibleContactAcrossPages(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var loader = BulkLoader(contacts: 450, seed: 11, workspace: app.workspace.id, owners: [BulkOwner(app.salesRep)])
            loader.rowsPerStatement = 200
            _ = try await loader.load(into: app.store.db)
            let all = try await client.execute(uri: "/api/v1/contacts/export.vcf?version=3.0", method: .get, headers: app.auth(app.admin))
            #expect(all.status == .ok)
            #expect(all.headers[.contentType] == "text/vcard; charset=utf-8")
            let cards = Self.cards(all)
            #expect(cards.count == 450)
            #expect(Set(cards.compactMap { $0.first("UID")?.text }).count == 450)
            #expect(cards.allSatisfy { $0.version == "3.0" })
            #expect(!all.text.contains("\n\n"))
            #expect(!all.text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

            // The list's visibility and filters apply.
            let sue = try await app.store.directory.principal(for: app.serviceRep)
            let visible = try await app.store.contacts.count(ListQuery(), by: sue)
            let some = try await client.execute(uri: "/api/v1/contacts/export.vcf", method: .get, headers: app.auth(app.serviceRep))
            #expect(some.status == .ok)
            #expect(Self.cards(some).count == visible)
            #expect(visible < 450)
            let one = loader.contact(at: 7)
            let lastName = try #require(one["last_name"]?.text)
            let filtered = try await client.execute(
                uri: "/api/v1/contacts/export.vcf?q=\(FormEncoding.encode(one.title))", method: .get, headers: app.auth(app.admin))
            #expect(Self.cards(filtered).contains { $0.first("N")?.components.first == lastName })
            #expect(Self.cards(filtered).count < 450)

            for bad in ["limit=10", "cursor=abc", "filter[colour]=red", "version=2.1"] {
                let response = try await client.execute(uri: "/api/v1/contacts/export.vcf?\(bad)", method: .get, headers: app.auth(app.admin))
                #expect(response.status == .unprocessableContent, "\(bad)")
            }
            let anonymous = try await client.execute(uri: "/api/v1/contacts/export.vcf", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.all)
    func importCreatesEachGoodCardAndReportsTheRest(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let account = try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: app.auth(app.salesRep), body: body(["name": "Nordlicht AB"]))
            let accountID = try #require(try account.object.string("id"))
            let response = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.salesRep), body: ByteBuffer(string: appleStyleCards))
            #expect(response.status == .ok)
            let report = try response.object
            let created = report.array("created").compactMap(\.stringValue)
            #expect(created.count == 2)
            let skipped = report.array("skipped").compactMap(\.object)
            #expect(skipped.count == 1)
            #expect(skipped.first?.int("index") == 2)
            #expect(skipped.first?.string("name") == "Broken Email")
            #expect(skipped.first?.string("code") == "invalid")
            #expect(skipped.first?.array("errors").first?.object?.string("field") == "emails[0]")
            // The Chinese company matches no account: created, with a warning that says so.
            let warnings = report.array("warnings").compactMap(\.object)
            #expect(warnings.count == 1)
            #expect(warnings.first?.string("message")?.contains("北京数据科技有限公司") == true)

            let zoe = try await client.execute(uri: "/api/v1/contacts/\(created[0])", method: .get, headers: app.auth(app.salesRep)).object
            #expect(zoe.string("first_name") == "Zoë")
            #expect(zoe.string("last_name") == "Ångström")
            #expect(zoe.string("account_id") == accountID)
            #expect(zoe.string("owner_id") == app.salesRep.id.description)
            #expect(zoe.string("description") == "Met at the summit, 2023.\nLikes long meetings.")
            #expect(zoe.array("phones").first?.object?.string("label") == "mobile")
            let wang = try await client.execute(uri: "/api/v1/contacts/\(created[1])", method: .get, headers: app.auth(app.salesRep)).object
            #expect(wang.string("city") == "北京")
            #expect(wang.string("country") == "CN")
            #expect(wang.string("account_id") == nil)
        }
    }

    @Test(arguments: TestDatabase.all)
    func reimportingSkipsDuplicatesUnlessToldToCreateThem(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nEMAIL:ann.lee@example.com\r\nEND:VCARD\r\n"
            let first = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.admin), body: ByteBuffer(string: card))
            #expect(try first.object.array("created").count == 1)
            let again = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.admin), body: ByteBuffer(string: card))
            let report = try again.object
            #expect(report.array("created").isEmpty)
            let skipped = try #require(report.array("skipped").first?.object)
            #expect(skipped.string("code") == "possible_duplicate")
            #expect(skipped.array("matches").count == 1)
            let forced = try await client.execute(
                uri: "/api/v1/contacts/import?duplicates=create", method: .post, headers: app.vcardAuth(app.admin),
                body: ByteBuffer(string: card))
            #expect(try forced.object.array("created").count == 1)
            let bad = try await client.execute(
                uri: "/api/v1/contacts/import?duplicates=maybe", method: .post, headers: app.vcardAuth(app.admin),
                body: ByteBuffer(string: card))
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.all)
    func importRefusesWhatIsNotAVCardFile(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let json = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.auth(app.admin), body: ByteBuffer(string: "{}"))
            #expect(json.status == .unsupportedMediaType)
            let empty = try await client.execute(uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.admin))
            #expect(empty.status == .badRequest)
            let csv = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.admin),
                body: ByteBuffer(string: "first,last\nAnn,Lee\n"))
            #expect(csv.status == .unprocessableContent)
            #expect(try csv.object.array("errors").first?.object?.string("field") == "body")
            let huge = ByteBuffer(repeating: UInt8(ascii: "A"), count: (10 << 20) + 1)
            let tooLarge = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.admin), body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            let viewer = try await client.execute(
                uri: "/api/v1/contacts/import", method: .post, headers: app.vcardAuth(app.viewer), body: ByteBuffer(string: appleStyleCards))
            #expect(viewer.status == .forbidden)
            #expect(try await app.store.contacts.count(ListQuery(), by: Principal.system(app.workspace.id)) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRetriedImportWithTheSameKeyIsNotImportedTwice(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var headers = app.vcardAuth(app.admin)
            headers[HTTPField.Name("Idempotency-Key")!] = "import-1"
            let first = try await client.execute(
                uri: "/api/v1/contacts/import?duplicates=create", method: .post, headers: headers, body: ByteBuffer(string: appleStyleCards))
            let second = try await client.execute(
                uri: "/api/v1/contacts/import?duplicates=create", method: .post, headers: headers, body: ByteBuffer(string: appleStyleCards))
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(second.text == first.text)
            #expect(try await app.store.contacts.count(ListQuery(), by: Principal.system(app.workspace.id)) == 2)
            let other = try await client.execute(
                uri: "/api/v1/contacts/import?duplicates=create", method: .post, headers: headers, body: ByteBuffer(string: "BEGIN:VCARD\r\nFN:X Y\r\nEND:VCARD\r\n"))
            #expect(other.status == .conflict)
        }
    }

    @Test(arguments: TestDatabase.all)
    func theOpenAPIDocumentDescribesTheVCardEndpoints(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            let doc = try await client.execute(uri: "/api/v1/openapi.json", method: .get).object
            let paths = try #require(doc["paths"]?.object)
            let export = try #require(paths["/api/v1/contacts/export.vcf"]?.object?["get"]?.object)
            #expect(export["responses"]?.object?["200"]?.object?["content"]?.object?["text/vcard"] != nil)
            let importOp = try #require(paths["/api/v1/contacts/import"]?.object?["post"]?.object)
            #expect(importOp["requestBody"]?.object?["content"]?.object?["text/vcard"] != nil)
            #expect(paths["/api/v1/contacts/{id}/vcard"] != nil)
        }
    }
}

/// Percent-encoding for query values in tests.
enum FormEncoding {
    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
