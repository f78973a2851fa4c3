import Foundation

/// One field that failed validation, and why, in words a user can act on.
public struct FieldIssue: Hashable, Sendable {
    /// The field's name as the API spells it (`emails[1].address`).
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

/// The one domain error. The server maps each case to HTTP in one exhaustive switch at the edge.
public enum RapportError: Error, Equatable, Sendable {
    /// The record does not exist, or the caller may not see it (both look the same from outside).
    case notFound(entity: String, id: String)
    /// One or more fields are invalid.
    case invalid([FieldIssue])
    /// The request is malformed as a whole (not JSON, wrong shape).
    case malformed(String)
    /// An update carried a version that is no longer current.
    case staleVersion(entity: String, id: String, current: Int)
    /// The request conflicts with stored state (a unique value taken, an idempotency key reused).
    case conflict(String)
    /// The caller is known but not allowed to do this.
    case forbidden(String)
    /// The caller is not authenticated.
    case unauthenticated
    /// Too many attempts; try again after the given number of seconds.
    case rateLimited(retryAfter: Int)
    /// The request body is larger than allowed.
    case tooLarge(limit: Int)
    /// A check found something a person must acknowledge before the write goes ahead.
    case needsConfirmation(Confirmation)

    /// A single-field validation error.
    public static func invalid(field: String, reason: String) -> RapportError {
        .invalid([FieldIssue(field: field, reason: reason)])
    }
}

extension RapportError {
    /// The field issues of an `invalid` error; none for any other.
    public var fieldIssues: [FieldIssue] {
        if case .invalid(let issues) = self { return issues }
        return []
    }
}
