import Foundation
import RapportCore
@testable import RapportStore
import RapportTesting
import SQLKit
import Testing

/// Data for backup and archive tests: the demo workspace, plus rows at the edges of what a value can
/// be (non-ASCII and CSV-hostile text, money past 2^53, NULL beside the empty string).
enum ArchiveSeed {
    static let edgeName = "Zoë Ångström & Søn, \"Ltd\"\n東京 🎉"
    static let bigMoney: Int64 = 9_007_199_254_740_993

    static func fill(_ db: Database) async throws {
        try await Migrator.migrate(db)
        let store = Store(db)
        let workspace = try await store.directory.defaultWorkspace()
        _ = try await DemoWorkspace.load(into: store, workspace: workspace, passwordHash: "not-a-real-hash")
        try await edgeRows(db)
    }

    static func edgeRows(_ db: Database) async throws {
        let store = Store(db)
        let workspace = try await store.directory.defaultWorkspace()
        let admin = Principal.system(workspace.id)
        let account = try await store.accounts.create(
            try changes(Account.self, ["name": .string(edgeName), "type": "customer"]), by: admin)
        try await db.write { sql in
            try await sql.raw(
                """
                UPDATE accounts SET annual_revenue = \(bind: bigMoney), annual_revenue_currency = 'EUR', employees = NULL,
                    description = '' WHERE id = \(bind: account.id.uuid)
                """
            ).run()
        }
        try await store.jobs.enqueue(kind: "test-empty-key", dedupeKey: "")
        try await store.jobs.enqueue(kind: "test-null-key", dedupeKey: nil)
    }
}

/// Every row of every table, for comparing two databases row by row.
final class RowCollector: TableVisitor, @unchecked Sendable {
    private(set) var tables: [String: [[ArchiveValue]]] = [:]
    private(set) var columns: [String: [String]] = [:]
    private var name = ""
    let canonical: Bool

    init(canonical: Bool) { self.canonical = canonical }

    func start(schemaVersion: Int, tables: [ArchiveTable]) throws {}
    func beginTable(_ table: ArchiveTable) throws {
        name = table.name
        columns[name] = table.columns.map(\.name)
        tables[name] = []
    }
    func row(_ values: [ArchiveValue]) throws { tables[name, default: []].append(canonical ? values.map(\.canonical) : values) }
    func endTable(_ table: ArchiveTable) throws {
        tables[name]?.sort { "\($0)" < "\($1)" }
    }

    static func rows(_ db: Database, canonical: Bool) async throws -> RowCollector {
        let collector = RowCollector(canonical: canonical)
        try await TableWalker.walk(db, collector)
        return collector
    }

    /// Records an issue for every table whose rows differ (at most a few per table).
    static func expectSame(_ a: RowCollector, _ b: RowCollector, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(a.tables.keys) == Set(b.tables.keys), sourceLocation: sourceLocation)
        for (table, rows) in a.tables.sorted(by: { $0.key < $1.key }) {
            guard let other = b.tables[table] else { continue }
            #expect(a.columns[table] == b.columns[table], "columns of \(table)", sourceLocation: sourceLocation)
            #expect(rows.count == other.count, "rows of \(table)", sourceLocation: sourceLocation)
            let differing = zip(rows, other).filter { $0.0 != $0.1 }.prefix(2)
            for (x, y) in differing { Issue.record("\(table) differs:\n  \(x)\n  \(y)", sourceLocation: sourceLocation) }
        }
    }

    /// The same rows in their engine-independent form.
    func canonicalized() -> RowCollector {
        let copy = RowCollector(canonical: true)
        copy.columns = columns
        copy.tables = tables.mapValues { rows in rows.map { $0.map(\.canonical) }.sorted { "\($0)" < "\($1)" } }
        return copy
    }

    var totalRows: Int { tables.values.reduce(0) { $0 + $1.count } }
}

/// A scratch directory removed afterwards.
func withScratch<R>(_ body: (URL) async throws -> R) async throws -> R {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-archive-test-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url)
}

/// A fresh SQLite database in `directory`, closed afterwards.
func withSQLite<R>(in directory: URL, named name: String = "rapport.sqlite", _ body: (Database) async throws -> R) async throws -> R {
    let db = try await Database.open(.sqlite(path: directory.appendingPathComponent(name).path), logger: TestDatabase.logger)
    return try await TestDatabase.using(db, body)
}
