import Foundation

/// How a closed deal went through a pipeline: each stage it stayed in, for how long, and whether
/// it ended won. The workspace's own win rates are measured from these.
public struct ClosedDealPath: Sendable, Equatable {
    public var stays: [(stage: UUID, days: Int)]
    public var won: Bool

    public init(stays: [(stage: UUID, days: Int)], won: Bool) {
        self.stays = stays
        self.won = won
    }

    public static func == (a: ClosedDealPath, b: ClosedDealPath) -> Bool {
        a.won == b.won && a.stays.map(\.stage) == b.stays.map(\.stage) && a.stays.map(\.days) == b.stays.map(\.days)
    }
}

/// The workspace's measured chance to win a deal from its stage and how long it has been there:
/// of the closed deals that were in that stage at least that long, how many were won. A deal that
/// lingers in a stage is less likely to be won than one that just arrived, and this says by how much.
public struct WinRates: Sendable, Equatable {
    /// Lower bounds, in days in the stage, of the age groups rates are measured for.
    public static let ageGroups = [0, 14, 45]
    /// Below this many closed deals a measured rate is not trusted; a broader one is used.
    public static let minimumSample = 5

    public struct Count: Sendable, Equatable {
        public var won = 0
        public var total = 0
        public init(won: Int = 0, total: Int = 0) {
            self.won = won
            self.total = total
        }
        public var rate: Double? { total >= WinRates.minimumSample ? Double(won) / Double(total) : nil }
    }

    /// Where a chance came from, to say so beside the number.
    public enum Basis: Sendable, Equatable {
        /// Closed deals that were in the stage at least as long as this one (the group's lower bound).
        case stageAndAge(days: Int, deals: Int)
        /// Closed deals that were in the stage, however long.
        case stage(deals: Int)
        /// Too few closed deals: the stage's own probability.
        case stageDefault
    }

    public var byStage: [UUID: Count] = [:]
    public var byStageAndAge: [UUID: [Count]] = [:]
    public var closedDeals = 0

    public init() {}

    public init(_ paths: [ClosedDealPath]) {
        closedDeals = paths.count
        for path in paths {
            // A deal that came back to a stage counts once there, with its longest stay.
            var longest: [UUID: Int] = [:]
            for stay in path.stays { longest[stay.stage] = max(longest[stay.stage] ?? 0, stay.days) }
            for (stage, days) in longest {
                byStage[stage, default: Count()].total += 1
                if path.won { byStage[stage, default: Count()].won += 1 }
                var groups = byStageAndAge[stage] ?? Array(repeating: Count(), count: Self.ageGroups.count)
                for (index, lower) in Self.ageGroups.enumerated() where days >= lower {
                    groups[index].total += 1
                    if path.won { groups[index].won += 1 }
                }
                byStageAndAge[stage] = groups
            }
        }
    }

    /// The chance, 0–1, that a deal in `stage` for `days` days is won, and what it rests on;
    /// `stageProbability` (0–100) when the workspace has too little history.
    public func chance(stage: UUID, days: Int, stageProbability: Int) -> (chance: Double, basis: Basis) {
        let group = Self.ageGroups.lastIndex { days >= $0 } ?? 0
        if let count = byStageAndAge[stage]?[group], let rate = count.rate {
            return (rate, .stageAndAge(days: Self.ageGroups[group], deals: count.total))
        }
        if let count = byStage[stage], let rate = count.rate { return (rate, .stage(deals: count.total)) }
        return (Double(stageProbability) / 100, .stageDefault)
    }
}
