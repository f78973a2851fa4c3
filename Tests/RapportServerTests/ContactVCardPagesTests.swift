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

extension Browser {
    /// Posts a `multipart/form-data` form as a browser does: fields in order, then files.
    mutating func postMultipart(
        _ uri: String, fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])?,
        boundary: String = "----WebKitFormBoundaryRapport42"
    ) async throws -> TestResponse {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: text/vcard\r\n\r\n"
                    .utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        keepCookies(response)
        return response
    }
}

@Suite struct ContactVCardPagesTests {
    @Test(arguments: TestDatabase.all)
    func theImportPageImportsAnUploadedFileAndShowsTheReport(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let list = try await browser.get("/contacts")
            #expect(list.text.contains("href=\"/contacts/import\""))
            #expect(list.text.contains("href=\"/contacts/export.vcf\""))
            let form = try await browser.get("/contacts/import")
            #expect(form.status == .ok)
            #expect(form.text.contains("enctype=\"multipart/form-data\""))
            let csrf = try #require(Browser.csrf(in: form.text))
            // The token must come first, as the form puts it.
            let tokenIndex = try #require(form.text.range(of: "name=\"_csrf\""))
            let fileIndex = try #require(form.text.range(of: "name=\"file\""))
            #expect(tokenIndex.lowerBound < fileIndex.lowerBound)

            let result = try await browser.postMultipart(
                "/contacts/import", fields: [("_csrf", csrf), ("duplicates", "skip")],
                file: ("file", "Zoë's cards.vcf", Array(appleStyleCards.utf8)))
            #expect(result.status == .ok)
            #expect(result.text.contains("data-import-report"))
            #expect(result.text.contains("3 cards read from “Zoë&#39;s cards.vcf”: 2 contacts created, 1 skipped.") || result.text.contains("2 contacts created, 1 skipped."))
            #expect(result.text.contains("Broken Email"))
            #expect(result.text.contains("王伟"))
            #expect(try await app.store.contacts.count(ListQuery(), by: .system(app.workspace.id)) == 2)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anUploadWithoutTheTokenFirstIsRefusedBeforeItIsRead(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/contacts/import")
            let csrf = try #require(Browser.csrf(in: page.text))
            let missing = try await browser.postMultipart(
                "/contacts/import", fields: [], file: ("file", "a.vcf", Array(appleStyleCards.utf8)))
            #expect(missing.status == .forbidden)
            let wrong = try await browser.postMultipart(
                "/contacts/import", fields: [("_csrf", "guess")], file: ("file", "a.vcf", Array(appleStyleCards.utf8)))
            #expect(wrong.status == .forbidden)
            let late = try await browser.postMultipart(
                "/contacts/import", fields: [("duplicates", "skip"), ("_csrf", csrf)], file: ("file", "a.vcf", Array(appleStyleCards.utf8)))
            #expect(late.status == .forbidden)
            #expect(try await app.store.contacts.count(ListQuery(), by: .system(app.workspace.id)) == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func anImportWithoutAFileOrWithAForeignFileSaysSo(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let csrf = try #require(Browser.csrf(in: try await browser.get("/contacts/import").text))
            let noFile = try await browser.postMultipart("/contacts/import", fields: [("_csrf", csrf)], file: ("file", "", []))
            #expect(noFile.status == .unprocessableContent)
            #expect(noFile.text.contains("Choose a vCard file"))
            let csv = try await browser.postMultipart(
                "/contacts/import", fields: [("_csrf", csrf)], file: ("file", "people.csv", Array("name,email\n".utf8)))
            #expect(csv.status == .unprocessableContent)
            #expect(csv.text.contains("holds no vCard"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func aRecordPageOffersItsVCardAndTheListExportKeepsItsFilters(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sam = try await app.store.directory.principal(for: app.salesRep)
            var input = Input(JSONObject(["first_name": "Zoë", "last_name": "Ångström", "tags": .array(["vip"])]))
            let zoe = try await app.store.contacts.create(RecordChanges<Contact>.read(&input, defaultCountry: "US"), by: sam)
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/contacts/\(zoe.id)")
            #expect(page.text.contains("href=\"/contacts/\(zoe.id)/vcard\""))
            let card = try await browser.get("/contacts/\(zoe.id)/vcard")
            #expect(card.status == .ok)
            #expect(card.headers[.contentType] == "text/vcard; charset=utf-8")
            #expect(card.text.contains("FN:Zoë Ångström\r\n"))

            let list = try await browser.get("/contacts?tag=vip&sort=-updated_at")
            #expect(list.text.contains("href=\"/contacts/export.vcf?tag=vip&amp;sort=-updated_at\""))
            let export = try await browser.get("/contacts/export.vcf?tag=vip&sort=-updated_at")
            #expect(export.status == .ok)
            #expect(export.text.components(separatedBy: "BEGIN:VCARD").count == 2)
            let none = try await browser.get("/contacts/export.vcf?tag=nobody")
            #expect(!none.text.contains("BEGIN:VCARD"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func viewersAreNotOfferedTheImport(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { _, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("vic@example.com")
            let list = try await browser.get("/contacts")
            #expect(!list.text.contains("href=\"/contacts/import\""))
            #expect(try await browser.get("/contacts/import").status == .forbidden)
        }
    }
}
