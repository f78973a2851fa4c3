import Foundation
import RapportCore
import SQLKit

extension ImportRun {
    /// Writes a chunk in one transaction: its new records (with everything a create writes, the
    /// batch forms of the record store's derivations included: an imported lead is assigned, scored
    /// and given its first-touch deadline as one created through the API), its updates (through the
    /// record store's own update steps), the rows it did not import, and the import's progress. The
    /// progress only moves from `expectingOffset`: a second worker running the same import (after a
    /// lease ran out) cannot commit the same chunk twice.
    func write(_ plan: ImportPlan<E>, expectingOffset: Int64) async throws -> ImportCounts {
        let batch = batch
        let principal = principal
        let dryRun = dryRun
        let pass = pass
        let dialect = db.dialect
        let records = records
        return try await db.write { sql in
            var counts = plan.counts
            var issues = plan.issues
            if !dryRun && dialect == .sqlite && plan.creates.count > 100 {
                // As the bulk loader does: a larger page cache for the writer while it fills big indexes
                // (SQLite allocates it only as pages are read; 128 MB at most).
                try await sql.raw("PRAGMA cache_size=-131072").run()
            }
            if !dryRun {
                var creates = plan.creates
                if !creates.isEmpty {
                    for batchForm in records.derivations.compactMap(\.batch) {
                        let step = try await batchForm(principal, sql)
                        for i in creates.indices { try await step(&creates[i], principal, sql) }
                    }
                }
                for statement in inserts(creates, accountNames: plan.accountNames, pairs: plan.pairs, dialect: dialect) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                for effect in records.effects {
                    for record in creates { try await effect.run(record, nil, principal, sql) }
                }
                if !plan.updates.isEmpty {
                    let current = try await ImportLookups.records(E.self, ids: plan.updates.map(\.id), on: sql)
                    var changes: [[any Encodable & Sendable]] = []
                    for update in plan.updates {
                        guard let record = current[update.id], record.deletedAt == nil else {
                            counts.skipped += 1
                            issues.append(
                                ImportIssue(
                                    kind: "skipped", row: update.row, line: update.line,
                                    reason: "The \(E.name) it matched was deleted meanwhile.", values: update.values, recordID: update.id))
                            continue
                        }
                        do {
                            guard var next = try Self.updated(record, with: update.changes) else {
                                counts.unchanged += 1
                                continue
                            }
                            let now = Timestamp.now()
                            next.version = record.version + 1
                            next.updatedAt = now
                            next.updatedBy = principal.userID
                            for derivation in records.derivations { try await derivation.run(&next, record, principal, sql) }
                            try await RecordStore<E>.checkReferences(next, previous: record, by: principal, on: sql)
                            try await RecordStore<E>.replace(next, expecting: record.version, on: sql)
                            let diff = Record<E>.diff(record, next)
                            try await RecordStore<E>.afterWrite(next, previous: record, action: .updated, by: principal, at: now, on: sql)
                            for effect in records.effects { try await effect.run(next, record, principal, sql) }
                            var before = JSONObject()
                            for change in diff { before[change.field] = change.before }
                            changes.append([batch.id.uuid, update.id, update.row, JSONWriter.string(.object(before)), next.version])
                            counts.updated += 1
                        } catch let error as RapportError {
                            guard case .invalid(let list) = error else { throw error }
                            counts.rejected += 1
                            let reader = ImportRowReader(
                                mapping: batch.settings.mapping, fields: E.fields, dateOrder: batch.settings.dateOrder, defaultCurrency: "")
                            issues.append(
                                ImportIssue(
                                    kind: "rejected", row: update.row, line: update.line,
                                    reason: ImportWords.describe(list, reader: reader, fields: E.fields), values: update.values,
                                    recordID: update.id))
                        }
                    }
                    for statement in BulkSQL.inserts(
                        into: "import_changes", ["import_id", "record_id", "row_number", "before", "version"], changes, dialect: dialect,
                        rowsPerStatement: 500)
                    {
                        try await sql.raw(SQLQueryString(statement)).run()
                    }
                }
            }
            let issueRows: [[any Encodable & Sendable]] = issues.map { issue in
                [batch.id.uuid, pass, issue.row, issue.line, issue.kind, issue.reason, CSVWriter.line(issue.values), issue.recordID]
            }
            for statement in BulkSQL.inserts(
                into: "import_issues", ["import_id", "pass", "row_number", "line", "kind", "reason", "raw", "record_id"], issueRows,
                dialect: dialect, rowsPerStatement: 500)
            {
                try await sql.raw(SQLQueryString(statement)).run()
            }
            let countsText = JSONWriter.string(.object(counts.json))
            let moved = try await sql.raw(
                """
                UPDATE imports SET byte_offset = \(bind: plan.endOffset), line = \(bind: plan.endLine),
                    \(unsafeRaw: dryRun ? "dry_counts" : "counts") = \(bind: countsText)
                WHERE id = \(bind: batch.id.uuid) AND byte_offset = \(bind: expectingOffset) AND status = 'running'
                RETURNING id
                """
            ).all()
            guard !moved.isEmpty else { throw ImportTakenOver() }
            return counts
        }
    }
}

extension ImportRun {
    /// The INSERTs of a chunk's new records (with everything a create writes, as the bulk loader
    /// renders them) and of its look-alike pairs.
    func inserts(
        _ creates: [Record<E>], accountNames: [UUID: String], pairs: [[any Encodable & Sendable]], dialect: Dialect
    ) -> [String] {
        var bulk = BulkRows()
        for record in creates {
            bulk.add(
                record, accountName: record.values["account_id"]?.uuid.flatMap { accountNames[$0] } ?? "", actor: principal.name,
                eventID: .make(), extra: [("import_id", batch.id.uuid)])
        }
        return bulk.statements(dialect: dialect, rowsPerStatement: 500)
            + BulkSQL.inserts(
                into: "duplicate_pairs",
                ["id", "workspace_id", "entity", "record_a", "record_b", "score", "reasons", "status", "found_at"], pairs,
                dialect: dialect, rowsPerStatement: 500, suffix: " ON CONFLICT (workspace_id, entity, record_a, record_b) DO NOTHING")
    }
}

/// Another worker committed the chunk first (a lease ran out while this one was still alive), or
/// the import was stopped: this worker leaves the import to the other.
struct ImportTakenOver: Error, CustomStringConvertible {
    var description: String { "This import is no longer running here; another worker has taken it over." }
}

/// Writes CSV lines: values quoted when they hold a separator, a quote or a line break.
public enum CSVWriter {
    /// One line of values, without the line end.
    public static func line(_ values: [String], separator: Character = ",") -> String {
        values.map { value in
            guard value.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value.hasPrefix(" ")
            else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: String(separator))
    }
}
