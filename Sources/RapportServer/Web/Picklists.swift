import Foundation
import RapportCore
import RapportStore

/// The entries of the workspace-managed lists a `picklist` field chooses from (purposes,
/// pipelines, stages), as names and form options, in one place for every page.
enum Picklists {
    struct Entry: Sendable {
        var id: UUID
        var label: String
        var retired: Bool
    }

    /// The entries of a list, by its table, in the order people arranged them.
    static func entries(_ table: String, store: Store, principal: Principal) async throws -> [Entry] {
        switch table {
        case "purposes":
            return try await store.purposes.all(in: principal.workspaceID).map { Entry(id: $0.id.uuid, label: $0.name, retired: $0.retired) }
        case "pipelines":
            return try await store.pipelines.all(in: principal.workspaceID).map { Entry(id: $0.id.uuid, label: $0.name, retired: $0.retired) }
        case "stages":
            let pipelines = try await store.pipelines.all(in: principal.workspaceID)
            // With one pipeline the stage name says it all; with several, the pipeline comes first.
            let qualify = pipelines.count > 1
            return pipelines.flatMap { pipeline in
                pipeline.stages.map {
                    Entry(id: $0.id.uuid, label: qualify ? "\(pipeline.name) · \($0.name)" : $0.name, retired: $0.retired || pipeline.retired)
                }
            }
        default:
            return []
        }
    }

    /// The list tables an entity's picklist fields use.
    static func tables<E: Entity>(of entity: E.Type) -> Set<String> {
        Set(E.fields.compactMap { if case .picklist(let table) = $0.kind { table } else { nil } })
    }
}
