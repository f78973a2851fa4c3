import Foundation
import RapportCore
import Testing

@Suite struct ICalendarTests {
    static let stamp = Timestamp(micros: 1_704_164_645_123_456)  // 2024-01-02T03:04:05.123456Z

    static let feed = CalendarFeed(
        name: "Rapport — Zoë Ångström",
        events: [
            CalendarEvent(
                uid: "0190a5d0-0000-7000-8000-000000000001@rapport", sequence: 4,
                start: .instant(Timestamp(micros: 1_704_186_000_000_000)), end: .instant(Timestamp(micros: 1_704_189_600_000_000)),
                summary: "Kick-off, phase 2; budget", description: "Agenda:\n1. Scope\n2. Budget, again",
                location: "Room 3\\B", organizer: CalendarPerson(name: "Zoë Ångström", email: "zoe@example.com"),
                attendees: [
                    CalendarPerson(name: "Lee, Ann", email: "ann@example.com"), CalendarPerson(name: nil, email: "bob@example.com"),
                ],
                url: "https://crm.example.com/activities/1", lastModified: stamp),
            CalendarEvent(
                uid: "all-day@rapport", sequence: 1, start: .day(try! LocalDate("2024-03-01")),
                end: .day(try! LocalDate("2024-03-02")), summary: "Trade fair", status: .tentative),
        ],
        todos: [
            CalendarTodo(
                uid: "task-1@rapport", sequence: 2, summary: "Send the offer to 北京数据", due: .instant(stamp), priority: .high),
            CalendarTodo(
                uid: "task-2@rapport", sequence: 7, summary: "Call back", due: .day(try! LocalDate("2024-01-05")), priority: .low,
                completed: stamp),
        ],
        stamp: stamp)

    static var lines: [String] {
        ContentLineTests.unfold(ICalendar.document(feed)).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func writesTheCalendarHeader() {
        let lines = Self.lines
        #expect(Array(lines.prefix(6)) == [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rapport//Rapport CRM//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:Rapport — Zoë Ångström",
        ])
        #expect(lines.last == "END:VCALENDAR")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
        #expect(lines.filter { $0 == "BEGIN:VTODO" }.count == 2)
    }

    @Test func writesEventsInUTCWithEscapedText() {
        let lines = Self.lines
        for expected in [
            "UID:0190a5d0-0000-7000-8000-000000000001@rapport", "DTSTAMP:20240102T030405Z", "DTSTART:20240102T090000Z",
            "DTEND:20240102T100000Z", "SEQUENCE:4", "SUMMARY:Kick-off\\, phase 2\\; budget",
            "DESCRIPTION:Agenda:\\n1. Scope\\n2. Budget\\, again", "LOCATION:Room 3\\\\B", "STATUS:CONFIRMED",
            "ORGANIZER;CN=Zoë Ångström:mailto:zoe@example.com", "ATTENDEE;CN=\"Lee, Ann\":mailto:ann@example.com",
            "ATTENDEE:mailto:bob@example.com", "URL:https://crm.example.com/activities/1", "LAST-MODIFIED:20240102T030405Z",
            "DTSTART;VALUE=DATE:20240301", "DTEND;VALUE=DATE:20240302", "STATUS:TENTATIVE",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
    }

    @Test func writesTodosWithPriorityAndCompletion() {
        let text = ContentLineTests.unfold(ICalendar.document(Self.feed))
        let todos = text.components(separatedBy: "BEGIN:VTODO").dropFirst().map { $0.components(separatedBy: "\r\n") }
        #expect(todos.count == 2)
        #expect(todos[0].contains("SUMMARY:Send the offer to 北京数据"))
        #expect(todos[0].contains("DUE:20240102T030405Z"))
        #expect(todos[0].contains("PRIORITY:1"))
        #expect(todos[0].contains("STATUS:NEEDS-ACTION"))
        #expect(!todos[0].contains { $0.hasPrefix("COMPLETED") })
        #expect(todos[1].contains("DUE;VALUE=DATE:20240105"))
        #expect(todos[1].contains("PRIORITY:9"))
        #expect(todos[1].contains("STATUS:COMPLETED"))
        #expect(todos[1].contains("COMPLETED:20240102T030405Z"))
        #expect(todos[1].contains("SEQUENCE:7"))
    }

    @Test func linesAreFoldedAndEndInCRLF() {
        var feed = Self.feed
        feed.events[0].description = String(repeating: "Größere Bestellungen 北京, ", count: 30)
        let text = ICalendar.document(feed)
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(ContentLineTests.unfold(text).contains("DESCRIPTION:" + ContentLine.escape(feed.events[0].description!)))
    }

    @Test func anEmptyFeedIsStillACalendar() {
        let text = ICalendar.document(CalendarFeed(name: "Empty", stamp: Self.stamp))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(!text.contains("VEVENT"))
    }
}
