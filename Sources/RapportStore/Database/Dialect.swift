import Foundation
/// The SQL engine behind a `Database`. Dialect-specific SQL lives in one place per concern
/// (schema types, full-text search, upserts); everything else is shared.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    /// Replaces the schema placeholders `{uuid}`, `{bool}`, `{serial}` with this engine's types.
    func ddl(_ sql: String) -> String {
        switch self {
        case .sqlite:
            sql.replacingOccurrences(of: "{uuid}", with: "TEXT")
                .replacingOccurrences(of: "{bool}", with: "INTEGER")
                .replacingOccurrences(of: "{serial}", with: "INTEGER PRIMARY KEY AUTOINCREMENT")
        case .postgres:
            sql.replacingOccurrences(of: "{uuid}", with: "uuid")
                .replacingOccurrences(of: "{bool}", with: "boolean")
                .replacingOccurrences(of: "{serial}", with: "BIGSERIAL PRIMARY KEY")
        }
    }
}
