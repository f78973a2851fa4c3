import Foundation

/// What every report can be narrowed to: a stretch of days, a team (with its sub-teams), an
/// owner, an industry (the segment).
public struct ReportFilter: Sendable, Equatable {
    /// First and last day, inclusive.
    public var from: LocalDate
    public var to: LocalDate
    public var teamID: Team.ID?
    public var ownerID: User.ID?
    public var industry: String?

    public init(from: LocalDate, to: LocalDate, teamID: Team.ID? = nil, ownerID: User.ID? = nil, industry: String? = nil) {
        self.from = from
        self.to = to
        self.teamID = teamID
        self.ownerID = ownerID
        self.industry = industry
    }

    /// The first microsecond of `from` and the first one after `to`, in UTC.
    public var range: (start: Int64, end: Int64) {
        (Int64(from.daysSinceEpoch) * 86_400_000_000, (Int64(to.daysSinceEpoch) + 1) * 86_400_000_000)
    }

    /// How many days the filter spans.
    public var days: Int { to.daysSinceEpoch - from.daysSinceEpoch + 1 }
}
