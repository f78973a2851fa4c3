import Foundation
import RapportCore
import SQLKit

/// CSV imports of accounts, contacts and any other entity the store registers (`kinds`): a file
/// is uploaded as a draft, mapped, previewed, dry-run, run as a background job in chunks, and
/// reverted. The command line runs the same steps in the foreground.
///
/// Imports are seen by whoever made them and by the workspace's managers and admins; they may run,
/// cancel and revert them.
public struct ImportStore: Sendable {
    let db: Database
    /// The entities files can be imported into.
    public let kinds: [ImportKind]

    public init(_ db: Database, kinds: [ImportKind]) {
        self.db = db
        self.kinds = kinds
    }

    /// The job that runs (or dry-runs) an import; its payload names the import.
    public static let runKind = "imports.run"
    /// The job that reverts an import.
    public static let revertKind = "imports.revert"

    /// The kind of an entity table (`contacts`), if files can be imported into it.
    public func kind(_ table: String) -> ImportKind? { kinds.first { $0.table == table } }

    // MARK: Drafts

    /// A new import of the file at `path` (already in place: an upload saved to the data folder,
    /// or a file the command line names). Its format is sniffed and its columns mapped as Rapport
    /// suggests, or as `template` says.
    public func createDraft(
        _ kind: ImportKind, path: String, fileName: String, template: String? = nil, ownsFile: Bool = false, by principal: Principal
    ) async throws -> ImportBatch {
        try principal.requireWrite()
        let peek = try CSVPeek.read(path: path)
        let workspace = try await db.read { sql in
            try await sql.raw("SELECT * FROM workspaces WHERE id = \(bind: principal.workspaceID.uuid)").first().map(Directory.workspace)
        }
        var mapping = ImportMapping.automatic(headers: peek.headers, entity: kind.name, fields: kind.fields, samples: peek.rows)
        if let template {
            guard let saved = try await templates(kind, by: principal).first(where: { $0.name == template }) else {
                throw RapportError.invalid(field: "template", reason: "names no saved mapping for \(kind.table)")
            }
            mapping = mapping.applying(template: saved.mapping, validTargets: Set(kind.targets.map(\.key)))
        }
        let settings = ImportSettings(
            format: peek.format, mapping: mapping,
            dateOrder: ImportSettings.dateOrder(forCountry: workspace?.defaultCountry ?? "US"))
        var batch = ImportBatch(
            id: .make(), workspaceID: principal.workspaceID, entity: kind.table, status: .draft, settings: settings,
            fileName: String(fileName.prefix(255)), fileBytes: CSVFile.size(path: path), filePath: path, createdAt: .now(),
            createdBy: principal.userID, createdByName: principal.name)
        batch.ownsFile = ownsFile
        try await db.write { [batch] sql in
            try await sql.raw(
                """
                INSERT INTO imports (id, workspace_id, entity, status, settings, file_name, file_path, file_bytes, owns_file, created_at,
                    created_by, created_by_name)
                VALUES (\(bind: batch.id.uuid), \(bind: batch.workspaceID.uuid), \(bind: batch.entity), 'draft',
                    \(bind: JSONWriter.string(.object(settings.storedJSON))), \(bind: batch.fileName), \(bind: path),
                    \(bind: batch.fileBytes), \(bind: ownsFile), \(bind: batch.createdAt.micros), \(bind: principal.userID?.uuid),
                    \(bind: principal.name))
                """
            ).run()
        }
        return batch
    }

    /// An import the principal may see.
    public func get(_ id: ImportBatch.ID, by principal: Principal) async throws -> ImportBatch {
        guard let batch = try await db.read({ sql in try await Self.find(id, on: sql) }),
            batch.workspaceID == principal.workspaceID, Self.canSee(batch, principal)
        else { throw RapportError.notFound(entity: "import", id: id.description) }
        return batch
    }

    /// Whether a principal may see (and act on) an import: its maker, managers, admins.
    static func canSee(_ batch: ImportBatch, _ principal: Principal) -> Bool {
        principal.role >= .manager || (principal.userID != nil && batch.createdBy == principal.userID)
    }

    /// Imports of the workspace the principal may see, newest first, `limit` at a time from `cursor`.
    public func list(entity: String? = nil, cursor: String? = nil, limit: Int = 50, by principal: Principal) async throws
        -> Page<ImportBatch>
    {
        let limit = max(1, min(limit, 200))
        var conditions: [SQLQueryString] = ["workspace_id = \(bind: principal.workspaceID.uuid)"]
        if let entity { conditions.append("entity = \(bind: entity)") }
        if principal.role < .manager { conditions.append("created_by = \(bind: principal.userID?.uuid)") }
        if let cursor {
            let position = try Cursor(decoding: cursor)
            guard case .int(let at) = position.sortValue, let id = UUID(uuidString: position.id), !position.backwards else {
                throw RapportError.invalid(field: "cursor", reason: "is not a cursor of this list")
            }
            conditions.append("(created_at < \(bind: at) OR (created_at = \(bind: at) AND id < \(bind: id)))")
        }
        let query: SQLQueryString = """
            SELECT * FROM imports WHERE \(conditions.joined(separator: " AND "))
            ORDER BY created_at DESC, id DESC LIMIT \(literal: limit + 1)
            """
        let rows = try await db.read { sql in try await sql.raw(query).all().map(Self.decode) }
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit
            ? items.last.map { Cursor(sortValue: .int($0.createdAt.micros), id: $0.id.uuid.uuidString, backwards: false).encoded } : nil
        return Page(items: items, nextCursor: next, previousCursor: nil)
    }

    /// Changes a draft's settings (see `ImportSettings.changed(by:)`): its mapping, mode, match key,
    /// how duplicates are treated, the list it came from, how the file is read.
    public func update(_ id: ImportBatch.ID, with input: JSONObject, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        var batch = try await get(id, by: principal)
        guard batch.status == .draft else {
            throw RapportError.conflict("This import has \(batch.status == .queued || batch.status == .running ? "started" : "run"); its settings can no longer change.")
        }
        guard let kind = kind(batch.entity) else { throw RapportError.notFound(entity: "import", id: id.description) }
        let currency = try await db.read { sql in
            try await sql.raw("SELECT default_currency FROM workspaces WHERE id = \(bind: principal.workspaceID.uuid)").first()?
                .decode(column: "default_currency", as: String.self) ?? "USD"
        }
        var (settings, reread) = try batch.settings.changed(by: input, defaultCurrency: currency)
        if reread {
            // Another encoding or separator: the header is read again and the columns mapped afresh.
            let peek = try CSVPeek.read(path: batch.filePath, format: settings.format)
            settings.mapping = ImportMapping.automatic(headers: peek.headers, entity: kind.name, fields: kind.fields, samples: peek.rows)
            if case .object(let mapping)? = input["mapping"] {
                (settings, _) = try settings.changed(by: JSONObject(["mapping": .object(mapping)]), defaultCurrency: currency)
            }
        }
        let shape = settings.problems(fields: kind.fields).filter { $0.field.hasPrefix("mapping.") || $0.field == "list_name" || $0.field == "list_cost" }
        if !shape.isEmpty { throw RapportError.invalid(shape) }
        batch.settings = settings
        try await db.write { [settings] sql in
            try await sql.raw(
                """
                UPDATE imports SET settings = \(bind: JSONWriter.string(.object(settings.storedJSON))), list_name = \(bind: settings.listName),
                    list_cost = \(bind: settings.listCost?.minor), list_cost_currency = \(bind: settings.listCost?.currency ?? ""),
                    dry_counts = ''
                WHERE id = \(bind: id.uuid) AND status = 'draft'
                """
            ).run()
            try await sql.raw("DELETE FROM import_issues WHERE import_id = \(bind: id.uuid) AND pass = 'dry'").run()
        }
        batch.dryCounts = nil
        return batch
    }

    /// What the first rows would do with the current settings, writing nothing.
    public func preview(_ id: ImportBatch.ID, limit: Int = 20, by principal: Principal) async throws -> ImportPreview {
        let batch = try await get(id, by: principal)
        let kind = try ready(batch)
        return try await kind.preview(db, batch, principal, max(1, min(limit, 100)))
    }

    /// Deletes a draft that was never run, and its uploaded file.
    public func discard(_ id: ImportBatch.ID, by principal: Principal) async throws -> ImportBatch {
        try principal.requireWrite()
        let batch = try await get(id, by: principal)
        guard batch.status == .draft else { throw RapportError.conflict("Only a draft that has not run can be discarded.") }
        try await db.write { sql in
            try await sql.raw("DELETE FROM import_issues WHERE import_id = \(bind: id.uuid)").run()
            try await sql.raw("DELETE FROM imports WHERE id = \(bind: id.uuid) AND status = 'draft'").run()
        }
        if batch.ownsFile { try? FileManager.default.removeItem(atPath: batch.filePath) }
        return batch
    }

    /// The kind of an import whose settings are complete, or the problems that keep it from running.
    func ready(_ batch: ImportBatch) throws -> ImportKind {
        guard let kind = kind(batch.entity) else {
            throw RapportError.conflict("\(batch.entity) can no longer be imported.")
        }
        let problems = kind.problems(batch.settings)
        if !problems.isEmpty { throw RapportError.invalid(problems) }
        return kind
    }

    /// The first data rows of an import's file as read with its settings (none once the file is gone).
    public func samples(_ batch: ImportBatch, rows: Int = 5) -> [[String]] {
        (try? CSVPeek.read(path: batch.filePath, format: batch.settings.format, rows: rows).rows) ?? []
    }

    // MARK: Reading

    static func find(_ id: ImportBatch.ID, on sql: any SQLDatabase) async throws -> ImportBatch? {
        try await sql.raw("SELECT * FROM imports WHERE id = \(bind: id.uuid)").first().map(decode)
    }

    static func fetch(_ id: ImportBatch.ID, on db: Database) async throws -> ImportBatch {
        guard let batch = try await db.read({ sql in try await find(id, on: sql) }) else {
            throw RapportError.notFound(entity: "import", id: id.description)
        }
        return batch
    }

    static func decode(_ row: any SQLRow) throws -> ImportBatch {
        func object(_ column: String) throws -> JSONObject? {
            let text = try row.decode(column: column, as: String.self)
            guard !text.isEmpty, case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
                return nil
            }
            return o
        }
        guard let stored = try object("settings"), let settings = ImportSettings(stored: stored) else {
            throw RapportError.malformed("An import's stored settings cannot be read.")
        }
        var batch = ImportBatch(
            id: .init(try row.decode(column: "id", as: UUID.self)),
            workspaceID: .init(try row.decode(column: "workspace_id", as: UUID.self)),
            entity: try row.decode(column: "entity", as: String.self),
            status: ImportStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed, settings: settings,
            fileName: try row.decode(column: "file_name", as: String.self),
            fileBytes: try row.decode(column: "file_bytes", as: Int64.self),
            filePath: try row.decode(column: "file_path", as: String.self),
            createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: UUID?.self).map(User.ID.init),
            createdByName: try row.decode(column: "created_by_name", as: String.self))
        batch.dryRun = try row.decode(column: "dry_run", as: Bool.self)
        batch.ownsFile = try row.decode(column: "owns_file", as: Bool.self)
        batch.offset = try row.decode(column: "byte_offset", as: Int64.self)
        batch.line = try row.decode(column: "line", as: Int.self)
        batch.counts = try object("counts").map(ImportCounts.init(json:)) ?? ImportCounts()
        batch.dryCounts = try object("dry_counts").map(ImportCounts.init(json:))
        batch.revertCounts = try object("revert_counts").map(RevertCounts.init(json:))
        batch.error = try row.decode(column: "error", as: String.self)
        batch.cancelRequested = try row.decode(column: "cancel_requested", as: Bool.self)
        batch.startedAt = try row.decode(column: "started_at", as: Int64?.self).map(Timestamp.init(micros:))
        batch.finishedAt = try row.decode(column: "finished_at", as: Int64?.self).map(Timestamp.init(micros:))
        batch.revertedAt = try row.decode(column: "reverted_at", as: Int64?.self).map(Timestamp.init(micros:))
        return batch
    }

    /// The rows a pass (`run`, `dry`, `revert`) did not import or kept, by row, `limit` at a time after `afterRow`.
    public func issues(
        _ id: ImportBatch.ID, pass: String, kinds: [String]? = nil, afterRow: Int = -1, limit: Int = 100, by principal: Principal
    ) async throws -> [ImportIssue] {
        _ = try await get(id, by: principal)
        let filter: SQLQueryString = kinds.map { list in
            let binds: [any Encodable & Sendable] = list
            return " AND kind IN (\(binds: binds))"
        } ?? ""
        return try await db.read { sql in
            try await sql.raw(
                """
                SELECT row_number, line, kind, reason, raw, record_id FROM import_issues
                WHERE import_id = \(bind: id.uuid) AND pass = \(bind: pass) AND row_number > \(bind: afterRow)\(filter)
                ORDER BY row_number, seq LIMIT \(literal: max(1, min(limit, 5_000)))
                """
            ).all().map { row in
                var parser = CSVParser(separator: UInt8(ascii: ","), encoding: .utf8)
                parser.append(Array(try row.decode(column: "raw", as: String.self).utf8))
                parser.finish()
                return ImportIssue(
                    kind: try row.decode(column: "kind", as: String.self), row: try row.decode(column: "row_number", as: Int.self),
                    line: try row.decode(column: "line", as: Int.self), reason: try row.decode(column: "reason", as: String.self),
                    values: parser.next()?.fields ?? [], recordID: try row.decode(column: "record_id", as: UUID?.self))
            }
        }
    }

    /// The rows a pass did not import (rejected and skipped), as a CSV file to fix and import again:
    /// the file's own columns, then the row's number and why. Written `page` rows at a time.
    public func rejectedRows(
        _ id: ImportBatch.ID, pass: String = "run", by principal: Principal, write: (String) async throws -> Void
    ) async throws {
        let batch = try await get(id, by: principal)
        let headers = batch.settings.mapping.columns.map(\.header)
        try await write(CSVWriter.line(headers + ["Import row", "Import error"]) + "\r\n")
        var after = -1
        while true {
            let page = try await issues(id, pass: pass, kinds: ["rejected", "skipped"], afterRow: after, limit: 2_000, by: principal)
            guard let last = page.last else { return }
            var text = ""
            for issue in page {
                var values = issue.values
                if values.count < headers.count { values += Array(repeating: "", count: headers.count - values.count) }
                text += CSVWriter.line(values + [String(issue.row), issue.reason]) + "\r\n"
            }
            try await write(text)
            after = last.row
        }
    }
}
