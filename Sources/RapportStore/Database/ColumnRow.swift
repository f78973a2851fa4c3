import Foundation
import PostgresKit
import RapportCore
import SQLKit
import SQLiteKit
import VaporCSQLite

/// A result row read by column position, for the hot read paths (record lists, a record by ID).
///
/// SQLKit's `SQLRow` only decodes by column name — a dictionary lookup, dynamic casts and, for UUIDs,
/// `Decodable` into Foundation's parser per column — which cost more than SQLite itself on a list of
/// 50 records. These rows come straight from the driver (`Database.readRows`, `Database.reduceRows`)
/// and hand each column out by its index in the SELECT list. Two kinds: `ColumnRow` owns its values
/// (either driver); `SQLiteStatementRow` reads them in place from a SQLite statement while it steps,
/// so a list can be written as JSON without making a string of every column first.
protocol ColumnAccess {
    /// Whether the column is SQL NULL.
    func isNull(_ index: Int) -> Bool
    /// A text column (`""` for NULL).
    func string(_ index: Int) throws -> String
    /// An integer column, `nil` for NULL.
    func int64(_ index: Int) throws -> Int64?
    /// A boolean column (SQLite keeps 0 and 1).
    func bool(_ index: Int) throws -> Bool
    /// A UUID column, `nil` for NULL (SQLite keeps the canonical text, PostgreSQL the `uuid` type).
    func uuid(_ index: Int) throws -> UUID?
    /// Calls `body` with a text column's UTF-8 bytes (empty for NULL).
    func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R
    /// The row with its values copied out, to keep after the statement moves on.
    func owned() -> ColumnRow
    /// Appends a UUID column as a quoted lower-case JSON string; `false` (nothing appended) for NULL.
    func writeQuotedUUID(_ index: Int, into out: inout [UInt8]) throws -> Bool
}

extension ColumnAccess {
    func writeQuotedUUID(_ index: Int, into out: inout [UInt8]) throws -> Bool {
        guard let uuid = try uuid(index) else { return false }
        JSONWriter.writeUUID(uuid, into: &out)
        return true
    }

    /// A UUID column that may not be NULL.
    func requiredUUID(_ index: Int) throws -> UUID {
        guard let uuid = try uuid(index) else { throw ColumnError.type(index, "a UUID, not NULL") }
        return uuid
    }
}

/// A row whose values are its own.
struct ColumnRow: ColumnAccess, Sendable {
    enum Storage: Sendable {
        case sqlite([SQLiteData])
        case postgres(PostgresRandomAccessRow)
    }

    let storage: Storage

    func owned() -> ColumnRow { self }

    func isNull(_ index: Int) -> Bool {
        switch storage {
        case .sqlite(let data): if case .null = data[index] { return true } else { return false }
        case .postgres(let row): return row[index].bytes == nil
        }
    }

    func string(_ index: Int) throws -> String {
        switch storage {
        case .sqlite(let data):
            switch data[index] {
            case .text(let s): return s
            case .null: return ""
            case .integer(let i): return String(i)
            case .float(let d): return String(d)
            case .blob(let b): return String(buffer: b)
            }
        case .postgres(let row):
            let cell = row[index]
            return cell.bytes == nil ? "" : try cell.decode(String.self)
        }
    }

    func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var text = try string(index)
        return try text.withUTF8(body)
    }

    func int64(_ index: Int) throws -> Int64? {
        switch storage {
        case .sqlite(let data):
            switch data[index] {
            case .integer(let i): return Int64(i)
            case .null: return nil
            case .float(let d): return Int64(d)
            case .text(let s):
                guard let i = Int64(s) else { throw ColumnError.type(index, "an integer") }
                return i
            case .blob: throw ColumnError.type(index, "an integer")
            }
        case .postgres(let row):
            let cell = row[index]
            guard cell.bytes != nil else { return nil }
            return try cell.decode(Int64.self)
        }
    }

    func bool(_ index: Int) throws -> Bool {
        switch storage {
        case .sqlite(let data):
            switch data[index] {
            case .integer(let i): return i != 0
            case .null: throw ColumnError.type(index, "a boolean")
            case .float(let d): return d != 0
            case .text(let s): return s == "1" || s.lowercased() == "true"
            case .blob: throw ColumnError.type(index, "a boolean")
            }
        case .postgres(let row): return try row[index].decode(Bool.self)
        }
    }

    func uuid(_ index: Int) throws -> UUID? {
        switch storage {
        case .sqlite(let data):
            switch data[index] {
            case .null: return nil
            case .text(let s):
                guard let uuid = UUIDText.parse(s) else { throw ColumnError.type(index, "a UUID") }
                return uuid
            default: throw ColumnError.type(index, "a UUID")
            }
        case .postgres(let row):
            let cell = row[index]
            guard cell.bytes != nil else { return nil }
            return try cell.decode(UUID.self)
        }
    }
}

/// The current row of a stepping SQLite statement, read in place; valid only until the next step.
struct SQLiteStatementRow: ColumnAccess {
    let statement: OpaquePointer
    let count: Int

    /// Every column's value, copied out.
    var data: [SQLiteData] {
        (0..<count).map { SQLiteConnectionHandle.column(statement, Int32($0)) }
    }

    func owned() -> ColumnRow { ColumnRow(storage: .sqlite(data)) }

    private func type(_ index: Int) -> Int32 { sqlite_nio_sqlite3_column_type(statement, Int32(index)) }

    func isNull(_ index: Int) -> Bool { type(index) == SQLITE_NULL }

    func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        switch type(index) {
        case SQLITE_TEXT:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, Int32(index)))
            guard let text = sqlite_nio_sqlite3_column_text(statement, Int32(index)) else { return try body(.init(start: nil, count: 0)) }
            return try body(UnsafeBufferPointer(start: text, count: count))
        case SQLITE_NULL: return try body(.init(start: nil, count: 0))
        default: return try owned().withUTF8(index, body)
        }
    }

    func string(_ index: Int) throws -> String {
        try withUTF8(index) { String(decoding: $0, as: UTF8.self) }
    }

    func int64(_ index: Int) throws -> Int64? {
        switch type(index) {
        case SQLITE_INTEGER: return sqlite_nio_sqlite3_column_int64(statement, Int32(index))
        case SQLITE_NULL: return nil
        default: return try owned().int64(index)
        }
    }

    func bool(_ index: Int) throws -> Bool {
        guard type(index) == SQLITE_INTEGER else { return try owned().bool(index) }
        return sqlite_nio_sqlite3_column_int64(statement, Int32(index)) != 0
    }

    func writeQuotedUUID(_ index: Int, into out: inout [UInt8]) throws -> Bool {
        switch type(index) {
        case SQLITE_NULL: return false
        case SQLITE_TEXT:
            // Canonical text (what the stores write) goes straight out, lower-cased.
            if try withUTF8(index, { UUIDText.writeQuotedLowercase(utf8: $0, into: &out) }) { return true }
        default: break
        }
        guard let uuid = try uuid(index) else { return false }
        JSONWriter.writeUUID(uuid, into: &out)
        return true
    }

    func uuid(_ index: Int) throws -> UUID? {
        switch type(index) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            let parsed = try withUTF8(index) { UUIDText.parse(utf8: $0) }
            if let parsed { return parsed }
            return try owned().uuid(index)
        default: return try owned().uuid(index)
        }
    }
}

/// A column that does not hold what the code reads from it.
struct ColumnError: Error, CustomStringConvertible {
    let index: Int
    let expected: String

    static func type(_ index: Int, _ expected: String) -> ColumnError { ColumnError(index: index, expected: expected) }

    var description: String { "Column \(index) is not \(expected)" }
}

extension Database {
    /// Runs a read query and returns its rows for reading by column position.
    func readRows(_ query: SQLQueryString) async throws -> [ColumnRow] {
        switch backend {
        case .sqlite(let b): try await b.readRows(query)
        case .postgres(let b): try await b.readRows(query)
        }
    }

    /// Runs a read query and folds its rows, read by position, into a value; on SQLite each row is
    /// read in place on the reader's thread (nothing is copied unless `update` keeps it).
    func reduceRows<State: Sendable>(
        _ query: SQLQueryString, into initial: State, _ update: @Sendable (inout State, any ColumnAccess) throws -> Void
    ) async throws -> State {
        switch backend {
        case .sqlite(let b): return try await b.reduceRows(query, into: initial, update)
        case .postgres(let b):
            var state = initial
            for row in try await b.readRows(query) { try update(&state, row) }
            return state
        }
    }
}

extension SQLiteBackend {
    func readRows(_ query: SQLQueryString) async throws -> [ColumnRow] {
        try await reduceRows(query, into: [ColumnRow]()) { rows, row in rows.append(row.owned()) }
    }

    func reduceRows<State: Sendable>(
        _ query: SQLQueryString, into initial: State, _ update: @Sendable (inout State, any ColumnAccess) throws -> Void
    ) async throws -> State {
        var serializer = SQLSerializer(database: writer.sql(eventLoop: eventLoop))
        query.serialize(to: &serializer)
        let binds = try SQLiteBinds.encode(serializer.binds)
        let sql = serializer.sql
        return try await withReader { connection in
            var state = initial
            try connection.step(sql, binds) { row in try update(&state, row) }
            return state
        }
    }
}

extension PostgresBackend {
    func readRows(_ query: SQLQueryString) async throws -> [ColumnRow] {
        try await client.withConnection { connection in
            var serializer = SQLSerializer(database: connection.sql(queryLogLevel: nil))
            query.serialize(to: &serializer)
            var bindings = PostgresBindings(capacity: serializer.binds.count)
            for bind in serializer.binds { try PostgresBinds.append(bind, to: &bindings) }
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: serializer.sql, binds: bindings), logger: logger)
            var result: [ColumnRow] = []
            for try await row in rows { result.append(ColumnRow(storage: .postgres(row.makeRandomAccess()))) }
            return result
        }
    }
}

/// Binds for queries that go to PostgresNIO directly, encoded as PostgresKit encodes SQLKit's binds.
enum PostgresBinds {
    static func append(_ value: any Encodable & Sendable, to bindings: inout PostgresBindings) throws {
        if (value as Optional<Any>) == nil {
            bindings.appendNull()
        } else if let value = value as? any PostgresThrowingDynamicTypeEncodable {
            try bindings.append(value, context: .default)
        } else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "No PostgreSQL encoding for \(type(of: value))"))
        }
    }
}
