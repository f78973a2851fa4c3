/// The job queue and recurring schedules: background work that every server instance shares.
enum Schema003 {
    static let migration = Migration(number: 3, name: "jobs") { _ in
        [
            """
            CREATE TABLE jobs (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid},
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                dedupe_key TEXT,
                status TEXT NOT NULL,
                run_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                max_attempts INTEGER NOT NULL,
                locked_by TEXT,
                locked_until BIGINT,
                last_error TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                finished_at BIGINT
            )
            """,
            "CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key)",
            "CREATE INDEX jobs_due ON jobs (status, run_at)",
            """
            CREATE TABLE schedules (
                name TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                interval_seconds BIGINT NOT NULL,
                next_run_at BIGINT NOT NULL
            )
            """,
        ]
    }
}
