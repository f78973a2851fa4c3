import Foundation
import RapportCore
import SQLKit

/// Finds, for many new records at once, the records they look like: with the duplicate matcher
/// (`DuplicateMatching`: the same blocking keys, contact points and scores as the create check
/// `DuplicateCheck` runs for one record) for entities that have one, by identical email address or
/// phone number for the others. Against the database in a few statements per chunk, and against
/// the rows the run remembers (`ImportMemory`).
enum ImportDuplicates {
    /// A new record to check: its position in the chunk, its ID and values.
    struct Candidate: Sendable {
        var index: Int
        var id: UUID
        var values: FieldValues
    }

    // MARK: Against the database

    /// For each candidate (by `index`) that looks like a live record of the workspace, the best match.
    static func existing<E: Entity>(
        _ entity: E.Type, _ candidates: [Candidate], batch: UUID, principal: Principal, on sql: any SQLDatabase
    ) async throws -> [Int: DuplicateHit] {
        guard !candidates.isEmpty else { return [:] }
        var hits: [Int: DuplicateHit]
        if let matching = E.self as? any DuplicateMatching.Type {
            hits = try await scored(matching, candidates, principal: principal, on: sql)
        } else {
            hits = try await identical(E.self, candidates, principal: principal, on: sql)
        }
        // Which of them this import made (in an earlier chunk).
        let ids = Array(Set(hits.values.map(\.recordID)))
        if !ids.isEmpty {
            let ours = try await ImportLookups.each(ids, on: sql) { list in
                "SELECT id FROM \(unsafeRaw: E.table) WHERE import_id = \(bind: batch) AND id IN (\(binds: list))"
            }
            let set = Set(try ours.map { try $0.decode(column: "id", as: UUID.self) })
            for (index, hit) in hits where set.contains(hit.recordID) { hits[index]?.fromThisImport = true }
        }
        return hits
    }

    /// The matcher's candidates, read and scored in bulk (as `DuplicateCandidates.find` does for one).
    static func scored<M: DuplicateMatching>(
        _ entity: M.Type, _ candidates: [Candidate], principal: Principal, on sql: any SQLDatabase
    ) async throws -> [Int: DuplicateHit] {
        let workspace = principal.workspaceID.uuid
        let profiles = candidates.map { M.matchProfile($0.values) }
        var pointsOf: [[String]] = []
        var keysOf: [[String]] = []
        for (candidate, profile) in zip(candidates, profiles) {
            let typed = (candidate.values["emails"]?.emails ?? []).map { "email:" + $0.address.value }
            pointsOf.append(DuplicateCandidates.lookupPoints(M.pointKeys(profile) + typed))
            keysOf.append(M.matchKeys(profile))
        }
        var byPoint: [String: [UUID]] = [:]
        let points = Array(Set(pointsOf.joined())).sorted()
        for row in try await ImportLookups.each(points, on: sql, { list in
            """
            SELECT DISTINCT record_id, value FROM contact_points
            WHERE workspace_id = \(bind: workspace) AND kind IN ('email', 'phone', 'domain') AND value IN (\(binds: list))
              AND entity = \(bind: M.name)
            """
        }) {
            byPoint[try row.decode(column: "value", as: String.self), default: []].append(try row.decode(column: "record_id", as: UUID.self))
        }
        var byKey: [String: [UUID]] = [:]
        let keys = Array(Set(keysOf.joined())).sorted()
        for row in try await ImportLookups.each(keys, on: sql, { list in
            """
            SELECT key, record_id FROM (
                SELECT key, record_id, ROW_NUMBER() OVER (PARTITION BY key ORDER BY record_id DESC) AS n FROM match_keys
                WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name) AND key IN (\(binds: list))
            ) ranked WHERE n <= \(literal: DuplicateCandidates.perKey)
            """
        }) {
            byKey[try row.decode(column: "key", as: String.self), default: []].append(try row.decode(column: "record_id", as: UUID.self))
        }
        var idsOf: [[UUID]] = []
        var all: Set<UUID> = []
        for (i, candidate) in candidates.enumerated() {
            var ids: [UUID] = []
            var seen: Set<UUID> = [candidate.id]
            for point in pointsOf[i] { for id in (byPoint[point] ?? []).prefix(DuplicateCandidates.perKey * 2) where seen.insert(id).inserted { ids.append(id) } }
            for key in keysOf[i] { for id in byKey[key] ?? [] where seen.insert(id).inserted { ids.append(id) } }
            idsOf.append(ids)
            all.formUnion(ids)
        }
        guard !all.isEmpty else { return [:] }
        var rows: [UUID: MatchRow<M>] = [:]
        let ids = Array(all)
        var start = 0
        while start < ids.count {
            let slice: [any Encodable & Sendable] = Array(ids[start..<min(ids.count, start + ImportLookups.inList)])
            for row in try await MatchRows.read(
                M.self, where: "workspace_id = \(bind: workspace) AND id IN (\(binds: slice)) AND deleted_at IS NULL", on: sql)
            {
                rows[row.id] = row
            }
            start += ImportLookups.inList
        }
        var hits: [Int: DuplicateHit] = [:]
        for (i, candidate) in candidates.enumerated() {
            var best: (DuplicateMatch, MatchRow<M>)?
            for id in idsOf[i] {
                guard let row = rows[id] else { continue }
                let match = M.duplicateScore(profiles[i], M.matchProfile(row.values))
                guard match.isCandidate else { continue }
                if let current = best, (current.0.score, current.1.id.uuidString) >= (match.score, row.id.uuidString) { continue }
                best = (match, row)
            }
            if let (match, row) = best {
                hits[candidate.index] = DuplicateHit(
                    recordID: row.id, title: row.title,
                    visible: principal.canSee(owner: row.ownerID, team: row.teamID, shared: row.shared), score: match.milli,
                    reasons: match.reasons.filter { !$0.hasPrefix("different") })
            }
        }
        return hits
    }

    /// Records with an identical email address or phone number, for entities without a matcher.
    static func identical<E: Entity>(
        _ entity: E.Type, _ candidates: [Candidate], principal: Principal, on sql: any SQLDatabase
    ) async throws -> [Int: DuplicateHit] {
        var byValue: [String: [(kind: String, index: Int)]] = [:]
        for candidate in candidates {
            for point in points(E.self, candidate.values) {
                let parts = point.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                byValue[String(parts[1]), default: []].append((String(parts[0]), candidate.index))
            }
        }
        guard !byValue.isEmpty else { return [:] }
        var found: [Int: (UUID, String)] = [:]
        for kind in ["email", "phone"] {
            let values = byValue.filter { $0.value.contains { $0.kind == kind } }.keys.sorted()
            let hits = try await ImportLookups.byPoint(
                entity: E.name, table: E.table, kind: kind, values: values, principal: principal, on: sql)
            for (value, records) in hits {
                guard let record = records.first else { continue }
                for (k, index) in byValue[value] ?? [] where k == kind && found[index] == nil { found[index] = (record.id, kind) }
            }
        }
        let records = try await ImportLookups.records(E.self, ids: Array(Set(found.values.map(\.0))), on: sql)
        var result: [Int: DuplicateHit] = [:]
        for (index, (id, kind)) in found {
            guard let record = records[id] else { continue }
            result[index] = DuplicateHit(
                recordID: id, title: record.title,
                visible: principal.canSee(owner: record.ownerID, team: record.teamID, shared: record.shared), score: 1000,
                reasons: ["same \(kind)"])
        }
        return result
    }

    // MARK: Against the run's memory

    /// The identifiers a record is found by within the file: `email:…`, `phone:…` (and `domain:…`
    /// for entities the matcher compares by domain).
    static func points<E: Entity>(_ entity: E.Type, _ values: FieldValues) -> [String] {
        if let matching = E.self as? any DuplicateMatching.Type { return matcherPoints(matching, values) }
        return (values["emails"]?.emails ?? []).map { "email:" + $0.address.value }
            + (values["phones"]?.phones ?? []).map { "phone:" + $0.number.e164 }
    }

    static func matcherPoints<M: DuplicateMatching>(_ entity: M.Type, _ values: FieldValues) -> [String] {
        M.pointKeys(M.matchProfile(values))
    }

    /// The blocking keys a record is compared by (none for entities without a matcher).
    static func keys<E: Entity>(_ entity: E.Type, _ values: FieldValues) -> [String] {
        guard let matching = E.self as? any DuplicateMatching.Type else { return [] }
        return matcherKeys(matching, values)
    }

    static func matcherKeys<M: DuplicateMatching>(_ entity: M.Type, _ values: FieldValues) -> [String] {
        M.matchKeys(M.matchProfile(values))
    }

    /// The best look-alike among the records the run remembers.
    static func remembered<E: Entity>(_ entity: E.Type, _ values: FieldValues, memory: ImportMemory) -> DuplicateHit? {
        let points = points(E.self, values)
        if let matching = E.self as? any DuplicateMatching.Type {
            return matcherRemembered(matching, values, points: points, memory: memory)
        }
        for point in points {
            if let entry = memory.entries(point: point).first {
                return DuplicateHit(
                    recordID: entry.id, title: entry.title, visible: true, score: 1000,
                    reasons: ["same \(point.prefix { $0 != ":" })"], earlierRow: entry.row)
            }
        }
        return nil
    }

    static func matcherRemembered<M: DuplicateMatching>(
        _ entity: M.Type, _ values: FieldValues, points: [String], memory: ImportMemory
    ) -> DuplicateHit? {
        let profile = M.matchProfile(values)
        var entries: [ImportMemory.Entry] = []
        var seen: Set<UUID> = []
        for point in points { for entry in memory.entries(point: point) where seen.insert(entry.id).inserted { entries.append(entry) } }
        for key in M.matchKeys(profile) {
            for entry in memory.entries(key: key).suffix(DuplicateCandidates.perKey) where seen.insert(entry.id).inserted {
                entries.append(entry)
            }
        }
        var best: (DuplicateMatch, ImportMemory.Entry)?
        for entry in entries {
            let match = M.duplicateScore(profile, M.matchProfile(entry.values))
            guard match.isCandidate else { continue }
            if let current = best, current.0.score >= match.score { continue }
            best = (match, entry)
        }
        guard let (match, entry) = best else { return nil }
        return DuplicateHit(
            recordID: entry.id, title: entry.title, visible: true, score: match.milli,
            reasons: match.reasons.filter { !$0.hasPrefix("different") }, earlierRow: entry.row)
    }
}
