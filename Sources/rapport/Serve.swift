import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import RapportCore
import RapportServer
import RapportStore

/// `rapport serve`: runs the web UI and API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the server (migrates the database first).")

    @OptionGroup var store: StoreOptions
    @Option(help: "Interface to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Flag(help: "Load the demo workspace (once) so there is something to explore.") var demo = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Take a backup this often: 24h, 30m, 7d or seconds (default: $RAPPORT_BACKUP_EVERY, else none).")
    var backupEvery: String?
    @Option(help: "Scheduled backups to keep (default: $RAPPORT_BACKUP_KEEP, else 7).") var backupKeep: Int?
    @Option(help: "Folder of scheduled backups (default: $RAPPORT_BACKUP_DIR, else DATA-DIR/backups).") var backupDir: String?

    /// Scheduled backups, from the options or else `RAPPORT_BACKUP_EVERY`, `RAPPORT_BACKUP_KEEP` and
    /// `RAPPORT_BACKUP_DIR`; `nil` when no interval is set.
    func backupSchedule(dataDirectory: String) throws -> BackupSchedule? {
        let env = ProcessInfo.processInfo.environment
        guard let every = backupEvery ?? env["RAPPORT_BACKUP_EVERY"], !every.isEmpty else { return nil }
        guard let seconds = BackupSchedule.seconds(every) else { throw ValidationError("--backup-every must be like 24h, 30m, 7d or 3600") }
        let keep = backupKeep ?? env["RAPPORT_BACKUP_KEEP"].flatMap(Int.init) ?? 7
        guard keep >= 1 else { throw ValidationError("--backup-keep must be at least 1") }
        let directory = backupDir ?? env["RAPPORT_BACKUP_DIR"] ?? (dataDirectory as NSString).appendingPathComponent("backups")
        return BackupSchedule(directory: URL(fileURLWithPath: directory), every: seconds, keep: keep)
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error")
        }
    }

    func run() async throws {
        var config = store.config()
        config.host = host
        config.port = port
        config.demo = demo
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "rapport")
        logger.logLevel = level
        let start = Date()
        let store = try await self.store.openStore(logger: logger)
        try await closing(store) { try await serve(store, config: config, logger: logger, registry: registry, start: start) }
    }

    func serve(_ store: Store, config: AppConfig, logger: Logger, registry: PrometheusCollectorRegistry, start: Date) async throws {
        let workspace = try await store.directory.defaultWorkspace()
        let passwords = Passwords(cost: config.bcryptCost)
        if try await store.directory.userCount() == 0 {
            let password = Passwords.generate()
            let admin = try await store.directory.createUser(
                email: EmailAddress("admin@rapport.local"), name: "Administrator",
                passwordHash: try await passwords.hash(password), role: .admin, team: nil, in: workspace.id)
            Console.print("""
                First start: created the admin user.
                  Email:    \(admin.email.value)
                  Password: \(password)
                This password is shown only once. Change it with `rapport user passwd`.
                """)
        }
        if demo {
            let summary = try await DemoWorkspace.load(
                into: store, workspace: workspace, passwordHash: try await passwords.hash(DemoPassword.value))
            if !summary.alreadyLoaded {
                Console.print(
                    "Loaded the demo workspace: \(summary.accounts) accounts, \(summary.contacts) contacts, \(summary.leads) leads, "
                        + "\(summary.deals) deals, \(summary.users) users.")
            }
            Console.print("Demo users (password \"\(DemoPassword.value)\"):")
            for user in DemoWorkspace.users { Console.print("  \(user.email)  \(user.role.rawValue), \(user.team)") }
        }
        try await JobWorker.declareSchedules(store)
        var handlers = JobWorker.standard(store: store)
        if let backups = try backupSchedule(dataDirectory: config.dataDirectory) {
            try await store.jobs.schedule(BackupSchedule.scheduleName, kind: BackupSchedule.kind, every: backups.every)
            handlers[BackupSchedule.kind] = { job in
                // A large backup outlasts the job's lease: renew it while the backup runs, so no other
                // instance takes the job up again meanwhile.
                let worker = JobQueue.worker
                let renewal = Task {
                    while !Task.isCancelled, let worker {
                        try await Task.sleep(for: .seconds(60))
                        try await store.jobs.extend(job, worker: worker, seconds: 300)
                    }
                }
                defer { renewal.cancel() }
                let file = try await backups.run(store.db)
                logger.info("Backup written to \(file.path)")
            }
            Console.print("Backups every \(backups.every) s into \(backups.directory.path), the last \(backups.keep) kept.")
        } else {
            try await store.jobs.unschedule(BackupSchedule.scheduleName)
        }
        let worker = JobWorker(store: store, handlers: handlers, logger: logger)
        let host = config.host
        let app = try await buildApplication(
            config: config, store: store, logger: logger, registry: registry, services: [worker]
        ) { port in
            let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
            Console.print("Rapport is running at http://\(host):\(port)/ (ready in \(seconds) s; \(store.db.dialect.rawValue))")
        }
        try await app.runService()
    }
}

/// `rapport demo`: loads the demo workspace into the database without starting the server.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo workspace (once).")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let store = try await self.store.openStore(logger: CLILog.make())
        let cost = self.store.config().bcryptCost
        try await closing(store) {
            let workspace = try await store.directory.defaultWorkspace()
            let hash = try await Passwords(cost: cost).hash(DemoPassword.value)
            let summary = try await DemoWorkspace.load(into: store, workspace: workspace, passwordHash: hash)
            Console.print(summary.alreadyLoaded ? "The demo workspace was already loaded." : "Loaded \(summary.accounts) accounts, \(summary.contacts) contacts, \(summary.leads) leads and \(summary.deals) deals.")
        }
    }
}

/// The shared password of the demo users, printed at start so people can sign in as any of them.
enum DemoPassword {
    static let value = "rapport-demo"
}
