import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RapportCore

/// RFC 9457 problem details: the one error shape of the API.
struct Problem: Error, Sendable {
    var status: HTTPResponse.Status
    /// A URI reference naming the kind of problem; `about:blank` when the status says it all.
    var type = "about:blank"
    var title: String
    var detail: String?
    var errors: [FieldIssue] = []
    var headers: HTTPFields = [:]
    /// Extra members, e.g. the current record on a version conflict.
    var extra = JSONObject()

    var json: JSONValue {
        var object = JSONObject()
        object["type"] = .string(type)
        object["title"] = .string(title)
        object["status"] = .int(Int64(status.code))
        if let detail { object["detail"] = .string(detail) }
        if !errors.isEmpty {
            object["errors"] = .array(
                errors.map { .object(JSONObject(["field": .string($0.field), "reason": .string($0.reason)])) })
        }
        for (k, v) in extra { object[k] = v }
        return .object(object)
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(json))))
    }

    /// The one place domain errors become HTTP.
    init(_ error: RapportError) {
        switch error {
        case .notFound(let entity, _):
            self.init(status: .notFound, title: "Not found", detail: "No \(entity) with that ID exists or you may not see it.")
        case .invalid(let issues):
            self.init(
                status: .unprocessableContent, title: "Validation failed",
                detail: issues.map { "\($0.field) \($0.reason)" }.joined(separator: "; "), errors: issues)
        case .malformed(let message):
            self.init(status: .badRequest, title: "Malformed request", detail: message)
        case .staleVersion(let entity, _, let current):
            self.init(
                status: .conflict, title: "Version conflict",
                detail: "This \(entity) was changed by someone else (now version \(current)). Reload it and apply your change again.")
        case .conflict(let message):
            self.init(status: .conflict, title: "Conflict", detail: message)
        case .forbidden(let message):
            self.init(status: .forbidden, title: "Forbidden", detail: message)
        case .unauthenticated:
            self.init(
                status: .unauthorized, title: "Unauthenticated",
                detail: "Send an API token as 'Authorization: Bearer rpt_…'.", headers: [.wwwAuthenticate: "Bearer"])
        case .rateLimited(let retryAfter):
            self.init(
                status: .tooManyRequests, title: "Too many requests",
                detail: "Try again in \(retryAfter) seconds.", headers: [.retryAfter: String(retryAfter)])
        case .tooLarge(let limit):
            self.init(status: .contentTooLarge, title: "Request too large", detail: "The body may be at most \(limit) bytes.")
        case .needsConfirmation(let confirmation):
            self.init(
                status: .conflict, title: confirmation.title,
                detail: confirmation.conflicts.map(\.message).joined(separator: " ")
                    + " Send '\(confirmation.field)' to go ahead anyway.")
            type = "/problems/" + confirmation.kind.replacingOccurrences(of: "_", with: "-")
            extra["conflicts"] = .array(confirmation.conflicts.map(\.json))
            extra["confirm_with"] = .string(confirmation.field)
        }
    }

    init(
        status: HTTPResponse.Status, title: String, detail: String? = nil, errors: [FieldIssue] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// A version conflict that carries the record as it is now, so the client can merge and retry.
    static func stale(entity: String, id: String, current: Int, record: JSONObject?) -> Problem {
        var problem = Problem(RapportError.staleVersion(entity: entity, id: id, current: current))
        if let record { problem.extra["current"] = .object(record) }
        return problem
    }

    /// Any error thrown while handling a request, as a problem. Unknown errors become a 500
    /// without internals; their details go to the log only.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: return problem
        case let error as RapportError: return Problem(error)
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, title: "Request too large", detail: "The request body is too large.")
        case let error as HTTPError:
            return Problem(status: error.status, title: error.status.reasonPhrase, detail: error.body)
        default: return nil
        }
    }
}
