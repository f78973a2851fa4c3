import Foundation
import RapportCore

/// The pipelines settings page: the pipelines, and the stages of the one being edited. Errors
/// are by form ("new-pipeline", "pipeline", "new-stage", "stage-<id>") and field.
struct PipelineSettingsView {
    struct PipelineRow {
        var id: String
        var name: String
        var isDefault: Bool
        var retired: Bool
        var stageCount: Int
        var href: String
        var current: Bool
    }

    struct StageRow {
        var id: String
        var name: String
        var probability: Int
        var categories: [OptionView]
        var categoryLabel: String
        var playbook: String
        var required: [OptionView]
        var requiredSummary: String
        var retired: Bool
        var first: Bool
        var last: Bool
        var action: String
        var errors: [ErrorItemView]
    }

    var pipelines: [PipelineRow]
    var current: PipelineRow?
    var stages: [StageRow]
    var currentAction: String
    var addStageAction: String
    var categories: [OptionView]
    var requirable: [OptionView]
    var newPipelineErrors: [ErrorItemView]
    var pipelineErrors: [ErrorItemView]
    var newStageErrors: [ErrorItemView]
    var hasErrors: Bool
    var boardHref: String?

    init(pipelines all: [Pipeline], chosen: Pipeline.ID?, errors: [String: [String: String]]) {
        let selected = all.first { $0.id == chosen } ?? all.first { $0.isDefault } ?? all.first
        pipelines = all.map {
            PipelineRow(
                id: $0.id.description, name: $0.name, isDefault: $0.isDefault, retired: $0.retired, stageCount: $0.activeStages.count,
                href: "/settings/pipelines?pipeline=\($0.id)", current: $0.id == selected?.id)
        }
        current = pipelines.first { $0.current }
        func items(_ map: [String: String]?) -> [ErrorItemView] {
            (map ?? [:]).sorted { $0.key < $1.key }.map { ErrorItemView(field: $0.key, label: ChoiceLabel.text($0.key), reason: $0.value) }
        }
        let requirable = StageChanges.requirableFields
        stages = (selected?.stages ?? []).enumerated().map { index, stage in
            StageRow(
                id: stage.id.description, name: stage.name, probability: stage.probability,
                categories: ForecastCategory.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0 == stage.category) },
                categoryLabel: stage.category.label, playbook: stage.playbook,
                required: requirable.map { OptionView(value: $0.name, label: $0.label, selected: stage.requiredFields.contains($0.name)) },
                requiredSummary: stage.requiredFields.isEmpty
                    ? "Nothing required"
                    : stage.requiredFields.map { name in requirable.first { $0.name == name }?.label ?? name }.joined(separator: ", "),
                retired: stage.retired, first: index == 0, last: index == (selected?.stages.count ?? 1) - 1,
                action: "/settings/stages/\(stage.id)", errors: items(errors["stage-\(stage.id)"]))
        }
        currentAction = selected.map { "/settings/pipelines/\($0.id)" } ?? ""
        addStageAction = selected.map { "/settings/pipelines/\($0.id)/stages" } ?? ""
        categories = ForecastCategory.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0 == .pipeline) }
        self.requirable = requirable.map { OptionView(value: $0.name, label: $0.label, selected: false) }
        newPipelineErrors = items(errors["new-pipeline"])
        pipelineErrors = items(errors["pipeline"])
        newStageErrors = items(errors["new-stage"])
        hasErrors = !errors.isEmpty
        boardHref = selected.map { "/deals/board?pipeline=\($0.id)" }
    }

    static func admin(_ context: AppRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        try PipelinesAPI.requireAdmin(principal)
        return principal
    }
}
