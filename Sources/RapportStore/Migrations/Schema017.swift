/// Bundles: a product sold as a set of other products (a starter kit), each in a quantity.
enum Schema017 {
    static let migration = Migration(number: 17, name: "bundles") { _ in
        [
            """
            CREATE TABLE bundle_components (
                bundle_id {uuid} NOT NULL REFERENCES products(id),
                component_id {uuid} NOT NULL REFERENCES products(id),
                workspace_id {uuid} NOT NULL REFERENCES workspaces(id),
                quantity BIGINT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (bundle_id, component_id)
            )
            """,
            "CREATE INDEX bundle_components_component ON bundle_components (component_id)",
        ]
    }
}
