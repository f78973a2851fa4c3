import Foundation
import RapportCore
import SQLKit

/// The daily billing pass: quotes past their validity expire, unpaid invoices past due become
/// overdue. Run hourly, so each workspace's new day is seen within the hour in its own time zone.
extension SalesDocuments {
    public static let dailyKind = "billing.daily"

    public func runDailyJob(_ job: Job) async throws {
        let workspaces = try await db.read { sql in
            try await sql.raw("SELECT id FROM workspaces ORDER BY id").all().map { Workspace.ID(try $0.decode(column: "id", as: UUID.self)) }
        }
        for workspace in workspaces {
            _ = try await expireQuotes(in: workspace)
            _ = try await markOverdue(in: workspace)
        }
    }
}
