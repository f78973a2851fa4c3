import Foundation

/// A stretch of time a deal spent in one stage: when it entered, when it left (nil while it is
/// still there) and who moved it in.
public struct StageSpan: Sendable, Equatable {
    public var stageID: Stage.ID
    public var pipelineID: Pipeline.ID
    public var enteredAt: Timestamp
    public var leftAt: Timestamp?
    public var movedBy: User.ID?

    public init(stageID: Stage.ID, pipelineID: Pipeline.ID, enteredAt: Timestamp, leftAt: Timestamp?, movedBy: User.ID?) {
        self.stageID = stageID
        self.pipelineID = pipelineID
        self.enteredAt = enteredAt
        self.leftAt = leftAt
        self.movedBy = movedBy
    }

    /// Seconds in the stage, up to `now` for the current one.
    public func seconds(now: Timestamp) -> Int64 {
        max(0, ((leftAt ?? now).micros - enteredAt.micros) / 1_000_000)
    }
}

/// What a deal looked like at some moment, as far as the pipeline and the forecast care.
public struct DealState: Sendable, Equatable {
    public var dealID: UUID
    public var pipelineID: UUID?
    public var stageID: UUID?
    public var stageEnteredAt: Timestamp
    public var amount: Money?
    public var probability: Int?
    public var category: ForecastCategory?
    public var closeDate: LocalDate?
    public var ownerID: User.ID?
    public var teamID: Team.ID?

    public init(
        dealID: UUID, pipelineID: UUID?, stageID: UUID?, stageEnteredAt: Timestamp, amount: Money?, probability: Int?,
        category: ForecastCategory?, closeDate: LocalDate?, ownerID: User.ID?, teamID: Team.ID?
    ) {
        self.dealID = dealID
        self.pipelineID = pipelineID
        self.stageID = stageID
        self.stageEnteredAt = stageEnteredAt
        self.amount = amount
        self.probability = probability
        self.category = category
        self.closeDate = closeDate
        self.ownerID = ownerID
        self.teamID = teamID
    }

    /// The state of a deal record. Times keep millisecond precision, as the event log does, so a
    /// state rebuilt from the log equals the one kept at write time.
    public init(_ deal: Record<Deal>) {
        let entered = deal["stage_entered_at"]?.time ?? deal.createdAt
        var amount: Money?
        if case .money(let m)? = deal["amount"] { amount = m }
        var probability: Int?
        if case .int(let p)? = deal["probability"] { probability = Int(p) }
        var closeDate: LocalDate?
        if case .date(let d)? = deal["close_date"] { closeDate = d }
        self.init(
            dealID: deal.id.uuid, pipelineID: deal["pipeline_id"]?.uuid, stageID: deal["stage_id"]?.uuid,
            stageEnteredAt: Timestamp(micros: entered.micros / 1000 * 1000), amount: amount, probability: probability,
            category: deal["forecast_category"]?.text.flatMap(ForecastCategory.init(rawValue:)), closeDate: closeDate,
            ownerID: deal.ownerID, teamID: deal.teamID)
    }
}
