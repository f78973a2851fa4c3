/// The product catalog: products with their SKU (unique in a workspace, deleted ones included),
/// list price and cost (records like the others: history, search, custom fields), and price books
/// with a product's price in each.
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
            """
            CREATE TABLE price_books (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                name TEXT NOT NULL,
                name_key TEXT NOT NULL,
                currency TEXT NOT NULL,
                account_types TEXT NOT NULL DEFAULT '',
                description TEXT NOT NULL DEFAULT '',
                active {bool} NOT NULL DEFAULT TRUE,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX price_books_name ON price_books (workspace_id, name_key)",
            """
            CREATE TABLE price_book_entries (
                price_book_id {uuid} NOT NULL REFERENCES price_books(id),
                product_id {uuid} NOT NULL REFERENCES products(id),
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                unit_price BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (price_book_id, product_id)
            )
            """,
            "CREATE INDEX price_book_entries_product ON price_book_entries (product_id)",
        ]
    }
}
