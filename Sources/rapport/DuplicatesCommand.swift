import ArgumentParser
import Foundation
import RapportCore
import RapportServer
import RapportStore

/// `rapport duplicates`: runs the duplicate scan now, in the foreground, and prints what it found
/// (the server runs it nightly and on request from the duplicates page).
struct DuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates", abstract: "Scan every workspace for possible duplicate accounts and contacts now.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this kind of record: accounts or contacts.") var entity: String?
    @Flag(help: "Make every record's blocking keys again first (after an upgrade changed how they are made).")
    var rebuildKeys = false

    func validate() throws {
        if let entity, ![Account.table, Contact.table].contains(entity) {
            throw ValidationError("--entity must be accounts or contacts")
        }
    }

    func run() async throws {
        let store = try await self.store.openStore(logger: CLILog.make())
        do {
            if rebuildKeys {
                let started = Date()
                try await store.duplicates.rebuildKeys()
                Console.print(String(format: "Blocking keys rebuilt in %.1f s.", Date().timeIntervalSince(started)))
            }
            for summary in try await store.duplicates.scan(entity: entity, workspace: nil) {
                let seconds = String(format: "%.1f", summary.seconds)
                Console.print(
                    "\(summary.entity): \(summary.pairsFound) pairs found in \(seconds) s (\(summary.recordsCompared) rows compared, "
                        + "\(summary.pairsScored) pairs scored, \(summary.blocksSkipped) large groups skipped)")
                if !summary.note.isEmpty { Console.print("  " + summary.note) }
            }
        } catch {
            await store.db.close()
            throw error
        }
        await store.db.close()
    }
}
