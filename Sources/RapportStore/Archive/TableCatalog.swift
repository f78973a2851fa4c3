import Foundation
import SQLKit
import SQLiteKit

/// A column of a table as the database itself describes it.
public struct ArchiveColumn: Codable, Sendable, Equatable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    /// The table this column's foreign key points at, if any.
    public var references: String?
}

/// A table as the database itself describes it: read from the catalog, never listed by hand, so a
/// table a later migration adds is backed up, exported and imported without code of its own.
public struct ArchiveTable: Codable, Sendable, Equatable {
    public var name: String
    public var columns: [ArchiveColumn]
    public var primaryKey: [String]
    /// Columns filled from a sequence (PostgreSQL `BIGSERIAL`), moved past the imported values.
    public var serialColumns: [String] = []

    /// The quoted name, for SQL.
    var quoted: String { Self.quote(name) }

    static func quote(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Nullable columns that point at their own table (an account's parent): loaded in a second pass.
    var selfReferences: [String] {
        guard primaryKey.count == 1 else { return [] }
        return columns.filter { $0.references == name && $0.nullable }.map(\.name)
    }
}

/// The tables of a database, read from its own catalog (SQLite's pragmas, PostgreSQL's
/// `information_schema`): what every walker, export and import works from.
public enum TableCatalog {
    /// Tables the engine keeps for itself or that are rebuilt from others (SQLite's full-text
    /// index is filled by triggers on `search_docs`).
    static func isInternal(_ name: String) -> Bool { name.hasPrefix("sqlite_") }

    /// Every ordinary table of an SQLite connection (virtual and shadow tables left out).
    static func sqlite(_ connection: SQLiteConnectionHandle) throws -> [ArchiveTable] {
        var names: [String] = []
        try connection.execute("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'", []) { row in
            names.append(try row.decode(column: "name", as: String.self))
        }
        var tables: [ArchiveTable] = []
        for name in names.sorted() where !isInternal(name) {
            var references: [String: String] = [:]
            try connection.execute("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", [.text(name)]) { row in
                references[try row.decode(column: "from", as: String.self)] = try row.decode(column: "table", as: String.self)
            }
            var columns: [ArchiveColumn] = []
            var keys: [(Int, String)] = []
            try connection.execute("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", [.text(name)]) { row in
                let column = try row.decode(column: "name", as: String.self)
                columns.append(
                    ArchiveColumn(
                        name: column, type: .sqlite(declared: try row.decode(column: "type", as: String.self)),
                        nullable: try row.decode(column: "notnull", as: Int.self) == 0, references: references[column]))
                let pk = try row.decode(column: "pk", as: Int.self)
                if pk > 0 { keys.append((pk, column)) }
            }
            tables.append(ArchiveTable(name: name, columns: columns, primaryKey: keys.sorted { $0.0 < $1.0 }.map(\.1)))
        }
        return ordered(tables)
    }

    /// Every base table of the current PostgreSQL schema (generated columns left out: they are
    /// computed again on import).
    static func postgres(_ sql: any SQLDatabase) async throws -> [ArchiveTable] {
        let columnRows = try await sql.raw(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.is_generated, COALESCE(c.column_default, '') AS column_default
            FROM information_schema.columns c JOIN information_schema.tables t
              ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = current_schema()
            ORDER BY c.table_name, c.ordinal_position
            """
        ).all()
        let keyRows = try await sql.raw(
            """
            SELECT tc.table_name, tc.constraint_type, k.column_name, k.ordinal_position, COALESCE(u.table_name, '') AS parent
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k
              ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
            LEFT JOIN information_schema.constraint_column_usage u
              ON tc.constraint_type = 'FOREIGN KEY' AND u.constraint_schema = tc.constraint_schema
             AND u.constraint_name = tc.constraint_name
            WHERE tc.table_schema = current_schema() AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
            ORDER BY tc.table_name, k.ordinal_position
            """
        ).all()
        var primaryKeys: [String: [String]] = [:]
        var references: [String: [String: String]] = [:]
        for row in keyRows {
            let table = try row.decode(column: "table_name", as: String.self)
            let column = try row.decode(column: "column_name", as: String.self)
            if try row.decode(column: "constraint_type", as: String.self) == "PRIMARY KEY" {
                primaryKeys[table, default: []].append(column)
            } else {
                references[table, default: [:]][column] = try row.decode(column: "parent", as: String.self)
            }
        }
        var tables: [String: ArchiveTable] = [:]
        for row in columnRows {
            let table = try row.decode(column: "table_name", as: String.self)
            let column = try row.decode(column: "column_name", as: String.self)
            if try row.decode(column: "is_generated", as: String.self) == "ALWAYS" { continue }
            let dataType = try row.decode(column: "data_type", as: String.self)
            if dataType == "tsvector" { continue }
            var entry = tables[table] ?? ArchiveTable(name: table, columns: [], primaryKey: primaryKeys[table] ?? [])
            entry.columns.append(
                ArchiveColumn(
                    name: column, type: ColumnType.postgres(dataType: dataType) ?? .text,
                    nullable: try row.decode(column: "is_nullable", as: String.self) == "YES",
                    references: references[table]?[column]))
            if try row.decode(column: "column_default", as: String.self).hasPrefix("nextval(") { entry.serialColumns.append(column) }
            tables[table] = entry
        }
        return ordered(Array(tables.values))
    }

    /// Parents before children (by foreign key), otherwise by name: the order rows can be inserted in.
    static func ordered(_ tables: [ArchiveTable]) -> [ArchiveTable] {
        var remaining = tables.sorted { $0.name < $1.name }
        let names = Set(remaining.map(\.name))
        var placed: Set<String> = []
        var result: [ArchiveTable] = []
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { table in
                table.columns.allSatisfy { column in
                    guard let parent = column.references, parent != table.name, names.contains(parent) else { return true }
                    return placed.contains(parent)
                }
            }
            // A cycle between tables (none today) goes in name order; SQLite defers its checks anyway.
            let next = remaining.remove(at: ready ?? 0)
            placed.insert(next.name)
            result.append(next)
        }
        return result
    }
}
