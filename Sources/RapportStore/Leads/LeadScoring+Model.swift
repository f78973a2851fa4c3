import Foundation
import RapportCore
import SQLKit

/// The learned conversion model: trained from the workspace's own closed leads by a background
/// job (nightly, and on request), after which open leads are re-scored in batches.
extension LeadScoring {
    /// The job that trains a workspace's model (every workspace's when the job has none).
    public static let trainKind = "leads.train"
    /// The job that re-scores a workspace's open leads after its rules or model changed.
    public static let rescoreKind = "leads.rescore"
    /// The most recent closed leads a model learns from.
    public static let trainingLimit = 50_000

    /// What the settings page and the API say about the model.
    public struct ModelStatus: Sendable, Equatable {
        public var trainedAt: Timestamp?
        public var converted: Int
        public var disqualified: Int
        public var usable: Bool
        /// Whether a training job is waiting or running.
        public var training: Bool
        /// The features that speak most for converting, for people to sanity-check the model.
        public var strongest: [ConversionPrediction.Contribution]
    }

    static func model(_ workspace: Workspace.ID, on sql: any SQLDatabase) async throws -> ConversionModel? {
        guard
            let text = try await sql.raw("SELECT model FROM lead_score_models WHERE workspace_id = \(bind: workspace.uuid)")
                .first()?.decode(column: "model", as: String.self)
        else { return nil }
        return try? JSONDecoder().decode(ConversionModel.self, from: Data(text.utf8))
    }

    public func modelStatus(in workspace: Workspace.ID) async throws -> ModelStatus {
        try await db.read { sql in
            let model = try await Self.model(workspace, on: sql)
            let pending = try await sql.raw(
                """
                SELECT id FROM jobs WHERE kind = \(bind: Self.trainKind) AND workspace_id = \(bind: workspace.uuid)
                  AND status IN ('queued', 'running') LIMIT 1
                """
            ).first()
            var strongest: [ConversionPrediction.Contribution] = []
            if let model, model.isUsable {
                for (feature, values) in model.counts {
                    for value in values.keys {
                        if let weight = model.weight(feature, value), weight > 0.1 {
                            strongest.append(.init(feature: feature, value: value, weight: weight))
                        }
                    }
                }
                strongest.sort { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.feature, $0.value) < ($1.feature, $1.value) }
            }
            return ModelStatus(
                trainedAt: model?.trainedAt, converted: model?.converted ?? 0, disqualified: model?.disqualified ?? 0,
                usable: model?.isUsable ?? false, training: pending != nil, strongest: Array(strongest.prefix(5)))
        }
    }

    /// Queues training of the principal's workspace (admins); false when one is already waiting.
    @discardableResult
    public func requestTraining(by principal: Principal) async throws -> Bool {
        try principal.requireAdmin()
        return try await enqueueOnce(kind: Self.trainKind, workspace: principal.workspaceID)
    }

    /// Queues a re-score of the workspace's open leads unless one is already waiting.
    @discardableResult
    func requestRescore(_ workspace: Workspace.ID) async throws -> Bool {
        try await enqueueOnce(kind: Self.rescoreKind, workspace: workspace)
    }

    func enqueueOnce(kind: String, workspace: Workspace.ID) async throws -> Bool {
        try await db.write { sql in
            let waiting = try await sql.raw(
                """
                SELECT id FROM jobs WHERE kind = \(bind: kind) AND workspace_id = \(bind: workspace.uuid) AND status = 'queued' LIMIT 1
                """
            ).first()
            guard waiting == nil else { return false }
            return try await JobQueue.enqueue(
                kind: kind, payload: .object([:]), workspace: workspace, runAt: .now(), dedupeKey: nil, maxAttempts: 3, on: sql)
        }
    }

    /// Runs a training job: the job's workspace, or (the nightly schedule's job) one job per workspace.
    public func runTrainingJob(_ job: Job) async throws {
        guard let workspace = job.workspaceID else {
            try await db.write { sql in
                for row in try await sql.raw("SELECT id FROM workspaces ORDER BY id").all() {
                    let id = Workspace.ID(try row.decode(column: "id", as: UUID.self))
                    _ = try await JobQueue.enqueue(
                        kind: Self.trainKind, payload: .object([:]), workspace: id, runAt: .now(),
                        dedupeKey: "\(Self.trainKind):\(job.id.uuidString.lowercased()):\(id)", maxAttempts: 3, on: sql)
                }
            }
            return
        }
        _ = try await train(workspace)
    }

    /// Learns the workspace's model from its closed leads (converted against disqualified, leaving
    /// out those disqualified as duplicates: they say nothing about who buys), stores it, and
    /// queues a re-score of the open leads. Returns the model.
    @discardableResult
    public func train(_ workspace: Workspace.ID, at time: Timestamp = .now()) async throws -> ConversionModel {
        let examples = try await db.read { sql in
            let rows = try await sql.raw(
                """
                SELECT \(unsafeRaw: RecordStore<Lead>.columnList) FROM leads
                WHERE workspace_id = \(bind: workspace.uuid) AND deleted_at IS NULL
                  AND (status = 'converted' OR (status = 'disqualified' AND disqualified_reason <> 'duplicate'))
                ORDER BY updated_at DESC, id LIMIT \(literal: Self.trainingLimit)
                """
            ).all()
            let leads = try rows.map { try RecordCodec.record($0, as: Lead.self) }
            let engagement = try await LeadActivityFacts.engagement(of: leads.map(\.id.uuid), workspace: workspace, on: sql)
            return leads.map { lead in
                ConversionModel.Example(
                    features: LeadFeatures.of(LeadFacts(values: lead.values, engagement: engagement[lead.id.uuid] ?? LeadEngagement())),
                    converted: lead["status"]?.text == "converted")
            }
        }
        let model = ConversionModel.train(examples, at: time)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(model), as: UTF8.self)
        try await db.write { sql in
            try await sql.raw(
                """
                INSERT INTO lead_score_models (workspace_id, trained_at, converted, disqualified, model)
                VALUES (\(bind: workspace.uuid), \(bind: time.micros), \(bind: model.converted), \(bind: model.disqualified), \(bind: text))
                ON CONFLICT (workspace_id) DO UPDATE SET trained_at = excluded.trained_at, converted = excluded.converted,
                    disqualified = excluded.disqualified, model = excluded.model
                """
            ).run()
        }
        try await requestRescore(workspace)
        return model
    }

    /// Re-scores every open lead of the job's workspace, 200 to a transaction, through the normal
    /// lead write (a lead whose score did not change is not written). Safe to run again after a
    /// crash: leads already done have nothing left to change.
    public func runRescoreJob(_ job: Job, leads: RecordStore<Lead>) async throws {
        guard let workspace = job.workspaceID else { return }
        let system = Principal.system(workspace)
        var after = UUID(uuidString: "00000000-0000-0000-0000-000000000000") ?? UUID()
        while true {
            let last = after
            let done = try await db.write { sql -> UUID? in
                let ids = try await sql.raw(
                    """
                    SELECT id FROM leads WHERE workspace_id = \(bind: workspace.uuid) AND deleted_at IS NULL
                      AND status IN ('new', 'working', 'nurturing', 'qualified') AND id > \(bind: last)
                    ORDER BY id LIMIT 200
                    """
                ).all().map { try $0.decode(column: "id", as: UUID.self) }
                for id in ids { _ = try await leads.update(.init(id), RecordChanges(), expecting: nil, by: system, on: sql) }
                return ids.last
            }
            guard let done else { return }
            after = done
        }
    }
}
