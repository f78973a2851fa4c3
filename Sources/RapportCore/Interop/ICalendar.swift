import Foundation

/// A calendar to publish (RFC 5545): what a subscribed calendar client shows.
///
/// These are plain input structs, so the writer knows nothing of how meetings and tasks are stored.
public struct CalendarFeed: Sendable {
    /// `X-WR-CALNAME`: the name clients give the subscription.
    public var name: String
    public var events: [CalendarEvent]
    public var todos: [CalendarTodo]
    /// When the feed was made (`DTSTAMP` of every component).
    public var stamp: Timestamp

    public init(name: String, events: [CalendarEvent] = [], todos: [CalendarTodo] = [], stamp: Timestamp = .now()) {
        self.name = name
        self.events = events
        self.todos = todos
        self.stamp = stamp
    }
}

/// A point in time (written in UTC) or a whole day.
public enum CalendarTime: Sendable, Equatable {
    case instant(Timestamp)
    case day(LocalDate)
}

/// Someone taking part: shown by name, reached by email.
public struct CalendarPerson: Sendable, Equatable {
    public var name: String?
    public var email: String

    public init(name: String?, email: String) {
        self.name = name
        self.email = email
    }
}

/// A meeting (`VEVENT`).
public struct CalendarEvent: Sendable {
    public enum Status: String, Sendable { case tentative = "TENTATIVE", confirmed = "CONFIRMED", cancelled = "CANCELLED" }

    /// Stable across versions, so clients update the event instead of adding another.
    public var uid: String
    /// The record's version: clients take a higher `SEQUENCE` as a change.
    public var sequence: Int
    public var start: CalendarTime
    public var end: CalendarTime?
    public var summary: String
    public var description: String?
    public var location: String?
    public var status: Status
    public var organizer: CalendarPerson?
    public var attendees: [CalendarPerson]
    /// A link back to the record in Rapport.
    public var url: String?
    public var lastModified: Timestamp?

    public init(
        uid: String, sequence: Int, start: CalendarTime, end: CalendarTime?, summary: String, description: String? = nil,
        location: String? = nil, status: Status = .confirmed, organizer: CalendarPerson? = nil,
        attendees: [CalendarPerson] = [], url: String? = nil, lastModified: Timestamp? = nil
    ) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.status = status
        self.organizer = organizer
        self.attendees = attendees
        self.url = url
        self.lastModified = lastModified
    }
}

/// A task (`VTODO`).
public struct CalendarTodo: Sendable {
    /// RFC 5545 priorities as most clients show them: 1 high, 5 normal, 9 low.
    public enum Priority: Int, Sendable { case high = 1, normal = 5, low = 9 }

    public var uid: String
    public var sequence: Int
    public var summary: String
    public var description: String?
    public var due: CalendarTime?
    public var priority: Priority
    /// When it was done; `nil` while it is open (`NEEDS-ACTION`).
    public var completed: Timestamp?
    public var url: String?
    public var lastModified: Timestamp?

    public init(
        uid: String, sequence: Int, summary: String, description: String? = nil, due: CalendarTime? = nil,
        priority: Priority = .normal, completed: Timestamp? = nil, url: String? = nil, lastModified: Timestamp? = nil
    ) {
        self.uid = uid
        self.sequence = sequence
        self.summary = summary
        self.description = description
        self.due = due
        self.priority = priority
        self.completed = completed
        self.url = url
        self.lastModified = lastModified
    }
}

/// Writes iCalendar text: CRLF line ends, lines folded at 75 octets, TEXT escaped, times in UTC.
public enum ICalendar {
    public static let productID = "-//Rapport//Rapport CRM//EN"

    public static func document(_ feed: CalendarFeed) -> String {
        var out = ContentLine.line("BEGIN", [], "VCALENDAR")
        out += ContentLine.line("VERSION", [], "2.0")
        out += ContentLine.line("PRODID", [], productID)
        out += ContentLine.line("CALSCALE", [], "GREGORIAN")
        out += ContentLine.line("METHOD", [], "PUBLISH")
        out += ContentLine.line("X-WR-CALNAME", [], ContentLine.escape(feed.name))
        // How often subscribers should fetch again: RFC 7986, and the older name Outlook reads.
        out += ContentLine.line("REFRESH-INTERVAL", [("VALUE", "DURATION")], "PT1H")
        out += ContentLine.line("X-PUBLISHED-TTL", [], "PT1H")
        for event in feed.events { out += self.event(event, stamp: feed.stamp) }
        for todo in feed.todos { out += self.todo(todo, stamp: feed.stamp) }
        out += ContentLine.line("END", [], "VCALENDAR")
        return out
    }

    static func event(_ event: CalendarEvent, stamp: Timestamp) -> String {
        var out = ContentLine.line("BEGIN", [], "VEVENT")
        out += ContentLine.line("UID", [], ContentLine.escape(event.uid))
        out += ContentLine.line("DTSTAMP", [], utc(stamp))
        out += time("DTSTART", event.start)
        if let end = event.end { out += time("DTEND", end) }
        out += ContentLine.line("SEQUENCE", [], String(event.sequence))
        out += ContentLine.line("SUMMARY", [], ContentLine.escape(event.summary))
        if let description = event.description { out += ContentLine.line("DESCRIPTION", [], ContentLine.escape(description)) }
        if let location = event.location { out += ContentLine.line("LOCATION", [], ContentLine.escape(location)) }
        out += ContentLine.line("STATUS", [], event.status.rawValue)
        if let organizer = event.organizer { out += person("ORGANIZER", organizer) }
        for attendee in event.attendees { out += person("ATTENDEE", attendee) }
        if let url = event.url { out += ContentLine.line("URL", [], url) }
        if let modified = event.lastModified { out += ContentLine.line("LAST-MODIFIED", [], utc(modified)) }
        out += ContentLine.line("END", [], "VEVENT")
        return out
    }

    static func todo(_ todo: CalendarTodo, stamp: Timestamp) -> String {
        var out = ContentLine.line("BEGIN", [], "VTODO")
        out += ContentLine.line("UID", [], ContentLine.escape(todo.uid))
        out += ContentLine.line("DTSTAMP", [], utc(stamp))
        out += ContentLine.line("SEQUENCE", [], String(todo.sequence))
        out += ContentLine.line("SUMMARY", [], ContentLine.escape(todo.summary))
        if let description = todo.description { out += ContentLine.line("DESCRIPTION", [], ContentLine.escape(description)) }
        if let due = todo.due { out += time("DUE", due) }
        out += ContentLine.line("PRIORITY", [], String(todo.priority.rawValue))
        if let completed = todo.completed {
            out += ContentLine.line("STATUS", [], "COMPLETED")
            out += ContentLine.line("COMPLETED", [], utc(completed))
            out += ContentLine.line("PERCENT-COMPLETE", [], "100")
        } else {
            out += ContentLine.line("STATUS", [], "NEEDS-ACTION")
        }
        if let url = todo.url { out += ContentLine.line("URL", [], url) }
        if let modified = todo.lastModified { out += ContentLine.line("LAST-MODIFIED", [], utc(modified)) }
        out += ContentLine.line("END", [], "VTODO")
        return out
    }

    static func time(_ name: String, _ time: CalendarTime) -> String {
        switch time {
        case .instant(let t): ContentLine.line(name, [], utc(t))
        case .day(let d): ContentLine.line(name, [("VALUE", "DATE")], d.description.replacingAll("-", with: ""))
        }
    }

    static func person(_ name: String, _ person: CalendarPerson) -> String {
        var parameters: [(String, String)] = []
        if let cn = person.name, !cn.isEmpty { parameters.append(("CN", cn)) }
        return ContentLine.line(name, parameters, "mailto:" + person.email)
    }

    /// A UTC date-time in the basic form, `20240102T030405Z` (seconds; iCalendar has no fractions).
    public static func utc(_ time: Timestamp) -> String {
        let iso = time.iso8601
        return String(iso.prefix(19)).replacingAll("-", with: "").replacingAll(":", with: "") + "Z"
    }
}
