import Foundation
import RapportCore
import RapportStore

/// One stage on a deal's path through its pipeline.
struct StageStepView {
    var stageID: String
    var name: String
    /// `done`, `current` or `ahead`; closed stages also carry `won` or `lost`.
    var state: String
    var isCurrent: Bool
    var category: String
    var probability: Int
}

struct DealPersonView {
    var name: String
    var href: String
    var role: String
    var contactID: String
    var removeAction: String
}

struct StageHistoryRowView {
    var stage: String
    var entered: String
    var enteredISO: String
    var left: String
    var duration: String
    var movedBy: String
    var isCurrent: Bool
}

/// What a deal's page shows beyond its fields: where it stands in its pipeline with a way to
/// move it, the stage's playbook, the people in the deal with their roles, and its stage history.
struct DealPanelsView {
    var pipelineName: String
    var stageName: String
    var since: String
    var playbook: String?
    var steps: [StageStepView]
    var moveAction: String
    var version: Int
    var people: [DealPersonView]
    var roleOptions: [OptionView]
    var contactOptions: [OptionView]
    var addPersonAction: String
    var history: [StageHistoryRowView]
    var canWrite: Bool
}

enum DealPanels {
    static func load(_ deal: Record<Deal>, store: Store, principal: Principal, zone: TimeZone) async throws -> DealPanelsView? {
        let pipelines = try await store.pipelines.all(in: principal.workspaceID)
        guard let stageID = deal["stage_id"]?.uuid,
            let pipeline = pipelines.first(where: { $0.stage(.init(stageID)) != nil }), let stage = pipeline.stage(.init(stageID))
        else { return nil }
        let now = Timestamp.now()
        let currentIndex = pipeline.stages.firstIndex { $0.id == stage.id } ?? 0
        let steps = pipeline.stages.enumerated().compactMap { index, step -> StageStepView? in
            if step.retired && step.id != stage.id { return nil }
            let state =
                step.id == stage.id ? "current" : (stage.category.isClosed || index > currentIndex || step.category.isClosed ? "ahead" : "done")
            return StageStepView(
                stageID: step.id.description, name: step.name, state: state, isCurrent: step.id == stage.id,
                category: step.category.rawValue, probability: step.probability)
        }
        let users = Dictionary(
            try await store.directory.users(in: principal.workspaceID).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let spans = try await store.dealHistory.stages(of: deal.id, by: principal)
        // Stages of the deal's own pipeline need no pipeline name; one it moved from does.
        var stageNames: [UUID: String] = [:]
        for p in pipelines { for s in p.stages { stageNames[s.id.uuid] = p.id == pipeline.id ? s.name : "\(p.name) · \(s.name)" } }
        let history = spans.reversed().map { span in
            StageHistoryRowView(
                stage: stageNames[span.stageID.uuid] ?? "Removed stage", entered: DateText.day(span.enteredAt, in: zone),
                enteredISO: span.enteredAt.iso8601, left: span.leftAt.map { DateText.day($0, in: zone) } ?? "—",
                duration: DurationText.text(seconds: span.seconds(now: now)), movedBy: span.movedBy.flatMap { users[$0] } ?? "—",
                isCurrent: span.leftAt == nil)
        }
        let members = try await store.dealContacts.members(of: deal.id, by: principal)
        var options: [OptionView] = []
        if let account = deal["account_id"]?.uuid {
            let people = try await store.contacts.list(ListQuery(filters: ["account_id": account.uuidString], limit: 100), by: principal)
            let taken = Set(members.map(\.contactID))
            options = people.items.filter { !taken.contains($0.id) }.map { OptionView(value: $0.id.description, label: $0.title, selected: false) }
        }
        let entered = deal["stage_entered_at"]?.time ?? deal.createdAt
        return DealPanelsView(
            pipelineName: pipeline.name, stageName: stage.name,
            since: DurationText.text(seconds: max(0, (now.micros - entered.micros) / 1_000_000)),
            playbook: stage.playbook.isEmpty ? nil : stage.playbook, steps: steps, moveAction: "/deals/\(deal.id)/stage",
            version: deal.version,
            people: members.map {
                DealPersonView(
                    name: $0.contactName, href: "/contacts/\($0.contactID)", role: $0.role.label, contactID: $0.contactID.description,
                    removeAction: "/deals/\(deal.id)/people/\($0.contactID)/delete")
            },
            roleOptions: DealRole.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0 == .influencer) },
            contactOptions: options, addPersonAction: "/deals/\(deal.id)/people", history: history,
            canWrite: principal.canWrite && deal.deletedAt == nil)
    }
}

/// Lengths of time as people say them: "3 days", "5 hours", "12 minutes".
enum DurationText {
    static func text(seconds: Int64) -> String {
        func unit(_ n: Int64, _ one: String) -> String { "\(n) \(one)\(n == 1 ? "" : "s")" }
        if seconds < 3600 { return unit(max(1, (seconds + 30) / 60), "minute") }
        if seconds < 86_400 { return unit((seconds + 1800) / 3600, "hour") }
        return unit((seconds + 43_200) / 86_400, "day")
    }
}
