/// Quotes, orders and invoices with their lines, payments and number sequences, and the
/// workspace's billing defaults (tax rate per tax class, quote validity, invoice terms).
enum Schema013 {
    static func document(_ table: String, _ columns: String) -> String {
        """
        CREATE TABLE \(table) (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
            number TEXT NOT NULL DEFAULT '',
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            account_id {uuid} REFERENCES accounts(id),
            contact_id {uuid} REFERENCES contacts(id),
            deal_id {uuid} REFERENCES deals(id),
            currency TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            lines_summary TEXT NOT NULL DEFAULT '',
            subtotal BIGINT,
            subtotal_currency TEXT NOT NULL DEFAULT '',
            discount_total BIGINT,
            discount_total_currency TEXT NOT NULL DEFAULT '',
            tax_total BIGINT,
            tax_total_currency TEXT NOT NULL DEFAULT '',
            total BIGINT,
            total_currency TEXT NOT NULL DEFAULT '',
            cost_total BIGINT,
            cost_total_currency TEXT NOT NULL DEFAULT '',
        \(columns)
        \(Schema001.recordColumns)
        )
        """
    }

    static func indexes(_ table: String) -> [String] {
        [
            "CREATE INDEX \(table)_sort_name ON \(table) (workspace_id, sort_name, id)",
            "CREATE INDEX \(table)_created ON \(table) (workspace_id, created_at, id)",
            "CREATE INDEX \(table)_updated ON \(table) (workspace_id, updated_at, id)",
            "CREATE INDEX \(table)_owner ON \(table) (workspace_id, owner_id)",
            "CREATE INDEX \(table)_status ON \(table) (workspace_id, status, created_at)",
            "CREATE INDEX \(table)_account ON \(table) (account_id)",
            "CREATE INDEX \(table)_contact ON \(table) (contact_id)",
            "CREATE INDEX \(table)_deal ON \(table) (deal_id)",
        ]
    }

    static let migration = Migration(number: 13, name: "quotes, orders, invoices") { _ in
        [
            "ALTER TABLE workspaces ADD COLUMN tax_rates TEXT NOT NULL DEFAULT 'standard=20;reduced=5.5;zero=0;exempt=0'",
            "ALTER TABLE workspaces ADD COLUMN quote_valid_days INTEGER NOT NULL DEFAULT 30",
            "ALTER TABLE workspaces ADD COLUMN invoice_due_days INTEGER NOT NULL DEFAULT 30",
            document(
                "quotes",
                """
                    revision BIGINT,
                    valid_until TEXT NOT NULL DEFAULT '',
                    terms TEXT NOT NULL DEFAULT '',
                    sent_at BIGINT,
                    decided_at BIGINT,
                    previous_id {uuid} REFERENCES quotes(id),
                    order_id {uuid},
                """),
            document(
                "orders",
                """
                    order_date TEXT NOT NULL DEFAULT '',
                    invoiced_total BIGINT,
                    invoiced_total_currency TEXT NOT NULL DEFAULT '',
                    quote_id {uuid} REFERENCES quotes(id),
                    confirmed_at BIGINT,
                    fulfilled_at BIGINT,
                """),
            document(
                "invoices",
                """
                    due_date TEXT NOT NULL DEFAULT '',
                    terms TEXT NOT NULL DEFAULT '',
                    paid_total BIGINT,
                    paid_total_currency TEXT NOT NULL DEFAULT '',
                    balance BIGINT,
                    balance_currency TEXT NOT NULL DEFAULT '',
                    issue_date TEXT NOT NULL DEFAULT '',
                    order_id {uuid} REFERENCES orders(id),
                    paid_at BIGINT,
                """),
        ] + indexes("quotes") + indexes("orders") + indexes("invoices") + [
            "CREATE INDEX quotes_number ON quotes (workspace_id, number, revision)",
            "CREATE UNIQUE INDEX orders_number ON orders (workspace_id, number)",
            // Issued invoices only: drafts have no number yet.
            "CREATE UNIQUE INDEX invoices_number ON invoices (workspace_id, number) WHERE number <> ''",
            "CREATE INDEX invoices_order ON invoices (order_id)",
            "CREATE INDEX invoices_due ON invoices (workspace_id, status, due_date)",
            "CREATE INDEX orders_date ON orders (workspace_id, status, order_date)",
            """
            CREATE TABLE document_lines (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                document_id {uuid} NOT NULL,
                kind TEXT NOT NULL,
                position INTEGER NOT NULL,
                product_id {uuid} REFERENCES products(id),
                sku TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                quantity BIGINT NOT NULL,
                unit_price BIGINT NOT NULL,
                discount BIGINT NOT NULL,
                tax_rate BIGINT NOT NULL,
                unit_cost BIGINT,
                net BIGINT NOT NULL,
                source_line_id {uuid}
            )
            """,
            "CREATE INDEX document_lines_document ON document_lines (document_id, position)",
            "CREATE INDEX document_lines_product ON document_lines (workspace_id, product_id, kind)",
            "CREATE INDEX document_lines_source ON document_lines (source_line_id)",
            """
            CREATE TABLE payments (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                invoice_id {uuid} NOT NULL REFERENCES invoices(id),
                amount BIGINT NOT NULL,
                currency TEXT NOT NULL,
                received_on TEXT NOT NULL,
                method TEXT NOT NULL,
                reference TEXT NOT NULL DEFAULT '',
                recorded_by {uuid},
                recorded_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX payments_invoice ON payments (invoice_id, recorded_at)",
            """
            CREATE TABLE document_numbers (
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                kind TEXT NOT NULL,
                last_value BIGINT NOT NULL,
                PRIMARY KEY (workspace_id, kind)
            )
            """,
        ]
    }
}
