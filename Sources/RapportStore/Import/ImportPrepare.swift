import Foundation
import RapportCore

/// A row read from the file and through the entity's validation, before the database is asked
/// anything about it.
struct PreparedRow<E: Entity>: Sendable {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    var number: Int
    var line: Int
    /// The values as read, for the rejected-rows file.
    var values: [String]
    var row: ImportRow
    var changes: RecordChanges<E>
    /// Why the row cannot be imported, in words naming its columns; empty when nothing is wrong yet.
    var problems: [String] = []
    var blank = false
}

/// The rows of one chunk, and where the file stands after them.
struct PreparedChunk<E: Entity>: Sendable {
    var rows: [PreparedRow<E>] = []
    var endOffset: Int64 = 0
    var endLine: Int = 0
    /// The file has no rows after these.
    var atEnd = false
}

/// Reads a chunk of rows and runs each through the mapping and the entity's own input validation
/// (`RecordChanges.read`), the work that needs no database and runs beside the writer.
struct ImportPrepare<E: Entity>: Sendable {
    let context: ImportContext
    let reader: ImportRowReader

    init(context: ImportContext) {
        self.context = context
        let settings = context.batch.settings
        reader = ImportRowReader(
            mapping: settings.mapping, fields: E.fields, dateOrder: settings.dateOrder, defaultCurrency: context.defaultCurrency)
    }

    func chunk(from source: ImportSource, rows limit: Int) throws -> PreparedChunk<E> {
        var chunk = PreparedChunk<E>()
        chunk.rows.reserveCapacity(limit)
        while chunk.rows.count < limit {
            guard let record = try source.file.next() else {
                chunk.atEnd = true
                break
            }
            let number = source.nextRow
            source.nextRow += 1
            chunk.rows.append(prepare(record, number: number, columns: source.columnCount))
        }
        chunk.endOffset = source.file.parser.offset
        chunk.endLine = source.file.parser.lineNumber
        if !chunk.atEnd, chunk.rows.count == limit, source.file.parser.isAtEnd { chunk.atEnd = true }
        return chunk
    }

    func prepare(_ record: CSVRecord, number: Int, columns: Int) -> PreparedRow<E> {
        if record.problem == nil && record.isBlank {
            return PreparedRow(number: number, line: record.line, values: [], row: ImportRow(), changes: RecordChanges(), blank: true)
        }
        let row = reader.read(record.fields)
        var input = Input(row.object, lenient: true)
        input.localZone = context.zone
        let changes = RecordChanges<E>.read(&input, defaultCountry: context.defaultCountry)
        var prepared = PreparedRow(number: number, line: record.line, values: record.fields, row: row, changes: changes)
        if let problem = record.problem { prepared.problems.append("The row " + problem.message + ".") }
        if record.fields.count > columns, record.fields[columns...].contains(where: { !$0.trimmingWhitespace().isEmpty }) {
            prepared.problems.append(
                "The row has \(record.fields.count) values but the header names \(columns) columns; a value may hold an unquoted separator.")
        }
        var issues = row.issues
        do { try input.finish() } catch {
            if case .invalid(let list) = error { issues += list }
        }
        if !issues.isEmpty { prepared.problems.append(describe(issues)) }
        return prepared
    }

    /// Issues in words naming the file's columns: “Email: 'x' is not a valid email address.”
    func describe(_ issues: [FieldIssue]) -> String {
        ImportWords.describe(issues, reader: reader, fields: E.fields)
    }
}

/// How an import words what it found.
enum ImportWords {
    /// Issues as one sentence per column: “Email Address: 'x' is not a valid email address.”
    static func describe(_ issues: [FieldIssue], reader: ImportRowReader, fields: [FieldSpec]) -> String {
        var seen: Set<String> = []
        return issues.compactMap { issue -> String? in
            let column = reader.columnName(for: issue.field)
            let text = "\(column): \(issue.reason)"
            return seen.insert(text).inserted ? text : nil
        }.joined(separator: "; ") + "."
    }

    /// “1 contact” / “2 contacts”.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
