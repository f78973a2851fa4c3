import Foundation
import RapportCore
import SQLKit

extension PipelineStore {
    /// Adds a pipeline with three stages to start from ("New", "Closed won", "Closed lost");
    /// `makeDefault` makes new deals go into it.
    public func addPipeline(name: String, makeDefault: Bool = false, by principal: Principal) async throws -> Pipeline {
        try Self.requireAdmin(principal)
        try StageChanges(name: name).validate()
        let name = name.trimmingWhitespace()
        _ = try await all(in: principal.workspaceID)
        let workspace = principal.workspaceID
        let id = Pipeline.ID.make()
        try await db.write { sql in
            try await Self.requireUniquePipeline(name, except: nil, in: workspace, on: sql)
            let position = try await sql.raw(
                "SELECT COALESCE(MAX(position), 0) AS p FROM pipelines WHERE workspace_id = \(bind: workspace.uuid)"
            ).first()?.decode(column: "p", as: Int.self) ?? 0
            if makeDefault {
                try await sql.raw("UPDATE pipelines SET is_default = \(bind: false) WHERE workspace_id = \(bind: workspace.uuid)").run()
            }
            try await Self.insertPipeline(id: id, name: name, position: position + 1, isDefault: makeDefault, workspace: workspace, on: sql)
            let starters: [(String, Int, ForecastCategory, [String])] = [
                ("New", 10, .pipeline, []), ("Closed won", 100, .won, ["amount"]), ("Closed lost", 0, .lost, ["lost_reason"]),
            ]
            for (index, starter) in starters.enumerated() {
                try await Self.insertStage(
                    Stage(
                        id: .make(), pipelineID: id, name: starter.0, position: index + 1, probability: starter.1,
                        category: starter.2, requiredFields: starter.3),
                    workspace: workspace, on: sql)
            }
            try await Self.log(
                .created, entity: "pipeline", id: id.uuid,
                changes: [FieldChange(field: "name", before: .null, after: .string(name))], by: principal, on: sql)
        }
        return try await get(id, in: workspace)
    }

    /// Renames a pipeline, makes it the default, retires it or brings it back.
    public func updatePipeline(
        _ id: Pipeline.ID, name: String?, makeDefault: Bool?, retired: Bool?, by principal: Principal
    ) async throws -> Pipeline {
        try Self.requireAdmin(principal)
        if let name { try StageChanges(name: name).validate() }
        let workspace = principal.workspaceID
        let current = try await get(id, in: workspace)
        try await db.write { sql in
            var changes: [FieldChange] = []
            if let name = name?.trimmingWhitespace(), name != current.name {
                try await Self.requireUniquePipeline(name, except: id, in: workspace, on: sql)
                try await sql.raw(
                    "UPDATE pipelines SET name = \(bind: name), name_key = \(bind: Self.key(name)) WHERE id = \(bind: id.uuid)"
                ).run()
                changes.append(FieldChange(field: "name", before: .string(current.name), after: .string(name)))
            }
            if let retired, retired != current.retired {
                if retired && (current.isDefault && makeDefault != false) {
                    throw RapportError.invalid(field: "retired", reason: "the default pipeline cannot be retired; make another the default first")
                }
                try await sql.raw("UPDATE pipelines SET retired = \(bind: retired) WHERE id = \(bind: id.uuid)").run()
                changes.append(FieldChange(field: "retired", before: .bool(current.retired), after: .bool(retired)))
            }
            if makeDefault == true, !current.isDefault {
                if retired ?? current.retired {
                    throw RapportError.invalid(field: "is_default", reason: "a retired pipeline cannot be the default")
                }
                try await sql.raw("UPDATE pipelines SET is_default = \(bind: false) WHERE workspace_id = \(bind: workspace.uuid)").run()
                try await sql.raw("UPDATE pipelines SET is_default = \(bind: true) WHERE id = \(bind: id.uuid)").run()
                changes.append(FieldChange(field: "is_default", before: .bool(false), after: .bool(true)))
            } else if makeDefault == false, current.isDefault {
                throw RapportError.invalid(field: "is_default", reason: "make another pipeline the default instead")
            }
            if !changes.isEmpty {
                try await sql.raw("UPDATE pipelines SET updated_at = \(bind: Timestamp.now().micros) WHERE id = \(bind: id.uuid)").run()
                try await Self.log(.updated, entity: "pipeline", id: id.uuid, changes: changes, by: principal, on: sql)
            }
        }
        return try await get(id, in: workspace)
    }

    /// Adds a stage before the pipeline's closed stages (or at the end for a closed one).
    public func addStage(to pipelineID: Pipeline.ID, _ changes: StageChanges, by principal: Principal) async throws -> Stage {
        try Self.requireAdmin(principal)
        guard let name = changes.name?.trimmingWhitespace() else { throw RapportError.invalid(field: "name", reason: "is required") }
        try changes.validate()
        let workspace = principal.workspaceID
        let pipeline = try await get(pipelineID, in: workspace)
        let category = changes.category ?? .pipeline
        let stage = Stage(
            id: .make(), pipelineID: pipelineID, name: name, position: 0,
            probability: changes.probability ?? (category == .won ? 100 : category == .lost ? 0 : 50), category: category,
            requiredFields: changes.requiredFields ?? [], playbook: changes.playbook ?? "")
        try await db.write { sql in
            try await Self.requireUniqueStage(name, except: nil, in: pipelineID, on: sql)
            // Open stages go before the first closed one; closed ones at the end.
            var placed = stage
            let firstClosed = pipeline.stages.first { $0.category.isClosed }?.position
            if !category.isClosed, let firstClosed {
                placed.position = firstClosed
                try await sql.raw(
                    "UPDATE stages SET position = position + 1 WHERE pipeline_id = \(bind: pipelineID.uuid) AND position >= \(bind: firstClosed)"
                ).run()
            } else {
                placed.position = (pipeline.stages.map(\.position).max() ?? 0) + 1
            }
            try await Self.insertStage(placed, workspace: workspace, on: sql)
            try await Self.log(
                .created, entity: "stage", id: stage.id.uuid,
                changes: [FieldChange(field: "name", before: .null, after: .string(name))], by: principal, on: sql)
        }
        return try await get(pipelineID, in: workspace).stage(stage.id) ?? stage
    }

    /// Changes a stage. A pipeline keeps at least one active open stage, one won and one lost.
    public func updateStage(_ id: Stage.ID, _ changes: StageChanges, by principal: Principal) async throws -> Stage {
        try Self.requireAdmin(principal)
        try changes.validate()
        let workspace = principal.workspaceID
        guard let pipeline = try await all(in: workspace).first(where: { $0.stage(id) != nil }), let current = pipeline.stage(id)
        else { throw RapportError.notFound(entity: "stage", id: id.description) }
        var next = current
        if let name = changes.name?.trimmingWhitespace() { next.name = name }
        next.probability = changes.probability ?? current.probability
        next.category = changes.category ?? current.category
        next.requiredFields = changes.requiredFields ?? current.requiredFields
        next.playbook = changes.playbook ?? current.playbook
        next.retired = changes.retired ?? current.retired
        if next == current { return current }
        var after = pipeline.stages.filter { $0.id != id }
        after.append(next)
        let active = after.filter { !$0.retired }
        for (category, field, what) in [
            (ForecastCategory.won, "category", "a won stage"), (.lost, "category", "a lost stage"),
        ] where !active.contains(where: { $0.category == category }) {
            throw RapportError.invalid(field: changes.retired == true ? "retired" : field, reason: "the pipeline needs \(what)")
        }
        if !active.contains(where: { !$0.category.isClosed }) {
            throw RapportError.invalid(field: changes.retired == true ? "retired" : "category", reason: "the pipeline needs an open stage")
        }
        var diff: [FieldChange] = []
        if next.name != current.name { diff.append(FieldChange(field: "name", before: .string(current.name), after: .string(next.name))) }
        if next.probability != current.probability {
            diff.append(FieldChange(field: "probability", before: .int(Int64(current.probability)), after: .int(Int64(next.probability))))
        }
        if next.category != current.category {
            diff.append(FieldChange(field: "category", before: .string(current.category.rawValue), after: .string(next.category.rawValue)))
        }
        if next.requiredFields != current.requiredFields {
            diff.append(
                FieldChange(
                    field: "required_fields", before: .array(current.requiredFields.map { .string($0) }),
                    after: .array(next.requiredFields.map { .string($0) })))
        }
        if next.playbook != current.playbook {
            diff.append(FieldChange(field: "playbook", before: .string(current.playbook), after: .string(next.playbook)))
        }
        if next.retired != current.retired { diff.append(FieldChange(field: "retired", before: .bool(current.retired), after: .bool(next.retired))) }
        let (stage, changes) = (next, diff)
        try await db.write { sql in
            let next = stage
            if next.name != current.name { try await Self.requireUniqueStage(next.name, except: id, in: pipeline.id, on: sql) }
            try await sql.raw(
                """
                UPDATE stages SET name = \(bind: next.name), name_key = \(bind: Self.key(next.name)),
                    probability = \(bind: next.probability), category = \(bind: next.category.rawValue),
                    required_fields = \(bind: next.requiredFields.joined(separator: "\n")), playbook = \(bind: next.playbook),
                    retired = \(bind: next.retired), updated_at = \(bind: Timestamp.now().micros)
                WHERE id = \(bind: id.uuid) AND workspace_id = \(bind: workspace.uuid)
                """
            ).run()
            try await Self.log(.updated, entity: "stage", id: id.uuid, changes: changes, by: principal, on: sql)
        }
        return next
    }

    /// Moves a stage one place earlier (`-1`) or later (`1`) in its pipeline.
    public func moveStage(_ id: Stage.ID, by offset: Int, principal: Principal) async throws -> Pipeline {
        try Self.requireAdmin(principal)
        let workspace = principal.workspaceID
        guard let pipeline = try await all(in: workspace).first(where: { $0.stage(id) != nil }),
            let index = pipeline.stages.firstIndex(where: { $0.id == id })
        else { throw RapportError.notFound(entity: "stage", id: id.description) }
        let target = index + (offset < 0 ? -1 : 1)
        guard pipeline.stages.indices.contains(target) else { return pipeline }
        let a = pipeline.stages[index]
        let b = pipeline.stages[target]
        try await db.write { sql in
            try await sql.raw("UPDATE stages SET position = \(bind: b.position) WHERE id = \(bind: a.id.uuid)").run()
            try await sql.raw("UPDATE stages SET position = \(bind: a.position) WHERE id = \(bind: b.id.uuid)").run()
            try await Self.log(
                .updated, entity: "stage", id: a.id.uuid,
                changes: [FieldChange(field: "position", before: .int(Int64(a.position)), after: .int(Int64(b.position)))],
                by: principal, on: sql)
        }
        return try await get(pipeline.id, in: workspace)
    }

    static func requireAdmin(_ principal: Principal) throws {
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins manage pipelines and stages.") }
    }

    static func requireUniquePipeline(_ name: String, except: Pipeline.ID?, in workspace: Workspace.ID, on sql: any SQLDatabase)
        async throws
    {
        let row = try await sql.raw(
            "SELECT id FROM pipelines WHERE workspace_id = \(bind: workspace.uuid) AND name_key = \(bind: key(name))"
        ).first()
        if let row, try row.decode(column: "id", as: UUID.self) != except?.uuid {
            throw RapportError.invalid(field: "name", reason: "is already a pipeline")
        }
    }

    static func requireUniqueStage(_ name: String, except: Stage.ID?, in pipeline: Pipeline.ID, on sql: any SQLDatabase) async throws {
        let row = try await sql.raw(
            "SELECT id FROM stages WHERE pipeline_id = \(bind: pipeline.uuid) AND name_key = \(bind: key(name))"
        ).first()
        if let row, try row.decode(column: "id", as: UUID.self) != except?.uuid {
            throw RapportError.invalid(field: "name", reason: "is already a stage of this pipeline")
        }
    }

    static func log(
        _ action: EventAction, entity: String, id: UUID, changes: [FieldChange], by principal: Principal, on sql: any SQLDatabase
    ) async throws {
        try await EventLog.append(
            EventLog.event(action, entity: entity, recordID: id.uuidString.lowercased(), changes: changes, version: 1, by: principal, at: .now()),
            on: sql)
    }
}
