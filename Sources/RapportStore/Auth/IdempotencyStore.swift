import Foundation
import RapportCore
import SQLKit

/// A response remembered for an `Idempotency-Key`.
public struct StoredResponse: Sendable, Equatable {
    public var requestHash: String
    public var status: Int
    public var body: String
    public var location: String

    public init(requestHash: String, status: Int, body: String, location: String) {
        self.requestHash = requestHash
        self.status = status
        self.body = body
        self.location = location
    }
}

/// Remembers the response to a POST carrying an `Idempotency-Key`, so a retried request gets the
/// same answer instead of creating a second record. Keys are scoped by caller and kept 24 hours.
public struct IdempotencyStore: Sendable {
    let db: Database
    public var retention: Int64 = 24 * 3600

    public init(_ db: Database) { self.db = db }

    public func lookup(scope: String, key: String) async throws -> StoredResponse? {
        let oldest = Timestamp.now().micros - retention * 1_000_000
        return try await db.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT request_hash, status, body, location FROM idempotency_keys WHERE scope = \(bind: scope) AND key = \(bind: key) AND created_at > \(bind: oldest)"
                ).first()
            else { return nil }
            return StoredResponse(
                requestHash: try row.decode(column: "request_hash", as: String.self),
                status: try row.decode(column: "status", as: Int.self), body: try row.decode(column: "body", as: String.self),
                location: try row.decode(column: "location", as: String.self))
        }
    }

    public func save(scope: String, key: String, response: StoredResponse) async throws {
        let now = Timestamp.now().micros
        try await db.write { sql in
            try await sql.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: now - retention * 1_000_000)").run()
            try await sql.raw(
                """
                INSERT INTO idempotency_keys (scope, key, request_hash, status, body, location, created_at)
                VALUES (\(bind: scope), \(bind: key), \(bind: response.requestHash), \(bind: response.status), \(bind: response.body),
                        \(bind: response.location), \(bind: now))
                ON CONFLICT (scope, key) DO NOTHING
                """
            ).run()
        }
    }
}
