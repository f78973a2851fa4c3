/// Product configurators (options, rules, prices; published at a public link), the configurations
/// people save and share, and which configuration a document line was made from.
enum Schema014 {
    static let migration = Migration(number: 14, name: "configurators") { _ in
        [
            """
            CREATE TABLE product_configurators (
                product_id {uuid} PRIMARY KEY REFERENCES products(id),
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                definition TEXT NOT NULL,
                public_token TEXT NOT NULL,
                published {bool} NOT NULL DEFAULT FALSE,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX product_configurators_token ON product_configurators (public_token)",
            """
            CREATE TABLE configurations (
                id {uuid} PRIMARY KEY,
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                product_id {uuid} NOT NULL REFERENCES products(id),
                selection TEXT NOT NULL,
                price BIGINT NOT NULL,
                currency TEXT NOT NULL,
                summary TEXT NOT NULL,
                quote_id {uuid},
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX configurations_product ON configurations (product_id, created_at)",
            "ALTER TABLE document_lines ADD COLUMN configuration_id {uuid}",
        ]
    }
}
