/// Private calendar feeds: one secret URL per user that calendar clients subscribe to.
///
/// Only the token's hash is kept, as for API tokens: the URL is shown once when it is made, and
/// a lost URL is replaced by regenerating it. At most one feed per user is live at a time.
enum Schema006 {
    static let migration = Migration(number: 6, name: "calendar_feeds") { _ in
        [
            """
            CREATE TABLE calendar_feeds (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                token_hash TEXT NOT NULL,
                prefix TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_fetched_at BIGINT,
                revoked_at BIGINT
            )
            """,
            "CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_hash)",
            "CREATE UNIQUE INDEX calendar_feeds_live ON calendar_feeds (workspace_id, user_id) WHERE revoked_at IS NULL",
        ]
    }
}
