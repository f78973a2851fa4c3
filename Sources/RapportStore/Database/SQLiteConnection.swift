import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import RapportCore
import VaporCSQLite

/// A SQLite connection used from a thread of its own, with its statements prepared once: the writer
/// every write goes through, and each of the readers.
///
/// SQLiteNIO prepares every statement again and sends each to its thread pool and back: a create
/// of ten statements spent more time in those hops and in `sqlite3_prepare` than in SQLite itself,
/// all while holding the one write lock. Here a transaction (or a read) runs on the connection's
/// thread (`SQLiteThread`, a task executor) from start to end, each statement executes in place, and
/// prepared statements are kept by SQL text and reused. It speaks SQLKit (`SQLDatabase`), so the
/// stores' SQL is the same as on any other connection.
final class SQLiteConnectionHandle: @unchecked Sendable {
    let handle: OpaquePointer
    let thread: SQLiteThread
    let logger: Logger
    /// Prepared statements by SQL text, with their column names.
    private var cache: [String: Prepared] = [:]
    /// More distinct statements than this (multi-row INSERTs of every length) and the cache starts over.
    private let capacity = 512

    private final class Prepared {
        let statement: OpaquePointer
        let columns: [String: Int]
        let names: [String]

        init(statement: OpaquePointer) {
            self.statement = statement
            let count = Int(sqlite_nio_sqlite3_column_count(statement))
            names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, Int32($0))) }
            var columns: [String: Int] = [:]
            for (i, name) in names.enumerated() where columns[name] == nil { columns[name] = i }
            self.columns = columns
        }
    }

    init(path: String, name: String, logger: Logger, readOnly: Bool = false) throws {
        var handle: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let flags = access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteFailure(code: status, message: "cannot open \(path)")
        }
        self.handle = handle
        self.logger = logger
        thread = SQLiteThread(name: name)
    }

    /// An SQLKit view of the connection; use it only on the connection's thread (see `Database`).
    func sql(eventLoop: any EventLoop) -> any SQLDatabase { SQLiteHandleDatabase(connection: self, eventLoop: eventLoop) }

    /// Runs one statement and hands each result row to `onRow`.
    func execute(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteHandleRow) throws -> Void) throws {
        try step(sql, binds) { row, prepared in
            try onRow(SQLiteHandleRow(columns: prepared.columns, names: prepared.names, data: row.data))
        }
    }

    /// Runs one statement and hands each result row, read in place from the statement, to `onRow`.
    func step(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteStatementRow) throws -> Void) throws {
        try step(sql, binds) { row, _ in try onRow(row) }
    }

    private func step(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteStatementRow, Prepared) throws -> Void) throws {
        // Statements with their values written in (the bulk loader's multi-row INSERTs) are used once:
        // prepared, run and finalized, not kept.
        let keep = sql.utf8.count <= Self.cachedLength
        let prepared = try keep ? prepare(sql) : Prepared(statement: try compile(sql))
        let statement = prepared.statement
        defer {
            // Not `sqlite3_clear_bindings`: it marks the statement expired whenever the planner looked at a
            // bound value, which it does for nearly every `column = ?` (is it a small integer?), so every
            // kept statement was prepared again at its next use (`sqlite3Reprepare`, 5-6% of the CPU of a
            // record page or a create). `bind` sets every parameter each time instead.
            if keep {
                sqlite_nio_sqlite3_reset(statement)
            } else {
                sqlite_nio_sqlite3_finalize(statement)
            }
        }
        try bind(binds, to: statement)
        let row = SQLiteStatementRow(statement: statement, count: prepared.names.count)
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status) }
            try onRow(row, prepared)
        }
    }

    /// Statements longer than this are not kept.
    static let cachedLength = 16_384

    private func prepare(_ sql: String) throws -> Prepared {
        if let prepared = cache[sql] { return prepared }
        if cache.count >= capacity { dropStatements() }
        let prepared = Prepared(statement: try compile(sql, persistent: true))
        cache[sql] = prepared
        return prepared
    }

    private func compile(_ sql: String, persistent: Bool = false) throws -> OpaquePointer {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, flags, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, sql: sql) }
        return statement
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws {
        for (index, value) in binds.enumerated() {
            let i = Int32(index + 1)
            let status: Int32
            switch value {
            case .integer(let v): status = sqlite_nio_sqlite3_bind_int64(statement, i, Int64(v))
            case .float(let v): status = sqlite_nio_sqlite3_bind_double(statement, i, v)
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, i)
            case .text(var v):
                status = v.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, bytes.count > 0 else {
                        return sqlite_nio_sqlite3_bind_text64(statement, i, "", 0, SQLiteConnectionHandle.transient, UInt8(SQLITE_UTF8))
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                        sqlite_nio_sqlite3_bind_text64(
                            statement, i, chars, UInt64(bytes.count), SQLiteConnectionHandle.transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let v):
                status = v.withUnsafeReadableBytes { bytes in
                    sqlite_nio_sqlite3_bind_blob64(statement, i, bytes.baseAddress, UInt64(bytes.count), SQLiteConnectionHandle.transient)
                }
            }
            guard status == SQLITE_OK else { throw failure(status) }
        }
        // A kept statement still holds its last values; parameters given none this time are NULL.
        let count = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        if binds.count < count {
            for index in binds.count..<count { sqlite_nio_sqlite3_bind_null(statement, Int32(index + 1)) }
        }
    }

    static func column(_ statement: OpaquePointer, _ i: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, i)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, i) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let blob = sqlite_nio_sqlite3_column_blob(statement, i) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private func failure(_ status: Int32, sql: String? = nil) -> SQLiteFailure {
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown error"
        return SQLiteFailure(code: status, message: sql.map { "\(message) in \($0.prefix(200))" } ?? message)
    }

    private func dropStatements() {
        for prepared in cache.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        cache = [:]
    }

    /// Hands the WAL's length in pages to `hook` after every commit, instead of SQLite checkpointing
    /// on its own (see `SQLiteCheckpointer`). `context` is passed back to it.
    func onWAL(_ context: UnsafeMutableRawPointer, _ hook: @escaping @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void) {
        walHook = hook
        walContext = context
        sqlite_nio_sqlite3_wal_hook(handle, { context, _, _, pages in
            guard let context else { return SQLITE_OK }
            let connection = Unmanaged<SQLiteConnectionHandle>.fromOpaque(context).takeUnretainedValue()
            connection.walHook?(connection.walContext, pages)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private var walHook: (@convention(c) (UnsafeMutableRawPointer?, Int32) -> Void)?
    private var walContext: UnsafeMutableRawPointer?

    /// Whether a transaction is open (SQLite may end one by itself after an I/O error or a full disk).
    var inTransaction: Bool { sqlite_nio_sqlite3_get_autocommit(handle) == 0 }

    /// Finalizes every statement, closes the connection and stops the thread.
    func close() {
        dropStatements()
        sqlite_nio_sqlite3_close_v2(handle)
        thread.stop()
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// An SQLite error: its result code and message.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}

/// A result row, read by name: the common types by hand (a UUID without Foundation's parser), the
/// rest through SQLiteKit's decoder, as SQLiteKit's rows are.
struct SQLiteHandleRow: SQLRow {
    let columns: [String: Int]
    let names: [String]
    let data: [SQLiteData]

    var allColumns: [String] { names }
    func contains(column: String) -> Bool { columns[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns[column] else { return true }
        if case .null = data[index] { return true }
        return false
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns[column] else { throw SQLiteFailure(code: SQLITE_ERROR, message: "no column \(column)") }
        let value = data[index]
        switch value {
        case .text(let text):
            if D.self == String.self || D.self == String?.self, let result = text as? D { return result }
            if D.self == UUID.self || D.self == UUID?.self, let uuid = UUIDText.parse(text), let result = uuid as? D {
                return result
            }
        case .integer(let int):
            if D.self == Int.self || D.self == Int?.self, let result = int as? D { return result }
            if D.self == Int64.self || D.self == Int64?.self, let result = Int64(int) as? D { return result }
            if D.self == Bool.self || D.self == Bool?.self, let result = (int != 0) as? D { return result }
        case .null:
            if let optional = D.self as? any ExpressibleByNilLiteral.Type, let result = optional.init(nilLiteral: ()) as? D {
                return result
            }
        default: break
        }
        return try SQLiteDataDecoder().decode(D.self, from: value)
    }
}

/// SQLKit over a connection. Statements run at once on the calling thread, which is the
/// connection's thread for everything `Database.read` and `Database.write` run.
struct SQLiteHandleDatabase: SQLDatabase {
    let connection: SQLiteConnectionHandle
    let eventLoop: any EventLoop

    var logger: Logger { connection.logger }
    var dialect: any SQLDialect { SQLiteDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let binds = try SQLiteBinds.encode(serializer.binds)
        try connection.execute(serializer.sql, binds) { onRow($0) }
    }
}

/// Bind values as SQLiteKit's encoder makes them, the common types by hand: a UUID is its upper-case
/// text (Foundation's `uuidString` formats with `sprintf`), a Bool 1 or 0, NULL for nil.
enum SQLiteBinds {
    static func encode(_ values: [any Encodable & Sendable]) throws -> [SQLiteData] {
        let encoder = SQLiteDataEncoder()
        return try values.map { try encode($0, encoder) }
    }

    static func encode(_ value: any Encodable, _ encoder: SQLiteDataEncoder) throws -> SQLiteData {
        switch value {
        case let s as String: return .text(s)
        case let u as UUID: return .text(UUIDText.uppercased(u))
        case let i as Int64: return .integer(Int(i))
        case let i as Int: return .integer(i)
        case let b as Bool: return .integer(b ? 1 : 0)
        case let optional as any OptionalBind:
            guard let wrapped = optional.wrapped else { return .null }
            return try encode(wrapped, encoder)
        default: return try encoder.encode(value)
        }
    }
}

/// An optional bind, seen through `any Encodable`.
protocol OptionalBind { var wrapped: (any Encodable)? { get } }

extension Optional: OptionalBind where Wrapped: Encodable {
    var wrapped: (any Encodable)? { self.map { $0 } }
}
