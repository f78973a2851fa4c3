import Foundation

/// One value of a report: text, a count, money, a percentage or a number of days.
public enum ReportCell: Sendable, Equatable {
    case text(String)
    case count(Int64)
    /// Minor units of a currency.
    case money(Int64, String)
    /// Basis points: 10,000 is 100%.
    case percent(Int?)
    case days(Double?)

    /// The value as a person reads it.
    public var display: String {
        switch self {
        case .text(let s): return s
        case .count(let n): return n.formatted()
        case .money(let minor, let currency): return Money(minor: minor, currency: currency).description
        case .percent(let bp?):
            // Tenths of a percent, half away from zero (printf would round half to even).
            let tenths = (Double(bp) / 10).rounded(.toNearestOrAwayFromZero)
            return String(format: "%.1f%%", tenths / 10)
        case .days(let d?): return d < 10 ? String(format: "%.1f d", d) : "\(Int(d.rounded())) d"
        case .percent(nil), .days(nil): return "—"
        }
    }

    /// The value as a spreadsheet wants it: plain numbers, money in major units, no thousands separators.
    public var csv: String {
        switch self {
        case .text(let s): return s
        case .count(let n): return String(n)
        case .money(let minor, let currency):
            let exponent = Money.exponent(of: currency)
            guard exponent > 0 else { return String(minor) }
            let scale = Int64(pow(10, Double(exponent)))
            let sign = minor < 0 ? "-" : ""
            let fraction = String(minor.magnitude % UInt64(scale))
            return "\(sign)\(minor.magnitude / UInt64(scale)).\(String(repeating: "0", count: exponent - fraction.count) + fraction)"
        case .percent(let bp?): return String(format: "%.2f", Double(bp) / 100)
        case .days(let d?): return String(format: "%.1f", d)
        case .percent(nil), .days(nil): return ""
        }
    }

    /// The JSON form: numbers stay numbers.
    public var json: JSONValue {
        switch self {
        case .text(let s): return .string(s)
        case .count(let n): return .int(n)
        case .money(let minor, let currency): return .object(JSONObject(["amount_minor": .int(minor), "currency": .string(currency)]))
        case .percent(let bp): return bp.map { .int(Int64($0)) } ?? .null
        case .days(let d): return d.map { .double(($0 * 10).rounded() / 10) } ?? .null
        }
    }

    public var number: Int64? {
        switch self {
        case .count(let n): n
        case .money(let minor, _): minor
        case .percent(let bp): bp.map(Int64.init)
        default: nil
        }
    }
}

/// A report's numbers: named columns and rows of cells, the same for the page, the API and CSV.
public struct ReportTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var key: String
        public var label: String
        public var numeric: Bool
        public init(_ key: String, _ label: String, numeric: Bool = true) {
            self.key = key
            self.label = label
            self.numeric = numeric
        }
    }

    /// A key figure shown beside the table (a median time, a velocity).
    public struct Fact: Sendable, Equatable {
        public var key: String
        public var label: String
        public var value: ReportCell
        public init(_ key: String, _ label: String, _ value: ReportCell) {
            self.key = key
            self.label = label
            self.value = value
        }
    }

    public var columns: [Column]
    public var rows: [[ReportCell]]
    /// A last row adding the others up, when the report has one.
    public var total: [ReportCell]?
    public var facts: [Fact]

    public init(columns: [Column], rows: [[ReportCell]], total: [ReportCell]? = nil, facts: [Fact] = []) {
        self.columns = columns
        self.rows = rows
        self.total = total
        self.facts = facts
    }

    /// RFC 4180 CSV with a header row; values that could be read as formulas are quoted and
    /// prefixed with an apostrophe so spreadsheets show them as text.
    public var csv: String {
        var lines = [columns.map { Self.field($0.label) }.joined(separator: ",")]
        for row in rows + (total.map { [$0] } ?? []) { lines.append(row.map { Self.field($0.csv, text: $0.isText) }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String, text: Bool = true) -> String {
        var v = value
        if text, let first = v.first, "=+-@\t\r".contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    public var json: JSONValue {
        let keys = columns.map(\.key)
        func object(_ row: [ReportCell]) -> JSONValue {
            var o = JSONObject()
            for (key, cell) in zip(keys, row) { o[key] = cell.json }
            return .object(o)
        }
        var result = JSONObject([
            "columns": .array(columns.map { .object(JSONObject(["key": .string($0.key), "label": .string($0.label)])) }),
            "rows": .array(rows.map(object)),
        ])
        result["total"] = total.map(object) ?? .null
        var figures = JSONObject()
        for fact in facts { figures[fact.key] = fact.value.json }
        result["facts"] = .object(figures)
        return .object(result)
    }
}

extension ReportCell {
    var isText: Bool { if case .text = self { true } else { false } }
}
