/// The product catalog: products with their SKU (unique in a workspace, deleted ones included),
/// list price and cost. Products are records like the others (history, search, custom fields).
enum Schema012 {
    static let migration = Migration(number: 12, name: "catalog") { _ in
        [
            """
            CREATE TABLE products (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                sku TEXT NOT NULL,
                name TEXT NOT NULL,
                category TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                specs TEXT NOT NULL DEFAULT '',
                unit TEXT NOT NULL,
                price BIGINT,
                price_currency TEXT NOT NULL DEFAULT '',
                cost BIGINT,
                cost_currency TEXT NOT NULL DEFAULT '',
                tax_class TEXT NOT NULL,
                active {bool} NOT NULL DEFAULT TRUE,
                tags TEXT NOT NULL DEFAULT '',
            \(Schema001.recordColumns)
            )
            """,
            "CREATE UNIQUE INDEX products_sku ON products (workspace_id, sku)",
            "CREATE INDEX products_sort_name ON products (workspace_id, sort_name, id)",
            "CREATE INDEX products_created ON products (workspace_id, created_at, id)",
            "CREATE INDEX products_updated ON products (workspace_id, updated_at, id)",
            "CREATE INDEX products_owner ON products (workspace_id, owner_id)",
            "CREATE INDEX products_category ON products (workspace_id, category, sort_name)",
        ]
    }
}
