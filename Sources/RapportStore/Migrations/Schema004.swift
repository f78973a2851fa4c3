/// Activities (calls, meetings, emails, notes), tasks, the purposes they are about, and the
/// workspace's outreach cap.
enum Schema004 {
    static let migration = Migration(number: 4, name: "activities") { _ in
        [
            """
            CREATE TABLE purposes (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                quiet_days INTEGER NOT NULL,
                retired {bool} NOT NULL DEFAULT FALSE,
                position INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX purposes_name ON purposes (workspace_id, name_key)",
            "ALTER TABLE workspaces ADD COLUMN outreach_cap_touches INTEGER NOT NULL DEFAULT 3",
            "ALTER TABLE workspaces ADD COLUMN outreach_cap_days INTEGER NOT NULL DEFAULT 7",
            """
            CREATE TABLE activities (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                kind TEXT NOT NULL,
                direction TEXT NOT NULL DEFAULT '',
                subject TEXT NOT NULL DEFAULT '',
                purpose_id {uuid} REFERENCES purposes(id),
                contact_id {uuid} REFERENCES contacts(id),
                account_id {uuid} REFERENCES accounts(id),
                occurred_at BIGINT NOT NULL,
                ends_at BIGINT,
                duration_minutes BIGINT,
                status TEXT NOT NULL DEFAULT '',
                call_result TEXT NOT NULL DEFAULT '',
                location TEXT NOT NULL DEFAULT '',
                attendee_user_ids TEXT NOT NULL DEFAULT '',
                attendee_contact_ids TEXT NOT NULL DEFAULT '',
                outcome TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL DEFAULT '',
                override_reason TEXT NOT NULL DEFAULT '',
            \(Schema001.recordColumns)
            )
            """,
            "CREATE INDEX activities_contact ON activities (contact_id, occurred_at, id)",
            "CREATE INDEX activities_account ON activities (account_id, occurred_at, id)",
            "CREATE INDEX activities_sort_name ON activities (workspace_id, sort_name, id)",
            "CREATE INDEX activities_created ON activities (workspace_id, created_at, id)",
            "CREATE INDEX activities_updated ON activities (workspace_id, updated_at, id)",
            "CREATE INDEX activities_owner ON activities (workspace_id, owner_id, occurred_at)",
            "CREATE INDEX activities_overrides ON activities (workspace_id, override_reason, occurred_at)",
            """
            CREATE TABLE activity_attendees (
                workspace_id {uuid} NOT NULL,
                activity_id {uuid} NOT NULL REFERENCES activities(id),
                kind TEXT NOT NULL,
                attendee_id {uuid} NOT NULL,
                PRIMARY KEY (activity_id, kind, attendee_id)
            )
            """,
            "CREATE INDEX activity_attendees_attendee ON activity_attendees (attendee_id)",
            """
            CREATE TABLE tasks (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                title TEXT NOT NULL,
                due_at BIGINT,
                priority TEXT NOT NULL,
                status TEXT NOT NULL,
                purpose_id {uuid} REFERENCES purposes(id),
                contact_id {uuid} REFERENCES contacts(id),
                account_id {uuid} REFERENCES accounts(id),
                activity_id {uuid} REFERENCES activities(id),
                completed_at BIGINT,
                notes TEXT NOT NULL DEFAULT '',
            \(Schema001.recordColumns)
            )
            """,
            "CREATE INDEX tasks_contact ON tasks (contact_id, status, due_at)",
            "CREATE INDEX tasks_account ON tasks (account_id, status, due_at)",
            "CREATE INDEX tasks_contact_done ON tasks (contact_id, completed_at, id)",
            "CREATE INDEX tasks_account_done ON tasks (account_id, completed_at, id)",
            "CREATE INDEX tasks_owner ON tasks (workspace_id, owner_id, status, due_at)",
            "CREATE INDEX tasks_team ON tasks (workspace_id, team_id, status, due_at)",
            "CREATE INDEX tasks_sort_name ON tasks (workspace_id, sort_name, id)",
            "CREATE INDEX tasks_created ON tasks (workspace_id, created_at, id)",
            "CREATE INDEX tasks_updated ON tasks (workspace_id, updated_at, id)",
            "CREATE INDEX tasks_activity ON tasks (activity_id)",
            // Timelines read a record's own changes newest first by time.
            "CREATE INDEX events_record_time ON events (workspace_id, record_id, at, id)",
        ]
    }
}
