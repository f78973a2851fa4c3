import ArgumentParser
import Foundation
import Logging
import RapportServer
import RapportStore

/// Where the data is: the options every subcommand shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder of the embedded database and files.")
    var dataDirectory: String = "./rapport-data"

    @Option(
        name: .customLong("database-url"),
        help: "postgres://user:password@host:port/database to use PostgreSQL (default: $RAPPORT_DATABASE_URL, else SQLite in the data folder).")
    var databaseURL: String?

    /// The configuration these options and the environment describe.
    func config() -> AppConfig {
        var config = AppConfig()
        config.dataDirectory = dataDirectory
        config.databaseURL = databaseURL
        config.applyEnvironment()
        return config
    }

    /// Opens the database as it is, without migrating it (backup, export and import-archive take the
    /// schema version they find).
    func openDatabase(logger: Logger) async throws -> Database {
        do {
            return try await Database.open(config().databaseLocation, logger: logger)
        } catch {
            throw ValidationError("Could not open the database: \(error)")
        }
    }

    /// Opens and migrates the database.
    func openStore(logger: Logger) async throws -> Store {
        let db: Database
        do {
            db = try await Database.open(config().databaseLocation, logger: logger)
        } catch {
            throw ValidationError("Could not open the database: \(error)")
        }
        do {
            try await Migrator.migrate(db)
        } catch {
            await db.close()
            throw ValidationError("Could not prepare the database: \(error)")
        }
        return Store(db)
    }
}

enum CLILog {
    /// Logs to standard error so that standard output stays clean for values scripts read.
    static func make(level: Logger.Level = .warning) -> Logger {
        var logger = Logger(label: "rapport") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = level
        return logger
    }
}

/// Runs `body` and closes the database afterwards, also when it fails: the error then reaches the
/// user as a message instead of a crash over connections left open.
func closing(_ store: Store, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        await store.db.close()
        throw error
    }
    await store.db.close()
}
