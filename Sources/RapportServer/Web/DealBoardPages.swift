import Foundation
import HTTPTypes
import Hummingbird
import RapportCore
import RapportStore

struct DealCardView {
    var id: String
    var title: String
    var href: String
    var account: String?
    var amount: String?
    var close: String?
    var closeOverdue: Bool
    var owner: String
    var version: Int
    var moveOptions: [OptionView]
}

struct BoardColumnView {
    var stageID: String
    var name: String
    var category: String
    var closed: Bool
    var count: Int
    var totals: String
    var totalsDetail: String
    var cards: [DealCardView]
    var moreHref: String?
    var listHref: String
    var remaining: Int
}

struct BoardView {
    var pipelineName: String
    var pipelineID: String
    var pipelines: [OptionView]
    var columns: [BoardColumnView]
    var closedWindowDays: Int
    var newHref: String?
    var listHref: String
    var settingsHref: String?
    var isEmpty: Bool
    /// Where a card's "Move" form comes back to.
    var returnTo: String
}

struct BoardContent {
    var board: BoardView
}

/// More cards of one column, for the board's script to append.
struct BoardFragment {
    var cards: [DealCardView]
    var moreHref: String?
    var csrf: String
    var returnTo: String
}

/// The pipeline board: a column per stage with its count and amounts, cards a page at a time,
/// drag and drop with the script and a "Move to" form on every card without it.
struct DealBoardPages: Sendable {
    let store: Store
    let pages: Pages
    static let pageSize = 25

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/deals/board") { request, context in try await board(request, context) }
        group.get("/deals/board/column") { request, context in try await column(request, context) }
    }

    func board(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let pipelines = try await store.pipelines.all(in: principal.workspaceID)
        let params = request.uri.queryParameters
        let chosen = params.get("pipeline").flatMap(UUID.init(uuidString:))
        guard let pipeline = pipelines.first(where: { $0.id.uuid == chosen }) ?? pipelines.first(where: { $0.isDefault && !$0.retired })
            ?? pipelines.first
        else { throw RapportError.notFound(entity: "pipeline", id: chosen?.uuidString.lowercased() ?? "") }
        let totals = try await store.dealBoard.totals(of: pipeline, by: principal)
        let currency = try await store.directory.workspace(principal.workspaceID)?.defaultCurrency ?? "USD"
        var columns: [BoardColumnView] = []
        var deals: [Record<Deal>] = []
        var pagesByStage: [Stage.ID: Page<Record<Deal>>] = [:]
        for stage in pipeline.stages where !stage.retired || (totals[stage.id]?.count ?? 0) > 0 {
            let page = try await store.dealBoard.column(stage, after: nil, limit: Self.pageSize, by: principal)
            pagesByStage[stage.id] = page
            deals += page.items
        }
        var lookups = try await Lookups.load(for: deals, store: store, principal: principal)
        lookups.zone = context.zone
        for stage in pipeline.stages where pagesByStage[stage.id] != nil {
            guard let page = pagesByStage[stage.id] else { continue }
            let total = totals[stage.id] ?? .init()
            columns.append(
                BoardColumnView(
                    stageID: stage.id.description, name: stage.name, category: stage.category.rawValue, closed: stage.category.isClosed,
                    count: total.count, totals: Self.totalsText(total, currency: currency), totalsDetail: Self.totalsDetail(total),
                    cards: page.items.map { Self.card($0, pipeline: pipeline, lookups: lookups, canWrite: principal.canWrite) },
                    moreHref: page.nextCursor.map { "/deals/board/column?stage=\(stage.id)&cursor=\(FormData.encode($0))" },
                    listHref: "/deals?filter[stage_id]=\(stage.id)", remaining: max(0, total.count - page.items.count)))
        }
        let view = BoardView(
            pipelineName: pipeline.name, pipelineID: pipeline.id.description,
            pipelines: pipelines.filter { !$0.retired || $0.id == pipeline.id }.map {
                OptionView(value: $0.id.description, label: $0.name, selected: $0.id == pipeline.id)
            },
            columns: columns, closedWindowDays: DealBoard.closedWindowDays,
            newHref: principal.canWrite ? "/deals/new?pipeline_id=\(pipeline.id)&return_to=\(FormData.encode("/deals/board?pipeline=\(pipeline.id)"))" : nil,
            listHref: "/deals?filter[pipeline_id]=\(pipeline.id)",
            settingsHref: principal.role == .admin ? "/settings/pipelines" : nil,
            isEmpty: columns.allSatisfy { $0.count == 0 }, returnTo: "/deals/board?pipeline=\(pipeline.id)")
        return pages.render("deal-board", title: "\(pipeline.name) board", content: BoardContent(board: view), context: context, request: request)
    }

    func column(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = request.uri.queryParameters
        guard let stageID = params.get("stage").flatMap(Stage.ID.init),
            let pipeline = try await store.pipelines.all(in: principal.workspaceID).first(where: { $0.stage(stageID) != nil }),
            let stage = pipeline.stage(stageID)
        else { throw RapportError.invalid(field: "stage", reason: "is not a stage of this workspace") }
        let cursor = try params.get("cursor").map { try Cursor(decoding: $0) }
        let page = try await store.dealBoard.column(stage, after: cursor, limit: Self.pageSize, by: principal)
        var lookups = try await Lookups.load(for: page.items, store: store, principal: principal)
        lookups.zone = context.zone
        return pages.fragment(
            "partial-board-cards",
            content: BoardFragment(
                cards: page.items.map { Self.card($0, pipeline: pipeline, lookups: lookups, canWrite: principal.canWrite) },
                moreHref: page.nextCursor.map { "/deals/board/column?stage=\(stage.id)&cursor=\(FormData.encode($0))" },
                csrf: context.session?.csrf ?? "", returnTo: "/deals/board?pipeline=\(pipeline.id)"))
    }

    static func card(_ deal: Record<Deal>, pipeline: Pipeline, lookups: Lookups, canWrite: Bool) -> DealCardView {
        let close = deal["close_date"]?.date
        let overdue = close.flatMap { date in LocalDate.of(.now(), in: lookups.zone).map { date < $0 } } ?? false
        return DealCardView(
            id: deal.id.description, title: deal.title, href: "/deals/\(deal.id)",
            account: deal["account_id"]?.uuid.flatMap { lookups.accounts[$0] }, amount: deal["amount"]?.display,
            close: close?.description, closeOverdue: overdue && deal["closed_at"] == nil,
            owner: lookups.userName(deal.ownerID), version: deal.version,
            moveOptions: canWrite
                ? pipeline.activeStages.filter { $0.id.uuid != deal["stage_id"]?.uuid }.map {
                    OptionView(value: $0.id.description, label: $0.name, selected: false)
                } : [])
    }

    /// "EUR 12,000.00 · weighted EUR 6,000.00" for one currency; with several, the workspace's
    /// own first and a count of the others (the full list is `totalsDetail`).
    static func totalsText(_ totals: DealBoard.Totals, currency: String = "USD") -> String {
        guard !totals.amounts.isEmpty else { return "" }
        if totals.amounts.count == 1, let amount = totals.amounts.first {
            let weighted = totals.weighted.first.map { " · weighted \($0)" } ?? ""
            return amount.description + (totals.weighted.first == amount ? "" : weighted)
        }
        let first = totals.amounts.first { $0.currency == currency } ?? totals.amounts[0]
        return "\(first) + \(totals.amounts.count - 1) other currencies"
    }

    /// Every currency's amount and weighted amount, one per line.
    static func totalsDetail(_ totals: DealBoard.Totals) -> String {
        zip(totals.amounts, totals.weighted).map { "\($0) (weighted \($1))" }.joined(separator: "\n")
    }
}
