import Foundation
import RapportCore

/// An entity CSV files can be imported into. `Store` lists one per importable entity —
/// `ImportKind(store.leads)` is all it takes to import leads — and the command line, the API and
/// the web pages offer whatever that list holds.
///
/// Its table needs the two columns `Schema009` adds to accounts and contacts: `import_id` (the
/// import that created a record) and the `external_id` field.
public struct ImportKind: Sendable {
    /// The entity's table (`contacts`): what the API, the command line and URLs call it.
    public let table: String
    /// The entity's name (`contact`).
    public let name: String
    public let fields: [FieldSpec]

    let run: @Sendable (_ db: Database, _ batch: ImportBatch, _ principal: Principal, _ options: ImportRunOptions) async throws
        -> ImportBatch
    let preview: @Sendable (_ db: Database, _ batch: ImportBatch, _ principal: Principal, _ limit: Int) async throws -> ImportPreview
    let revert: @Sendable (_ db: Database, _ batch: ImportBatch, _ principal: Principal, _ options: ImportRunOptions) async throws
        -> ImportBatch
    let missing: @Sendable (_ settings: ImportSettings) -> [FieldIssue]

    /// The kind of the entity a record store writes.
    public init<E: Entity>(_ records: RecordStore<E>) {
        table = E.table
        name = E.name
        fields = E.fields
        run = { db, batch, principal, options in
            try await ImportRun<E>(db: db, records: records, batch: batch, principal: principal, options: options).run()
        }
        preview = { db, batch, principal, limit in
            var options = ImportRunOptions()
            options.rowsPerChunk = limit
            return try await ImportRun<E>(db: db, records: records, batch: batch, principal: principal, options: options)
                .preview(limit: limit)
        }
        revert = { db, batch, principal, options in
            try await ImportRevert<E>(db: db, records: records, batch: batch, principal: principal, options: options).run()
        }
        missing = { settings in settings.missing(E.self) }
    }

    /// What people call the records: `Contacts`.
    public var label: String { table.prefix(1).uppercased() + table.dropFirst() }
    /// One record: `contact`.
    public var singular: String { name }

    /// What a column can be mapped to.
    public var targets: [ImportTarget] { ImportTarget.all(for: fields) }

    /// Everything wrong with settings for this entity: the mapping, the match key, fields new
    /// records need.
    public func problems(_ settings: ImportSettings) -> [FieldIssue] {
        settings.problems(fields: fields) + missing(settings)
    }
}

/// How a run goes: chunk size, and what it reports along the way.
public struct ImportRunOptions: Sendable {
    /// Rows per chunk: each chunk's writes and the import's progress commit together.
    public var rowsPerChunk = 2_000
    /// Called after each committed chunk with the import as it now stands (progress for the command
    /// line, a lease extension for the job worker).
    public var onChunk: @Sendable (ImportBatch) async throws -> Void = { _ in }
    /// Stops the run after this many chunks, as if the process were killed (for tests of resuming).
    public var stopAfterChunks: Int?

    public init() {}
}
