import Foundation

/// Where an import is in its life.
public enum ImportStatus: String, Sendable, CaseIterable {
    /// Uploaded; the mapping and settings can still change, previews and dry runs can be made.
    case draft
    /// Waiting for a worker (a run or a dry run).
    case queued
    case running
    /// Every row was read.
    case done
    /// Stopped by an error; what committed stays, and the import can be resumed or reverted.
    case failed
    /// Stopped on request; what committed stays, and the import can be resumed or reverted.
    case cancelled
    /// Its records are being removed and its updates undone.
    case reverting
    case reverted

    /// Whether a worker has or will have the import.
    public var isActive: Bool { self == .queued || self == .running || self == .reverting }
}

/// What a run (or a dry run) did with the rows it read.
public struct ImportCounts: Hashable, Sendable {
    /// Rows read, blank ones included.
    public var rows = 0
    public var created = 0
    public var updated = 0
    /// Rows that matched a record and changed nothing in it.
    public var unchanged = 0
    /// Rows held back: look-alikes of existing records, rows an update found no record for.
    public var skipped = 0
    /// Rows with values that are not valid, or that could not be read.
    public var rejected = 0
    /// Of the created, those that look like another record and were listed for review.
    public var flagged = 0
    /// Empty rows, passed over.
    public var blank = 0
    /// Rows imported with something left out (an account name no record has).
    public var warnings = 0

    public init() {}

    /// Adds another run's counts (a chunk's, to the import's).
    public mutating func add(_ other: ImportCounts) {
        rows += other.rows
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        skipped += other.skipped
        rejected += other.rejected
        flagged += other.flagged
        blank += other.blank
        warnings += other.warnings
    }

    /// The counts as JSON, as stored and as the API shows them.
    public var json: JSONObject {
        JSONObject([
            "rows": .int(Int64(rows)), "created": .int(Int64(created)), "updated": .int(Int64(updated)),
            "unchanged": .int(Int64(unchanged)), "skipped": .int(Int64(skipped)), "rejected": .int(Int64(rejected)),
            "flagged": .int(Int64(flagged)), "blank": .int(Int64(blank)), "warnings": .int(Int64(warnings)),
        ])
    }

    /// Counts read back from `json`; missing members are zero.
    public init(json: JSONObject) {
        func n(_ key: String) -> Int { if case .int(let i)? = json[key] { Int(i) } else { 0 } }
        rows = n("rows")
        created = n("created")
        updated = n("updated")
        unchanged = n("unchanged")
        skipped = n("skipped")
        rejected = n("rejected")
        flagged = n("flagged")
        blank = n("blank")
        warnings = n("warnings")
    }
}

/// What a revert did.
public struct RevertCounts: Hashable, Sendable {
    /// Records the import created, now deleted.
    public var deleted = 0
    /// Records the import changed, now back to their values from before.
    public var restored = 0
    /// Records left as they are because someone changed them since, or others now point at them.
    public var kept = 0

    public init() {}

    public var json: JSONObject {
        JSONObject(["deleted": .int(Int64(deleted)), "restored": .int(Int64(restored)), "kept": .int(Int64(kept))])
    }

    public init(json: JSONObject) {
        func n(_ key: String) -> Int { if case .int(let i)? = json[key] { Int(i) } else { 0 } }
        deleted = n("deleted")
        restored = n("restored")
        kept = n("kept")
    }
}

/// One CSV import: the file, how it is read, and what its runs did.
public struct ImportBatch: Sendable, Identifiable {
    public typealias ID = RapportCore.ID<ImportBatch>
    public var id: ID
    public var workspaceID: Workspace.ID
    /// The entity's table (`contacts`).
    public var entity: String
    public var status: ImportStatus
    public var settings: ImportSettings
    public var fileName: String
    public var fileBytes: Int64
    /// Where the file is (the data folder's copy of an upload, or the file the command line named).
    public var filePath: String
    /// Whether the file is Rapport's own copy (an upload), removed once the import is done.
    public var ownsFile = false
    /// Whether the queued or running pass is a dry run.
    public var dryRun: Bool
    /// Where the next chunk starts: the byte offset and physical line after the last committed row;
    /// 0 before the first chunk (reading then starts at the header).
    public var offset: Int64
    public var line: Int
    public var counts: ImportCounts
    /// The last dry run's counts, when one finished.
    public var dryCounts: ImportCounts?
    public var revertCounts: RevertCounts?
    public var error: String
    public var createdAt: Timestamp
    public var createdBy: User.ID?
    public var createdByName: String
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?
    public var revertedAt: Timestamp?
    /// Someone asked a running import to stop.
    public var cancelRequested: Bool

    public init(
        id: ID, workspaceID: Workspace.ID, entity: String, status: ImportStatus, settings: ImportSettings, fileName: String,
        fileBytes: Int64, filePath: String, createdAt: Timestamp, createdBy: User.ID?, createdByName: String
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.entity = entity
        self.status = status
        self.settings = settings
        self.fileName = fileName
        self.fileBytes = fileBytes
        self.filePath = filePath
        dryRun = false
        offset = 0
        line = 0
        counts = ImportCounts()
        error = ""
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.createdByName = createdByName
        cancelRequested = false
    }

    /// How far the running pass has read, 0…1, by bytes.
    public var progress: Double {
        guard fileBytes > 0 else { return 1 }
        if status == .done || status == .reverted { return 1 }
        return min(1, max(0, Double(offset) / Double(fileBytes)))
    }

    /// Whether the import made changes a revert can undo.
    public var canRevert: Bool {
        [.done, .failed, .cancelled].contains(status) && (counts.created > 0 || counts.updated > 0)
    }

    /// Whether a stopped run can go on from where it stopped.
    public var canResume: Bool { (status == .failed || status == .cancelled) && !dryRun }
}
