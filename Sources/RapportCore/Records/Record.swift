import Foundation

/// A stored record of an entity: its field values plus the shape every record shares
/// (owner, team, sharing, version, who created and changed it and when, soft deletion).
public struct Record<E: Entity>: Sendable, Identifiable {
    public typealias ID = RapportCore.ID<E>
    public var id: ID
    public var workspaceID: Workspace.ID
    public var values: FieldValues
    public var ownerID: User.ID?
    public var teamID: Team.ID?
    /// Shared records are visible to everyone in the workspace.
    public var shared: Bool
    /// Increases by one with every change; updates must name the version they saw.
    public var version: Int
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var createdBy: User.ID?
    public var updatedBy: User.ID?
    public var deletedAt: Timestamp?

    public init(
        id: ID, workspaceID: Workspace.ID, values: FieldValues, ownerID: User.ID?, teamID: Team.ID?, shared: Bool,
        version: Int, createdAt: Timestamp, updatedAt: Timestamp, createdBy: User.ID?, updatedBy: User.ID?,
        deletedAt: Timestamp?
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.values = values
        self.ownerID = ownerID
        self.teamID = teamID
        self.shared = shared
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.updatedBy = updatedBy
        self.deletedAt = deletedAt
    }

    /// The name people see.
    public var title: String { E.title(of: values) }

    public subscript(field: String) -> FieldValue? { values[field] }

    /// Values that take part in the diff: the fields plus ownership and sharing.
    public var auditedValues: [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for spec in E.fields { result[spec.name] = values[spec.name]?.json ?? spec.emptyJSON }
        result["owner_id"] = .string(ownerID?.description)
        result["team_id"] = .string(teamID?.description)
        result["shared"] = .bool(shared)
        return result
    }

    /// The record as the API shows it.
    public func json() -> JSONObject {
        var object = JSONObject()
        object["id"] = .string(id.description)
        for spec in E.fields { object[spec.name] = values[spec.name]?.json ?? spec.emptyJSON }
        object["owner_id"] = .string(ownerID?.description)
        object["team_id"] = .string(teamID?.description)
        object["shared"] = .bool(shared)
        object["version"] = .int(Int64(version))
        object["created_at"] = .string(createdAt.iso8601)
        object["updated_at"] = .string(updatedAt.iso8601)
        object["created_by"] = .string(createdBy?.description)
        object["updated_by"] = .string(updatedBy?.description)
        object["deleted_at"] = .string(deletedAt?.iso8601)
        return object
    }

    /// The fields that differ between two versions of a record, with before and after values.
    public static func diff(_ before: Record?, _ after: Record) -> [FieldChange] {
        let old = before?.auditedValues ?? [:]
        let new = after.auditedValues
        var changes: [FieldChange] = []
        for key in (["owner_id", "team_id", "shared"] + E.fields.map(\.name)) {
            let a = old[key] ?? .null
            let b = new[key] ?? .null
            if a != b && !(before == nil && (b == .null || b == .array([]))) { changes.append(FieldChange(field: key, before: a, after: b)) }
        }
        return changes
    }
}

/// A set of changes to a record, read from input: the fields to set or clear, and ownership.
public struct RecordChanges<E: Entity>: Sendable {
    /// Field name to new value; `nil` clears the field.
    public var values: [String: FieldValue?] = [:]
    public var ownerID: Patch<User.ID?> = .keep
    public var teamID: Patch<Team.ID?> = .keep
    public var shared: Patch<Bool> = .keep
    /// The entity's flags (`E.flags`) the request set to true.
    public var flags: Set<String> = []

    public init() {}

    /// Reads every field the entity declares from input; problems are collected in the input.
    public static func read(_ input: inout Input, defaultCountry: String) -> RecordChanges {
        var changes = RecordChanges()
        for spec in E.fields {
            if spec.readOnly {
                if input.object[spec.name] != nil {
                    input.accept(spec.name)
                    input.fail(spec.name, "is set by Rapport and cannot be changed")
                }
                continue
            }
            if case .set(let value) = input.value(for: spec, defaultCountry: defaultCountry) {
                changes.values[spec.name] = .some(value)
            }
        }
        changes.ownerID = input.id("owner_id", User.ID.self)
        changes.teamID = input.id("team_id", Team.ID.self)
        changes.shared = input.bool("shared")
        for flag in E.flags where input.bool(flag).applied(to: false) { changes.flags.insert(flag) }
        return changes
    }

    /// Changes that set every given value (for records made from others, such as a converted lead).
    public static func from(_ values: FieldValues) -> RecordChanges {
        var changes = RecordChanges()
        for (name, value) in values where E.field(name) != nil { changes.values[name] = .some(value) }
        return changes
    }

    /// Finishes reading `input` and checks the changes against `values` in one go, so a caller hears
    /// of a malformed field and a broken record rule (a missing name) together.
    public func validate(_ input: Input, against values: FieldValues) throws(RapportError) {
        var issues: [FieldIssue] = []
        do { try input.finish() } catch { if case .invalid(let list) = error { issues = list } }
        do { _ = try apply(to: values) } catch {
            if case .invalid(let list) = error {
                issues += list.filter { rule in !issues.contains { $0.field == rule.field } }
            }
        }
        if !issues.isEmpty { throw .invalid(issues) }
    }

    /// Applies the changes to field values, derives what is derived, and checks required fields.
    public func apply(to values: FieldValues) throws(RapportError) -> FieldValues {
        var result = values
        for (name, value) in self.values {
            if let value, !value.isEmpty { result[name] = value } else { result[name] = nil }
        }
        var issues: [FieldIssue] = []
        E.finish(&result, changed: Set(self.values.keys), issues: &issues)
        for spec in E.fields where spec.required && result[spec.name] == nil {
            issues.append(FieldIssue(field: spec.name, reason: "is required"))
        }
        if !issues.isEmpty { throw .invalid(issues) }
        return result
    }
}

/// One field's value before and after a change, as the event log keeps it.
public struct FieldChange: Hashable, Sendable {
    public var field: String
    public var before: JSONValue
    public var after: JSONValue
    public init(field: String, before: JSONValue, after: JSONValue) {
        self.field = field
        self.before = before
        self.after = after
    }
}
