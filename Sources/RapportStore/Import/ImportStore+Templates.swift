import Foundation
import RapportCore
import SQLKit

/// A saved column mapping, for files that come again in the same shape (the monthly export of
/// another system, a list vendor's format).
public struct ImportTemplate: Sendable, Equatable, Identifiable {
    public var id: UUID
    /// The entity's table (`contacts`).
    public var entity: String
    public var name: String
    /// Column header → target key (`nil`: not imported).
    public var mapping: [String: String?]
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// The template as the API shows it.
    public var json: JSONObject {
        var mapping = JSONObject()
        for (header, target) in self.mapping.sorted(by: { $0.key < $1.key }) { mapping[header] = .string(target) }
        return JSONObject([
            "id": .string(id.uuidString.lowercased()), "entity": .string(entity), "name": .string(name), "mapping": .object(mapping),
            "created_at": .string(createdAt.iso8601), "updated_at": .string(updatedAt.iso8601),
        ])
    }
}

extension ImportStore {
    /// The workspace's templates for an entity, by name.
    public func templates(_ kind: ImportKind, by principal: Principal) async throws -> [ImportTemplate] {
        try await db.read { sql in
            try await sql.raw(
                """
                SELECT * FROM import_templates WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND entity = \(bind: kind.table)
                ORDER BY name
                """
            ).all().map(Self.template)
        }
    }

    /// Saves a mapping under a name, replacing the entity's template of that name.
    public func saveTemplate(
        _ kind: ImportKind, name raw: String, mapping: [String: String?], by principal: Principal
    ) async throws -> ImportTemplate {
        try principal.requireWrite()
        let name = raw.trimmingWhitespace()
        var issues: [FieldIssue] = []
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required")) }
        if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters")) }
        if name.hasControlCharacters { issues.append(FieldIssue(field: "name", reason: "must not contain control characters")) }
        if mapping.isEmpty { issues.append(FieldIssue(field: "mapping", reason: "maps no column")) }
        if mapping.count > 500 { issues.append(FieldIssue(field: "mapping", reason: "must have at most 500 columns")) }
        let valid = Set(kind.targets.map(\.key))
        for (header, target) in mapping.sorted(by: { $0.key < $1.key }) {
            if header.count > 200 || header.isEmpty || header.hasControlCharacters {
                issues.append(FieldIssue(field: "mapping", reason: "has a column name that is empty, too long or holds control characters"))
            } else if let target, !valid.contains(target) {
                issues.append(FieldIssue(field: "mapping.\(header)", reason: "'\(target.prefix(60))' is not something \(kind.table) can be filled with"))
            }
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        let now = Timestamp.now()
        var object = JSONObject()
        for (header, target) in mapping.sorted(by: { $0.key < $1.key }) { object[header] = .string(target) }
        let text = JSONWriter.string(.object(object))
        let id = UUIDv7.make()
        let row = try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO import_templates (id, workspace_id, entity, name, mapping, created_by, created_at, updated_at)
                VALUES (\(bind: id), \(bind: principal.workspaceID.uuid), \(bind: kind.table), \(bind: name), \(bind: text),
                    \(bind: principal.userID?.uuid), \(bind: now.micros), \(bind: now.micros))
                ON CONFLICT (workspace_id, entity, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at
                RETURNING *
                """
            ).first()
        }
        guard let row else { throw RapportError.conflict("The template could not be saved.") }
        return try Self.template(row)
    }

    /// Deletes a template of the workspace.
    public func deleteTemplate(_ id: UUID, by principal: Principal) async throws {
        try principal.requireWrite()
        let deleted = try await db.write { sql in
            try await sql.raw(
                "DELETE FROM import_templates WHERE id = \(bind: id) AND workspace_id = \(bind: principal.workspaceID.uuid) RETURNING id"
            ).all()
        }
        if deleted.isEmpty { throw RapportError.notFound(entity: "import template", id: id.uuidString.lowercased()) }
    }

    static func template(_ row: any SQLRow) throws -> ImportTemplate {
        let text = try row.decode(column: "mapping", as: String.self)
        var mapping: [String: String?] = [:]
        if case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            for (header, target) in o { mapping[header] = target.stringValue }
        }
        return ImportTemplate(
            id: try row.decode(column: "id", as: UUID.self), entity: try row.decode(column: "entity", as: String.self),
            name: try row.decode(column: "name", as: String.self), mapping: mapping,
            createdAt: Timestamp(micros: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(micros: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
