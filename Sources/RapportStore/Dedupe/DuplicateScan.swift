import Foundation
import Logging
import RapportCore
import SQLKit

/// What one scan of one entity in one workspace did.
public struct DuplicateScanSummary: Sendable, Equatable {
    /// `accounts` or `contacts`.
    public var entity: String
    public var startedAt: Timestamp
    public var finishedAt: Timestamp
    /// Rows read from the blocks compared (a record is read once per block it is in).
    public var recordsCompared: Int
    public var pairsScored: Int
    public var pairsFound: Int
    /// Blocks larger than the limit, left out: too common to say anything (every "J. Smith").
    public var blocksSkipped: Int
    /// For people: what was left out and why.
    public var note: String

    public var seconds: Double { Double(finishedAt.micros - startedAt.micros) / 1_000_000 }
}

/// The background duplicate scan: every pair of live records that share a blocking key or an
/// email, phone or domain is scored, and the pairs that reach the threshold are kept in
/// `duplicate_pairs` — updated on every scan, dismissals kept, pairs no longer found (a record
/// changed, deleted or merged) dropped.
///
/// Blocks come from SQL grouping over indexes (`match_keys`, `contact_points`), never from reading
/// every record. A block of more than `maxBlock` records is skipped with a note: it stands for a name
/// too common to mean anything on its own, and comparing all its pairs would cost n². Pairs are
/// scored in Swift, block by block, a few thousand rows read at a time; a pair whose records
/// contradict each other (different accounts, no shared address) is dismissed before any name
/// comparison, which is what most pairs of a large block are.
struct DuplicateScan<M: DuplicateMatching>: Sendable {
    let db: Database
    let workspace: UUID
    var maxBlock = 100
    /// Rows read per query (several whole blocks).
    var rowsPerRead = 4_000

    /// A group of records sharing a key: `key` for blocking keys, `kind:value` for contact points.
    struct Block: Hashable, Sendable {
        var id: String
        var point: (kind: String, value: String)?
        var size: Int

        static func == (a: Block, b: Block) -> Bool { a.id == b.id }
        func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    func run() async throws -> DuplicateScanSummary {
        let started = Timestamp.now()
        let (blocks, skipped) = try await findBlocks()
        let blockTime = Date().timeIntervalSince1970 - Double(started.micros) / 1e6
        var readTime = 0.0
        var scoreTime = 0.0
        var found: [PairKey: DuplicateMatch] = [:]
        var rowsRead = 0
        var pairsScored = 0
        var chunk: [Block] = []
        var chunkRows = 0
        func flush() async throws {
            guard !chunk.isEmpty else { return }
            let readStart = Date()
            let members = try await read(chunk)
            readTime += Date().timeIntervalSince(readStart)
            let scoreStart = Date()
            defer { scoreTime += Date().timeIntervalSince(scoreStart) }
            rowsRead += members.values.reduce(0) { $0 + $1.count }
            for block in chunk {
                guard let rows = members[block.id], rows.count > 1 else { continue }
                for i in 0..<(rows.count - 1) {
                    for j in (i + 1)..<rows.count where rows[i].id != rows[j].id {
                        pairsScored += 1
                        let match = M.duplicateScore(rows[i].profile, rows[j].profile)
                        guard match.isCandidate else { continue }
                        let key = PairKey(rows[i].id, rows[j].id)
                        if (found[key]?.score ?? -1) < match.score { found[key] = match }
                    }
                }
            }
            chunk = []
            chunkRows = 0
        }
        for block in blocks {
            if chunkRows + block.size > rowsPerRead { try await flush() }
            chunk.append(block)
            chunkRows += block.size
        }
        try await flush()
        try await store(found, foundAt: started)
        let timing =
            "\(blocks.count) blocks (\(skipped.count) skipped) found in \(Self.seconds(blockTime)), \(rowsRead) rows read in "
            + "\(Self.seconds(readTime)), \(pairsScored) pairs scored in \(Self.seconds(scoreTime)), \(found.count) kept"
        db.logger.info("Duplicate scan of \(M.table): \(timing)")
        let summary = DuplicateScanSummary(
            entity: M.table, startedAt: started, finishedAt: .now(), recordsCompared: rowsRead, pairsScored: pairsScored,
            pairsFound: found.count, blocksSkipped: skipped.count, note: Self.note(skipped, maxBlock: maxBlock))
        try await record(summary)
        return summary
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    // MARK: Blocks

    /// Every key and contact point shared by two to `maxBlock` live records, and those shared by more.
    func findBlocks() async throws -> (scan: [Block], skipped: [Block]) {
        let workspace = self.workspace
        let maxBlock = self.maxBlock
        return try await db.read { sql in
            var all: [Block] = []
            let keyRows = try await sql.raw(
                """
                SELECT key, COUNT(*) AS n FROM match_keys
                WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name)
                GROUP BY key HAVING COUNT(*) > 1
                """
            ).all()
            for row in keyRows {
                all.append(Block(id: try row.decode(column: "key", as: String.self), point: nil, size: try row.decode(column: "n", as: Int.self)))
            }
            // The index on (workspace, kind, value) groups every point without reading the table; only
            // the points shared at all are then looked up for their entity.
            let pointRows = try await sql.raw(
                """
                SELECT p.kind, p.value, COUNT(*) AS n FROM contact_points p
                JOIN (SELECT kind, value FROM contact_points WHERE workspace_id = \(bind: workspace)
                      GROUP BY kind, value HAVING COUNT(*) > 1) shared ON shared.kind = p.kind AND shared.value = p.value
                WHERE p.workspace_id = \(bind: workspace) AND p.entity = \(bind: M.name)
                GROUP BY p.kind, p.value HAVING COUNT(*) > 1
                """
            ).all()
            for row in pointRows {
                let kind = try row.decode(column: "kind", as: String.self)
                let value = try row.decode(column: "value", as: String.self)
                all.append(Block(id: kind + ":" + value, point: (kind, value), size: try row.decode(column: "n", as: Int.self)))
            }
            let scan = all.filter { $0.size <= maxBlock }.sorted { $0.id < $1.id }
            let skipped = all.filter { $0.size > maxBlock }.sorted { ($0.size, $1.id) > ($1.size, $0.id) }
            return (scan, skipped)
        }
    }

    static func note(_ skipped: [Block], maxBlock: Int) -> String {
        guard !skipped.isEmpty else { return "" }
        let examples = skipped.prefix(3).map { "\($0.id.split(separator: ":", maxSplits: 1).last ?? "") (\($0.size))" }
        return "\(skipped.count) group\(skipped.count == 1 ? "" : "s") of more than \(maxBlock) records sharing a key "
            + "were not compared, e.g. \(examples.joined(separator: ", ")); records in them are still compared "
            + "through their other keys and addresses."
    }

    // MARK: Reading

    /// A record in a chunk of blocks, with its profile made once however many blocks it is in.
    struct Member: Sendable {
        var id: UUID
        var profile: M.MatchProfile
    }

    /// The live members of each block of a chunk, by block ID.
    func read(_ chunk: [Block]) async throws -> [String: [Member]] {
        let workspace = self.workspace
        let columns = MatchRows.columns(M.self, prefix: "c.")
        let keys: [any Encodable & Sendable] = chunk.filter { $0.point == nil }.map(\.id)
        var grouped: [String: [any Encodable & Sendable]] = [:]
        for block in chunk { if let point = block.point { grouped[point.kind, default: []].append(point.value) } }
        let pointsByKind = grouped
        let rows: [(String, MatchRow<M>)] = try await db.read { sql in
            var result: [(String, MatchRow<M>)] = []
            if !keys.isEmpty {
                for row in try await sql.raw(
                    """
                    SELECT m.key AS block_id, \(unsafeRaw: columns) FROM match_keys m JOIN \(unsafeRaw: M.table) c ON c.id = m.record_id
                    WHERE m.workspace_id = \(bind: workspace) AND m.entity = \(bind: M.name) AND m.key IN (\(binds: keys))
                      AND c.deleted_at IS NULL
                    """
                ).all() {
                    result.append((try row.decode(column: "block_id", as: String.self), try MatchRows.decode(row, as: M.self)))
                }
            }
            for (kind, values) in pointsByKind.sorted(by: { $0.key < $1.key }) {
                for row in try await sql.raw(
                    """
                    SELECT p.value AS point_value, \(unsafeRaw: columns) FROM contact_points p JOIN \(unsafeRaw: M.table) c ON c.id = p.record_id
                    WHERE p.workspace_id = \(bind: workspace) AND p.kind = \(bind: kind) AND p.value IN (\(binds: values))
                      AND p.entity = \(bind: M.name) AND c.deleted_at IS NULL
                    """
                ).all() {
                    result.append((kind + ":" + (try row.decode(column: "point_value", as: String.self)), try MatchRows.decode(row, as: M.self)))
                }
            }
            return result
        }
        var members: [UUID: Member] = [:]
        var byBlock: [String: [Member]] = [:]
        for (blockID, row) in rows {
            if members[row.id] == nil { members[row.id] = Member(id: row.id, profile: M.matchProfile(row.values)) }
            if let member = members[row.id] { byBlock[blockID, default: []].append(member) }
        }
        return byBlock
    }

    // MARK: Writing

    /// Upserts the pairs found (a dismissed pair stays dismissed), then drops open pairs this scan did
    /// not find and any pair whose records are gone or deleted.
    func store(_ found: [PairKey: DuplicateMatch], foundAt: Timestamp) async throws {
        let workspace = self.workspace
        let pairs = found.sorted { $0.key < $1.key }
        var start = 0
        while start < pairs.count {
            let batch = Array(pairs[start..<min(pairs.count, start + 300)])
            try await db.write { sql in
                let rows: [SQLQueryString] = batch.map { pair, match in
                    """
                    (\(bind: UUIDv7.make()), \(bind: workspace), \(bind: M.name), \(bind: pair.a), \(bind: pair.b), \(bind: match.milli),
                     \(bind: JSONWriter.string(.array(match.reasons.map { .string($0) }))), 'open', \(bind: foundAt.micros))
                    """
                }
                try await sql.raw(
                    """
                    INSERT INTO duplicate_pairs (id, workspace_id, entity, record_a, record_b, score, reasons, status, found_at)
                    VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (workspace_id, entity, record_a, record_b)
                    DO UPDATE SET score = excluded.score, reasons = excluded.reasons, found_at = excluded.found_at
                    """
                ).run()
            }
            start += batch.count
        }
        try await db.write { sql in
            try await sql.raw(
                """
                DELETE FROM duplicate_pairs
                WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name) AND status = 'open' AND found_at < \(bind: foundAt.micros)
                """
            ).run()
            try await sql.raw(
                """
                DELETE FROM duplicate_pairs
                WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name)
                  AND (NOT EXISTS (SELECT 1 FROM \(unsafeRaw: M.table) r WHERE r.id = duplicate_pairs.record_a AND r.deleted_at IS NULL)
                    OR NOT EXISTS (SELECT 1 FROM \(unsafeRaw: M.table) r WHERE r.id = duplicate_pairs.record_b AND r.deleted_at IS NULL))
                """
            ).run()
        }
    }

    func record(_ summary: DuplicateScanSummary) async throws {
        let workspace = self.workspace
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO duplicate_scans (id, workspace_id, entity, started_at, finished_at, records_compared, pairs_scored,
                    pairs_found, blocks_skipped, note)
                VALUES (\(bind: UUIDv7.make()), \(bind: workspace), \(bind: M.name), \(bind: summary.startedAt.micros),
                    \(bind: summary.finishedAt.micros), \(bind: summary.recordsCompared), \(bind: summary.pairsScored),
                    \(bind: summary.pairsFound), \(bind: summary.blocksSkipped), \(bind: summary.note))
                """
            ).run()
            // Only the latest scans are worth keeping.
            try await sql.raw(
                """
                DELETE FROM duplicate_scans WHERE workspace_id = \(bind: workspace) AND entity = \(bind: M.name)
                  AND started_at < \(bind: summary.startedAt.micros - 30 * 86_400 * 1_000_000)
                """
            ).run()
        }
    }
}

/// Two record IDs in a fixed order, so a pair is one row whichever record was seen first.
struct PairKey: Hashable, Comparable, Sendable {
    let a: UUID
    let b: UUID

    init(_ x: UUID, _ y: UUID) {
        if x.uuidString < y.uuidString {
            (a, b) = (x, y)
        } else {
            (a, b) = (y, x)
        }
    }

    static func < (l: PairKey, r: PairKey) -> Bool { (l.a.uuidString, l.b.uuidString) < (r.a.uuidString, r.b.uuidString) }
}
