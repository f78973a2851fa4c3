import ArgumentParser
import Foundation
import RapportCore
import RapportServer
import RapportStore

/// `rapport import KIND FILE`: imports a CSV file in the foreground, with progress on standard
/// error; `resume`, `revert`, `rejected` and `list` for what it started.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import accounts, contacts or leads from a CSV file (and resume, revert or list imports).",
        subcommands: [Run.self, Resume.self, Revert.self, Rejected.self, List.self], defaultSubcommand: Run.self)

    /// Options naming who acts.
    struct Actor: ParsableArguments {
        @Option(name: .customLong("as"), help: "Email of the user the import runs as (default: the first admin).")
        var email: String?

        func principal(_ store: Store) async throws -> Principal {
            let workspace = try await store.directory.defaultWorkspace()
            let users = try await store.directory.users(in: workspace.id).filter(\.active)
            let found = email.map { email in users.first { $0.email.value == email.lowercased() } } ?? users.first { $0.role == .admin }
            guard let user = found else {
                throw ValidationError(email.map { "No active user has the email \($0)." } ?? "There is no admin yet; name a user with --as.")
            }
            return try await store.directory.principal(for: user)
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Import a CSV file (the default: `rapport import contacts people.csv`).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var actor: Actor
        @Argument(help: "What the rows are: accounts, contacts (or leads, once the store has them).") var kind: String
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "create (default), update or upsert.") var mode: String?
        @Option(help: "How rows find records to update: email, phone, external_id, id, name or domain.") var match: String?
        @Option(help: "Rows that look like existing records: skip (default) or flag (import and list for review).")
        var duplicates: String?
        @Option(name: .customLong("map"), help: "A column's target, as \"Header=target\" (target empty: not imported). Repeatable.")
        var maps: [String] = []
        @Option(help: "A saved mapping (template) to apply.") var template: String?
        @Option(name: .customLong("list-name"), help: "The bought list, event or campaign the rows came from.") var listName: String?
        @Option(name: .customLong("list-cost"), help: "What the list cost, in the workspace's currency (e.g. 450.00).") var listCost: String?
        @Option(name: .customLong("date-order"), help: "How to read 03/04/2026: dmy or mdy (default: by the workspace's country).")
        var dateOrder: String?
        @Option(help: "utf-8 or windows-1252 (default: detected).") var encoding: String?
        @Option(help: "comma, semicolon, tab or pipe (default: detected).") var separator: String?
        @Flag(name: .customLong("dry-run"), help: "Read the whole file and report what would happen, writing nothing.")
        var dryRun = false
        @Option(help: "Rows per transaction.") var chunk: Int = 2_000

        func run() async throws {
            let path = URL(fileURLWithPath: file).standardizedFileURL.path
            guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("Cannot read \(file).") }
            let store = try await self.store.openStore(logger: CLILog.make())
            try await closing(store) {
                guard let kind = store.imports.kind(kind) else {
                    throw ValidationError("KIND must be one of: \(store.imports.kinds.map(\.table).joined(separator: ", ")).")
                }
                let principal = try await actor.principal(store)
                let batch = try await ImportCommand.failing {
                    try await store.imports.createDraft(
                        kind, path: path, fileName: URL(fileURLWithPath: path).lastPathComponent, template: template, by: principal)
                }
                var settings = JSONObject()
                if let mode { settings["mode"] = .string(mode) }
                if let match { settings["match_key"] = .string(match) }
                if let duplicates { settings["duplicates"] = .string(duplicates) }
                if let listName { settings["list_name"] = .string(listName) }
                if let listCost { settings["list_cost"] = .string(listCost) }
                if let dateOrder { settings["date_order"] = .string(dateOrder) }
                if let encoding { settings["encoding"] = .string(encoding) }
                if let separator { settings["separator"] = .string(separator) }
                if !maps.isEmpty {
                    var mapping = JSONObject()
                    for entry in maps {
                        guard let equals = entry.firstIndex(of: "=") else { throw ValidationError("--map must be \"Header=target\", not \(entry).") }
                        let target = String(entry[entry.index(after: equals)...])
                        mapping[String(entry[..<equals])] = target.isEmpty ? .null : .string(target)
                    }
                    settings["mapping"] = .object(mapping)
                }
                if settings.count > 0 {
                    _ = try await ImportCommand.failing { try await store.imports.update(batch.id, with: settings, by: principal) }
                }
                let ready = try await ImportCommand.failing { try await store.imports.startHere(batch.id, dryRun: dryRun, by: principal) }
                Console.error("Import \(ready.id) of \(ready.fileName) into \(kind.table) (\(ImportCommand.describe(ready))).")
                Console.error("If it is interrupted, go on with: rapport import resume \(ready.id)")
                try await ImportCommand.execute(ready.id, store: store, chunk: chunk)
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Go on with an import that stopped, after its last committed chunk.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The import's ID.") var id: String
        @Option(help: "Rows per transaction.") var chunk: Int = 2_000

        func run() async throws {
            guard let id = ImportBatch.ID(id) else { throw ValidationError("\(self.id) is not an import ID.") }
            let store = try await self.store.openStore(logger: CLILog.make())
            try await closing(store) {
                let principal = try await actor.principal(store)
                let batch = try await ImportCommand.failing { try await store.imports.get(id, by: principal) }
                guard batch.status == .running || batch.canResume else {
                    throw ValidationError("Import \(id) is \(batch.status.rawValue); there is nothing to resume.")
                }
                _ = try await ImportCommand.failing { try await store.imports.startHere(id, dryRun: false, by: principal) }
                Console.error("Resuming import \(id) at row \(batch.counts.rows + 2) (\(batch.counts.created) created so far).")
                try await ImportCommand.execute(id, store: store, chunk: chunk)
            }
        }
    }

    struct Revert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo an import: delete what it created, restore what it changed (unless changed since).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The import's ID.") var id: String

        func run() async throws {
            guard let id = ImportBatch.ID(id) else { throw ValidationError("\(self.id) is not an import ID.") }
            let store = try await self.store.openStore(logger: CLILog.make())
            try await closing(store) {
                let principal = try await actor.principal(store)
                var batch = try await ImportCommand.failing { try await store.imports.get(id, by: principal) }
                if batch.status != .reverting {
                    batch = try await ImportCommand.failing { try await store.imports.requestRevert(id, by: principal) }
                }
                var options = ImportRunOptions()
                options.onChunk = { batch in
                    let c = batch.revertCounts ?? RevertCounts()
                    Console.error("  \(c.deleted) deleted, \(c.restored) restored, \(c.kept) kept")
                }
                let done = try await ImportCommand.failing { try await store.imports.revert(id, options: options) }
                let c = done.revertCounts ?? RevertCounts()
                Console.print("Reverted import \(id): \(c.deleted) deleted, \(c.restored) restored, \(c.kept) kept (changed since or in use).")
                for issue in try await store.imports.issues(id, pass: "revert", limit: 20, by: principal) {
                    Console.print("  kept: \(issue.reason)")
                }
            }
        }
    }

    struct Rejected: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the rows an import did not import, with the reason, as CSV to standard output.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var actor: Actor
        @Argument(help: "The import's ID.") var id: String
        @Flag(name: .customLong("dry-run"), help: "The last dry run's rows instead.") var dryRun = false

        func run() async throws {
            guard let id = ImportBatch.ID(id) else { throw ValidationError("\(self.id) is not an import ID.") }
            let store = try await self.store.openStore(logger: CLILog.make())
            try await closing(store) {
                let principal = try await actor.principal(store)
                try await ImportCommand.failing {
                    try await store.imports.rejectedRows(id, pass: dryRun ? "dry" : "run", by: principal) { text in
                        FileHandle.standardOutput.write(Data(text.utf8))
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List imports, newest first.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var actor: Actor

        func run() async throws {
            let store = try await self.store.openStore(logger: CLILog.make())
            try await closing(store) {
                let principal = try await actor.principal(store)
                for batch in try await store.imports.list(limit: 200, by: principal).items {
                    let c = batch.counts
                    Console.print(
                        [batch.id.description, batch.createdAt.iso8601, batch.entity, batch.status.rawValue, batch.fileName,
                         "\(c.created) created, \(c.updated) updated, \(c.skipped) skipped, \(c.rejected) rejected"].joined(separator: "\t"))
                }
            }
        }
    }

    /// Runs an import to its end, printing progress about once a second to standard error and a
    /// summary to standard output.
    static func execute(_ id: ImportBatch.ID, store: Store, chunk: Int) async throws {
        let started = Date()
        let last = LockedDate()
        var options = ImportRunOptions()
        options.rowsPerChunk = max(1, chunk)
        let firstRows = try await store.imports.get(id, by: .system(try await store.directory.defaultWorkspace().id)).counts.rows
        options.onChunk = { batch in
            guard last.due() else { return }
            let counts = batch.dryRun ? (batch.dryCounts ?? batch.counts) : batch.counts
            let seconds = max(0.001, Date().timeIntervalSince(started))
            Console.error(
                String(
                    format: "  %3.0f%%  %d rows  %d created, %d updated, %d skipped, %d rejected  (%.0f rows/s)", batch.progress * 100,
                    counts.rows, counts.created, counts.updated, counts.skipped, counts.rejected, Double(counts.rows - firstRows) / seconds))
        }
        let done = try await failing { try await store.imports.run(id, options: options) }
        let seconds = Date().timeIntervalSince(started)
        let counts = done.dryCounts.flatMap { done.status == .draft ? $0 : nil } ?? done.counts
        let rate = Double(counts.rows - (done.status == .draft ? 0 : firstRows)) / max(seconds, 0.001)
        let verb = done.status == .draft ? "Dry run of import" : "Import"
        Console.print(
            "\(verb) \(id) \(done.status == .draft ? "finished" : done.status.rawValue): \(counts.rows) rows in "
                + String(format: "%.1f s (%.0f rows/s)", seconds, rate)
                + ": \(counts.created) created, \(counts.updated) updated, \(counts.unchanged) unchanged, \(counts.skipped) skipped, "
                + "\(counts.rejected) rejected, \(counts.blank) blank, \(counts.flagged) flagged, \(counts.warnings) with warnings.")
        if counts.skipped + counts.rejected > 0 {
            Console.print("The rows not imported and why: rapport import rejected \(id)\(done.status == .draft ? " --dry-run" : "") > rejected.csv")
        }
    }

    static func describe(_ batch: ImportBatch) -> String {
        let s = batch.settings
        var parts = [
            s.format.encoding.label, CSVFormat.separators.first { $0.byte == s.format.separator }?.label ?? "comma",
            s.mode.rawValue + (s.matchKey.map { " by \($0)" } ?? ""), "duplicates: \(s.duplicates.rawValue)",
        ]
        if batch.dryRun { parts.append("dry run") }
        let mapped = s.mapping.mapped.map { "\($0.header)→\($0.target ?? "")" }
        parts.append("columns: " + mapped.joined(separator: ", "))
        return parts.joined(separator: "; ")
    }

    /// Turns domain errors into messages for the terminal.
    static func failing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RapportError {
            switch error {
            case .invalid(let issues): throw ValidationError(issues.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            case .conflict(let message), .forbidden(let message), .malformed(let message): throw ValidationError(message)
            case .notFound(let entity, let id): throw ValidationError("No \(entity) \(id).")
            default: throw ValidationError(String(describing: error))
            }
        }
    }
}

/// A once-a-second gate shared by progress callbacks.
final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast

    func due() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(last) >= 1 else { return false }
        last = Date()
        return true
    }
}
