import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

/// Counts the signed-in user's overdue and due-today tasks for the navigation's "My work" badge.
///
/// One COUNT over the `tasks_owner` index per page view; form posts (which redirect) and the
/// search box's JSON suggestions skip it. Runs after `WebMiddleware` has signed the user in.
struct WorkBadgeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.method == .get, let principal = context.principal, let user = principal.userID,
            !Self.wantsJSON(request)
        else { return try await next(request, context) }
        var context = context
        context.dueTasks = try await store.taskQueries.dueCount(for: user, in: principal.workspaceID, zone: context.zone)
        return try await next(request, context)
    }

    static func wantsJSON(_ request: Request) -> Bool {
        guard let accept = request.headers[.accept]?.lowercased() else { return false }
        return accept.contains("json") && !accept.contains("text/html")
    }
}
