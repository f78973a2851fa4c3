/// Merges of duplicate records: the duplicate's forwarding address to its survivor, and for 30 days
/// the snapshot that undoes the merge.
///
/// `snapshot` (JSON: the survivor's changed fields before and after, every row moved, every relation
/// dropped) is cleared by housekeeping once `undo_until` has passed; the row itself stays, so a merged
/// record's page can still say where it went.
enum Schema007 {
    static let migration = Migration(number: 7, name: "merges") { _ in
        [
            """
            CREATE TABLE merges (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                entity TEXT NOT NULL,
                survivor_id {uuid} NOT NULL,
                duplicate_id {uuid} NOT NULL,
                survivor_title TEXT NOT NULL,
                duplicate_title TEXT NOT NULL,
                fields TEXT NOT NULL,
                moved TEXT NOT NULL,
                snapshot TEXT,
                merged_at BIGINT NOT NULL,
                merged_by {uuid},
                merged_by_name TEXT NOT NULL,
                undo_until BIGINT NOT NULL,
                undone_at BIGINT,
                undone_by {uuid}
            )
            """,
            "CREATE INDEX merges_survivor ON merges (workspace_id, survivor_id, merged_at)",
            "CREATE INDEX merges_duplicate ON merges (workspace_id, duplicate_id, merged_at)",
            "CREATE INDEX merges_undoable ON merges (undo_until) WHERE snapshot IS NOT NULL",
        ]
    }
}
