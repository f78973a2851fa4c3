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

@Suite struct ImportPagesTests {
    static let csv = """
        Vorname;Nachname;E-Mail;Firma;Geburtstag
        Jürgen;Stößel;jurgen@x.example;Acme;1970-01-31
        Anna;Berg;anna@x.example;;31.02.1980
        Lena;Kurz;lena@x.example;;

        """

    @Test(arguments: TestDatabase.all)
    func anUploadIsMappedPreviewedImportedAndReverted(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let list = try await browser.get("/contacts")
            #expect(list.text.contains("href=\"/imports/new?entity=contacts\""))
            let form = try await browser.get("/imports/new?entity=contacts")
            #expect(form.status == .ok)
            let csrf = try #require(Browser.csrf(in: form.text))
            let uploaded = try await browser.postMultipart(
                "/imports", fields: [("_csrf", csrf), ("entity", "contacts")], file: ("file", "Messe.csv", Array(Self.csv.utf8)))
            #expect(uploaded.status == .seeOther)
            let location = try #require(uploaded.headers[.location])
            #expect(location.hasPrefix("/imports/"))

            let draft = try await browser.get(location)
            #expect(draft.status == .ok)
            #expect(draft.text.contains("data-import-form"))
            #expect(draft.text.contains("<option value=\"first_name\" selected>First name</option>"))
            #expect(draft.text.contains("<span>Jürgen</span>"))
            // Firma was taken for the account; leave it out, and preview.
            let preview = try await browser.post(location, [
                "_csrf": csrf, "map.0": "first_name", "map.1": "last_name", "map.2": "emails", "map.3": "", "map.4": "birthday",
                "mode": "create", "duplicates": "skip", "list_name": "Messe 2026", "list_cost": "99", "date_order": "dmy",
                "action": "preview",
            ])
            #expect(preview.status == .seeOther)
            let previewPage = try await browser.get(try #require(preview.headers[.location]))
            #expect(previewPage.text.contains("data-preview-row=\"3\" data-outcome=\"reject\""))
            #expect(previewPage.text.contains("Geburtstag: must be a real date written YYYY-MM-DD."))
            #expect(previewPage.text.contains("<option value=\"\" selected>Don’t import</option>"))

            let run = try await browser.post(location, [
                "_csrf": csrf, "map.0": "first_name", "map.1": "last_name", "map.2": "emails", "map.3": "", "map.4": "birthday",
                "mode": "create", "duplicates": "skip", "action": "run",
            ])
            #expect(run.status == .seeOther)
            let queued = try await browser.get(location)
            #expect(queued.text.contains("data-import-progress"))
            #expect(queued.text.contains("/static/import.js"))
            #expect(queued.text.contains("http-equiv=\"refresh\""))
            let progress = try await browser.get(location + "/progress.json")
            #expect(try progress.object["active"] == .bool(true))

            await app.work()
            let done = try await browser.get(location)
            #expect(done.text.contains("data-import-result"))
            #expect(done.text.contains("data-count=\"created\">2<"))
            #expect(done.text.contains("data-issue-row=\"3\""))
            #expect(done.text.contains("href=\"\(location)/rejected.csv\""))
            let finished = try await browser.get(location + "/progress.json")
            #expect(try finished.object["active"] == .bool(false))
            let rejected = try await browser.get(location + "/rejected.csv")
            #expect(rejected.text.hasPrefix("Vorname,Nachname,E-Mail,Firma,Geburtstag,Import row,Import error\r\nAnna,Berg,anna@x.example,,31.02.1980,3,"))

            let reverted = try await browser.post(location + "/revert", ["_csrf": csrf])
            #expect(reverted.status == .seeOther)
            await app.work()
            let after = try await browser.get(location)
            #expect(after.text.contains("data-import-reverted"))
            #expect(after.text.contains("data-count=\"deleted\">2<"))
            let history = try await browser.get("/imports")
            #expect(history.text.contains("Messe.csv"))
            #expect(history.text.contains("Reverted"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func anUploadWithoutTheTokenFirstIsRefusedAndLeavesNoFile(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let page = try await browser.get("/imports/new")
            let csrf = try #require(Browser.csrf(in: page.text))
            let late = try await browser.postMultipart(
                "/imports", fields: [("entity", "contacts"), ("_csrf", csrf)], file: ("file", "a.csv", Array(Self.csv.utf8)))
            #expect(late.status == .forbidden)
            let wrong = try await browser.postMultipart(
                "/imports", fields: [("_csrf", "guess"), ("entity", "contacts")], file: ("file", "a.csv", Array(Self.csv.utf8)))
            #expect(wrong.status == .forbidden)
            let notCSV = try await browser.postMultipart(
                "/imports", fields: [("_csrf", csrf), ("entity", "contacts")], file: ("file", "a.xlsx", [0x50, 0x4B, 0x03, 0x04, 0, 0]))
            #expect(notCSV.status == .unprocessableContent)
            #expect(notCSV.text.contains("is a spreadsheet workbook"))
            #expect(try await app.store.imports.list(by: .system(app.workspace.id)).items.isEmpty)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: app.dataDirectory + "/imports")) ?? []
            #expect(files.isEmpty)
        }
    }
}
