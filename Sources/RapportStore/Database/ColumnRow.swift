import Foundation
import PostgresKit
import RapportCore
import SQLKit
import SQLiteKit

/// A result row read by column position, for the hot read paths (record lists, a record by ID).
///
/// SQLKit's `SQLRow` only decodes by column name — a dictionary lookup, dynamic casts and, for UUIDs,
/// `Decodable` into Foundation's parser per column — which cost more than SQLite itself on a list of
/// 50 records. These rows come straight from the driver (`Database.readRows`) and hand each column
/// out by its index in the SELECT list. This is the one place that knows both drivers' row types.
struct ColumnRow: Sendable {
    enum Storage: Sendable {
        case sqlite([SQLiteData])
        case postgres(PostgresRandomAccessRow)
    }

    let storage: Storage

    /// Whether the column is SQL NULL.
    func isNull(_ index: Int) -> Bool {
        switch storage {
        case .sqlite(let data): if case .null = data[index] { return true } else { return false }
        case .postgres(let row): return row[index].bytes == nil
        }
    }

    /// A text column (`""` for NULL).
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

    /// An integer column, `nil` for NULL.
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

    /// A boolean column (SQLite keeps 0 and 1).
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

    /// A UUID column, `nil` for NULL (SQLite keeps the canonical text, PostgreSQL the `uuid` type).
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

    /// A UUID column that may not be NULL.
    func requiredUUID(_ index: Int) throws -> UUID {
        guard let uuid = try uuid(index) else { throw ColumnError.type(index, "a UUID, not NULL") }
        return uuid
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
}

extension SQLiteBackend {
    func readRows(_ query: SQLQueryString) async throws -> [ColumnRow] {
        let connection = readers[0]
        var serializer = SQLSerializer(database: connection.sql(queryLogLevel: nil))
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        let index = await readPool.take()
        do {
            let rows = try await readers[index].query(serializer.sql, binds)
            readPool.give(index)
            return rows.map { row in ColumnRow(storage: .sqlite(row.columns.map(\.data))) }
        } catch {
            readPool.give(index)
            throw error
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
