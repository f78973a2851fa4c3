import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

@Suite struct ArchiveTests {
    /// SQLite → archive → the engine under test → archive → SQLite: every table equal row by row at
    /// each step (ids, timestamps, money past 2^53, NULL beside "", non-ASCII text), and the
    /// imported database works (search finds, new records get fresh sequence numbers).
    @Test(arguments: TestDatabase.all)
    func exportImportRoundTripIsLossless(_ database: TestDatabase) async throws {
        try await withScratch { scratch in
            let original = try await withSQLite(in: scratch, named: "source.sqlite") { source in
                try await ArchiveSeed.fill(source)
                try await Export.run(source, to: scratch.appendingPathComponent("first.tar"))
                return try await RowCollector.rows(source, canonical: false)
            }
            #expect(original.totalRows > 1_000)
            let canonicalOriginal = original.canonicalized()

            try await database.withEmptyDatabase { target in
                let summary = try await ArchiveImport.run(from: scratch.appendingPathComponent("first.tar"), into: target)
                #expect(summary.rows == original.totalRows)
                RowCollector.expectSame(canonicalOriginal, try await RowCollector.rows(target, canonical: true))

                let store = Store(target)
                let workspace = try await store.directory.defaultWorkspace()
                let hits = try await store.search("Ångström", by: .system(workspace.id))
                #expect(hits.contains { $0.title == ArchiveSeed.edgeName })
                _ = try await store.accounts.create(try changes(Account.self, ["name": "After the move"]), by: .system(workspace.id))

                try await Export.run(target, to: scratch.appendingPathComponent("second"))
            }
            try await withSQLite(in: scratch, named: "back.sqlite") { back in
                _ = try await ArchiveImport.run(from: scratch.appendingPathComponent("second"), into: back)
                // Everything is in the database file itself, not left in the WAL.
                let wal = scratch.appendingPathComponent("back.sqlite-wal").path
                #expect(((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int ?? 0) == 0)
                let returned = try await RowCollector.rows(back, canonical: false)
                // Everything that left SQLite came back as it was; the account made since (with its
                // event, search entries and keys) is all that is new.
                let touched: Set = ["accounts", "events", "search_docs", "search_title_keys", "contact_points", "match_keys"]
                for (table, rows) in original.tables {
                    let back = returned.tables[table] ?? []
                    if touched.contains(table) {
                        #expect(Set(rows).isSubset(of: Set(back)), "\(table)")
                    } else {
                        #expect(back == rows, "\(table)")
                    }
                }
                #expect(returned.tables["accounts"]?.count == (original.tables["accounts"]?.count ?? 0) + 1)
            }
        }
    }

    /// Values of every kind a future table may hold, in a table no code knows about: blobs (base64),
    /// reals, booleans, NULLs, between SQLite and the engine under test.
    @Test(arguments: TestDatabase.all)
    func tablesTheCodeDoesNotKnowRoundTrip(_ database: TestDatabase) async throws {
        let blob: [UInt8] = [0, 1, 2, 255, 254, 10, 13, 34, 44]
        try await withScratch { scratch in
            try await withSQLite(in: scratch) { source in
                try await Migrator.migrate(source)
                try await source.write { sql in
                    try await sql.raw("CREATE TABLE extra (id TEXT PRIMARY KEY, data BLOB, ratio REAL, flag INTEGER NOT NULL, note TEXT)").run()
                    try await sql.raw("INSERT INTO extra VALUES ('a', \(bind: Data(blob)), 0.1, 1, ''), ('b', NULL, NULL, 0, NULL)").run()
                }
                try await Export.run(source, to: scratch.appendingPathComponent("extra.tar"))
            }
            try await database.withEmptyDatabase { target in
                try await Migrator.migrate(target)
                let types = target.dialect == .postgres ? "bytea, ratio double precision, flag boolean" : "BLOB, ratio REAL, flag INTEGER"
                let create = "CREATE TABLE extra (id TEXT PRIMARY KEY, data \(types) NOT NULL, note TEXT)"
                try await target.write { sql in try await sql.raw(SQLQueryString(create)).run() }
                _ = try await ArchiveImport.run(from: scratch.appendingPathComponent("extra.tar"), into: target)
                let rows = try #require(try await RowCollector.rows(target, canonical: true).tables["extra"])
                #expect(rows == [
                    [.text("a"), .blob(blob), .real(0.1), .integer(1), .text("")],
                    [.text("b"), .null, .null, .integer(0), .null],
                ])
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func importRefusesATargetWithData(_ database: TestDatabase) async throws {
        try await withScratch { scratch in
            try await withSQLite(in: scratch) { source in
                try await Migrator.migrate(source)
                try await ArchiveSeed.edgeRows(source)
                try await Export.run(source, to: scratch.appendingPathComponent("a.tar"))
            }
            try await database.withEmptyDatabase { target in
                try await Migrator.migrate(target)
                let workspace = try await Store(target).directory.defaultWorkspace()
                let error = await #expect(throws: ArchiveError.self) {
                    try await ArchiveImport.run(from: scratch.appendingPathComponent("a.tar"), into: target)
                }
                guard case .notEmpty(let message)? = error else {
                    Issue.record("not notEmpty: \(String(describing: error))")
                    return
                }
                #expect(message.contains("workspaces"))
                #expect(try await Store(target).directory.defaultWorkspace().id == workspace.id)
            }
        }
    }

    @Test func importRefusesANewerSchema() async throws {
        try await withScratch { scratch in
            let archive = scratch.appendingPathComponent("archive")
            try await withSQLite(in: scratch) { source in
                try await Migrator.migrate(source)
                try await Export.run(source, to: archive)
            }
            var manifest = try ArchiveManifest.read(from: archive)
            manifest.schemaVersion = Migrator.latestVersion + 1
            try manifest.write(to: archive)
            try await withSQLite(in: scratch, named: "target.sqlite") { target in
                await #expect(throws: ArchiveError.self) { try await ArchiveImport.run(from: archive, into: target) }
                let tables = try await TargetCheck.catalog(target)
                #expect(tables.isEmpty)
            }
        }
    }

    /// A damaged line near the end: the whole import rolls back and the target stays empty.
    @Test(arguments: TestDatabase.all)
    func aFailedImportLeavesTheTargetEmpty(_ database: TestDatabase) async throws {
        try await withScratch { scratch in
            let archive = scratch.appendingPathComponent("archive")
            try await withSQLite(in: scratch) { source in
                try await Migrator.migrate(source)
                try await ArchiveSeed.edgeRows(source)
                try await Export.run(source, to: archive)
            }
            let manifest = try ArchiveManifest.read(from: archive)
            let last = try #require(manifest.tables.last { $0.rows > 0 && $0.name != "schema_migrations" })
            let file = archive.appendingPathComponent(last.jsonl)
            try (String(contentsOf: file, encoding: .utf8) + "{\"broken\": \n").write(to: file, atomically: true, encoding: .utf8)
            try await database.withEmptyDatabase { target in
                await #expect(throws: ArchiveError.self) { try await ArchiveImport.run(from: archive, into: target) }
                for table in try await TargetCheck.catalog(target) where table.name != "schema_migrations" {
                    let count = try await target.read { sql in
                        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table.quoted)").first()?.decode(column: "n", as: Int.self)
                    }
                    #expect(count == 0, "\(table.name)")
                }
            }
        }
    }
}
