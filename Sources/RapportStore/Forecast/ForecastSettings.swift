import Foundation
import RapportCore
import SQLKit

/// The workspace settings forecasts rest on: when its fiscal year starts and what other
/// currencies are worth in its own. Admins change them; everyone reads them.
public struct ForecastSettings: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The month (1–12) the fiscal year starts in.
    public func fiscalStart(in workspace: Workspace.ID) async throws -> Int {
        try await db.read { sql in try await Self.fiscalStart(workspace, on: sql) }
    }

    static func fiscalStart(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT fiscal_year_start FROM workspaces WHERE id = \(bind: workspace.uuid)").first()?
            .decode(column: "fiscal_year_start", as: Int.self) ?? 1
    }

    public func setFiscalStart(_ month: Int, by principal: Principal) async throws {
        try Self.requireAdmin(principal)
        guard (1...12).contains(month) else { throw RapportError.invalid(field: "fiscal_year_start", reason: "must be a month from 1 to 12") }
        try await db.write { sql in
            let before = try await Self.fiscalStart(principal.workspaceID, on: sql)
            try await sql.raw("UPDATE workspaces SET fiscal_year_start = \(bind: month) WHERE id = \(bind: principal.workspaceID.uuid)").run()
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "workspace", recordID: principal.workspaceID.description,
                    changes: [FieldChange(field: "fiscal_year_start", before: .int(Int64(before)), after: .int(Int64(month)))], version: 1,
                    by: principal, at: .now()), on: sql)
        }
    }

    /// The workspace's exchange rates into its own currency.
    public func rates(in workspace: Workspace.ID) async throws -> ExchangeRates {
        try await db.read { sql in try await Self.rates(workspace, on: sql) }
    }

    static func rates(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> ExchangeRates {
        let base = try await sql.raw("SELECT default_currency FROM workspaces WHERE id = \(bind: workspace.uuid)").first()?
            .decode(column: "default_currency", as: String.self) ?? "USD"
        var rates = ExchangeRates(base: base)
        for row in try await sql.raw(
            "SELECT currency, per_million FROM exchange_rates WHERE workspace_id = \(bind: workspace.uuid) ORDER BY currency"
        ).all() {
            rates.perMillion[try row.decode(column: "currency", as: String.self)] = try row.decode(column: "per_million", as: Int64.self)
        }
        return rates
    }

    /// Sets what one unit of `currency` is worth in the workspace's currency; nil removes the rate.
    public func setRate(_ rate: Decimal?, of currency: String, by principal: Principal) async throws {
        try Self.requireAdmin(principal)
        let code = currency.uppercased()
        guard Money.isValidCurrency(code) else { throw RapportError.invalid(field: "currency", reason: "must be a three-letter currency code") }
        try await db.write { sql in
            let current = try await Self.rates(principal.workspaceID, on: sql)
            guard code != current.base else {
                throw RapportError.invalid(field: "currency", reason: "is the workspace's own currency; it needs no rate")
            }
            try await sql.raw(
                "DELETE FROM exchange_rates WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND currency = \(bind: code)"
            ).run()
            var after: JSONValue = .null
            if let rate {
                let perMillion = try ExchangeRates.perMillion(rate: rate, of: code, base: current.base)
                try await sql.raw(
                    """
                    INSERT INTO exchange_rates (workspace_id, currency, per_million, updated_at, updated_by)
                    VALUES (\(bind: principal.workspaceID.uuid), \(bind: code), \(bind: perMillion), \(bind: Timestamp.now().micros),
                            \(bind: principal.userID?.uuid))
                    """
                ).run()
                after = .string("\(rate)")
            }
            let before: JSONValue = current.rate(of: code).map { .string("\($0)") } ?? .null
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "workspace", recordID: principal.workspaceID.description,
                    changes: [FieldChange(field: "exchange_rate:" + code, before: before, after: after)], version: 1, by: principal,
                    at: .now()), on: sql)
        }
    }

    static func requireAdmin(_ principal: Principal) throws {
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins change the fiscal year and exchange rates.") }
    }
}
