import ArgumentParser
import Foundation
import RapportServer
import RapportStore

/// `rapport backup`: a consistent backup while the server runs, or `--verify FILE` to check one.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database while the server runs (with a SHA-256 manifest), or verify a backup.",
        discussion: """
            SQLite: a copy of the database file (SQLite's online backup). PostgreSQL: a tar archive of every \
            table from one snapshot. Beside it, FILE.manifest.json holds the SHA-256 and each table's row \
            count and checksum. --verify restores a backup into a temporary database and compares them.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Where to write the backup (default: DATA-DIR/backups/rapport-DATE-TIME.sqlite or .tar).") var to: String?
    @Option(help: "Check this backup instead of taking one: restore it into a temporary database and compare.")
    var verify: String?

    func run() async throws {
        let logger = CLILog.make()
        if let verify {
            let report = try await Backup.verify(URL(fileURLWithPath: verify), logger: logger)
            Console.print("Backup \(verify): \(report.manifest.kind.rawValue) from \(report.manifest.engine), schema \(report.manifest.schemaVersion), taken \(report.manifest.createdAt)")
            Console.print("SHA-256 \(report.manifest.sha256): matches")
            for table in report.tables {
                let restored = table.restored.map { "\($0.rows) rows, checksum \($0.checksum.prefix(12))" } ?? "missing"
                Console.print("  \(table.matches ? "ok      " : "MISMATCH") \(table.name): expected \(table.expected.rows) rows, checksum \(table.expected.checksum.prefix(12)); restored \(restored)")
            }
            let rows = report.tables.reduce(0) { $0 + $1.expected.rows }
            Console.print(String(format: "%@: %d tables, %d rows, in %.1f s.", report.ok ? "Verified" : "FAILED", report.tables.count, rows, report.seconds))
            if !report.ok { throw ExitCode.failure }
            return
        }
        let config = store.config()
        let started = Date()
        let dialect: Dialect = if case .sqlite = config.databaseLocation { .sqlite } else { .postgres }
        let file = URL(fileURLWithPath: to ?? (config.dataDirectory as NSString).appendingPathComponent("backups/" + Backup.defaultName(for: dialect)))
        let manifest = try await Backup.run(config.databaseLocation, to: file, logger: logger)
        let rows = manifest.tables.reduce(0) { $0 + $1.rows }
        Console.print(
            String(format: "Backed up %d rows of %d tables to %@ (%.1f MB, %.1f s).", rows, manifest.tables.count, file.path,
                   Double(manifest.bytes) / 1_048_576, Date().timeIntervalSince(started)))
        Console.print("SHA-256 \(manifest.sha256) (in \(BackupManifest.url(for: file).lastPathComponent))")
    }
}

/// `rapport restore FILE`: puts a backup or an export archive back.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup (or an export archive) into the database; stop the server first.",
        discussion: """
            The file's SHA-256 is checked against FILE.manifest.json when it is there. A database that holds \
            data is refused unless --force: then an SQLite file is moved aside (not deleted) and a PostgreSQL \
            database is emptied in the restoring transaction. An SQLite backup restores into PostgreSQL too.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The backup file (.sqlite or .tar).") var file: String
    @Flag(help: "Replace a database that holds data.") var force = false

    func run() async throws {
        let started = Date()
        let restored = try await Backup.restore(
            URL(fileURLWithPath: file), into: store.config().databaseLocation, force: force, logger: CLILog.make())
        if !restored.checked { Console.error("Note: \(file) came without a manifest, so its SHA-256 was not checked.") }
        if let aside = restored.movedAside { Console.print("The database that was there is now \(aside).") }
        Console.print(String(format: "Restored %@ (schema %d) in %.1f s.", file, restored.schemaVersion, Date().timeIntervalSince(started)))
    }
}
