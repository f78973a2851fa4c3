import Foundation
import RapportCore
import SQLKit

/// Loads one table's JSON Lines file with multi-row INSERTs, each value converted to the target
/// column's type (a UUID's text into PostgreSQL's `uuid`, SQLite's 0/1 into `boolean`, and back).
struct TableLoader {
    let table: ArchiveTable
    let entry: ArchiveManifest.Entry
    let dialect: Dialect

    /// Rows per INSERT: within both engines' limits on bound values.
    var batchSize: Int { max(1, min(500, 30_000 / max(1, entry.columns.count))) }

    /// Inserts every row; returns how many.
    func load(from file: URL, on sql: any SQLDatabase) async throws -> Int {
        let names = entry.columns.map(\.name)
        let types = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.type) })
        let targetTypes = names.map { types[$0] ?? .text }
        // JSON has no UUID type: a column the source engine typed `uuid` is read back as one.
        let sourceUUIDs = entry.columns.map { $0.type == .uuid }
        let selfReferences = Set(table.selfReferences)
        let deferred = names.enumerated().filter { selfReferences.contains($0.element) }.map(\.offset)
        let keyIndex = table.primaryKey.first.flatMap { names.firstIndex(of: $0) }
        let head = "INSERT INTO \(table.quoted) (\(names.map(ArchiveTable.quote).joined(separator: ", "))) VALUES "

        var reader = try LineReader(file)
        var batch: [[any Encodable & Sendable]] = []
        var links: [(key: any Encodable & Sendable, column: Int, value: any Encodable & Sendable)] = []
        var count = 0
        while let line = try reader.next() {
            count += 1
            let values = try line.withUnsafeBufferPointer { try ArchiveRowCodec.readJSON($0, columns: names) }
            var binds: [any Encodable & Sendable] = []
            binds.reserveCapacity(names.count)
            for (i, value) in values.enumerated() {
                guard var value else { throw ArchiveError.mismatch("row \(count) of \(table.name) has no \(names[i])") }
                if sourceUUIDs[i], case .text(let text) = value, let uuid = UUIDText.parse(text) { value = .uuid(uuid) }
                binds.append(try bind(value, as: targetTypes[i], column: names[i]))
            }
            // A row that points at another of its table waits for the table to be complete.
            for i in deferred where values[i] != .null {
                guard let keyIndex else { break }
                links.append((binds[keyIndex], i, binds[i]))
                binds[i] = try bind(.null, as: targetTypes[i], column: names[i])
            }
            batch.append(binds)
            if batch.count == batchSize {
                try await insert(batch, head: head, on: sql)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await insert(batch, head: head, on: sql) }
        if let key = table.primaryKey.first {
            for link in links {
                try await sql.raw(
                    "UPDATE \(unsafeRaw: table.quoted) SET \(unsafeRaw: ArchiveTable.quote(names[link.column])) = \(bind: link.value) WHERE \(unsafeRaw: ArchiveTable.quote(key)) = \(bind: link.key)"
                ).run()
            }
        }
        return count
    }

    private func insert(_ rows: [[any Encodable & Sendable]], head: String, on sql: any SQLDatabase) async throws {
        var query = SQLQueryString(head)
        for (i, row) in rows.enumerated() {
            query.appendLiteral(i == 0 ? "(" : ", (")
            query.appendInterpolation(binds: row)
            query.appendLiteral(")")
        }
        try await sql.raw(query).run()
    }

    /// The value as the target column takes it.
    func bind(_ value: ArchiveValue, as type: ColumnType, column: String) throws -> any Encodable & Sendable {
        switch (type, value) {
        case (.uuid, .null): return UUID?.none
        case (.boolean, .null): return Bool?.none
        case (.integer, .null): return Int64?.none
        case (.real, .null): return Double?.none
        case (.text, .null): return String?.none
        case (.blob, .null): return Data?.none
        case (.uuid, .uuid(let u)): return u
        case (.uuid, .text(let s)):
            if let u = UUIDText.parse(s) { return u }
        case (.boolean, .bool(let b)): return b
        case (.boolean, .integer(let i)): return i != 0
        case (.integer, .integer(let i)): return i
        case (.integer, .bool(let b)): return Int64(b ? 1 : 0)
        case (.integer, .real(let d)):
            if let i = Int64(exactly: d) { return i }
        case (.real, .real(let d)): return d
        case (.real, .integer(let i)): return Double(i)
        case (.text, .text(let s)): return s
        // SQLite keeps UUIDs as upper-case text, which is what its queries bind.
        case (.text, .uuid(let u)): return dialect == .sqlite ? UUIDText.uppercased(u) : UUIDText.lowercased(u)
        case (.text, .integer(let i)): return String(i)
        case (.text, .bool(let b)): return dialect == .sqlite ? (b ? "1" : "0") : (b ? "true" : "false")
        case (.blob, .blob(let b)): return Data(b)
        default: break
        }
        throw ArchiveError.mismatch("\(table.name).\(column) is \(type.rawValue) and cannot hold \(value)")
    }
}
