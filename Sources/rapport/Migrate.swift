import ArgumentParser
import RapportServer
import RapportStore

/// `rapport migrate`: brings the database schema up to date (also done by `serve`).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let logger = CLILog.make()
        let db = try await Database.open(store.config().databaseLocation, logger: logger)
        let applied: [Int]
        do {
            applied = try await Migrator.migrate(db)
        } catch {
            await db.close()
            throw ValidationError("Could not prepare the database: \(error)")
        }
        Console.print(applied.isEmpty ? "Schema is up to date (version \(Migrator.latestVersion))." : "Applied migrations \(applied.map(String.init).joined(separator: ", ")).")
        await db.close()
    }
}
