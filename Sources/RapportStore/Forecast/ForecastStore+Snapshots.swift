import Foundation
import RapportCore
import SQLKit

/// One line of a forecast as it was written down at a moment.
public struct ForecastSnapshot: Sendable, Equatable {
    public var takenAt: Timestamp
    public var scopeKey: String
    public var scopeName: String
    public var figures: ForecastFigures
    public var quota: Int64?
}

/// How good the forecasts of a finished period were: what each snapshot said against what closed.
public struct ForecastAccuracy: Sendable, Equatable {
    public var period: ForecastPeriod
    public var periodName: String
    public var scopeKey: String
    /// What was won in the period, as it stands now.
    public var actual: Int64
    public var snapshots: [ForecastSnapshot]
}

extension ForecastStore {
    /// The job that writes the weekly snapshots.
    public static let snapshotKind = "forecast.snapshot"

    /// Writes down the forecast of this month, this quarter, the next quarter and this year, every
    /// line, as it stands (run weekly by the job queue; once per workspace and day at most). A
    /// moment in the past takes the pipeline as it stood then, from the deals' history.
    @discardableResult
    public func takeSnapshots(workspace: Workspace.ID, at moment: Timestamp = .now()) async throws -> Int {
        let system = Principal.system(workspace)
        let fiscal = try await settings.fiscalStart(in: workspace)
        let zone = try await Directory(db).workspace(workspace).flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt
        guard let today = LocalDate.of(moment, in: zone) else { return 0 }
        let quarter = ForecastPeriod(.quarter, containing: today, fiscalStart: fiscal)
        let periods = [
            ForecastPeriod(.month, containing: today, fiscalStart: fiscal), quarter, quarter.next(fiscalStart: fiscal),
            ForecastPeriod(.year, containing: today, fiscalStart: fiscal),
        ]
        let dayStart = moment.micros / 86_400_000_000 * 86_400_000_000
        var written = 0
        for period in periods {
            let past = moment.micros < Timestamp.now().micros - 60_000_000
            let report = try await report(period, asOf: past ? moment : nil, by: system)
            written += try await db.write { sql in
                let taken = try await sql.raw(
                    """
                    SELECT id FROM forecast_snapshots WHERE workspace_id = \(bind: workspace.uuid)
                      AND period_kind = \(bind: period.kind.rawValue) AND period_start = \(bind: period.first.description)
                      AND scope_key = 'workspace' AND taken_at >= \(bind: dayStart) LIMIT 1
                    """
                ).first()
                guard taken == nil else { return 0 }
                var lines = 0
                for line in report.lines where line.scope.id != nil || line.scope.kind == .workspace {
                    let f = line.figures
                    try await sql.raw(
                        """
                        INSERT INTO forecast_snapshots (id, workspace_id, taken_at, period_kind, period_start, scope_key, scope_name, won,
                            commit_amount, best_case, pipeline, weighted, historical, quota)
                        VALUES (\(bind: UUIDv7.make()), \(bind: workspace.uuid), \(bind: moment.micros), \(bind: period.kind.rawValue),
                            \(bind: period.first.description), \(bind: line.scope.key), \(bind: line.scope.name), \(bind: f.won),
                            \(bind: f.commit), \(bind: f.bestCase), \(bind: f.pipeline), \(bind: f.weighted), \(bind: f.historical),
                            \(bind: line.quota))
                        """
                    ).run()
                    lines += 1
                }
                return lines
            }
        }
        return written
    }

    /// Runs the weekly snapshot job: without a workspace, one job per workspace.
    public func runSnapshotJob(_ job: Job) async throws {
        guard let workspace = job.workspaceID else {
            try await db.write { sql in
                for row in try await sql.raw("SELECT id FROM workspaces ORDER BY id").all() {
                    let id = Workspace.ID(try row.decode(column: "id", as: UUID.self))
                    _ = try await JobQueue.enqueue(
                        kind: Self.snapshotKind, payload: .null, workspace: id, runAt: .now(),
                        dedupeKey: "\(Self.snapshotKind):\(job.id.uuidString.lowercased()):\(id)", maxAttempts: 3, on: sql)
                }
            }
            return
        }
        try await takeSnapshots(workspace: workspace)
    }

    /// The snapshots of a period for one scope, oldest first.
    public func snapshots(of period: ForecastPeriod, scope: String, in workspace: Workspace.ID) async throws -> [ForecastSnapshot] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT taken_at, scope_key, scope_name, won, commit_amount, best_case, pipeline, weighted, historical, quota
                FROM forecast_snapshots WHERE workspace_id = \(bind: workspace.uuid) AND period_kind = \(bind: period.kind.rawValue)
                  AND period_start = \(bind: period.first.description) AND scope_key = \(bind: scope) ORDER BY taken_at
                """
            ).all().map { row in
                var f = ForecastFigures()
                f.won = try row.decode(column: "won", as: Int64.self)
                f.commit = try row.decode(column: "commit_amount", as: Int64.self)
                f.bestCase = try row.decode(column: "best_case", as: Int64.self)
                f.pipeline = try row.decode(column: "pipeline", as: Int64.self)
                f.weighted = try row.decode(column: "weighted", as: Int64.self)
                f.historical = try row.decode(column: "historical", as: Int64.self)
                return ForecastSnapshot(
                    takenAt: Timestamp(micros: try row.decode(column: "taken_at", as: Int64.self)),
                    scopeKey: try row.decode(column: "scope_key", as: String.self), scopeName: try row.decode(column: "scope_name", as: String.self),
                    figures: f, quota: try row.decode(column: "quota", as: Int64?.self))
            }
        }
    }

    /// For the last `count` finished periods of a kind: each snapshot's forecast against what was won.
    public func accuracy(_ kind: ForecastPeriod.Kind, scope: ForecastScope, count: Int = 4, by principal: Principal) async throws
        -> [ForecastAccuracy]
    {
        let fiscal = try await settings.fiscalStart(in: principal.workspaceID)
        let zone = try await Directory(db).workspace(principal.workspaceID).flatMap { TimeZone(identifier: $0.timeZone) } ?? .gmt
        guard let today = LocalDate.of(.now(), in: zone) else { return [] }
        var period = ForecastPeriod(kind, containing: today, fiscalStart: fiscal).previous(fiscalStart: fiscal)
        var result: [ForecastAccuracy] = []
        for _ in 0..<max(1, min(count, 12)) {
            let report = try await report(period, by: principal)
            let actual = report.lines.first { $0.scope.key == scope.key }?.figures.won ?? 0
            result.append(
                ForecastAccuracy(
                    period: period, periodName: period.name(fiscalStart: fiscal), scopeKey: scope.key, actual: actual,
                    snapshots: try await snapshots(of: period, scope: scope.key, in: principal.workspaceID)))
            period = period.previous(fiscalStart: fiscal)
        }
        return result
    }
}
