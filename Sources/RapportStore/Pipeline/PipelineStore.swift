import Foundation
import RapportCore
import SQLKit

/// The workspace's pipelines and their stages. Admins manage them; everyone reads them.
///
/// A workspace without a pipeline gets the standard "Sales" pipeline the first time one is read,
/// as purposes are seeded.
public struct PipelineStore: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Every pipeline with its stages, retired ones included, in the order people arranged them.
    public func all(in workspace: Workspace.ID) async throws -> [Pipeline] {
        let existing = try await db.read { sql in try await Self.all(workspace, on: sql) }
        if !existing.isEmpty { return existing }
        try await db.write { sql in try await Self.seed(workspace, on: sql) }
        return try await db.read { sql in try await Self.all(workspace, on: sql) }
    }

    /// One pipeline; `notFound` when the workspace has no such pipeline.
    public func get(_ id: Pipeline.ID, in workspace: Workspace.ID) async throws -> Pipeline {
        guard let pipeline = try await all(in: workspace).first(where: { $0.id == id }) else {
            throw RapportError.notFound(entity: "pipeline", id: id.description)
        }
        return pipeline
    }

    /// The pipeline new deals go into.
    public func defaultPipeline(in workspace: Workspace.ID) async throws -> Pipeline {
        let pipelines = try await all(in: workspace)
        guard let pipeline = pipelines.first(where: { $0.isDefault && !$0.retired }) ?? pipelines.first(where: { !$0.retired })
        else { throw RapportError.conflict("This workspace has no active pipeline; add one in Settings → Pipelines.") }
        return pipeline
    }

    static func all(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> [Pipeline] {
        let stageRows = try await sql.raw(
            """
            SELECT id, pipeline_id, name, position, probability, category, required_fields, playbook, retired FROM stages
            WHERE workspace_id = \(bind: workspace.uuid) ORDER BY position, name_key
            """
        ).all()
        var stages: [UUID: [Stage]] = [:]
        for row in stageRows {
            let stage = try decodeStage(row)
            stages[stage.pipelineID.uuid, default: []].append(stage)
        }
        return try await sql.raw(
            """
            SELECT id, name, position, is_default, retired FROM pipelines
            WHERE workspace_id = \(bind: workspace.uuid) ORDER BY position, name_key
            """
        ).all().map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Pipeline(
                id: .init(id), name: try row.decode(column: "name", as: String.self),
                position: try row.decode(column: "position", as: Int.self),
                isDefault: try row.decode(column: "is_default", as: Bool.self),
                retired: try row.decode(column: "retired", as: Bool.self), stages: stages[id] ?? [])
        }
    }

    /// A stage of the workspace, inside a transaction (for deal writes).
    static func stage(_ id: UUID, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Stage? {
        try await sql.raw(
            """
            SELECT id, pipeline_id, name, position, probability, category, required_fields, playbook, retired FROM stages
            WHERE id = \(bind: id) AND workspace_id = \(bind: workspace.uuid)
            """
        ).first().map(decodeStage)
    }

    /// The first stage a deal enters in a pipeline (the default pipeline when `pipeline` is nil).
    static func firstStage(of pipeline: UUID?, workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> Stage? {
        var pipelineID = pipeline
        if pipelineID == nil {
            if try await sql.raw("SELECT id FROM pipelines WHERE workspace_id = \(bind: workspace.uuid)").first() == nil {
                try await seed(workspace, on: sql)
            }
            pipelineID = try await sql.raw(
                """
                SELECT id FROM pipelines WHERE workspace_id = \(bind: workspace.uuid) AND retired = \(bind: false)
                ORDER BY is_default DESC, position LIMIT 1
                """
            ).first()?.decode(column: "id", as: UUID.self)
        }
        guard let pipelineID else { return nil }
        return try await sql.raw(
            """
            SELECT id, pipeline_id, name, position, probability, category, required_fields, playbook, retired FROM stages
            WHERE pipeline_id = \(bind: pipelineID) AND workspace_id = \(bind: workspace.uuid) AND retired = \(bind: false)
            ORDER BY position LIMIT 1
            """
        ).first().map(decodeStage)
    }

    static func decodeStage(_ row: any SQLRow) throws -> Stage {
        Stage(
            id: .init(try row.decode(column: "id", as: UUID.self)),
            pipelineID: .init(try row.decode(column: "pipeline_id", as: UUID.self)),
            name: try row.decode(column: "name", as: String.self), position: try row.decode(column: "position", as: Int.self),
            probability: try row.decode(column: "probability", as: Int.self),
            category: ForecastCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .pipeline,
            requiredFields: try row.decode(column: "required_fields", as: String.self).split(separator: "\n").map(String.init),
            playbook: try row.decode(column: "playbook", as: String.self), retired: try row.decode(column: "retired", as: Bool.self))
    }

    /// Gives a workspace its first pipeline, "Sales", with the standard stages.
    static func seed(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws {
        let pipeline = Pipeline.ID(UUIDv7.make())
        try await insertPipeline(id: pipeline, name: "Sales", position: 1, isDefault: true, workspace: workspace, on: sql)
        for (index, seed) in Pipeline.seedStages.enumerated() {
            let stage = Stage(
                id: .make(), pipelineID: pipeline, name: seed.0, position: index + 1, probability: seed.1, category: seed.2,
                requiredFields: seed.3, playbook: seed.4)
            try await insertStage(stage, workspace: workspace, on: sql)
        }
    }

    static func insertPipeline(
        id: Pipeline.ID, name: String, position: Int, isDefault: Bool, workspace: Workspace.ID, on sql: any SQLDatabase
    ) async throws {
        let now = Timestamp.now().micros
        try await sql.raw(
            """
            INSERT INTO pipelines (id, workspace_id, name, name_key, position, is_default, retired, created_at, updated_at)
            VALUES (\(bind: id.uuid), \(bind: workspace.uuid), \(bind: name), \(bind: key(name)), \(bind: position),
                    \(bind: isDefault), \(bind: false), \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func insertStage(_ stage: Stage, workspace: Workspace.ID, on sql: any SQLDatabase) async throws {
        let now = Timestamp.now().micros
        try await sql.raw(
            """
            INSERT INTO stages (id, workspace_id, pipeline_id, name, name_key, position, probability, category,
                                required_fields, playbook, retired, created_at, updated_at)
            VALUES (\(bind: stage.id.uuid), \(bind: workspace.uuid), \(bind: stage.pipelineID.uuid), \(bind: stage.name),
                    \(bind: key(stage.name)), \(bind: stage.position), \(bind: stage.probability), \(bind: stage.category.rawValue),
                    \(bind: stage.requiredFields.joined(separator: "\n")), \(bind: stage.playbook), \(bind: stage.retired),
                    \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func key(_ name: String) -> String { SearchText.fold(name) }
}
