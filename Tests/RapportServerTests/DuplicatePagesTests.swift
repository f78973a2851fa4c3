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

@Suite struct DuplicatePagesTests {
    @Test(arguments: TestDatabase.all)
    func managersReviewDismissAndScanFromTheDuplicatesPage(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sam = try await app.store.directory.principal(for: app.salesRep)
            for first in ["Bill", "William"] {
                var input = Input(JSONObject(["first_name": .string(first), "last_name": "Gates", "allow_duplicate": true]))
                _ = try await app.store.contacts.create(RecordChanges<Contact>.read(&input, defaultCountry: "US"), by: sam)
            }
            var browser = Browser(client: client)
            _ = try await browser.signIn("max@example.com")
            let empty = try await browser.get("/duplicates")
            #expect(empty.status == .ok)
            #expect(empty.text.contains("No scan has run yet."))
            #expect(empty.text.contains("href=\"/duplicates\""), "the rail offers the page to managers")
            let csrf = try #require(Browser.csrf(in: empty.text))
            let scan = try await browser.post("/duplicates/scan", ["_csrf": csrf])
            #expect(scan.status == .seeOther)
            #expect(try await browser.get("/duplicates").text.contains("A scan is running."))
            let worker = JobWorker(store: app.store, handlers: JobWorker.standard(store: app.store), logger: TestDatabase.logger)
            #expect(await worker.tick() == 1)

            let page = try await browser.get("/duplicates?entity=contacts")
            #expect(page.text.contains("Bill Gates"))
            #expect(page.text.contains("William Gates"))
            #expect(page.text.contains("nickname"))
            let pair = try #require(try await app.store.duplicates.pairs(Contact.self, by: sam).items.first)
            #expect(page.text.contains("/contacts/\(pair.a.id)/merge?with=\(pair.b.id)"))
            let dismissed = try await browser.post("/duplicates/\(pair.id.uuidString.lowercased())/dismiss", ["_csrf": csrf])
            #expect(dismissed.status == .seeOther)
            #expect(!(try await browser.get("/duplicates").text.contains("William Gates")))
            let list = try await browser.get("/duplicates?status=dismissed")
            #expect(list.text.contains("William Gates"))
            #expect(list.text.contains("Reopen"))
            #expect(try await browser.get("/duplicates?entity=accounts").text.contains("No possible duplicates"))

            // A rep sees the page without the scan button and without the entry in the rail.
            var rep = Browser(client: client)
            _ = try await rep.signIn("sue@example.com")
            let theirs = try await rep.get("/duplicates?status=dismissed")
            #expect(theirs.status == .ok)
            #expect(!theirs.text.contains("William Gates"))
            #expect(!theirs.text.contains("Scan now"))
            #expect(!theirs.text.contains("href=\"/duplicates\""))
            let forbidden = try await rep.post("/duplicates/scan", ["_csrf": try #require(Browser.csrf(in: theirs.text))])
            #expect(forbidden.status == .forbidden)
        }
    }
}
