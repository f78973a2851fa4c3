import ArgumentParser

/// The `rapport` command: the server and its administration.
@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Rapport: every customer conversation in one place. A self-hosted CRM.",
        subcommands: [
            Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, Demo.self, BenchData.self, DuplicatesCommand.self, ImportCommand.self,
            BackupCommand.self, RestoreCommand.self, ExportCommand.self, ImportArchiveCommand.self,
        ])
}
