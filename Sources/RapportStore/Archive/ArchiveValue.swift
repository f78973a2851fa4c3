import Foundation
import RapportCore

/// What a column holds, as the archive describes it: the engines' own types folded into six.
///
/// SQLite declares UUIDs as TEXT and booleans as INTEGER, so an archive written from SQLite says
/// `text` and `integer` for them; the importer converts to whatever the target column is.
public enum ColumnType: String, Codable, Sendable {
    case uuid, boolean, integer, real, text, blob

    /// A type from SQLite's declared column type (its affinity rules, simplified).
    static func sqlite(declared: String) -> ColumnType {
        let t = declared.uppercased()
        if t.contains("INT") { return .integer }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .text }
        if t.contains("BLOB") || t.isEmpty { return .blob }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return .real }
        return .text
    }

    /// A type from PostgreSQL's `information_schema.columns.data_type`; `nil` for types read as text.
    static func postgres(dataType: String) -> ColumnType? {
        switch dataType {
        case "uuid": .uuid
        case "boolean": .boolean
        case "bigint", "integer", "smallint": .integer
        case "double precision", "real": .real
        case "text", "character varying", "character": .text
        case "bytea": .blob
        default: nil
        }
    }
}

/// One cell of a table, as read from either engine and written to an archive.
public enum ArchiveValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case bool(Bool)
    case uuid(UUID)

    /// The same value whichever engine it came from: a UUID as lower-case text (SQLite keeps it as
    /// upper-case text), a boolean as 1 or 0 (SQLite keeps integers). Checksums and comparisons
    /// across engines read this.
    public var canonical: ArchiveValue {
        switch self {
        case .uuid(let u): .text(UUIDText.lowercased(u))
        case .bool(let b): .integer(b ? 1 : 0)
        case .text(let s) where s.utf8.count == 36:
            UUIDText.parse(s).map { .text(UUIDText.lowercased($0)) } ?? self
        default: self
        }
    }
}
