import Foundation
import RapportCore
import SQLKit

/// A quote's steps: sent to the customer, then accepted (becoming an order), rejected, expired,
/// or replaced by a revision.
extension SalesDocuments {
    /// Sends a draft: it must have lines, and a validity date (the workspace's default) not past.
    public func send(_ id: Record<Quote>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<Quote> {
        try await db.write { sql in
            let quote = try await Self.forStep(id, expecting: version, statuses: ["draft"], step: "sent", by: principal, on: sql)
            try await Self.requireLines(quote, on: sql)
            let settings = try await BillingSettings.load(principal.workspaceID, on: sql)
            let validUntil = quote["valid_until"]?.date ?? settings.today.adding(days: settings.quoteValidDays)
            if validUntil < settings.today {
                throw RapportError.invalid(field: "valid_until", reason: "is in the past: give a date from today on")
            }
            return try await quotes.update(
                id, .setting(["status": .text("sent"), "sent_at": .time(.now()), "valid_until": .date(validUntil)]),
                expecting: quote.version, by: principal, on: sql)
        }
    }

    /// Records the customer's yes: the quote is accepted and becomes a draft order with its lines.
    public func accept(_ id: Record<Quote>.ID, expecting version: Int?, by principal: Principal) async throws
        -> (quote: Record<Quote>, order: Record<SalesOrder>)
    {
        try await db.write { sql in
            let quote = try await Self.forStep(id, expecting: version, statuses: ["sent"], step: "accepted", by: principal, on: sql)
            let today = try await BillingSettings.load(principal.workspaceID, on: sql).today
            if let until = quote["valid_until"]?.date, until < today {
                throw RapportError.conflict("This quote expired on \(until); revise it to offer it again.")
            }
            let lines = try await DocumentLines.load(quote.id.uuid, on: sql)
            var patch = Self.carried(from: quote.values)
            patch["quote_id"] = .some(.id(quote.id.uuid))
            patch["order_date"] = .some(.date(today))
            let order = try await Self.insert(patch, owner: quote, records: orders, by: principal, on: sql)
            let copied = lines.map { line in
                var copy = line
                copy.id = UUIDv7.make()
                copy.sourceLineID = line.id
                return copy
            }
            let stored = try await Self.write(copied, to: order, records: orders, by: principal, on: sql)
            let accepted = try await quotes.update(
                id, .setting(["status": .text("accepted"), "decided_at": .time(.now()), "order_id": .id(order.id.uuid)]),
                expecting: quote.version, by: principal, on: sql)
            return (accepted, stored)
        }
    }

    /// Records the customer's no.
    public func reject(_ id: Record<Quote>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<Quote> {
        try await db.write { sql in
            let quote = try await Self.forStep(id, expecting: version, statuses: ["sent"], step: "rejected", by: principal, on: sql)
            return try await quotes.update(
                id, .setting(["status": .text("rejected"), "decided_at": .time(.now())]), expecting: quote.version, by: principal, on: sql)
        }
    }

    /// A new draft revision of a sent, rejected or expired quote: same number, next revision, the
    /// same lines at the same prices; the earlier revision stays as it was.
    public func revise(_ id: Record<Quote>.ID, expecting version: Int?, by principal: Principal) async throws -> Record<Quote> {
        try await db.write { sql in
            let quote = try await Self.forStep(
                id, expecting: version, statuses: ["sent", "rejected", "expired"], step: "revised", by: principal, on: sql)
            if let newer = try await sql.raw(
                "SELECT revision FROM quotes WHERE previous_id = \(bind: quote.id.uuid) AND deleted_at IS NULL"
            ).first() {
                let revision = try newer.decode(column: "revision", as: Int64.self)
                throw RapportError.conflict("Revision \(revision) already replaces this quote; revise that one.")
            }
            var patch = Self.carried(from: quote.values)
            patch["number"] = .some(quote["number"])
            patch["revision"] = .some(.int((quote["revision"]?.int ?? 1) + 1))
            patch["previous_id"] = .some(.id(quote.id.uuid))
            patch["notes"] = .some(quote["notes"])
            let revision = try await Self.insert(patch, owner: quote, records: quotes, by: principal, on: sql)
            let lines = try await DocumentLines.load(quote.id.uuid, on: sql).map { line in
                var copy = line
                copy.id = UUIDv7.make()
                return copy
            }
            return try await Self.write(lines, to: revision, records: quotes, by: principal, on: sql)
        }
    }

    /// Marks sent quotes past their validity date as expired (the daily billing job). Returns how many.
    public func expireQuotes(in workspace: Workspace.ID) async throws -> Int {
        let principal = Principal.system(workspace)
        return try await db.write { sql in
            let today = try await BillingSettings.load(workspace, on: sql).today
            let ids = try await sql.raw(
                """
                SELECT id FROM quotes WHERE workspace_id = \(bind: workspace.uuid) AND status = 'sent' AND deleted_at IS NULL
                    AND valid_until <> '' AND valid_until < \(bind: today.description)
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in ids {
                _ = try await quotes.update(.init(id), .setting(["status": .text("expired")]), expecting: nil, by: principal, on: sql)
            }
            return ids.count
        }
    }

    static func requireLines<D: SalesDocument>(_ document: Record<D>, on sql: any SQLDatabase) async throws {
        let count = try await sql.raw("SELECT COUNT(*) AS n FROM document_lines WHERE document_id = \(bind: document.id.uuid)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        if count == 0 { throw RapportError.invalid(field: "lines", reason: "add at least one line first") }
    }
}
