/// Duplicate detection: the blocking keys every account and contact write keeps (`match_keys`),
/// the pairs the background scan finds (`duplicate_pairs`) and what each scan did (`duplicate_scans`).
///
/// Keys are computed in Swift (nicknames, folding), so existing records get theirs from the
/// migration's backfill in the same transaction. Scores are stored in thousandths: no floating
/// point in SQL, and both databases sort them alike.
enum Schema005 {
    static let migration = Migration(
        number: 5, name: "duplicates",
        statements: { _ in
            [
                """
                CREATE TABLE match_keys (
                    workspace_id {uuid} NOT NULL,
                    entity TEXT NOT NULL,
                    record_id {uuid} NOT NULL,
                    key TEXT NOT NULL
                )
                """,
                // Covers the create check's lookups (newest first) and the scan's grouping without the table.
                "CREATE INDEX match_keys_key ON match_keys (workspace_id, entity, key, record_id)",
                "CREATE INDEX match_keys_record ON match_keys (record_id)",
                """
                CREATE TABLE duplicate_pairs (
                    id {uuid} PRIMARY KEY,
                    workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                    entity TEXT NOT NULL,
                    record_a {uuid} NOT NULL,
                    record_b {uuid} NOT NULL,
                    score INTEGER NOT NULL,
                    reasons TEXT NOT NULL,
                    status TEXT NOT NULL,
                    found_at BIGINT NOT NULL,
                    dismissed_at BIGINT,
                    dismissed_by {uuid}
                )
                """,
                "CREATE UNIQUE INDEX duplicate_pairs_pair ON duplicate_pairs (workspace_id, entity, record_a, record_b)",
                "CREATE INDEX duplicate_pairs_list ON duplicate_pairs (workspace_id, entity, status, score, id)",
                """
                CREATE TABLE duplicate_scans (
                    id {uuid} PRIMARY KEY,
                    workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                    entity TEXT NOT NULL,
                    started_at BIGINT NOT NULL,
                    finished_at BIGINT NOT NULL,
                    records_compared BIGINT NOT NULL,
                    pairs_scored BIGINT NOT NULL,
                    pairs_found INTEGER NOT NULL,
                    blocks_skipped INTEGER NOT NULL,
                    note TEXT NOT NULL
                )
                """,
                "CREATE INDEX duplicate_scans_latest ON duplicate_scans (workspace_id, entity, started_at)",
            ]
        },
        backfill: { sql in try await MatchKeys.backfill(on: sql) })
}
