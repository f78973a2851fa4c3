import Foundation
import Logging
import NIOCore
import PostgresKit
import SQLKit
import SQLiteKit
import VaporCSQLite

/// Receives a database's tables and rows, one table after another, from `TableWalker`. Calls come
/// from one task (or one connection's thread) at a time, in order.
protocol TableVisitor: AnyObject, Sendable {
    /// The snapshot's schema version and tables, before any row.
    func start(schemaVersion: Int, tables: [ArchiveTable]) throws
    func beginTable(_ table: ArchiveTable) throws
    /// One row, its values in the order of the table's columns.
    func row(_ values: [ArchiveValue]) throws
    func endTable(_ table: ArchiveTable) throws
}

/// Reads every row of every table in one consistent snapshot: the one mechanism behind backups,
/// their verification, exports and checksums.
///
/// SQLite: one read transaction on a reader connection (WAL lets writers go on meanwhile), rows read
/// in place as the statement steps. PostgreSQL: one `REPEATABLE READ READ ONLY` transaction, rows
/// streamed with backpressure. Either way nothing holds a whole table in memory.
enum TableWalker {
    static func walk(_ db: Database, _ visitor: any TableVisitor) async throws {
        switch db.backend {
        case .sqlite(let backend):
            try await backend.withReader { connection in try walk(connection, visitor) }
        case .postgres(let backend):
            try await backend.client.withConnection { connection in
                try await walk(connection, logger: backend.logger, visitor)
            }
        }
    }

    /// Walks an SQLite connection (a reader, or a backup file opened on its own).
    static func walk(_ connection: SQLiteConnectionHandle, _ visitor: any TableVisitor) throws {
        try connection.execute("BEGIN", []) { _ in }
        defer { try? connection.execute("COMMIT", []) { _ in } }
        let tables = try TableCatalog.sqlite(connection)
        try visitor.start(schemaVersion: try schemaVersion(connection), tables: tables)
        for table in tables {
            try visitor.beginTable(table)
            let count = table.columns.count
            try connection.step("SELECT \(selectList(table)) FROM \(table.quoted)", []) { row in
                var values: [ArchiveValue] = []
                values.reserveCapacity(count)
                for i in 0..<Int32(count) { values.append(ArchiveValue(sqlite: row.statement, i)) }
                try visitor.row(values)
            }
            try visitor.endTable(table)
        }
    }

    static func schemaVersion(_ connection: SQLiteConnectionHandle) throws -> Int {
        var exists = false
        try connection.execute("SELECT 1 AS one FROM pragma_table_list WHERE name = 'schema_migrations'", []) { _ in exists = true }
        guard exists else { return 0 }
        var version = 0
        try connection.execute("SELECT COALESCE(MAX(number), 0) AS v FROM schema_migrations", []) { row in
            version = try row.decode(column: "v", as: Int.self)
        }
        return version
    }

    static func walk(_ connection: PostgresConnection, logger: Logger, _ visitor: any TableVisitor) async throws {
        try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
        do {
            let sql = connection.sql(queryLogLevel: nil)
            let tables = try await TableCatalog.postgres(sql)
            var version = 0
            if tables.contains(where: { $0.name == "schema_migrations" }) {
                version = try await sql.raw("SELECT COALESCE(MAX(number), 0) AS v FROM schema_migrations").first()?
                    .decode(column: "v", as: Int.self) ?? 0
            }
            try visitor.start(schemaVersion: version, tables: tables)
            for table in tables {
                try visitor.beginTable(table)
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT \(selectList(table, castOthers: true)) FROM \(table.quoted)"), logger: logger)
                for try await row in rows {
                    var values: [ArchiveValue] = []
                    values.reserveCapacity(table.columns.count)
                    for (cell, column) in zip(row, table.columns) { values.append(try ArchiveValue(postgres: cell, column.type)) }
                    try visitor.row(values)
                }
                try visitor.endTable(table)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The table's columns; on PostgreSQL types the archive does not know are read as their text.
    static func selectList(_ table: ArchiveTable, castOthers: Bool = false) -> String {
        table.columns.map { column in
            let name = ArchiveTable.quote(column.name)
            return castOthers && column.type == .text ? name + "::text" : name
        }.joined(separator: ", ")
    }
}

extension ArchiveValue {
    /// A column of the statement's current row, by its storage class.
    init(sqlite statement: OpaquePointer, _ i: Int32) {
        switch sqlite_nio_sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: self = .integer(sqlite_nio_sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT: self = .real(sqlite_nio_sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            guard let text = sqlite_nio_sqlite3_column_text(statement, i) else {
                self = .text("")
                return
            }
            self = .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            guard let blob = sqlite_nio_sqlite3_column_blob(statement, i), count > 0 else {
                self = .blob([])
                return
            }
            self = .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: self = .null
        }
    }

    /// A PostgreSQL cell of a column the catalog typed.
    init(postgres cell: PostgresCell, _ type: ColumnType) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch type {
        case .uuid: self = .uuid(try cell.decode(UUID.self))
        case .boolean: self = .bool(try cell.decode(Bool.self))
        case .integer: self = .integer(try cell.decode(Int64.self))
        case .real: self = .real(try cell.decode(Double.self))
        case .text: self = .text(try cell.decode(String.self))
        case .blob:
            var buffer = try cell.decode(ByteBuffer.self)
            self = .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
    }
}
