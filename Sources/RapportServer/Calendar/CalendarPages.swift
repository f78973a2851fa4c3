import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// `/settings/calendar`: the signed-in user's private calendar feed — make, replace, turn off.
///
/// Rapport keeps only a hash of the feed's token (as for API tokens), so the full address can be
/// shown only in the answer to making it; someone who loses it makes a new one, which retires the
/// old. A stored address would be readable to anyone who reads the database.
struct CalendarPages: Sendable {
    let store: Store
    let pages: Pages
    let secure: Bool

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/settings/calendar") { request, context in try await show(request, context) }
        group.post("/settings/calendar/regenerate") { request, context in try await regenerate(request, context) }
        group.post("/settings/calendar/revoke") { request, context in try await revoke(request, context) }
    }

    func show(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw RapportError.unauthenticated }
        let live = try await store.calendarFeeds.live(for: user)
        return render(CalendarFeedView(live: live, token: nil, origin: CalendarFeedRoute.origin(of: request, secure: secure)), request, context)
    }

    func regenerate(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw RapportError.unauthenticated }
        let (info, token) = try await store.calendarFeeds.regenerate(for: user)
        // Shown in this answer only: the page is not cached and the token is not kept.
        let view = CalendarFeedView(live: info, token: token, origin: CalendarFeedRoute.origin(of: request, secure: secure))
        return render(view, request, context)
    }

    func revoke(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw RapportError.unauthenticated }
        let had = try await store.calendarFeeds.revoke(for: user)
        return .seeOther(
            "/settings/calendar",
            flash: had ? "Calendar feed turned off. Calendars subscribed to it will stop updating." : "There was no calendar feed to turn off.",
            kind: had ? "success" : "info")
    }

    func render(_ view: CalendarFeedView, _ request: Request, _ context: AppRequestContext) -> Response {
        pages.render("calendar-settings", title: "Calendar feed", content: CalendarFeedContent(feed: view), context: context, request: request)
    }
}

struct CalendarFeedContent { var feed: CalendarFeedView }

struct CalendarFeedView {
    var isLive: Bool
    /// The addresses, present only right after the feed was made.
    var httpsURL: String?
    var webcalURL: String?
    var prefix: String?
    var created: String?
    var lastFetched: String?
    var pastDays = CalendarFeedRoute.pastDays
    var aheadDays = CalendarFeedRoute.aheadDays

    init(live: CalendarFeedInfo?, token: String?, origin: String) {
        isLive = live != nil
        prefix = live.map { $0.prefix + "…" }
        created = live.map { String($0.createdAt.iso8601.prefix(10)) }
        lastFetched = live.map { info in info.lastFetchedAt.map { DateText.short($0) } ?? "not yet" }
        if let token {
            httpsURL = "\(origin)/calendar/\(token).ics"
            webcalURL = "webcal://" + origin.drop { $0 != ":" }.dropFirst(3) + "/calendar/\(token).ics"
        }
    }
}
