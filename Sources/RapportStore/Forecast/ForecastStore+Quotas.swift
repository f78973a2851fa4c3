import Foundation
import RapportCore
import SQLKit

extension ForecastStore {
    /// The quotas of a period, by scope key (`user:<id>`, `team:<id>`, `workspace`).
    public func quotas(for period: ForecastPeriod, in workspace: Workspace.ID) async throws -> [String: Int64] {
        try await db.read { sql in
            var quotas: [String: Int64] = [:]
            for row in try await sql.raw(
                """
                SELECT scope_key, amount FROM quotas WHERE workspace_id = \(bind: workspace.uuid)
                  AND period_kind = \(bind: period.kind.rawValue) AND period_start = \(bind: period.first.description)
                """
            ).all() {
                quotas[try row.decode(column: "scope_key", as: String.self)] = try row.decode(column: "amount", as: Int64.self)
            }
            return quotas
        }
    }

    /// Sets a scope's quota for a period (minor units of the workspace's currency); nil removes it.
    /// Admins set anyone's; managers their teams' and their people's.
    public func setQuota(_ amount: Int64?, scope: ForecastScope, period: ForecastPeriod, by principal: Principal) async throws {
        try await requireManaging(scope, by: principal)
        if let amount, amount < 0 || amount > 1_000_000_000_000_000 {
            throw RapportError.invalid(field: "amount", reason: "must be zero or more and not absurdly large")
        }
        try await db.write { sql in
            let workspace = principal.workspaceID.uuid
            try await sql.raw(
                """
                DELETE FROM quotas WHERE workspace_id = \(bind: workspace) AND period_kind = \(bind: period.kind.rawValue)
                  AND period_start = \(bind: period.first.description) AND scope_key = \(bind: scope.key)
                """
            ).run()
            if let amount {
                try await sql.raw(
                    """
                    INSERT INTO quotas (id, workspace_id, scope_key, period_kind, period_start, amount, updated_at, updated_by)
                    VALUES (\(bind: UUIDv7.make()), \(bind: workspace), \(bind: scope.key), \(bind: period.kind.rawValue),
                            \(bind: period.first.description), \(bind: amount), \(bind: Timestamp.now().micros), \(bind: principal.userID?.uuid))
                    """
                ).run()
            }
        }
    }

    /// Every adjustment of a period made up to `before` (all of them when nil), oldest first:
    /// the newest per scope and figure is the one that counts, the others are its history.
    public func adjustments(for period: ForecastPeriod, in workspace: Workspace.ID, before: Timestamp? = nil) async throws
        -> [ForecastAdjustment]
    {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT scope_key, figure, amount, note, by_name, at FROM forecast_adjustments
                WHERE workspace_id = \(bind: workspace.uuid) AND period_kind = \(bind: period.kind.rawValue)
                  AND period_start = \(bind: period.first.description) AND at <= \(bind: (before ?? Timestamp(micros: .max)).micros)
                ORDER BY at, id
                """
            ).all().compactMap { row in
                guard let figure = AdjustableFigure(rawValue: try row.decode(column: "figure", as: String.self)) else { return nil }
                return ForecastAdjustment(
                    scopeKey: try row.decode(column: "scope_key", as: String.self), figure: figure,
                    amount: try row.decode(column: "amount", as: Int64.self), note: try row.decode(column: "note", as: String.self),
                    by: try row.decode(column: "by_name", as: String.self), at: Timestamp(micros: try row.decode(column: "at", as: Int64.self)))
            }
        }
    }

    /// A manager's override of one figure of one line, with why; the computed value is kept beside it.
    public func adjust(
        _ figure: AdjustableFigure, of scope: ForecastScope, period: ForecastPeriod, to amount: Int64, note: String,
        by principal: Principal
    ) async throws -> ForecastAdjustment {
        try await requireManaging(scope, by: principal)
        let text = note.trimmingWhitespace()
        var issues: [FieldIssue] = []
        if text.isEmpty { issues.append(FieldIssue(field: "note", reason: "say why the number differs from what the deals add up to")) }
        if text.count > 500 { issues.append(FieldIssue(field: "note", reason: "must be at most 500 characters")) }
        if amount < 0 || amount > 1_000_000_000_000_000 { issues.append(FieldIssue(field: "amount", reason: "must be zero or more")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        let report = try await report(period, by: principal)
        guard let line = report.lines.first(where: { $0.scope.key == scope.key }) else {
            throw RapportError.invalid(field: "scope", reason: "has no forecast in this period you can see")
        }
        let computed: Int64 =
            switch figure {
            case .commit: line.figures.commitTotal
            case .bestCase: line.figures.bestCaseTotal
            case .pipeline: line.figures.open
            }
        let now = Timestamp.now()
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO forecast_adjustments (id, workspace_id, scope_key, period_kind, period_start, figure, amount, computed, note,
                                                  by_id, by_name, at)
                VALUES (\(bind: UUIDv7.make()), \(bind: principal.workspaceID.uuid), \(bind: scope.key), \(bind: period.kind.rawValue),
                        \(bind: period.first.description), \(bind: figure.rawValue), \(bind: amount), \(bind: computed), \(bind: text),
                        \(bind: principal.userID?.uuid), \(bind: principal.name), \(bind: now.micros))
                """
            ).run()
        }
        return ForecastAdjustment(scopeKey: scope.key, figure: figure, amount: amount, note: text, by: principal.name, at: now)
    }

    /// Admins manage every line; managers their own teams (and the teams below) and their people.
    func requireManaging(_ scope: ForecastScope, by principal: Principal) async throws {
        if principal.role == .admin { return }
        guard principal.role == .manager else { throw RapportError.forbidden("Only managers and admins set quotas and adjust forecasts.") }
        switch scope.kind {
        case .workspace:
            throw RapportError.forbidden("Only admins set the company's quota and adjust its forecast.")
        case .team:
            guard let id = scope.id, principal.visibleTeams.contains(Team.ID(id)) else {
                throw RapportError.forbidden("You manage only your own teams.")
            }
        case .user:
            guard let id = scope.id, let user = try await Directory(db).user(User.ID(id)), user.workspaceID == principal.workspaceID,
                let team = user.teamID, principal.visibleTeams.contains(team)
            else { throw RapportError.forbidden("You manage only the people in your teams.") }
        }
    }
}
