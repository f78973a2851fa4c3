import HTTPTypes
import Hummingbird
import Logging
import RapportCore
import RapportStore

/// Authenticates API calls by bearer token and turns every error into `application/problem+json`.
struct APIMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            var context = context
            guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
                let user = try await store.tokens.user(forSecret: String(header.dropFirst(7)).trimmingWhitespace())
            else { throw RapportError.unauthenticated }
            context.user = user
            context.principal = try await store.directory.principal(for: user)
            return try await next(request, context)
        } catch {
            return APIMiddleware.problemResponse(for: error, logger: context.logger)
        }
    }

    /// The problem response for an error; unexpected errors are logged and answered with a bare 500.
    static func problemResponse(for error: any Error, logger: Logger) -> Response {
        if let problem = Problem.from(error) { return problem.response() }
        logger.error("Unhandled error: \(String(reflecting: error))")
        return Problem(status: .internalServerError, title: "Internal error", detail: "Something went wrong on our side.")
            .response()
    }
}
