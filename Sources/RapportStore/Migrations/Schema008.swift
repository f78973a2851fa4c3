/// Sales: pipelines and their stages, leads, deals with their contacts' roles and their history
/// (the projection of deal events that stage history and "as of" questions read), activities and
/// tasks about leads and deals, lead assignment and scoring rules, web-to-lead forms.
enum Schema008 {
    static let migration = Migration(number: 8, name: "sales") { _ in
        [
            """
            CREATE TABLE pipelines (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                position INTEGER NOT NULL,
                is_default {bool} NOT NULL DEFAULT FALSE,
                retired {bool} NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX pipelines_name ON pipelines (workspace_id, name_key)",
            """
            CREATE TABLE stages (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                pipeline_id {uuid} NOT NULL REFERENCES pipelines(id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                position INTEGER NOT NULL,
                probability INTEGER NOT NULL,
                category TEXT NOT NULL,
                required_fields TEXT NOT NULL DEFAULT '',
                playbook TEXT NOT NULL DEFAULT '',
                retired {bool} NOT NULL DEFAULT FALSE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX stages_name ON stages (pipeline_id, name_key)",
            "CREATE INDEX stages_workspace ON stages (workspace_id, pipeline_id, position)",
            """
            CREATE TABLE leads (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                first_name TEXT NOT NULL DEFAULT '',
                last_name TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL DEFAULT '',
                company TEXT NOT NULL DEFAULT '',
                website TEXT NOT NULL DEFAULT '',
                industry TEXT NOT NULL DEFAULT '',
                employees BIGINT,
                emails TEXT NOT NULL DEFAULT '',
                phones TEXT NOT NULL DEFAULT '',
                email_opt_out {bool} NOT NULL DEFAULT FALSE,
                street TEXT NOT NULL DEFAULT '',
                city TEXT NOT NULL DEFAULT '',
                region TEXT NOT NULL DEFAULT '',
                postal_code TEXT NOT NULL DEFAULT '',
                country TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                disqualified_reason TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT '',
                source_detail TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                score BIGINT,
                conversion_probability BIGINT,
                first_touch_due_at BIGINT,
                first_touched_at BIGINT,
                converted_at BIGINT,
                converted_account_id {uuid} REFERENCES accounts(id),
                converted_contact_id {uuid} REFERENCES contacts(id),
                converted_deal_id {uuid},
            \(Schema001.recordColumns)
            )
            """,
            "CREATE INDEX leads_sort_name ON leads (workspace_id, sort_name, id)",
            "CREATE INDEX leads_created ON leads (workspace_id, created_at, id)",
            "CREATE INDEX leads_updated ON leads (workspace_id, updated_at, id)",
            "CREATE INDEX leads_owner ON leads (workspace_id, owner_id)",
            "CREATE INDEX leads_status ON leads (workspace_id, status, created_at)",
            "CREATE INDEX leads_source ON leads (workspace_id, source, source_detail)",
            "CREATE INDEX leads_first_touch ON leads (workspace_id, first_touched_at, first_touch_due_at)",
            """
            CREATE TABLE deals (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                name TEXT NOT NULL,
                account_id {uuid} REFERENCES accounts(id),
                contact_id {uuid} REFERENCES contacts(id),
                pipeline_id {uuid} REFERENCES pipelines(id),
                stage_id {uuid} REFERENCES stages(id),
                amount BIGINT,
                amount_currency TEXT NOT NULL DEFAULT '',
                close_date TEXT NOT NULL DEFAULT '',
                probability BIGINT,
                forecast_category TEXT NOT NULL DEFAULT '',
                next_step TEXT NOT NULL DEFAULT '',
                competitor_ids TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL DEFAULT '',
                lead_id {uuid} REFERENCES leads(id),
                lost_reason TEXT NOT NULL DEFAULT '',
                won_reason TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
                stage_entered_at BIGINT,
                closed_at BIGINT,
            \(Schema001.recordColumns)
            )
            """,
            "CREATE INDEX deals_sort_name ON deals (workspace_id, sort_name, id)",
            "CREATE INDEX deals_created ON deals (workspace_id, created_at, id)",
            "CREATE INDEX deals_updated ON deals (workspace_id, updated_at, id)",
            "CREATE INDEX deals_owner ON deals (workspace_id, owner_id)",
            "CREATE INDEX deals_account ON deals (account_id, close_date)",
            "CREATE INDEX deals_contact ON deals (contact_id)",
            "CREATE INDEX deals_lead ON deals (lead_id)",
            // The board pages one stage's column by expected close date.
            "CREATE INDEX deals_board ON deals (workspace_id, stage_id, close_date, id)",
            "CREATE INDEX deals_close ON deals (workspace_id, close_date)",
            // Closed columns of the board show what closed lately.
            "CREATE INDEX deals_closed ON deals (workspace_id, stage_id, closed_at)",
            """
            CREATE TABLE deal_contacts (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                deal_id {uuid} NOT NULL REFERENCES deals(id),
                contact_id {uuid} NOT NULL REFERENCES contacts(id),
                role TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by {uuid}
            )
            """,
            "CREATE UNIQUE INDEX deal_contacts_unique ON deal_contacts (deal_id, contact_id)",
            "CREATE INDEX deal_contacts_contact ON deal_contacts (contact_id)",
            // One row per stretch of time in which a deal's forecast-relevant values stayed the
            // same; `valid_to` is NULL for the current one. Kept from deal writes in the same
            // transaction and rebuildable from the event log (`DealHistory.rebuild`).
            """
            CREATE TABLE deal_history (
                workspace_id {uuid} NOT NULL,
                deal_id {uuid} NOT NULL,
                valid_from BIGINT NOT NULL,
                valid_to BIGINT,
                pipeline_id {uuid},
                stage_id {uuid},
                stage_entered_at BIGINT NOT NULL,
                amount BIGINT,
                amount_currency TEXT NOT NULL DEFAULT '',
                probability BIGINT,
                forecast_category TEXT NOT NULL DEFAULT '',
                close_date TEXT NOT NULL DEFAULT '',
                owner_id {uuid},
                team_id {uuid},
                changed_by {uuid},
                PRIMARY KEY (deal_id, valid_from)
            )
            """,
            "CREATE INDEX deal_history_as_of ON deal_history (workspace_id, valid_from, valid_to)",
            "CREATE INDEX deal_history_stage ON deal_history (workspace_id, stage_id, valid_from)",
            "ALTER TABLE activities ADD COLUMN lead_id {uuid} REFERENCES leads(id)",
            "ALTER TABLE activities ADD COLUMN deal_id {uuid} REFERENCES deals(id)",
            "CREATE INDEX activities_lead ON activities (lead_id, occurred_at, id)",
            "CREATE INDEX activities_deal ON activities (deal_id, occurred_at, id)",
            "ALTER TABLE tasks ADD COLUMN lead_id {uuid} REFERENCES leads(id)",
            "ALTER TABLE tasks ADD COLUMN deal_id {uuid} REFERENCES deals(id)",
            "CREATE INDEX tasks_lead ON tasks (lead_id, status, due_at)",
            "CREATE INDEX tasks_deal ON tasks (deal_id, status, due_at)",
            "CREATE INDEX tasks_lead_done ON tasks (lead_id, completed_at, id)",
            "CREATE INDEX tasks_deal_done ON tasks (deal_id, completed_at, id)",
            // First-touch SLA: a new lead should be touched within this many business hours.
            "ALTER TABLE workspaces ADD COLUMN lead_first_touch_hours INTEGER NOT NULL DEFAULT 4",
            "ALTER TABLE workspaces ADD COLUMN business_hours TEXT NOT NULL DEFAULT '1-5 09:00-17:00'",
            // Ordered assignment rules; lists are newline-separated. `assigned` is the round-robin's
            // pointer, advanced by `UPDATE … RETURNING` inside the lead's write transaction, so
            // several server instances never hand out the same turn.
            """
            CREATE TABLE lead_assignment_rules (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                name TEXT NOT NULL,
                position INTEGER NOT NULL,
                active {bool} NOT NULL DEFAULT TRUE,
                countries TEXT NOT NULL DEFAULT '',
                regions TEXT NOT NULL DEFAULT '',
                postal_prefixes TEXT NOT NULL DEFAULT '',
                sources TEXT NOT NULL DEFAULT '',
                team_id {uuid} REFERENCES teams(id),
                user_ids TEXT NOT NULL DEFAULT '',
                assigned BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX lead_assignment_rules_order ON lead_assignment_rules (workspace_id, position)",
            // Scoring rules: `kind` fit or engagement, `field` a lead field or an engagement event.
            """
            CREATE TABLE lead_score_rules (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                kind TEXT NOT NULL,
                field TEXT NOT NULL,
                operator TEXT NOT NULL,
                value TEXT NOT NULL DEFAULT '',
                points INTEGER NOT NULL,
                max_points INTEGER,
                label TEXT NOT NULL DEFAULT '',
                active {bool} NOT NULL DEFAULT TRUE,
                position INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX lead_score_rules_order ON lead_score_rules (workspace_id, position)",
            // The workspace's learned conversion model (JSON of `ConversionModel`), retrained by a job.
            """
            CREATE TABLE lead_score_models (
                workspace_id {uuid} PRIMARY KEY REFERENCES workspaces(id),
                trained_at BIGINT NOT NULL,
                converted INTEGER NOT NULL,
                disqualified INTEGER NOT NULL,
                model TEXT NOT NULL
            )
            """,
            // Why each lead has its score: the rules that counted and the model's reasons (JSON),
            // written with the score in the lead's own write transaction.
            """
            CREATE TABLE lead_scores (
                lead_id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                points BIGINT NOT NULL,
                probability BIGINT,
                reasons TEXT NOT NULL DEFAULT '',
                model_reasons TEXT NOT NULL DEFAULT '',
                scored_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE lead_forms (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                token TEXT NOT NULL,
                signing_key TEXT NOT NULL,
                name TEXT NOT NULL,
                intro TEXT NOT NULL DEFAULT '',
                fields TEXT NOT NULL,
                required_fields TEXT NOT NULL DEFAULT '',
                source_detail TEXT NOT NULL DEFAULT '',
                thank_you TEXT NOT NULL DEFAULT '',
                redirect_url TEXT NOT NULL DEFAULT '',
                active {bool} NOT NULL DEFAULT TRUE,
                submissions BIGINT NOT NULL DEFAULT 0,
                blocked BIGINT NOT NULL DEFAULT 0,
                last_submission_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX lead_forms_token ON lead_forms (token)",
            "CREATE INDEX lead_forms_workspace ON lead_forms (workspace_id, name)",
            // One row per accepted submission: the lead's engagement counts them.
            """
            CREATE TABLE lead_form_submissions (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                form_id {uuid} NOT NULL REFERENCES lead_forms(id),
                lead_id {uuid} NOT NULL,
                submitted_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX lead_form_submissions_lead ON lead_form_submissions (lead_id)",
            "CREATE INDEX lead_form_submissions_form ON lead_form_submissions (form_id, submitted_at)",
            // Public form submissions per client address and window, shared by every instance.
            """
            CREATE TABLE form_throttle (
                key TEXT PRIMARY KEY,
                window_start BIGINT NOT NULL,
                hits INTEGER NOT NULL
            )
            """,
        ]
    }
}
