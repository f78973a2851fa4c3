import Foundation
import RapportCore
import SQLKit

/// One run (or dry run) of an import over its file, in chunks.
///
/// Three things happen at once: the next chunk's rows are read from the file and validated
/// through the entity's specs (`prepare`), the current chunk is planned against the database
/// (`plan`: owners, referenced records, the records an update finds, look-alikes), and the
/// previous chunk is written (`write`: the derivations that need the write transaction, such as a
/// lead's assignment and score, then its rows as SQL). Each chunk's writes and the import's progress
/// (the byte offset and line after its last row, the counts so far) commit in one transaction, so
/// a run that is killed resumes after the last committed chunk without doubling a row, and a revert
/// finds everything that committed. Between chunks the single writer is free for other requests.
///
/// Rows the planner checks against the database cannot see the chunk being written, so the
/// planner also remembers that chunk's records (`ImportMemory`).
struct ImportRun<E: Entity>: Sendable {
    let db: Database
    let records: RecordStore<E>
    let batch: ImportBatch
    let principal: Principal
    let options: ImportRunOptions

    var dryRun: Bool { batch.dryRun }
    var pass: String { dryRun ? "dry" : "run" }

    // MARK: Running

    /// Runs from where the import stands (its offset) to the end of the file, or until cancelled;
    /// returns the import as it ends.
    func run() async throws -> ImportBatch {
        let context = try await ImportContext.load(db: db, batch: batch, principal: principal, entity: E.self)
        var counts = dryRun ? ImportCounts() : batch.counts
        let startOffset = dryRun ? 0 : batch.offset
        let startLine = dryRun ? 0 : batch.line
        let file = try ImportSource(batch: batch, offset: startOffset, line: startLine, firstRow: counts.rows + 2)
        var memory = ImportMemory(wholeFile: dryRun)
        var offset = startOffset
        var chunks = 0
        let prepare = { @Sendable (file: ImportSource) in try ImportPrepare<E>(context: context).chunk(from: file, rows: options.rowsPerChunk) }
        var next = Task.detached { try prepare(file) }
        var writing: Task<ImportCounts, any Error>?
        var cancelled = false
        while true {
            let chunk = try await next.value
            if chunk.rows.isEmpty && chunk.atEnd { break }
            if !chunk.atEnd { next = Task.detached { try prepare(file) } }
            if try await cancelRequested() {
                cancelled = true
                break
            }
            memory.startChunk()
            var plan = try await self.plan(chunk, context: context, memory: &memory)
            if let writing {
                counts = try await writing.value
                try await options.onChunk(try await ImportStore.fetch(batch.id, on: db))
            }
            plan.counts.add(counts)
            let previous = offset
            let finalPlan = plan
            writing = Task { try await write(finalPlan, expectingOffset: previous) }
            offset = chunk.endOffset
            chunks += 1
            if let stop = options.stopAfterChunks, chunks >= stop {
                counts = try await writing?.value ?? counts
                return try await ImportStore.fetch(batch.id, on: db)
            }
            if chunk.atEnd { break }
            await Task.yield()
        }
        if let writing {
            counts = try await writing.value
            try await options.onChunk(try await ImportStore.fetch(batch.id, on: db))
        }
        return try await finish(counts: counts, cancelled: cancelled)
    }

    /// The first rows' outcomes, as a run would have them, writing nothing.
    func preview(limit: Int) async throws -> ImportPreview {
        let context = try await ImportContext.load(db: db, batch: batch, principal: principal, entity: E.self)
        let file = try ImportSource(batch: batch, offset: 0, line: 0, firstRow: 2)
        let chunk = try ImportPrepare<E>(context: context).chunk(from: file, rows: limit)
        var memory = ImportMemory(wholeFile: true)
        memory.startChunk()
        let plan = try await self.plan(chunk, context: context, memory: &memory, previewing: true)
        let mapped = Set(batch.settings.mapping.mapped.compactMap { key in
            ImportTarget.named(key.target ?? "", in: E.fields)?.field ?? (key.target == "full_name" ? "last_name" : nil)
        })
        var fields = E.fields.filter { mapped.contains($0.name) || (mapped.contains("last_name") && $0.name == "first_name") }
            .map { (name: $0.name, label: $0.label) }
        if batch.settings.mapping.maps("owner") { fields.append((name: "owner_id", label: "Owner")) }
        return ImportPreview(rows: plan.previewRows, fields: fields)
    }

    /// Whether someone asked the import to stop.
    func cancelRequested() async throws -> Bool {
        try await db.read { sql in
            try await sql.raw("SELECT cancel_requested FROM imports WHERE id = \(bind: batch.id.uuid)").first()?
                .decode(column: "cancel_requested", as: Bool.self) ?? true
        }
    }

    /// Records how the pass ended.
    func finish(counts: ImportCounts, cancelled: Bool) async throws -> ImportBatch {
        let now = Timestamp.now().micros
        let id = batch.id.uuid
        try await db.write { sql in
            if dryRun {
                try await sql.raw(
                    """
                    UPDATE imports SET status = 'draft', dry_run = \(bind: false), dry_counts = \(bind: JSONWriter.string(.object(counts.json))),
                        cancel_requested = \(bind: false), finished_at = \(bind: now), byte_offset = 0, line = 0
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    UPDATE imports SET status = \(bind: cancelled ? ImportStatus.cancelled.rawValue : ImportStatus.done.rawValue),
                        cancel_requested = \(bind: false), finished_at = \(bind: now), error = ''
                    WHERE id = \(bind: id)
                    """
                ).run()
            }
        }
        return try await ImportStore.fetch(batch.id, on: db)
    }
}

/// What every chunk of a run needs and does not change: the importer, the workspace's defaults,
/// its users (to find owners).
struct ImportContext: Sendable {
    var batch: ImportBatch
    var principal: Principal
    var defaultCountry: String
    var defaultCurrency: String
    var zone: TimeZone
    var owners: ImportOwners

    static func load<E: Entity>(db: Database, batch: ImportBatch, principal: Principal, entity: E.Type) async throws -> ImportContext {
        try principal.requireWrite()
        return try await db.read { sql in
            let workspace = try await sql.raw("SELECT * FROM workspaces WHERE id = \(bind: batch.workspaceID.uuid)").first()
                .map(Directory.workspace)
            let users = try await sql.raw(
                "SELECT * FROM users WHERE workspace_id = \(bind: batch.workspaceID.uuid) AND active = \(bind: true)"
            ).all().map(Directory.user)
            return ImportContext(
                batch: batch, principal: principal, defaultCountry: workspace?.defaultCountry ?? "US",
                defaultCurrency: workspace?.defaultCurrency ?? "USD",
                zone: TimeZone(identifier: workspace?.timeZone ?? "UTC") ?? .gmt, owners: ImportOwners(users))
        }
    }
}

/// The workspace's active users, found by email address or (when unique) by name.
struct ImportOwners: Sendable {
    var byEmail: [String: User] = [:]
    var byName: [String: [User]] = [:]

    init(_ users: [User]) {
        for user in users {
            byEmail[user.email.value.lowercased()] = user
            byName[SearchText.fold(user.name.trimmingWhitespace()), default: []].append(user)
        }
    }

    /// The user a cell names, or why none.
    func find(_ text: String) -> Result<User, Problem> {
        if let user = byEmail[text.lowercased()] { return .success(user) }
        let named = byName[SearchText.fold(text.trimmingWhitespace())] ?? []
        if named.count == 1 { return .success(named[0]) }
        if named.count > 1 { return .failure(Problem(text: "several users are named '\(text.prefix(80))'; give an email address")) }
        return .failure(Problem(text: "no active user has the email address or name '\(text.prefix(80))'"))
    }

    /// Why a cell names no user.
    struct Problem: Error {
        var text: String
    }
}

/// The file a run reads, with the row numbers it has reached. Handed from one chunk's task to the
/// next, never used by two at once.
final class ImportSource: @unchecked Sendable {
    let file: CSVFile
    let columnCount: Int
    var nextRow: Int

    /// Opens the file at `offset` (0: at its header, which is read and passed over).
    init(batch: ImportBatch, offset: Int64, line: Int, firstRow: Int) throws {
        let format = batch.settings.format
        columnCount = batch.settings.mapping.columns.count
        nextRow = firstRow
        if offset > 0 {
            file = try CSVFile(path: batch.filePath, format: format, offset: offset, line: line)
        } else {
            file = try CSVFile(path: batch.filePath, format: format, offset: format.headerOffset, line: format.headerLine)
            while let header = try file.next() {
                if !header.isBlank { break }
            }
        }
    }
}
