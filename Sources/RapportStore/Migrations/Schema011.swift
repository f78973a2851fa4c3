/// Forecasting: the workspace's fiscal year start and exchange rates, quotas, managers'
/// adjustments (every one kept), the weekly forecast snapshots the accuracy report reads, and
/// market sizes for market share.
enum Schema011 {
    static let migration = Migration(number: 11, name: "forecast") { _ in
        [
            "ALTER TABLE workspaces ADD COLUMN fiscal_year_start INTEGER NOT NULL DEFAULT 1",
            """
            CREATE TABLE exchange_rates (
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                currency TEXT NOT NULL,
                per_million BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                updated_by {uuid},
                PRIMARY KEY (workspace_id, currency)
            )
            """,
            """
            CREATE TABLE quotas (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                scope_key TEXT NOT NULL,
                period_kind TEXT NOT NULL,
                period_start TEXT NOT NULL,
                amount BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                updated_by {uuid}
            )
            """,
            "CREATE UNIQUE INDEX quotas_scope ON quotas (workspace_id, period_kind, period_start, scope_key)",
            """
            CREATE TABLE forecast_adjustments (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                scope_key TEXT NOT NULL,
                period_kind TEXT NOT NULL,
                period_start TEXT NOT NULL,
                figure TEXT NOT NULL,
                amount BIGINT NOT NULL,
                computed BIGINT NOT NULL,
                note TEXT NOT NULL,
                by_id {uuid},
                by_name TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX forecast_adjustments_period ON forecast_adjustments (workspace_id, period_kind, period_start, at)",
            """
            CREATE TABLE forecast_snapshots (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                taken_at BIGINT NOT NULL,
                period_kind TEXT NOT NULL,
                period_start TEXT NOT NULL,
                scope_key TEXT NOT NULL,
                scope_name TEXT NOT NULL,
                won BIGINT NOT NULL,
                commit_amount BIGINT NOT NULL,
                best_case BIGINT NOT NULL,
                pipeline BIGINT NOT NULL,
                weighted BIGINT NOT NULL,
                historical BIGINT NOT NULL,
                quota BIGINT
            )
            """,
            "CREATE INDEX forecast_snapshots_period ON forecast_snapshots (workspace_id, period_kind, period_start, scope_key, taken_at)",
            // The size of a market (an industry in a country, or everywhere) in a year, for market share.
            """
            CREATE TABLE market_sizes (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                industry TEXT NOT NULL,
                country TEXT NOT NULL DEFAULT '',
                year INTEGER NOT NULL,
                amount BIGINT NOT NULL,
                currency TEXT NOT NULL,
                source TEXT NOT NULL DEFAULT '',
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX market_sizes_key ON market_sizes (workspace_id, year, industry, country)",
            // Win rates read the latest closed deals.
            "CREATE INDEX deals_closed_at ON deals (workspace_id, closed_at)",
        ]
    }
}
