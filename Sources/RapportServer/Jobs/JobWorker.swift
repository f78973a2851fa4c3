import Foundation
import Logging
import RapportCore
import RapportStore
import ServiceLifecycle

/// Runs background jobs: turns due schedules into jobs and works through the queue, until the
/// service group shuts down. Every server instance runs one; the queue decides who does what.
public struct JobWorker: Service {
    /// What a job of one kind does.
    public typealias Handler = @Sendable (Job) async throws -> Void

    let store: Store
    let handlers: [String: Handler]
    let logger: Logger
    /// A name unique to this process, recorded on the jobs it holds.
    public let name: String
    let pollInterval: Duration

    public init(store: Store, handlers: [String: Handler], logger: Logger, pollInterval: Duration = .seconds(1)) {
        self.store = store
        self.handlers = handlers
        self.logger = logger
        self.pollInterval = pollInterval
        name = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUIDv7.make().uuidString.prefix(8))"
    }

    /// The handlers every server has, and the schedules they run on.
    public static func standard(store: Store) -> [String: Handler] {
        [
            Housekeeping.kind: { _ in try await Housekeeping.run(store.db) },
            DuplicateStore.scanKind: { job in try await store.duplicates.runScanJob(job) },
            ImportStore.runKind: { job in try await store.imports.runJob(job) },
            ImportStore.revertKind: { job in try await store.imports.runJob(job) },
            LeadScoring.trainKind: { job in try await store.leadScoring.runTrainingJob(job) },
            LeadScoring.rescoreKind: { job in try await store.leadScoring.runRescoreJob(job, leads: store.leads) },
            ForecastStore.snapshotKind: { job in try await store.forecasts.runSnapshotJob(job) },
            SalesDocuments.dailyKind: { job in try await store.billing.runDailyJob(job) },
        ]
    }

    /// Declares the recurring jobs of a server.
    public static func declareSchedules(_ store: Store) async throws {
        try await store.jobs.schedule("housekeeping", kind: Housekeeping.kind, every: 3600)
        try await store.jobs.schedule("billing-daily", kind: SalesDocuments.dailyKind, every: 3600)
        // Nightly, first at the coming 03:00 UTC: a quiet hour for most workspaces.
        let day: Int64 = 86_400
        let now = Timestamp.now().micros / 1_000_000
        let nextNight = (now - 3 * 3600) / day * day + day + 3 * 3600
        try await store.jobs.schedule(
            "duplicates-scan", kind: DuplicateStore.scanKind, every: day, firstRunAt: Timestamp(micros: nextNight * 1_000_000))
        // The conversion model learns from the day's closed leads an hour earlier.
        try await store.jobs.schedule(
            "leads-train", kind: LeadScoring.trainKind, every: day, firstRunAt: Timestamp(micros: (nextNight - 3600) * 1_000_000))
        // Weekly, first tonight: the forecast as it stands, for the accuracy report.
        try await store.jobs.schedule(
            "forecast-snapshots", kind: ForecastStore.snapshotKind, every: 7 * day, firstRunAt: Timestamp(micros: nextNight * 1_000_000))
    }

    public func run() async throws {
        // Jobs a killed process on this host held (an import, mid-way) are taken up now, not when
        // their lease runs out.
        do {
            let released = try await store.jobs.releaseOrphans(host: ProcessInfo.processInfo.hostName) { pid in
                kill(pid, 0) == 0 || errno == EPERM
            }
            if released > 0 { logger.info("Took up \(released) jobs a stopped process left") }
        } catch {
            logger.error("Job queue error: \(String(reflecting: error))")
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let worked = await tick()
            if worked == 0 {
                try? await Task.sleep(for: pollInterval)
            }
        }
    }

    /// One pass: enqueue due schedules, then run the jobs claimed. Returns how many jobs ran.
    @discardableResult
    public func tick(limit: Int = 10) async -> Int {
        do {
            try await store.jobs.enqueueDueSchedules()
            let jobs = try await store.jobs.claim(worker: name, limit: limit)
            for job in jobs { await execute(job) }
            return jobs.count
        } catch {
            logger.error("Job queue error: \(String(reflecting: error))")
            return 0
        }
    }

    func execute(_ job: Job) async {
        guard let handler = handlers[job.kind] else {
            logger.error("No handler for job kind \(job.kind)")
            try? await store.jobs.fail(job, worker: name, error: "No handler for \(job.kind)")
            return
        }
        do {
            try await JobQueue.$worker.withValue(name) { try await handler(job) }
            try await store.jobs.complete(job, worker: name)
        } catch {
            logger.warning("Job \(job.kind) \(job.id) failed (attempt \(job.attempts)): \(String(reflecting: error))")
            try? await store.jobs.fail(job, worker: name, error: String(describing: error))
        }
    }
}
