import Foundation
import Logging

/// Scheduled backups (`rapport serve --backup-every 24h --backup-keep 7 --backup-dir DIR`): a job
/// of the job queue, so on PostgreSQL with several instances one of them takes each backup.
public struct BackupSchedule: Sendable {
    public static let kind = "backup"
    public static let scheduleName = "backup"

    /// Where the backups go (on the instance that takes them).
    public var directory: URL
    /// Seconds between backups.
    public var every: Int64
    /// Backups kept; older ones are deleted after each new one.
    public var keep: Int

    public init(directory: URL, every: Int64, keep: Int) {
        self.directory = directory
        self.every = every
        self.keep = keep
    }

    /// Takes one backup and prunes the oldest beyond `keep`; returns the new file.
    @discardableResult
    public func run(_ db: Database) async throws -> URL {
        let file = directory.appendingPathComponent(Backup.defaultName(for: db.dialect))
        try await Backup.run(db, to: file)
        try prune()
        return file
    }

    /// Deletes the oldest backups (`rapport-*.sqlite` / `.tar` with a manifest) beyond `keep`.
    func prune() throws {
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: directory.path).filter { name in
            name.hasPrefix("rapport-") && (name.hasSuffix(".sqlite") || name.hasSuffix(".tar"))
                && fm.fileExists(atPath: directory.appendingPathComponent(name + ".manifest.json").path)
        }.sorted()
        for name in names.dropLast(max(1, keep)) {
            try fm.removeItem(at: directory.appendingPathComponent(name))
            try? fm.removeItem(at: directory.appendingPathComponent(name + ".manifest.json"))
        }
    }

    /// Reads `24h`, `30m`, `7d`, `90s` or a number of seconds.
    public static func seconds(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let last = t.last, let unit = units[last], let n = Int64(t.dropLast()), n > 0 { return n * unit }
        if let n = Int64(t), n > 0 { return n }
        return nil
    }
}
