/// The foundation schema: workspaces, teams, users, auth, accounts, contacts, relations,
/// contact points, the event log and the search index.
///
/// Every tenant-owned table carries `workspace_id`, and its keys start with it, so the schema can be
/// distributed by workspace. Timestamps are BIGINT microseconds since the epoch (UTC). Text fields
/// are NOT NULL with '' for empty, so they sort and index without NULL handling.
enum Schema001 {
    static let migration = Migration(number: 1, name: "foundation") { dialect in
        common + (dialect == .sqlite ? sqliteSearch : postgresSearch)
    }

    static let recordColumns = """
        owner_id {uuid},
        team_id {uuid},
        shared {bool} NOT NULL DEFAULT FALSE,
        sort_name TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        created_by {uuid},
        updated_by {uuid},
        deleted_at BIGINT
        """

    static let common: [String] = [
        """
        CREATE TABLE workspaces (
            id {uuid} PRIMARY KEY,
            name TEXT NOT NULL,
            default_country TEXT NOT NULL,
            default_currency TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE teams (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            name TEXT NOT NULL,
            parent_id {uuid} REFERENCES teams(id),
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX teams_name ON teams (workspace_id, name)",
        """
        CREATE TABLE users (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            email TEXT NOT NULL,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            team_id {uuid} REFERENCES teams(id),
            time_zone TEXT NOT NULL,
            active {bool} NOT NULL DEFAULT TRUE,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX users_email ON users (email)",
        """
        CREATE TABLE api_tokens (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            user_id {uuid} NOT NULL REFERENCES users(id),
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL,
            prefix TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_used_at BIGINT,
            revoked_at BIGINT
        )
        """,
        "CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash)",
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id {uuid} NOT NULL REFERENCES users(id),
            csrf TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user ON sessions (user_id)",
        """
        CREATE TABLE login_failures (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            window_start BIGINT NOT NULL,
            locked_until BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status INTEGER NOT NULL,
            body TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            PRIMARY KEY (scope, key)
        )
        """,
        """
        CREATE TABLE accounts (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            industry TEXT NOT NULL DEFAULT '',
            website TEXT NOT NULL DEFAULT '',
            domain TEXT NOT NULL DEFAULT '',
            phones TEXT NOT NULL DEFAULT '',
            emails TEXT NOT NULL DEFAULT '',
            street TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            postal_code TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            employees BIGINT,
            annual_revenue BIGINT,
            annual_revenue_currency TEXT NOT NULL DEFAULT '',
            parent_id {uuid} REFERENCES accounts(id),
            description TEXT NOT NULL DEFAULT '',
        \(recordColumns)
        )
        """,
        "CREATE INDEX accounts_sort_name ON accounts (workspace_id, sort_name, id)",
        "CREATE INDEX accounts_created ON accounts (workspace_id, created_at, id)",
        "CREATE INDEX accounts_updated ON accounts (workspace_id, updated_at, id)",
        "CREATE INDEX accounts_domain ON accounts (workspace_id, domain)",
        "CREATE INDEX accounts_owner ON accounts (workspace_id, owner_id)",
        "CREATE INDEX accounts_parent ON accounts (parent_id)",
        """
        CREATE TABLE contacts (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            prefix TEXT NOT NULL DEFAULT '',
            first_name TEXT NOT NULL DEFAULT '',
            middle_name TEXT NOT NULL DEFAULT '',
            last_name TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            account_id {uuid} REFERENCES accounts(id),
            emails TEXT NOT NULL DEFAULT '',
            phones TEXT NOT NULL DEFAULT '',
            birthday TEXT NOT NULL DEFAULT '',
            time_zone TEXT NOT NULL DEFAULT '',
            email_opt_out {bool} NOT NULL DEFAULT FALSE,
            tags TEXT NOT NULL DEFAULT '',
            street TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            postal_code TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
        \(recordColumns)
        )
        """,
        "CREATE INDEX contacts_sort_name ON contacts (workspace_id, sort_name, id)",
        "CREATE INDEX contacts_created ON contacts (workspace_id, created_at, id)",
        "CREATE INDEX contacts_updated ON contacts (workspace_id, updated_at, id)",
        "CREATE INDEX contacts_account ON contacts (account_id, sort_name)",
        "CREATE INDEX contacts_owner ON contacts (workspace_id, owner_id)",
        """
        CREATE TABLE account_relations (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            from_id {uuid} NOT NULL REFERENCES accounts(id),
            to_id {uuid} NOT NULL REFERENCES accounts(id),
            kind TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            created_by {uuid}
        )
        """,
        "CREATE UNIQUE INDEX account_relations_unique ON account_relations (workspace_id, from_id, to_id, kind)",
        "CREATE INDEX account_relations_to ON account_relations (to_id)",
        """
        CREATE TABLE contact_points (
            workspace_id {uuid} NOT NULL,
            entity TEXT NOT NULL,
            record_id {uuid} NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL
        )
        """,
        "CREATE INDEX contact_points_value ON contact_points (workspace_id, kind, value)",
        "CREATE INDEX contact_points_record ON contact_points (record_id)",
        """
        CREATE TABLE events (
            seq {serial},
            id {uuid} NOT NULL UNIQUE,
            workspace_id {uuid} NOT NULL,
            at BIGINT NOT NULL,
            actor_id {uuid},
            actor_name TEXT NOT NULL,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            action TEXT NOT NULL,
            changes TEXT NOT NULL,
            version INTEGER NOT NULL
        )
        """,
        "CREATE INDEX events_record ON events (workspace_id, record_id, seq)",
    ]

    static let sqliteSearch: [String] = [
        """
        CREATE TABLE search_docs (
            id INTEGER PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            title TEXT NOT NULL,
            subtitle TEXT NOT NULL,
            doc TEXT NOT NULL,
            owner_id TEXT,
            team_id TEXT,
            shared INTEGER NOT NULL,
            deleted INTEGER NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX search_docs_record ON search_docs (record_id)",
        "CREATE VIRTUAL TABLE search_fts USING fts5(doc, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.doc); END",
        "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.doc); END",
        "CREATE TRIGGER search_docs_au AFTER UPDATE OF doc ON search_docs BEGIN INSERT INTO search_fts(search_fts, rowid, doc) VALUES ('delete', old.id, old.doc); INSERT INTO search_fts(rowid, doc) VALUES (new.id, new.doc); END",
    ]

    static let postgresSearch: [String] = [
        """
        CREATE TABLE search_docs (
            id BIGSERIAL,
            workspace_id uuid NOT NULL,
            entity TEXT NOT NULL,
            record_id uuid NOT NULL,
            title TEXT NOT NULL,
            subtitle TEXT NOT NULL,
            doc TEXT NOT NULL,
            owner_id uuid,
            team_id uuid,
            shared boolean NOT NULL,
            deleted boolean NOT NULL,
            tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', doc)) STORED
        )
        """,
        "CREATE UNIQUE INDEX search_docs_record ON search_docs (record_id)",
        "CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)",
    ]
}
