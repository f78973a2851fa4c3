/// CSV imports: each import (`imports`) with its settings and progress; the rows it did not
/// import and why (`import_issues`); the values its updates replaced, to revert them
/// (`import_changes`); saved column mappings (`import_templates`).
///
/// Every record an import creates carries the import's ID (`import_id` on the record tables of
/// accounts, contacts and leads), so a bought list's records can be counted later and an import
/// reverted. Accounts and contacts also get an `external_id` field: their ID in the system they came
/// from, which a later import can update by. An entity that becomes importable adds the columns to
/// its table the same way.
enum Schema009 {
    static let migration = Migration(number: 9, name: "imports") { _ in
        var statements: [String] = []
        for table in ["accounts", "contacts"] {
            statements += [
                "ALTER TABLE \(table) ADD COLUMN import_id {uuid}",
                "ALTER TABLE \(table) ADD COLUMN external_id TEXT NOT NULL DEFAULT ''",
                "CREATE INDEX \(table)_import ON \(table) (import_id) WHERE import_id IS NOT NULL",
                "CREATE INDEX \(table)_external_id ON \(table) (workspace_id, external_id) WHERE external_id <> ''",
            ]
        }
        // Leads (schema 8) remember their import too; their `external_id` field is for the entity to add.
        statements += [
            "ALTER TABLE leads ADD COLUMN import_id {uuid}",
            "CREATE INDEX leads_import ON leads (import_id) WHERE import_id IS NOT NULL",
        ]
        return statements + [
            """
            CREATE TABLE imports (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                entity TEXT NOT NULL,
                status TEXT NOT NULL,
                dry_run {bool} NOT NULL DEFAULT FALSE,
                settings TEXT NOT NULL,
                file_name TEXT NOT NULL,
                file_path TEXT NOT NULL,
                file_bytes BIGINT NOT NULL,
                owns_file {bool} NOT NULL DEFAULT FALSE,
                list_name TEXT NOT NULL DEFAULT '',
                list_cost BIGINT,
                list_cost_currency TEXT NOT NULL DEFAULT '',
                byte_offset BIGINT NOT NULL DEFAULT 0,
                line INTEGER NOT NULL DEFAULT 0,
                counts TEXT NOT NULL DEFAULT '{}',
                dry_counts TEXT NOT NULL DEFAULT '',
                revert_counts TEXT NOT NULL DEFAULT '',
                revert_cursor TEXT NOT NULL DEFAULT '',
                error TEXT NOT NULL DEFAULT '',
                cancel_requested {bool} NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL,
                created_by {uuid},
                created_by_name TEXT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                reverted_at BIGINT,
                reverted_by {uuid}
            )
            """,
            "CREATE INDEX imports_list ON imports (workspace_id, created_at, id)",
            """
            CREATE TABLE import_issues (
                seq {serial},
                import_id {uuid} NOT NULL,
                pass TEXT NOT NULL,
                row_number BIGINT NOT NULL,
                line BIGINT NOT NULL,
                kind TEXT NOT NULL,
                reason TEXT NOT NULL,
                raw TEXT NOT NULL,
                record_id {uuid}
            )
            """,
            "CREATE INDEX import_issues_rows ON import_issues (import_id, pass, row_number)",
            """
            CREATE TABLE import_changes (
                import_id {uuid} NOT NULL,
                record_id {uuid} NOT NULL,
                row_number BIGINT NOT NULL,
                before TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (import_id, record_id)
            )
            """,
            """
            CREATE TABLE import_templates (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                entity TEXT NOT NULL,
                name TEXT NOT NULL,
                mapping TEXT NOT NULL,
                created_by {uuid},
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX import_templates_name ON import_templates (workspace_id, entity, name)",
        ]
    }
}
