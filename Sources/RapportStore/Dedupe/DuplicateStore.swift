import Foundation
import RapportCore
import SQLKit

/// Two records the scan found alike, as a person reviews them.
public struct DuplicatePair<M: DuplicateMatching>: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open
        case dismissed
    }

    public var id: UUID
    /// The pair in a fixed order (by ID); neither is "the duplicate" until someone merges them.
    public var a: Record<M>
    public var b: Record<M>
    public var score: Double
    public var reasons: [String]
    public var status: Status
    public var foundAt: Timestamp
    public var dismissedAt: Timestamp?
}

/// The duplicate pairs of a workspace: the scan that finds them, the list people review, and
/// dismissing a pair that is not a duplicate (a later scan keeps it dismissed).
public struct DuplicateStore: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The job kind of a scan. A job without a workspace scans every workspace (the nightly one).
    public static let scanKind = "duplicates.scan"

    /// Scans one entity of a workspace now and stores what it found.
    @discardableResult
    public func scan<M: DuplicateMatching>(_ entity: M.Type, workspace: Workspace.ID, maxBlock: Int = 100) async throws
        -> DuplicateScanSummary
    {
        try await DuplicateScan<M>(db: db, workspace: workspace.uuid, maxBlock: maxBlock).run()
    }

    /// Runs a scan job: the entity its payload names (`accounts`, `contacts`) or both, for its
    /// workspace. A job without a workspace (the nightly schedule's) queues one job per workspace
    /// instead, so each stays well inside a job's lease and several instances share the work.
    @discardableResult
    public func runScanJob(_ job: Job) async throws -> [DuplicateScanSummary] {
        var entity: String?
        if case .object(let payload) = job.payload { entity = payload["entity"]?.stringValue }
        guard let workspace = job.workspaceID else {
            try await db.write { sql in
                for row in try await sql.raw("SELECT id FROM workspaces ORDER BY id").all() {
                    let id = Workspace.ID(try row.decode(column: "id", as: UUID.self))
                    _ = try await JobQueue.enqueue(
                        kind: Self.scanKind, payload: job.payload, workspace: id, runAt: .now(),
                        dedupeKey: "\(Self.scanKind):\(job.id.uuidString.lowercased()):\(id)", maxAttempts: 3, on: sql)
                }
            }
            return []
        }
        return try await scan(entity: entity, workspace: workspace)
    }

    /// Scans `entity` (`accounts`, `contacts`, or both when `nil`) of a workspace, or of every one.
    @discardableResult
    public func scan(entity: String?, workspace: Workspace.ID?) async throws -> [DuplicateScanSummary] {
        var workspaces: [Workspace.ID] = []
        if let workspace {
            workspaces = [workspace]
        } else {
            workspaces = try await db.read { sql in
                try await sql.raw("SELECT id FROM workspaces ORDER BY id").all().map {
                    Workspace.ID(try $0.decode(column: "id", as: UUID.self))
                }
            }
        }
        var summaries: [DuplicateScanSummary] = []
        for workspace in workspaces {
            if entity == nil || entity == Account.table { summaries.append(try await scan(Account.self, workspace: workspace)) }
            if entity == nil || entity == Contact.table { summaries.append(try await scan(Contact.self, workspace: workspace)) }
        }
        return summaries
    }

    /// Makes every record's blocking keys again, in one transaction (after the way keys are made changed).
    public func rebuildKeys() async throws {
        try await db.write { sql in try await MatchKeys.rebuild(on: sql) }
    }

    /// Queues a scan of the principal's workspace (managers and admins); `false` when one is already waiting.
    @discardableResult
    public func requestScan(entity: String?, by principal: Principal) async throws -> Bool {
        guard principal.role >= .manager else { throw RapportError.forbidden("Only managers and admins may start a duplicate scan.") }
        let workspace = principal.workspaceID.uuid
        return try await db.write { sql in
            let waiting = try await sql.raw(
                """
                SELECT id FROM jobs WHERE kind = \(bind: Self.scanKind) AND workspace_id = \(bind: workspace) AND status = 'queued'
                LIMIT 1
                """
            ).first()
            guard waiting == nil else { return false }
            var payload = JSONObject()
            if let entity { payload["entity"] = .string(entity) }
            return try await JobQueue.enqueue(
                kind: Self.scanKind, payload: .object(payload), workspace: principal.workspaceID, runAt: .now(), dedupeKey: nil,
                maxAttempts: 3, on: sql)
        }
    }

    /// Whether a scan of the workspace is queued or running.
    public func scanPending(workspace: Workspace.ID) async throws -> Bool {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT id FROM jobs WHERE kind = \(bind: Self.scanKind) AND (workspace_id = \(bind: workspace.uuid) OR workspace_id IS NULL)
                  AND status IN ('queued', 'running') AND run_at <= \(bind: Timestamp.now().micros)
                LIMIT 1
                """
            ).first() != nil
        }
    }

    /// The latest finished scan of an entity in a workspace.
    public func lastScan<M: DuplicateMatching>(_ entity: M.Type, workspace: Workspace.ID) async throws -> DuplicateScanSummary? {
        try await db.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT * FROM duplicate_scans WHERE workspace_id = \(bind: workspace.uuid) AND entity = \(bind: M.name)
                    ORDER BY started_at DESC LIMIT 1
                    """
                ).first()
            else { return nil }
            return DuplicateScanSummary(
                entity: M.table, startedAt: Timestamp(micros: try row.decode(column: "started_at", as: Int64.self)),
                finishedAt: Timestamp(micros: try row.decode(column: "finished_at", as: Int64.self)),
                recordsCompared: try row.decode(column: "records_compared", as: Int.self),
                pairsScored: try row.decode(column: "pairs_scored", as: Int.self),
                pairsFound: try row.decode(column: "pairs_found", as: Int.self),
                blocksSkipped: try row.decode(column: "blocks_skipped", as: Int.self),
                note: try row.decode(column: "note", as: String.self))
        }
    }

    // MARK: Reviewing

    /// Pairs of an entity with the given status where the principal may see both records and both
    /// are live, highest score first, `limit` at a time from `cursor`.
    public func pairs<M: DuplicateMatching>(
        _ entity: M.Type, status: DuplicatePair<M>.Status = .open, cursor: String? = nil, limit: Int = 50,
        by principal: Principal
    ) async throws -> Page<DuplicatePair<M>> {
        let limit = max(1, min(limit, 100))
        var conditions: [SQLQueryString] = [
            "p.workspace_id = \(bind: principal.workspaceID.uuid)", "p.entity = \(bind: M.name)", "p.status = \(bind: status.rawValue)",
            "a.deleted_at IS NULL", "b.deleted_at IS NULL",
        ]
        if !principal.seesEverything {
            conditions.append(Visibility.predicate(principal, prefix: "a."))
            conditions.append(Visibility.predicate(principal, prefix: "b."))
        }
        if let cursor {
            let position = try Cursor(decoding: cursor)
            guard case .int(let score) = position.sortValue, let id = UUID(uuidString: position.id), !position.backwards else {
                throw RapportError.invalid(field: "cursor", reason: "is not a cursor of this list")
            }
            conditions.append("(p.score < \(bind: score) OR (p.score = \(bind: score) AND p.id < \(bind: id)))")
        }
        let query: SQLQueryString = """
            SELECT p.id, p.record_a, p.record_b, p.score, p.reasons, p.status, p.found_at, p.dismissed_at
            FROM duplicate_pairs p
            JOIN \(unsafeRaw: M.table) a ON a.id = p.record_a
            JOIN \(unsafeRaw: M.table) b ON b.id = p.record_b
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY p.score DESC, p.id DESC
            LIMIT \(literal: limit + 1)
            """
        let (rows, records): ([PairRow], [UUID: Record<M>]) = try await db.read { sql in
            let rows = try await sql.raw(query).all().map(PairRow.init)
            return (rows, try await Self.records(M.self, rows.flatMap { [$0.a, $0.b] }, on: sql))
        }
        let items = rows.prefix(limit).compactMap { row in row.pair(records) }
        let next =
            rows.count > limit
            ? rows.prefix(limit).last.map { Cursor(sortValue: .int(Int64($0.score)), id: $0.id.uuidString, backwards: false).encoded }
            : nil
        return Page(items: items, nextCursor: next, previousCursor: nil)
    }

    /// A pair the principal may see both records of.
    public func pair<M: DuplicateMatching>(_ entity: M.Type, id: UUID, by principal: Principal) async throws -> DuplicatePair<M> {
        try await db.read { sql in try await Self.visiblePair(M.self, id: id, by: principal, on: sql) }
    }

    /// The entity (`accounts`, `contacts`) of a pair in the principal's workspace, if it exists.
    public func entity(ofPair id: UUID, by principal: Principal) async throws -> String? {
        try await db.read { sql in
            let entity = try await sql.raw(
                "SELECT entity FROM duplicate_pairs WHERE id = \(bind: id) AND workspace_id = \(bind: principal.workspaceID.uuid)"
            ).first()?.decode(column: "entity", as: String.self)
            return entity == Account.name ? Account.table : entity == Contact.name ? Contact.table : nil
        }
    }

    /// Marks a pair as not a duplicate (`dismissed`) or back to `open`.
    public func setStatus<M: DuplicateMatching>(
        _ entity: M.Type, id: UUID, to status: DuplicatePair<M>.Status, by principal: Principal
    ) async throws -> DuplicatePair<M> {
        try principal.requireWrite()
        return try await db.write { sql in
            var pair = try await Self.visiblePair(M.self, id: id, by: principal, on: sql)
            guard pair.status != status else { return pair }
            let now = Timestamp.now()
            let dismissed = status == .dismissed
            try await sql.raw(
                """
                UPDATE duplicate_pairs SET status = \(bind: status.rawValue), dismissed_at = \(bind: dismissed ? now.micros : nil),
                    dismissed_by = \(bind: dismissed ? principal.userID?.uuid : nil)
                WHERE id = \(bind: id)
                """
            ).run()
            pair.status = status
            pair.dismissedAt = dismissed ? now : nil
            return pair
        }
    }

    static func visiblePair<M: DuplicateMatching>(_ entity: M.Type, id: UUID, by principal: Principal, on sql: any SQLDatabase)
        async throws -> DuplicatePair<M>
    {
        let notFound = RapportError.notFound(entity: "duplicate pair", id: id.uuidString.lowercased())
        guard
            let row = try await sql.raw(
                """
                SELECT id, record_a, record_b, score, reasons, status, found_at, dismissed_at FROM duplicate_pairs
                WHERE id = \(bind: id) AND workspace_id = \(bind: principal.workspaceID.uuid) AND entity = \(bind: M.name)
                """
            ).first().map(PairRow.init)
        else { throw notFound }
        let records = try await records(M.self, [row.a, row.b], on: sql)
        guard let pair = row.pair(records),
            [pair.a, pair.b].allSatisfy({
                $0.deletedAt == nil && principal.canSee(owner: $0.ownerID, team: $0.teamID, shared: $0.shared)
            })
        else { throw notFound }
        return pair
    }

    static func records<M: DuplicateMatching>(_ entity: M.Type, _ ids: [UUID], on sql: any SQLDatabase) async throws
        -> [UUID: Record<M>]
    {
        guard !ids.isEmpty else { return [:] }
        let binds: [any Encodable & Sendable] = Array(Set(ids))
        let rows = try await sql.raw(
            "SELECT \(unsafeRaw: RecordStore<M>.columnList) FROM \(unsafeRaw: M.table) WHERE id IN (\(binds: binds))"
        ).all()
        var result: [UUID: Record<M>] = [:]
        for row in rows {
            let record = try RecordCodec.record(row, as: M.self)
            result[record.id.uuid] = record
        }
        return result
    }
}

/// A `duplicate_pairs` row before its records are attached.
struct PairRow: Sendable {
    var id: UUID
    var a: UUID
    var b: UUID
    var score: Int
    var reasons: [String]
    var status: String
    var foundAt: Int64
    var dismissedAt: Int64?

    init(_ row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        a = try row.decode(column: "record_a", as: UUID.self)
        b = try row.decode(column: "record_b", as: UUID.self)
        score = try row.decode(column: "score", as: Int.self)
        let text = try row.decode(column: "reasons", as: String.self)
        let json = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        if case .array(let items)? = json { reasons = items.compactMap(\.stringValue) } else { reasons = [] }
        status = try row.decode(column: "status", as: String.self)
        foundAt = try row.decode(column: "found_at", as: Int64.self)
        dismissedAt = try row.decode(column: "dismissed_at", as: Int64?.self)
    }

    func pair<M: DuplicateMatching>(_ records: [UUID: Record<M>]) -> DuplicatePair<M>? {
        guard let ra = records[a], let rb = records[b], let status = DuplicatePair<M>.Status(rawValue: status) else { return nil }
        return DuplicatePair(
            id: id, a: ra, b: rb, score: Double(score) / 1000, reasons: reasons, status: status,
            foundAt: Timestamp(micros: foundAt), dismissedAt: dismissedAt.map(Timestamp.init(micros:)))
    }
}
