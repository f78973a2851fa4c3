/// Knowledge articles: what sales and service need to know about products, in Markdown.
enum Schema016 {
    static let migration = Migration(number: 16, name: "knowledge articles") { _ in
        [
            """
            CREATE TABLE articles (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                title TEXT NOT NULL,
                kind TEXT NOT NULL,
                product_id {uuid} REFERENCES products(id),
                body TEXT NOT NULL DEFAULT '',
                tags TEXT NOT NULL DEFAULT '',
            \(Schema001.recordColumns)
            )
            """,
            "CREATE INDEX articles_sort_name ON articles (workspace_id, sort_name, id)",
            "CREATE INDEX articles_created ON articles (workspace_id, created_at, id)",
            "CREATE INDEX articles_updated ON articles (workspace_id, updated_at, id)",
            "CREATE INDEX articles_owner ON articles (workspace_id, owner_id)",
            "CREATE INDEX articles_product ON articles (product_id, kind)",
        ]
    }
}
