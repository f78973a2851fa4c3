import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct BackupTests {
    /// A backup taken while contacts are being created holds every contact acknowledged before it
    /// started, its manifest matches what verification restores, and it restores into a new
    /// database with every table as the manifest counted it.
    @Test(arguments: TestDatabase.all)
    func aBackupDuringWritesRestoresEveryAcknowledgedRow(_ database: TestDatabase) async throws {
        try await withScratch { scratch in
            let file = scratch.appendingPathComponent(Backup.defaultName(for: database.isPostgres ? .postgres : .sqlite))
            let (manifest, acknowledged) = try await database.withEmptyDatabase { db in
                try await Migrator.migrate(db)
                try await ArchiveSeed.edgeRows(db)
                let store = Store(db)
                let admin = Principal.system(try await store.directory.defaultWorkspace().id)
                let log = Acknowledged()
                let writers = (0..<3).map { n in
                    Task {
                        var i = 0
                        while !Task.isCancelled && i < 400 {
                            let contact = try await store.contacts.create(
                                try changes(Contact.self, ["first_name": .string("Writer\(n)"), "last_name": .string("Nº \(i) — ü")]), by: admin)
                            log.add(contact.id.uuid)
                            i += 1
                        }
                    }
                }
                while log.count < 30 { try await Task.sleep(for: .milliseconds(20)) }
                let before = log.snapshot()
                let manifest = try await Backup.run(db, to: file)
                let during = log.count
                for writer in writers { writer.cancel() }
                for writer in writers { _ = await writer.result }
                #expect(log.count > during || during > before.count, "writes went on during the backup")
                return (manifest, before)
            }
            #expect(manifest.kind == (database.isPostgres ? .archive : .sqlite))
            let contacts = try #require(manifest.tables.first { $0.name == "contacts" })
            #expect(contacts.rows >= acknowledged.count)

            let report = try await Backup.verify(file, logger: TestDatabase.logger)
            #expect(report.ok)
            #expect(report.tables.count == manifest.tables.count)

            try await database.withEmptyLocation { location in
                let restored = try await Backup.restore(file, into: location, force: false, logger: TestDatabase.logger)
                #expect(restored.checked)
                let db = try await Database.open(location, logger: TestDatabase.logger)
                try await TestDatabase.using(db) { db in
                    let digests = DigestVisitor()
                    try await TableWalker.walk(db, digests)
                    for table in manifest.tables {
                        #expect(digests.digests[table.name]?.rows == table.rows, "\(table.name)")
                        #expect(digests.digests[table.name]?.checksum == table.checksum, "\(table.name)")
                    }
                    let ids = try await db.read { sql in
                        Set(try await sql.raw("SELECT id FROM contacts").all().map { try $0.decode(column: "id", as: UUID.self) })
                    }
                    #expect(acknowledged.allSatisfy(ids.contains))
                }
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aDamagedBackupIsRejected(_ database: TestDatabase) async throws {
        try await withScratch { scratch in
            let file = scratch.appendingPathComponent(Backup.defaultName(for: database.isPostgres ? .postgres : .sqlite))
            try await database.withEmptyDatabase { db in
                try await Migrator.migrate(db)
                try await ArchiveSeed.edgeRows(db)
                try await Backup.run(db, to: file)
            }
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0x5A
            try bytes.write(to: file)
            await #expect(throws: ArchiveError.self) { try await Backup.verify(file, logger: TestDatabase.logger) }
            let target = scratch.appendingPathComponent("target.sqlite")
            await #expect(throws: ArchiveError.self) {
                try await Backup.restore(file, into: .sqlite(path: target.path), force: false, logger: TestDatabase.logger)
            }
            #expect(!FileManager.default.fileExists(atPath: target.path))

            // Without its manifest, a file that is not a backup at all is refused too.
            let junk = scratch.appendingPathComponent("junk.sqlite")
            try Data("not a backup, just some text that is long enough".utf8).write(to: junk)
            await #expect(throws: ArchiveError.self) {
                try await Backup.restore(junk, into: .sqlite(path: target.path), force: false, logger: TestDatabase.logger)
            }
        }
    }

    @Test func restoreRefusesADatabaseWithDataUnlessForced() async throws {
        try await withScratch { scratch in
            let file = scratch.appendingPathComponent("backup.sqlite")
            let live = scratch.appendingPathComponent("live.sqlite")
            try await withSQLite(in: scratch, named: "live.sqlite") { db in
                try await Migrator.migrate(db)
                try await ArchiveSeed.edgeRows(db)
                try await Backup.run(db, to: file)
            }
            let error = await #expect(throws: ArchiveError.self) {
                try await Backup.restore(file, into: .sqlite(path: live.path), force: false, logger: TestDatabase.logger)
            }
            if case .notEmpty = error {} else { Issue.record("expected notEmpty, got \(String(describing: error))") }
            let restored = try await Backup.restore(file, into: .sqlite(path: live.path), force: true, logger: TestDatabase.logger)
            let aside = try #require(restored.movedAside)
            #expect(FileManager.default.fileExists(atPath: aside))
            #expect(FileManager.default.fileExists(atPath: live.path))
        }
    }

    @Test func scheduledBackupsKeepTheNewest() async throws {
        try await withScratch { scratch in
            let directory = scratch.appendingPathComponent("backups")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for old in ["rapport-20200101-000000.sqlite", "rapport-20200102-000000.sqlite", "rapport-20200103-000000.sqlite"] {
                try Data().write(to: directory.appendingPathComponent(old))
                try Data().write(to: directory.appendingPathComponent(old + ".manifest.json"))
            }
            try Data().write(to: directory.appendingPathComponent("notes.txt"))
            try await withSQLite(in: scratch) { db in
                try await Migrator.migrate(db)
                let newest = try await BackupSchedule(directory: directory, every: 3600, keep: 2).run(db)
                let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
                #expect(left == [
                    "notes.txt", "rapport-20200103-000000.sqlite", "rapport-20200103-000000.sqlite.manifest.json",
                    newest.lastPathComponent, newest.lastPathComponent + ".manifest.json",
                ].sorted())
            }
            #expect(BackupSchedule.seconds("24h") == 86_400)
            #expect(BackupSchedule.seconds("7d") == 604_800)
            #expect(BackupSchedule.seconds("90") == 90)
            #expect(BackupSchedule.seconds("soon") == nil)
        }
    }
}

/// IDs whose create returned, in order, shared with the writer tasks.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [UUID] = []

    func add(_ id: UUID) { lock.withLock { ids.append(id) } }
    var count: Int { lock.withLock { ids.count } }
    func snapshot() -> [UUID] { lock.withLock { ids } }
}
