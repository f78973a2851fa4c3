import Foundation

/// A stretch of the calendar a forecast is about: a month, a quarter or a year, from a first
/// day to a last day (inclusive). Quarters and years start at the workspace's fiscal year start.
public struct ForecastPeriod: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case month, quarter, year
    }

    public var kind: Kind
    public var first: LocalDate
    public var last: LocalDate

    /// The period of a kind that contains a date, with years starting in `fiscalStart` (1–12).
    public init(_ kind: Kind, containing date: LocalDate, fiscalStart: Int = 1) {
        self.kind = kind
        let months = kind == .month ? 1 : kind == .quarter ? 3 : 12
        // Months since the fiscal year's start, in the fiscal year that holds the date.
        let offset = ((date.month - fiscalStart) % 12 + 12) % 12
        let startOffset = offset - offset % months
        let startMonthIndex = date.year * 12 + (date.month - 1) - (offset - startOffset)
        first = Self.date(monthIndex: startMonthIndex, day: 1)
        let endIndex = startMonthIndex + months - 1
        last = Self.date(monthIndex: endIndex, day: LocalDate.daysIn(month: endIndex % 12 + 1, year: endIndex / 12))
    }

    /// The date of a month counted from year 0 (valid by construction: month 1–12, a day it has).
    static func date(monthIndex: Int, day: Int) -> LocalDate {
        LocalDate(unchecked: monthIndex / 12, monthIndex % 12 + 1, min(day, LocalDate.daysIn(month: monthIndex % 12 + 1, year: monthIndex / 12)))
    }

    /// Reads `2026-11` (a month), `2026-Q4` (a fiscal quarter, numbered from the fiscal year's
    /// start, the year being the one it ends in) or `2026` (a fiscal year ending in 2026).
    public init(parsing text: String, fiscalStart: Int = 1) throws(RapportError) {
        let bad = RapportError.invalid(field: "period", reason: "must be a month (2026-11), a quarter (2026-Q4) or a year (2026)")
        let parts = text.uppercased().split(separator: "-").map(String.init)
        guard let year = parts.first.flatMap({ Int($0) }), (1970...9999).contains(year) else { throw bad }
        // A fiscal year is named for the calendar year it ends in.
        let fiscalFirstYear = fiscalStart == 1 ? year : year - 1
        switch parts.count {
        case 1:
            self.init(.year, containing: Self.date(monthIndex: fiscalFirstYear * 12 + fiscalStart - 1, day: 1), fiscalStart: fiscalStart)
        case 2 where parts[1].hasPrefix("Q"):
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q) else { throw bad }
            let index = fiscalFirstYear * 12 + fiscalStart - 1 + (q - 1) * 3
            self.init(.quarter, containing: Self.date(monthIndex: index, day: 1), fiscalStart: fiscalStart)
        case 2:
            guard let month = Int(parts[1]), (1...12).contains(month) else { throw bad }
            self.init(.month, containing: Self.date(monthIndex: year * 12 + month - 1, day: 1), fiscalStart: fiscalStart)
        default:
            throw bad
        }
    }

    /// The period's name as `init(parsing:)` reads it.
    public func name(fiscalStart: Int = 1) -> String {
        switch kind {
        case .month: return String(first.description.prefix(7))
        case .year: return String(last.year)
        case .quarter:
            let offset = ((first.month - fiscalStart) % 12 + 12) % 12
            let fiscalYear = fiscalStart == 1 ? first.year : ForecastPeriod(.year, containing: first, fiscalStart: fiscalStart).last.year
            return "\(fiscalYear)-Q\(offset / 3 + 1)"
        }
    }

    public var description: String { "\(first)…\(last)" }

    /// The next period of the same kind.
    public func next(fiscalStart: Int = 1) -> ForecastPeriod {
        let index = last.year * 12 + last.month  // the month after the last one
        return ForecastPeriod(kind, containing: Self.date(monthIndex: index, day: 1), fiscalStart: fiscalStart)
    }

    /// The previous period of the same kind.
    public func previous(fiscalStart: Int = 1) -> ForecastPeriod {
        let index = first.year * 12 + first.month - 2
        return ForecastPeriod(kind, containing: Self.date(monthIndex: index, day: 1), fiscalStart: fiscalStart)
    }

    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }
}

