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

@Suite struct CalendarFeedTests {
    /// The feed's path as the page shows it right after making it.
    static func feedPath(in html: String) throws -> String {
        let start = try #require(html.range(of: "/calendar/rcal_"))
        let end = try #require(html[start.lowerBound...].range(of: ".ics"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test(arguments: TestDatabase.all)
    func makingAFeedShowsItsAddressOnceAndCalendarsCanReadIt(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            let sam = try await app.store.directory.principal(for: app.salesRep)
            var contactInput = Input(JSONObject(["first_name": "Zoë", "last_name": "Ångström", "emails": .array(["zoe@example.com"])]))
            let zoe = try await app.store.contacts.create(RecordChanges<Contact>.read(&contactInput, defaultCountry: "US"), by: sam)
            let start = Timestamp.now().adding(seconds: 2 * 86_400)
            var meetingInput = Input(JSONObject([
                "kind": "meeting", "direction": "inbound", "subject": "Kick-off, phase 2", "occurred_at": .string(start.iso8601),
                "duration_minutes": 45, "location": "Room 3", "contact_id": .string(zoe.id.description),
                "attendee_contact_ids": .array([.string(zoe.id.description)]),
            ]))
            let meeting = try await app.store.activities.create(RecordChanges<Activity>.read(&meetingInput, defaultCountry: "US"), by: sam)
            var taskInput = Input(JSONObject(["title": "Send the offer", "priority": "high", "due_at": .string(start.iso8601)]))
            let task = try await app.store.tasks.create(RecordChanges<Todo>.read(&taskInput, defaultCountry: "US"), by: sam)

            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let home = try await browser.get("/home")
            #expect(home.text.contains("href=\"/settings/calendar\""))
            let off = try await browser.get("/settings/calendar")
            #expect(off.status == .ok)
            #expect(off.text.contains("Make a calendar address"))
            let csrf = try #require(Browser.csrf(in: off.text))

            let made = try await browser.post("/settings/calendar/regenerate", ["_csrf": csrf])
            #expect(made.status == .ok)
            #expect(made.headers[.cacheControl] == "no-store")
            let path = try Self.feedPath(in: made.text)
            #expect(made.text.contains("webcal://"))
            // Afterwards the page no longer has it.
            let later = try await browser.get("/settings/calendar")
            #expect(!later.text.contains(path))
            #expect(later.text.contains("Make a new address"))

            let feed = try await client.execute(uri: path, method: .get)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = feed.text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
            #expect(text.contains("X-WR-CALNAME:Rapport · Sam Sales\r\n"))
            #expect(text.contains("UID:\(meeting.id)@rapport\r\n"))
            #expect(text.contains("SUMMARY:Kick-off\\, phase 2\r\n"))
            #expect(text.contains("DTSTART:\(ICalendar.utc(start))\r\n"))
            #expect(text.contains("DTEND:\(ICalendar.utc(start.adding(seconds: 45 * 60)))\r\n"))
            #expect(text.contains("ORGANIZER;CN=Sam Sales:mailto:sam@example.com\r\n"))
            #expect(text.contains("ATTENDEE;CN=Zoë Ångström:mailto:zoe@example.com\r\n"))
            #expect(text.contains("UID:\(task.id)@rapport\r\nDTSTAMP:"))
            #expect(text.contains("PRIORITY:1\r\n"))
            #expect(text.contains("/activities/\(meeting.id)\r\n"))

            let head = try await client.execute(uri: path, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == "text/calendar; charset=utf-8")
            let etag = try #require(feed.headers[.eTag])
            let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)

            // A new address retires the old one; turning the feed off retires every address.
            let remade = try await browser.post("/settings/calendar/regenerate", ["_csrf": csrf])
            let newPath = try Self.feedPath(in: remade.text)
            #expect(try await client.execute(uri: path, method: .get).status == .notFound)
            #expect(try await client.execute(uri: newPath, method: .get).status == .ok)
            let revoked = try await browser.post("/settings/calendar/revoke", ["_csrf": csrf])
            #expect(revoked.status == .seeOther)
            let gone = try await client.execute(uri: newPath, method: .get)
            #expect(gone.status == .notFound)
            #expect(gone.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabase.all)
    func unknownAddressesAndFormsWithoutTheTokenGetNothing(_ db: TestDatabase) async throws {
        try await TestApp.run(db) { app, client in
            for path in ["/calendar/rcal_nothing.ics", "/calendar/rcal_nothing", "/calendar/.ics", "/calendar/x"] {
                #expect(try await client.execute(uri: path, method: .get).status == .notFound, "\(path)")
            }
            var browser = Browser(client: client)
            _ = try await browser.signIn("sam@example.com")
            let forged = try await browser.post("/settings/calendar/regenerate", [:])
            #expect(forged.status == .forbidden)
            #expect(try await app.store.calendarFeeds.live(for: app.salesRep) == nil)
        }
    }
}
