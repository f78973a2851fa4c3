import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore
import RapportStore

/// `GET /calendar/{token}.ics`: a user's meetings and tasks for calendar clients to subscribe to.
/// The secret token in the path is the only credential (clients cannot sign in), so the route
/// sits outside the session and API middleware; an unknown or revoked token is a plain 404.
struct CalendarFeedRoute: Sendable {
    let store: Store
    /// Whether the site is served over HTTPS (for the links back into Rapport).
    let secure: Bool

    /// How far back and ahead meetings are included, and how long done tasks stay.
    static let pastDays: Int64 = 90
    static let aheadDays: Int64 = 365
    static let doneTaskDays: Int64 = 14

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/calendar/:file") { request, context in
            do {
                return try await feed(request, context)
            } catch {
                return APIMiddleware.problemResponse(for: error, logger: context.logger)
            }
        }
        // Some clients check a subscription with HEAD before fetching it.
        router.head("/calendar/:file") { request, context in
            var response: Response
            do {
                response = try await feed(request, context)
            } catch {
                response = APIMiddleware.problemResponse(for: error, logger: context.logger)
            }
            response.body = .init()
            return response
        }
    }

    func feed(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let notFound = Problem(status: .notFound, title: "Not found", detail: "No calendar feed has this address.")
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
            let user = try await store.calendarFeeds.user(forToken: String(file.dropLast(4)))
        else { throw notFound }
        let principal = try await store.directory.principal(for: user)
        let now = Timestamp.now()
        let day: Int64 = 86_400
        async let meetingsTask = store.calendarFeeds.meetings(
            of: user, from: now.adding(seconds: -Self.pastDays * day), to: now.adding(seconds: Self.aheadDays * day))
        async let tasksTask = store.calendarFeeds.tasks(of: user, doneSince: now.adding(seconds: -Self.doneTaskDays * day))
        async let usersTask = store.directory.users(in: user.workspaceID)
        let (meetings, tasks, users) = try await (meetingsTask, tasksTask, usersTask)

        let people = Dictionary(users.map { ($0.id.uuid, CalendarPerson(name: $0.name, email: $0.email.value)) }, uniquingKeysWith: { a, _ in a })
        // Contacts are named only when the feed's owner may see them.
        let contactIDs = Set(meetings.flatMap { $0["attendee_contact_ids"]?.uuids ?? [] })
        var contacts: [UUID: CalendarPerson] = [:]
        for contact in try await store.contacts.get(many: contactIDs.map { Record<Contact>.ID($0) }, by: principal) {
            guard let email = contact["emails"]?.emails.first?.address.value else { continue }
            contacts[contact.id.uuid] = CalendarPerson(name: contact.title, email: email)
        }
        let origin = Self.origin(of: request, secure: secure)
        let events = meetings.compactMap { meeting -> CalendarEvent? in
            let attendees =
                (meeting["attendee_user_ids"]?.uuids ?? []).compactMap { people[$0] }
                + (meeting["attendee_contact_ids"]?.uuids ?? []).compactMap { contacts[$0] }
            return CalendarMapping.event(
                meeting, organizer: meeting.ownerID.flatMap { people[$0.uuid] }, attendees: attendees,
                url: "\(origin)/activities/\(meeting.id)")
        }
        let todos = tasks.map { CalendarMapping.todo($0, url: "\(origin)/tasks/\($0.id)") }
        // The feed changes only when an entry does, so its stamp is the newest change and an
        // unchanged feed answers a client's revalidation with 304.
        let newest = (meetings.map(\.updatedAt) + tasks.map(\.updatedAt)).max() ?? Timestamp(micros: 0)
        let text = ICalendar.document(CalendarFeed(name: "Rapport · \(user.name)", events: events, todos: todos, stamp: newest))
        let etag = "\"" + SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8", .eTag: etag, .cacheControl: "private, no-cache",
            .contentDisposition: "inline; filename=\"rapport.ics\"",
        ]
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `https://host` as the client reached this server (a proxy's `X-Forwarded-Proto` is honoured).
    static func origin(of request: Request, secure: Bool) -> String {
        let forwarded = HTTPField.Name("X-Forwarded-Proto").flatMap { request.headers[$0] }?.lowercased()
        let scheme = secure || forwarded == "https" ? "https" : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")"
    }
}
