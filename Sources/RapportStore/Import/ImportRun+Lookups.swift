import Foundation
import RapportCore
import SQLKit

extension ImportRun {
    /// Sets reference fields given by name (an account's) to the one record of that name the
    /// importer can see, and checks those given by ID. A name no record has, or several have,
    /// leaves the field empty with a warning, as the vCard import does; an ID that names nothing
    /// visible rejects the row, as a create would.
    func resolveReferences(
        _ rows: inout [PreparedRow<E>], _ outcomes: inout [Outcome], _ warnings: inout [Int: [String]],
        _ accountNames: inout [UUID: String], memory: inout ImportMemory, reader: ImportRowReader
    ) async throws {
        let references = E.fields.compactMap { spec -> (String, String)? in
            if case .reference(let table) = spec.kind { (spec.name, table) } else { nil }
        }
        guard !references.isEmpty else { return }
        let principal = principal
        for (field, table) in references {
            let noun = table.hasSuffix("s") ? String(table.dropLast()) : table
            var names: Set<String> = []
            var ids: Set<UUID> = []
            for i in rows.indices {
                guard case .pending = outcomes[i] else { continue }
                if let name = rows[i].row.references[field] {
                    let folded = Self.nameKey(name)
                    if memory.references["\(table):\(folded)"] == nil { names.insert(folded) }
                } else if let id = (rows[i].changes.values[field] ?? nil)?.uuid {
                    ids.insert(id)
                }
            }
            let own = table == E.table
            let (byName, byID) = try await db.read { [names, ids] sql in
                (
                    names.isEmpty
                        ? [:]
                        : try await ImportLookups.byName(table: table, own: own, names: Array(names), principal: principal, on: sql),
                    ids.isEmpty
                        ? [:]
                        : try await ImportLookups.byID(table: table, own: own, ids: Array(ids), principal: principal, live: true, on: sql)
                )
            }
            for name in names {
                let visible = (byName[name] ?? []).filter(\.visible)
                let result: ImportMemory.Reference
                if visible.count == 1 {
                    result = .found(visible[0].id)
                } else if visible.isEmpty, own, let id = memory.record(titled: name) {
                    result = .found(id)
                } else {
                    result = visible.isEmpty ? .missing : .ambiguous
                }
                memory.remember(reference: "\(table):\(name)", result)
            }
            let column = reader.columnName(for: field)
            for i in rows.indices {
                guard case .pending = outcomes[i] else { continue }
                if let name = rows[i].row.references[field] {
                    switch memory.references["\(table):\(Self.nameKey(name))"] ?? .missing {
                    case .found(let id): rows[i].changes.values[field] = .some(.id(id))
                    case .missing:
                        warnings[i, default: []].append("\(column): no \(noun) you can see is named “\(name.prefix(80))”, so none was set.")
                    case .ambiguous:
                        warnings[i, default: []].append(
                            "\(column): several \(noun)s you can see are named “\(name.prefix(80))”, so none was set.")
                    }
                } else if let id = (rows[i].changes.values[field] ?? nil)?.uuid {
                    if !(byID[id.uuidString.lowercased()] ?? []).contains(where: \.visible) {
                        outcomes[i] = .rejected("\(column): does not name \(DuplicateCheck.article(noun)) \(noun) you can see.", nil)
                    }
                }
            }
        }
    }

    /// A name as record tables sort it (`sort_name`): folded, at most 120 characters.
    static func nameKey(_ name: String) -> String { String(SearchText.fold(name.trimmingWhitespace()).prefix(120)) }

    /// Finds the record each row updates by the match key: exactly one record the importer can see.
    /// Rows that find none are skipped (updates) or create one (upserts); rows that find several, or
    /// only records the importer cannot see, are rejected; a record an earlier row of the file
    /// already changed or created is not changed twice.
    func match(
        _ rows: [PreparedRow<E>], _ outcomes: inout [Outcome], _ matched: inout [Int: UUID], memory: ImportMemory,
        reader: ImportRowReader
    ) async throws {
        guard let key = batch.settings.matchKey else { return }
        let mode = batch.settings.mode
        let noun = E.name
        let label = ImportSettings.matchKeys(for: E.fields).first { $0.key == key }?.label.lowercased() ?? key
        let field: String =
            switch key {
            case "email": E.fields.first { if case .emails = $0.kind { true } else { false } }?.name ?? key
            case "phone": E.fields.first { if case .phones = $0.kind { true } else { false } }?.name ?? key
            default: key
            }
        let column = reader.columnName(for: field)
        var valuesOf: [Int: [String]] = [:]
        for i in rows.indices {
            guard case .pending = outcomes[i] else { continue }
            let values = matchValues(rows[i])
            if values.isEmpty {
                if mode == .update {
                    outcomes[i] = .rejected("\(column): is empty, and the \(label) is how rows find the \(noun) to update.", nil)
                }
                continue
            }
            valuesOf[i] = values
        }
        let all = Array(Set(valuesOf.values.joined())).sorted()
        guard !all.isEmpty else { return }
        let principal = principal
        let found: [String: [ImportLookups.Found]] = try await db.read { sql in
            switch key {
            case "email", "phone":
                return try await ImportLookups.byPoint(
                    entity: E.name, table: E.table, kind: key, values: all, principal: principal, on: sql)
            case "id":
                return try await ImportLookups.byID(
                    table: E.table, own: true, ids: all.compactMap(UUID.init(uuidString:)), principal: principal, live: true, on: sql)
            case "name":
                return try await ImportLookups.byName(table: E.table, own: true, names: all, principal: principal, on: sql)
            default:
                return try await ImportLookups.byColumn(
                    table: E.table, own: true, column: key, values: all, principal: principal, on: sql)
            }
        }
        var claimed: [UUID: Int] = [:]
        var candidates: [Int: UUID] = [:]
        for (i, values) in valuesOf.sorted(by: { $0.key < $1.key }) {
            // A value an earlier row that created a record had: the record is that row's (whether or
            // not its chunk has committed yet), so this row repeats it.
            if let (reason, id) = repeatedKey(values, memory: memory) {
                outcomes[i] = .skipped(reason, id)
                continue
            }
            var hits: [ImportLookups.Found] = []
            for value in values { for hit in found[value] ?? [] where !hits.contains(where: { $0.id == hit.id }) { hits.append(hit) } }
            let visible = hits.filter(\.visible)
            if hits.isEmpty {
                if mode == .update {
                    outcomes[i] = .skipped("No \(noun) has this \(label) (\(values[0].prefix(80))).", nil)
                }
                continue
            }
            guard let hit = visible.first else {
                outcomes[i] = .rejected("Its \(label) belongs to \(DuplicateCheck.article(noun)) \(noun) you cannot see.", nil)
                continue
            }
            if visible.count > 1 {
                outcomes[i] = .rejected(
                    "Its \(label) matches \(visible.count) \(noun)s; only a unique match is updated (\(visible.prefix(3).map { $0.id.uuidString.lowercased() }.joined(separator: ", "))).",
                    nil)
                continue
            }
            if hit.importID == batch.id.uuid {
                outcomes[i] = .skipped("It repeats the \(label) of an earlier row of this file, which created that \(noun).", hit.id)
                continue
            }
            if let row = claimed[hit.id] ?? memory.updatingRow(hit.id) {
                outcomes[i] = .skipped("Row \(row) of this file already updates this \(noun) (same \(label)).", hit.id)
                continue
            }
            claimed[hit.id] = rows[i].number
            candidates[i] = hit.id
        }
        let batchID = batch.id.uuid
        let ids = Array(candidates.values)
        let earlier = try await db.read { sql in try await ImportLookups.updatedBy(import: batchID, records: ids, on: sql) }
        for (i, id) in candidates {
            if let row = earlier[id] {
                outcomes[i] = .skipped("Row \(row) of this file already updated this \(noun) (same \(label)).", id)
            } else {
                matched[i] = id
            }
        }
    }

    /// What people call the match key: “email address”.
    var matchKeyLabel: String {
        let key = batch.settings.matchKey ?? ""
        return ImportSettings.matchKeys(for: E.fields).first { $0.key == key }?.label.lowercased() ?? key
    }

    /// Why a row whose match key values an earlier row of the file had (and created a record with)
    /// is not imported: it repeats that row. Found in the run's memory, so the same whether or not
    /// the earlier row's chunk has committed.
    func repeatedKey(_ values: [String], memory: ImportMemory) -> (String, UUID?)? {
        let label = matchKeyLabel
        if let entry = values.lazy.compactMap({ memory.entries(point: "match:" + $0).first }).first {
            return ("It repeats the \(label) of row \(entry.row) of this file, which created that \(E.name).", entry.id)
        }
        if let row = values.lazy.compactMap({ memory.firstRow(point: "match:" + $0) }).first {
            return ("It repeats the \(label) of row \(row) of this file.", nil)
        }
        return nil
    }
}
