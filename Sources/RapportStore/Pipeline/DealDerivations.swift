import Foundation
import RapportCore
import SQLKit

/// What a deal's stage decides, applied inside every deal write: the pipeline follows the stage,
/// a new stage brings its probability and forecast category (unless the same change sets them),
/// closed stages close the deal, and the stage's required fields must have values.
enum DealDerivations {
    static func stage() -> WriteDerivation<Deal> {
        WriteDerivation { record, previous, principal, sql in
            let workspace = principal.workspaceID
            let stage = try await resolveStage(record, previous: previous, workspace: workspace, on: sql)
            record.values["stage_id"] = .id(stage.id.uuid)
            record.values["pipeline_id"] = .id(stage.pipelineID.uuid)
            let now = Timestamp.now()
            let entered = previous?["stage_id"]?.uuid != stage.id.uuid
            if entered {
                record.values["stage_entered_at"] = .time(now)
                // A value the same change sets explicitly wins over the stage's default.
                let probabilitySet = previous.map { $0["probability"] != record["probability"] } ?? (record["probability"] != nil)
                if !probabilitySet { record.values["probability"] = .int(Int64(stage.probability)) }
                let categorySet =
                    previous.map { $0["forecast_category"] != record["forecast_category"] } ?? (record["forecast_category"] != nil)
                if !categorySet { record.values["forecast_category"] = .text(stage.category.rawValue) }
            }
            if stage.category.isClosed {
                record.values["forecast_category"] = .text(stage.category.rawValue)
                record.values["probability"] = .int(stage.category == .won ? 100 : 0)
                if entered || record["closed_at"] == nil { record.values["closed_at"] = .time(now) }
            } else {
                record.values["closed_at"] = nil
                if let category = record["forecast_category"]?.text.flatMap(ForecastCategory.init(rawValue:)), category.isClosed {
                    throw RapportError.invalid(
                        field: "forecast_category", reason: "won and lost come from moving the deal to a closed stage")
                }
            }
            if record["probability"] == nil { record.values["probability"] = .int(Int64(stage.probability)) }
            if record["forecast_category"] == nil { record.values["forecast_category"] = .text(stage.category.rawValue) }
            var issues: [FieldIssue] = []
            for field in stage.requiredFields where Deal.field(field) != nil && record.values[field] == nil {
                issues.append(FieldIssue(field: field, reason: "is required in the \(stage.name) stage"))
            }
            if !issues.isEmpty { throw RapportError.invalid(issues) }
        }
    }

    /// The stage a deal ends up in: the one named, the first of a newly chosen pipeline, or the
    /// first of the default pipeline.
    static func resolveStage(_ record: Record<Deal>, previous: Record<Deal>?, workspace: Workspace.ID, on sql: any SQLDatabase)
        async throws -> Stage
    {
        let stageID = record["stage_id"]?.uuid
        let pipelineID = record["pipeline_id"]?.uuid
        let stageChanged = previous == nil || previous?["stage_id"]?.uuid != stageID
        let pipelineChanged = previous != nil && previous?["pipeline_id"]?.uuid != pipelineID
        if let stageID, !(pipelineChanged && !stageChanged) {
            guard let stage = try await PipelineStore.stage(stageID, workspace: workspace, on: sql) else {
                throw RapportError.invalid(field: "stage_id", reason: "is not a stage of this workspace")
            }
            if let pipelineID, pipelineID != stage.pipelineID.uuid {
                throw RapportError.invalid(field: "stage_id", reason: "is not a stage of the chosen pipeline")
            }
            return stage
        }
        if let pipelineID {
            let exists = try await sql.raw(
                "SELECT retired FROM pipelines WHERE id = \(bind: pipelineID) AND workspace_id = \(bind: workspace.uuid)"
            ).first()
            guard let exists else { throw RapportError.invalid(field: "pipeline_id", reason: "is not a pipeline of this workspace") }
            if try exists.decode(column: "retired", as: Bool.self), pipelineChanged || previous == nil {
                throw RapportError.invalid(field: "pipeline_id", reason: "has been retired; choose another")
            }
        }
        guard let stage = try await PipelineStore.firstStage(of: pipelineID, workspace: workspace, on: sql) else {
            throw RapportError.invalid(field: pipelineID == nil ? "stage_id" : "pipeline_id", reason: "has no active stage to start in")
        }
        return stage
    }
}
