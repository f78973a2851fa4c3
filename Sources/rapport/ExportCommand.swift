import ArgumentParser
import Foundation
import RapportStore

/// `rapport export`: every table as JSON Lines and CSV with a schema description.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every table (JSON Lines + CSV + manifest.json) from one consistent snapshot.",
        discussion: "`rapport import-archive` reads it back into an empty database on either engine.")

    @OptionGroup var store: StoreOptions
    @Option(help: "A new directory, or a file ending in .tar (default: rapport-export-DATE-TIME.tar here).") var to: String?
    @Flag(name: .customLong("no-csv"), help: "JSON Lines only.") var noCSV = false

    func run() async throws {
        let started = Date()
        let db = try await store.openDatabase(logger: CLILog.make())
        let name = Backup.defaultName(for: .postgres).replacingOccurrences(of: "rapport-", with: "rapport-export-")
        let destination = URL(fileURLWithPath: to ?? name)
        let manifest: ArchiveManifest
        do {
            manifest = try await Export.run(db, to: destination, csv: !noCSV)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
        let rows = manifest.tables.reduce(0) { $0 + $1.rows }
        let seconds = Date().timeIntervalSince(started)
        Console.print(
            String(format: "Exported %d rows of %d tables (schema %d) to %@ in %.1f s (%.0f rows/s).", rows, manifest.tables.count,
                   manifest.schemaVersion, destination.path, seconds, Double(rows) / max(seconds, 0.001)))
    }
}

/// `rapport import-archive PATH`: an export read back into an empty database.
struct ImportArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-archive",
        abstract: "Import an export (directory or .tar) into an empty database, SQLite or PostgreSQL.",
        discussion: "Moving from SQLite to PostgreSQL: rapport export --to all.tar, then rapport import-archive all.tar --database-url postgres://…")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The archive: a directory or a .tar file.") var path: String

    func run() async throws {
        let db = try await store.openDatabase(logger: CLILog.make())
        let summary: ArchiveImport.Summary
        do {
            summary = try await ArchiveImport.run(from: URL(fileURLWithPath: path), into: db) { Console.error($0) }
        } catch {
            await db.close()
            throw error
        }
        await db.close()
        Console.print(
            String(format: "Imported %d rows of %d tables (schema %d) in %.1f s (%.0f rows/s).", summary.rows, summary.tables,
                   summary.schemaVersion, summary.seconds, Double(summary.rows) / max(summary.seconds, 0.001)))
    }
}
