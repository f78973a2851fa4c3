import Foundation
import RapportCore
import SQLKit

/// What one chunk will write, decided against the database and the run's memory.
struct ImportPlan<E: Entity>: Sendable {
    struct Update: Sendable {
        var row: Int
        var line: Int
        var values: [String]
        var id: UUID
        var changes: RecordChanges<E>
    }

    /// New records, as the plan made them: the writer runs the derivations that have a batch form
    /// (the lead automation) on them in its transaction before it inserts them.
    var creates: [Record<E>] = []
    /// The names of the accounts new records point at (for their search documents).
    var accountNames: [UUID: String] = [:]
    /// Look-alike pairs to flag for review (`duplicate_pairs` rows).
    var pairs: [[any Encodable & Sendable]] = []
    var updates: [Update] = []
    var issues: [ImportIssue] = []
    /// Counts so far, the run's earlier chunks included once the writer adds them.
    var counts = ImportCounts()
    var endOffset: Int64 = 0
    var endLine = 0
    var previewRows: [ImportPreview.Row] = []
}

extension ImportRun {
    /// Decides what each row of a chunk does: finds owners and referenced records, the records
    /// updates change, look-alikes of new records; builds the new records and renders their SQL.
    func plan(
        _ chunk: PreparedChunk<E>, context: ImportContext, memory: inout ImportMemory, previewing: Bool = false
    ) async throws -> ImportPlan<E> {
        var plan = ImportPlan<E>()
        plan.endOffset = chunk.endOffset
        plan.endLine = chunk.endLine
        let settings = batch.settings
        let noun = E.name
        var rows = chunk.rows
        var outcomes = [Outcome](repeating: .pending, count: rows.count)
        let reader = ImportPrepare<E>(context: context).reader
        func words(_ issues: [FieldIssue]) -> String { ImportWords.describe(issues, reader: reader, fields: E.fields) }
        plan.counts.rows = rows.count

        // What the file itself says is wrong, and owners.
        for i in rows.indices {
            if rows[i].blank {
                outcomes[i] = .blank
                continue
            }
            if !rows[i].problems.isEmpty {
                outcomes[i] = .rejected(rows[i].problems.joined(separator: " "), nil)
                continue
            }
            if let owner = rows[i].row.owner {
                switch context.owners.find(owner) {
                case .success(let user):
                    rows[i].changes.ownerID = .set(user.id)
                    rows[i].changes.teamID = .set(user.teamID)
                case .failure(let reason):
                    outcomes[i] = .rejected("\(reader.columnName(for: "owner_id")): \(reason.text).", nil)
                }
            }
        }

        // Referenced records, by name or by ID.
        var warnings: [Int: [String]] = [:]
        var accountNames: [UUID: String] = [:]
        try await resolveReferences(&rows, &outcomes, &warnings, &accountNames, memory: &memory, reader: reader)

        // The records updates find.
        var matched: [Int: UUID] = [:]
        if settings.mode != .create {
            try await match(rows, &outcomes, &matched, memory: memory, reader: reader)
        }

        // New records: validated whole, with IDs, owners and look-alikes.
        let now = Timestamp.now()
        var candidates: [ImportDuplicates.Candidate] = []
        var drafts: [Int: Record<E>] = [:]
        var givenIDs: [Int: UUID] = [:]
        for i in rows.indices {
            guard case .pending = outcomes[i], matched[i] == nil else { continue }
            if settings.mode == .update { continue }
            var values: FieldValues
            do { values = try rows[i].changes.apply(to: [:]) } catch {
                if case .invalid(let list) = error { outcomes[i] = .rejected(words(list), nil) }
                continue
            }
            // A named (bought) list: its leads say so, unless the file says where each came from.
            if E.self == Lead.self, !settings.listName.isEmpty {
                if values["source"] == nil { values["source"] = .text("bought_list") }
                if values["source_detail"] == nil { values["source_detail"] = .text(settings.listName) }
            }
            var id = Record<E>.ID.make()
            if let given = rows[i].row.recordID {
                id = .init(given)
                givenIDs[i] = given
            }
            let changes = rows[i].changes
            // As `RecordStore.draft`: the creator owns it, unless a derivation assigns (leads, by the
            // assignment rules, when the file names no owner).
            let defaultOwner = records.ownerByDerivation ? nil : principal.userID
            let record = Record<E>(
                id: id, workspaceID: principal.workspaceID, values: values,
                ownerID: changes.ownerID.applied(to: defaultOwner) ?? defaultOwner,
                teamID: changes.teamID.applied(to: principal.teamID), shared: changes.shared.applied(to: false), version: 1,
                createdAt: now, updatedAt: now, createdBy: principal.userID, updatedBy: principal.userID, deletedAt: nil)
            drafts[i] = record
            candidates.append(.init(index: i, id: id.uuid, values: values))
        }
        // A row naming the Rapport ID of a record that exists does not make another.
        if !givenIDs.isEmpty {
            let ids = Array(givenIDs.values)
            let principal = principal
            let existing = try await db.read { sql in
                try await ImportLookups.byID(table: E.table, own: true, ids: ids, principal: principal, live: false, on: sql)
            }
            for (i, id) in givenIDs where existing[id.uuidString.lowercased()] != nil {
                outcomes[i] = .skipped("A \(noun) with the ID \(id.uuidString.lowercased()) already exists.", id)
                drafts[i] = nil
                candidates.removeAll { $0.index == i }
            }
        }
        // Derivations with a batch form run in the writer's transaction instead (they may write).
        let derivations = records.derivations.filter { $0.batch == nil }
        if !derivations.isEmpty {
            for (i, draft) in drafts {
                let principal = principal
                drafts[i] = try await db.read { sql in
                    var derived = draft
                    for derivation in derivations { try await derivation.run(&derived, nil, principal, sql) }
                    return derived
                }
            }
        }
        let batchID = batch.id.uuid
        let principal = principal
        let lookalikes = try await db.read { [candidates] sql in
            try await ImportDuplicates.existing(E.self, candidates, batch: batchID, principal: principal, on: sql)
        }
        var pairs: [[any Encodable & Sendable]] = []
        var missingAccounts: Set<UUID> = []
        for i in rows.indices {
            guard let record = drafts[i], case .pending = outcomes[i] else { continue }
            if settings.mode == .upsert, let (reason, id) = repeatedKey(matchValues(rows[i]), memory: memory) {
                outcomes[i] = .skipped(reason, id)
                continue
            }
            let points = ImportDuplicates.points(E.self, record.values)
            // An existing record first; then a row the run remembers (deterministic, whether or not its
            // chunk has committed yet); then a record an earlier chunk of this import made.
            var hit = lookalikes[i].flatMap { $0.fromThisImport ? nil : $0 }
                ?? ImportDuplicates.remembered(E.self, record.values, memory: memory) ?? lookalikes[i]
            if hit == nil, let (point, row) = points.lazy.compactMap({ [memory] point in memory.firstRow(point: point).map { (point, $0) } }).first {
                hit = DuplicateHit(
                    recordID: UUID(), title: "", visible: false, score: 1000, reasons: ["same \(point.prefix { $0 != ":" })"],
                    earlierRow: row, known: false)
            }
            if let hit {
                if settings.duplicates == .skip {
                    outcomes[i] = .skipped(hit.sentence(noun: noun), hit.visible ? hit.recordID : nil)
                    continue
                }
                outcomes[i] = .created(flagged: hit)
                let (a, b) = record.id.uuid.uuidString < hit.recordID.uuidString ? (record.id.uuid, hit.recordID) : (hit.recordID, record.id.uuid)
                if hit.known {
                    pairs.append([
                        UUIDv7.make(), principal.workspaceID.uuid, E.name, a, b, hit.score,
                        JSONWriter.string(.array(hit.reasons.map { .string($0) })), "open", now.micros,
                    ])
                }
            } else {
                outcomes[i] = .created(flagged: nil)
            }
            memory.created(
                .init(row: rows[i].number, id: record.id.uuid, title: record.title, values: record.values),
                points: points + matchPoints(rows[i]), keys: ImportDuplicates.keys(E.self, record.values))
            plan.creates.append(record)
            if let account = record.values["account_id"]?.uuid, accountNames[account] == nil { missingAccounts.insert(account) }
        }
        if !missingAccounts.isEmpty {
            let found = try await db.read { [missingAccounts] sql in try await ImportLookups.accountNames(Array(missingAccounts), on: sql) }
            accountNames.merge(found) { a, _ in a }
        }
        plan.accountNames = accountNames
        plan.pairs = pairs

        // Updates: a dry run or a preview sees what they would change now.
        for i in rows.indices {
            guard let id = matched[i], case .pending = outcomes[i] else { continue }
            outcomes[i] = .update(id)
            memory.updated(id, row: rows[i].number)
            plan.updates.append(
                .init(row: rows[i].number, line: rows[i].line, values: rows[i].values, id: id, changes: rows[i].changes))
        }
        var previewUpdates: [Int: Record<E>] = [:]
        if (dryRun || previewing) && !plan.updates.isEmpty {
            let ids = plan.updates.map(\.id)
            let current = try await db.read { sql in try await ImportLookups.records(E.self, ids: ids, on: sql) }
            for i in rows.indices {
                guard case .update(let id) = outcomes[i], let record = current[id] else { continue }
                do {
                    if let next = try Self.updated(record, with: rows[i].changes) {
                        plan.counts.updated += 1
                        previewUpdates[i] = next
                    } else {
                        plan.counts.unchanged += 1
                        outcomes[i] = .unchanged(id)
                    }
                } catch {
                    if case .invalid(let list) = error { outcomes[i] = .rejected(words(list), id) }
                }
            }
        }

        // Counts, issues and the preview.
        for i in rows.indices {
            let row = rows[i]
            for text in warnings[i] ?? [] where outcomes[i].isImported {
                plan.issues.append(ImportIssue(kind: "warning", row: row.number, line: row.line, reason: text, values: row.values, recordID: nil))
            }
            if outcomes[i].isImported, warnings[i] != nil { plan.counts.warnings += 1 }
            switch outcomes[i] {
            case .pending, .blank: if row.blank { plan.counts.blank += 1 }
            case .rejected(let reason, let id):
                plan.counts.rejected += 1
                plan.issues.append(ImportIssue(kind: "rejected", row: row.number, line: row.line, reason: reason, values: row.values, recordID: id))
            case .skipped(let reason, let id):
                plan.counts.skipped += 1
                plan.issues.append(ImportIssue(kind: "skipped", row: row.number, line: row.line, reason: reason, values: row.values, recordID: id))
            case .created(let flagged):
                plan.counts.created += 1
                if let flagged {
                    plan.counts.flagged += 1
                    plan.issues.append(
                        ImportIssue(
                            kind: "flagged", row: row.number, line: row.line, reason: flagged.sentence(noun: noun), values: row.values,
                            recordID: flagged.visible ? flagged.recordID : nil))
                }
            case .update, .unchanged: break
            }
            if previewing {
                plan.previewRows.append(previewRow(row, outcomes[i], draft: drafts[i], updated: previewUpdates[i], warnings: warnings[i] ?? []))
            }
        }
        return plan
    }

    /// What happens to a row.
    enum Outcome: Sendable {
        case pending
        case blank
        case rejected(String, UUID?)
        case skipped(String, UUID?)
        case created(flagged: DuplicateHit?)
        case update(UUID)
        case unchanged(UUID)

        var isImported: Bool {
            switch self {
            case .created, .update, .unchanged: true
            default: false
            }
        }
    }
}
