import Foundation
import RapportCore
import SQLKit

/// The pipeline board: per stage, how many deals and how much, and the deals themselves a page at
/// a time, so a column of 10,000 deals opens as fast as one of ten.
///
/// Open stages show every open deal; closed stages (won, lost) show what closed in the last
/// `closedWindowDays`, since all-time columns would only grow.
public struct DealBoard: Sendable {
    let db: Database
    public static let closedWindowDays = 30

    public init(_ db: Database) { self.db = db }

    /// A stage's totals: the count and, per currency, the amount and the weighted amount.
    public struct Totals: Sendable, Equatable {
        public var count: Int = 0
        public var amounts: [Money] = []
        public var weighted: [Money] = []
        public init() {}
    }

    /// Totals for each stage of a pipeline, by stage ID; `owner` narrows them to one person's deals.
    public func totals(of pipeline: Pipeline, by principal: Principal, owner: User.ID? = nil, now: Timestamp = .now()) async throws
        -> [Stage.ID: Totals]
    {
        try await db.read { sql in
            var result: [Stage.ID: Totals] = [:]
            for stage in pipeline.stages {
                var conditions = Self.conditions(stage: stage, principal: principal, now: now)
                if let owner { conditions.append("owner_id = \(bind: owner.uuid)") }
                let rows = try await sql.raw(
                    """
                    SELECT amount_currency, COUNT(*) AS n, CAST(SUM(amount) AS BIGINT) AS total,
                        CAST(SUM(amount * probability) AS BIGINT) AS weighted
                    FROM deals WHERE \(conditions.joined(separator: " AND ")) GROUP BY amount_currency ORDER BY amount_currency
                    """
                ).all()
                var totals = Totals()
                for row in rows {
                    totals.count += try row.decode(column: "n", as: Int.self)
                    let currency = try row.decode(column: "amount_currency", as: String.self)
                    guard !currency.isEmpty else { continue }
                    if let total = try row.decode(column: "total", as: Int64?.self) {
                        totals.amounts.append(Money(minor: total, currency: currency))
                    }
                    if let weighted = try row.decode(column: "weighted", as: Int64?.self) {
                        totals.weighted.append(Money(minor: (weighted + 50) / 100, currency: currency))
                    }
                }
                result[stage.id] = totals
            }
            return result
        }
    }

    /// A page of a stage's deals, soonest expected close first (undated first: they need a date).
    public func column(
        _ stage: Stage, after cursor: Cursor?, limit: Int = 25, by principal: Principal, now: Timestamp = .now()
    ) async throws -> Page<Record<Deal>> {
        var conditions = Self.conditions(stage: stage, principal: principal, now: now)
        if let cursor {
            guard case .string(let date) = cursor.sortValue, let id = UUID(uuidString: cursor.id) else {
                throw RapportError.invalid(field: "cursor", reason: "is not a cursor this server made")
            }
            conditions.append("(close_date > \(bind: date) OR (close_date = \(bind: date) AND id > \(bind: id)))")
        }
        let limit = max(1, min(limit, 100))
        let condition = conditions.joined(separator: " AND ")
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT \(unsafeRaw: RecordStore<Deal>.columnList) FROM deals WHERE \(condition)
                ORDER BY close_date, id LIMIT \(literal: limit + 1)
                """
            ).all()
        }
        let items = try rows.prefix(limit).map { try RecordCodec.record($0, as: Deal.self) }
        let next = rows.count > limit ? items.last.map { deal in
            Cursor(sortValue: .string(deal["close_date"]?.date?.description ?? ""), id: deal.id.description, backwards: false).encoded
        } : nil
        return Page(items: items, nextCursor: next, previousCursor: nil)
    }

    static func conditions(stage: Stage, principal: Principal, now: Timestamp) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = [
            "workspace_id = \(bind: principal.workspaceID.uuid)", "stage_id = \(bind: stage.id.uuid)", "deleted_at IS NULL",
        ]
        if stage.category.isClosed {
            conditions.append("closed_at >= \(bind: now.adding(seconds: -Int64(closedWindowDays) * 86_400).micros)")
        }
        if !principal.seesEverything { conditions.append(RecordStore<Deal>.visibility(principal)) }
        return conditions
    }
}
