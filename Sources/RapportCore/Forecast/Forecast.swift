import Foundation

/// A deal as the forecast counts it: amount in the workspace's currency, where it stands.
public struct ForecastDeal: Sendable, Equatable {
    public var id: UUID
    public var ownerID: User.ID?
    /// Minor units of the workspace's currency.
    public var amount: Int64
    public var probability: Int
    public var category: ForecastCategory
    public var stageID: UUID?
    public var stageProbability: Int
    public var daysInStage: Int

    public init(
        id: UUID, ownerID: User.ID?, amount: Int64, probability: Int, category: ForecastCategory, stageID: UUID?,
        stageProbability: Int, daysInStage: Int
    ) {
        self.id = id
        self.ownerID = ownerID
        self.amount = amount
        self.probability = probability
        self.category = category
        self.stageID = stageID
        self.stageProbability = stageProbability
        self.daysInStage = daysInStage
    }
}

/// The numbers of one forecast line, in minor units of the workspace's currency.
///
/// Categories are kept apart; the forecast's usual reading is cumulative: commit includes what is
/// won, best case includes commit (`commitTotal`, `bestCaseTotal`).
public struct ForecastFigures: Sendable, Equatable {
    public var won: Int64 = 0
    public var commit: Int64 = 0
    public var bestCase: Int64 = 0
    public var pipeline: Int64 = 0
    public var lost: Int64 = 0
    /// Won plus each open deal's amount × its probability.
    public var weighted: Int64 = 0
    /// Won plus each open deal's amount × the workspace's measured chance from its stage and age.
    public var historical: Int64 = 0
    public var wonDeals = 0
    public var lostDeals = 0
    public var openDeals = 0

    public init() {}

    public var commitTotal: Int64 { won + commit }
    public var bestCaseTotal: Int64 { won + commit + bestCase }
    public var open: Int64 { commit + bestCase + pipeline }

    public mutating func add(_ deal: ForecastDeal, rates: WinRates) {
        switch deal.category {
        case .won:
            won += deal.amount
            weighted += deal.amount
            historical += deal.amount
            wonDeals += 1
        case .lost:
            lost += deal.amount
            lostDeals += 1
        case .commit, .bestCase, .pipeline:
            if deal.category == .commit { commit += deal.amount }
            if deal.category == .bestCase { bestCase += deal.amount }
            if deal.category == .pipeline { pipeline += deal.amount }
            weighted += Self.share(deal.amount, Double(deal.probability) / 100)
            if let stage = deal.stageID {
                historical += Self.share(
                    deal.amount, rates.chance(stage: stage, days: deal.daysInStage, stageProbability: deal.stageProbability).chance)
            } else {
                historical += Self.share(deal.amount, Double(deal.stageProbability) / 100)
            }
            openDeals += 1
        }
    }

    /// `amount × fraction`, rounded half away from zero.
    static func share(_ amount: Int64, _ fraction: Double) -> Int64 {
        Int64((Double(amount) * fraction).rounded(.toNearestOrAwayFromZero))
    }

    public static func + (a: ForecastFigures, b: ForecastFigures) -> ForecastFigures {
        var sum = a
        sum.won += b.won
        sum.commit += b.commit
        sum.bestCase += b.bestCase
        sum.pipeline += b.pipeline
        sum.lost += b.lost
        sum.weighted += b.weighted
        sum.historical += b.historical
        sum.wonDeals += b.wonDeals
        sum.lostDeals += b.lostDeals
        sum.openDeals += b.openDeals
        return sum
    }
}

/// Whose forecast a line is: one person, a team with its sub-teams, or the whole workspace.
public struct ForecastScope: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case user, team, workspace
    }

    public var kind: Kind
    public var id: UUID?
    public var name: String

    public init(kind: Kind, id: UUID?, name: String) {
        self.kind = kind
        self.id = id
        self.name = name
    }

    /// `user:<id>`, `team:<id>` or `workspace`, as the API and the adjustments table name it.
    public var key: String { id.map { "\(kind.rawValue):\($0.uuidString.lowercased())" } ?? kind.rawValue }
}

/// The numbers a manager may override, with a note; both values are kept.
public enum AdjustableFigure: String, Sendable, CaseIterable {
    case commit, bestCase = "best_case", pipeline
}

/// A manager's override of one figure of one line.
public struct ForecastAdjustment: Sendable, Equatable {
    public var scopeKey: String
    public var figure: AdjustableFigure
    /// The overriding value, minor units of the workspace's currency.
    public var amount: Int64
    public var note: String
    public var by: String
    public var at: Timestamp

    public init(scopeKey: String, figure: AdjustableFigure, amount: Int64, note: String, by: String, at: Timestamp) {
        self.scopeKey = scopeKey
        self.figure = figure
        self.amount = amount
        self.note = note
        self.by = by
        self.at = at
    }
}

/// One line of a forecast: its scope, its figures, its quota and attainment, and any adjustment.
public struct ForecastLine: Sendable, Equatable {
    public var scope: ForecastScope
    /// 0 for the workspace, 1 for top teams, deeper for sub-teams and people.
    public var depth: Int
    public var figures: ForecastFigures
    public var quota: Int64?
    public var adjustments: [AdjustableFigure: ForecastAdjustment]

    /// Won ÷ quota, in basis points (10,000 = 100%).
    public var attainment: Int? {
        guard let quota, quota > 0 else { return nil }
        return Int((Double(figures.won) / Double(quota) * 10_000).rounded())
    }
}

/// Adds deals up per person, per team (with everything below it) and for the workspace.
public enum ForecastRollup {
    /// The lines in reading order: the workspace, then each team followed by its sub-teams and
    /// its people, depth first. People without a team and deals without an owner count in the
    /// workspace's total only ("Unassigned" when there are any).
    public static func lines(
        deals: [ForecastDeal], users: [User], teams: [Team], rates: WinRates, quotas: [String: Int64] = [:],
        adjustments: [ForecastAdjustment] = []
    ) -> [ForecastLine] {
        var perUser: [User.ID: ForecastFigures] = [:]
        var unassigned = ForecastFigures()
        var total = ForecastFigures()
        let known = Set(users.map(\.id))
        for deal in deals {
            total.add(deal, rates: rates)
            if let owner = deal.ownerID, known.contains(owner) { perUser[owner, default: ForecastFigures()].add(deal, rates: rates) } else {
                unassigned.add(deal, rates: rates)
            }
        }
        var adjusted: [String: [AdjustableFigure: ForecastAdjustment]] = [:]
        for adjustment in adjustments.sorted(by: { $0.at < $1.at }) { adjusted[adjustment.scopeKey, default: [:]][adjustment.figure] = adjustment }

        func teamFigures(_ team: Team) -> (ForecastFigures, Int64?) {
            var figures = ForecastFigures()
            var quota: Int64? = quotas[ForecastScope(kind: .team, id: team.id.uuid, name: "").key]
            var memberQuotas: Int64 = 0
            var anyMemberQuota = false
            for user in users where user.teamID == team.id {
                figures = figures + (perUser[user.id] ?? ForecastFigures())
                if let q = quotas[ForecastScope(kind: .user, id: user.id.uuid, name: "").key] { memberQuotas += q; anyMemberQuota = true }
            }
            for child in teams where child.parentID == team.id {
                let (sub, subQuota) = teamFigures(child)
                figures = figures + sub
                if let subQuota { memberQuotas += subQuota; anyMemberQuota = true }
            }
            if quota == nil, anyMemberQuota { quota = memberQuotas }
            return (figures, quota)
        }

        var lines: [ForecastLine] = []
        let workspaceScope = ForecastScope(kind: .workspace, id: nil, name: "Everyone")
        var workspaceQuota = quotas[workspaceScope.key]
        if workspaceQuota == nil {
            let tops = teams.filter { $0.parentID == nil }.compactMap { teamFigures($0).1 }
            if !tops.isEmpty { workspaceQuota = tops.reduce(0, +) }
        }
        lines.append(
            ForecastLine(scope: workspaceScope, depth: 0, figures: total, quota: workspaceQuota, adjustments: adjusted[workspaceScope.key] ?? [:]))
        func visit(_ team: Team, depth: Int) {
            let scope = ForecastScope(kind: .team, id: team.id.uuid, name: team.name)
            let (figures, quota) = teamFigures(team)
            lines.append(ForecastLine(scope: scope, depth: depth, figures: figures, quota: quota, adjustments: adjusted[scope.key] ?? [:]))
            for child in teams.filter({ $0.parentID == team.id }).sorted(by: { $0.name < $1.name }) { visit(child, depth: depth + 1) }
            for user in users.filter({ $0.teamID == team.id }).sorted(by: { $0.name < $1.name }) where perUser[user.id] != nil || quotas[
                ForecastScope(kind: .user, id: user.id.uuid, name: "").key] != nil
            {
                let scope = ForecastScope(kind: .user, id: user.id.uuid, name: user.name)
                lines.append(
                    ForecastLine(
                        scope: scope, depth: depth + 1, figures: perUser[user.id] ?? ForecastFigures(), quota: quotas[scope.key],
                        adjustments: adjusted[scope.key] ?? [:]))
            }
        }
        for team in teams.filter({ $0.parentID == nil }).sorted(by: { $0.name < $1.name }) { visit(team, depth: 1) }
        for user in users.filter({ $0.teamID == nil }).sorted(by: { $0.name < $1.name }) where perUser[user.id] != nil {
            let scope = ForecastScope(kind: .user, id: user.id.uuid, name: user.name)
            lines.append(
                ForecastLine(scope: scope, depth: 1, figures: perUser[user.id] ?? ForecastFigures(), quota: quotas[scope.key], adjustments: adjusted[scope.key] ?? [:]))
        }
        if unassigned.openDeals + unassigned.wonDeals + unassigned.lostDeals > 0 {
            lines.append(
                ForecastLine(scope: ForecastScope(kind: .user, id: nil, name: "Unassigned"), depth: 1, figures: unassigned, quota: nil, adjustments: [:]))
        }
        return lines
    }
}
