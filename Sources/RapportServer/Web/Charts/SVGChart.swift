import Foundation
import RapportCore

/// One series of a chart: a name for the legend and one value per category.
struct ChartSeries: Sendable {
    var name: String
    var values: [Int64]
}

/// Charts drawn on the server as SVG: horizontal (stacked) bars, lines and funnels. Every text is
/// escaped; colours come from CSS classes (`chart-s1`…) so themes and print stylesheets apply;
/// each chart carries a title and a description for screen readers, and pages show the same
/// numbers as a table beside it.
enum SVGChart {
    static let width = 640
    static let labelWidth = 170
    static let barHeight = 22
    static let gap = 10

    /// Horizontal bars, one row per category, the series stacked left to right; `marker` draws a
    /// target line per row (a quota).
    static func stackedBars(
        title: String, description: String, categories: [String], series: [ChartSeries], marker: [Int64?] = [],
        markerName: String = "Quota", format: (Int64) -> String
    ) -> String {
        let plot = Double(width - labelWidth - 90)
        var maximum: Int64 = 1
        for (row, _) in categories.enumerated() {
            let total = series.reduce(Int64(0)) { $0 + max(0, $1.values[safe: row] ?? 0) }
            maximum = max(maximum, total, (marker[safe: row] ?? nil) ?? 0)
        }
        let legendHeight = 28
        let height = legendHeight + categories.count * (barHeight + gap) + gap
        var svg = open(title: title, description: description, height: height)
        svg += legend(series.map(\.name) + (marker.contains { $0 != nil } ? [markerName] : []), markerLast: marker.contains { $0 != nil })
        for (row, category) in categories.enumerated() {
            let y = legendHeight + row * (barHeight + gap)
            svg += "<text class=\"chart-label\" x=\"\(labelWidth - 8)\" y=\(q(y + barHeight / 2 + 4)) text-anchor=\"end\">\(escape(clip(category, 26)))</text>"
            var x = Double(labelWidth)
            var total: Int64 = 0
            for (index, s) in series.enumerated() {
                let value = max(0, s.values[safe: row] ?? 0)
                total += value
                let w = plot * Double(value) / Double(maximum)
                guard w > 0 else { continue }
                svg += "<rect class=\"chart-s\(index + 1)\" x=\(q(x)) y=\(q(y)) width=\(q(w)) height=\(q(barHeight)) rx=\"3\"><title>\(escape("\(category) — \(s.name): \(format(value))"))</title></rect>"
                x += w
            }
            svg += "<text class=\"chart-value\" x=\(q(x + 6)) y=\(q(y + barHeight / 2 + 4))>\(escape(format(total)))</text>"
            if let target = marker[safe: row] ?? nil {
                let mx = Double(labelWidth) + plot * Double(target) / Double(maximum)
                svg += "<line class=\"chart-marker\" x1=\(q(mx)) x2=\(q(mx)) y1=\(q(y - 3)) y2=\(q(y + barHeight + 3))><title>\(escape("\(category) — \(markerName): \(format(target))"))</title></line>"
            }
        }
        return svg + "</svg>"
    }

    /// Lines over labelled points (weeks, months), one per series, with the y axis from zero.
    static func lines(title: String, description: String, labels: [String], series: [ChartSeries], format: (Int64) -> String) -> String {
        let height = 260
        let left = 80.0
        let top = 36.0
        let bottom = Double(height) - 34
        let right = Double(width) - 48
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        var svg = open(title: title, description: description, height: height)
        svg += legend(series.map(\.name), markerLast: false)
        for step in 0...4 {
            let value = maximum * Int64(step) / 4
            let y = bottom - (bottom - top) * Double(step) / 4
            svg += "<line class=\"chart-grid\" x1=\(q(left)) x2=\(q(right)) y1=\(q(y)) y2=\(q(y))></line>"
            svg += "<text class=\"chart-axis\" x=\(q(left - 6)) y=\(q(y + 4)) text-anchor=\"end\">\(escape(format(value)))</text>"
        }
        let stepX = labels.count > 1 ? (right - left) / Double(labels.count - 1) : 0
        // At most about six labels fit under the axis; the others are in the dots' titles and the table.
        let every = max(1, (labels.count + 5) / 6)
        for (i, label) in labels.enumerated() where i % every == 0 || i == labels.count - 1 && (labels.count - 1) % every > every / 2 {
            svg += "<text class=\"chart-axis\" x=\(q(left + stepX * Double(i))) y=\(q(bottom + 18)) text-anchor=\"middle\">\(escape(clip(label, 12)))</text>"
        }
        for (index, s) in series.enumerated() {
            let points = s.values.enumerated().map { i, v in
                "\(fmt(left + stepX * Double(i))),\(fmt(bottom - (bottom - top) * Double(max(0, v)) / Double(maximum)))"
            }
            guard !points.isEmpty else { continue }
            svg += "<polyline class=\"chart-line chart-line-\(index + 1)\" points=\"\(points.joined(separator: " "))\"></polyline>"
            for (i, v) in s.values.enumerated() {
                let x = left + stepX * Double(i)
                let y = bottom - (bottom - top) * Double(max(0, v)) / Double(maximum)
                svg += "<circle class=\"chart-dot chart-s\(index + 1)\" cx=\(q(x)) cy=\(q(y)) r=\"3.5\"><title>\(escape("\(s.name), \(labels[safe: i] ?? ""): \(format(v))"))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// A funnel: one centred bar per step, narrowing with its value, and the share kept from the
    /// step before where the step has one (`rates`, in basis points).
    static func funnel(
        title: String, description: String, steps: [(String, Int64)], rates: [Int?] = [], format: (Int64) -> String
    ) -> String {
        let rowHeight = 34
        let height = steps.count * (rowHeight + 6) + 8
        let maximum = max(1, steps.map(\.1).max() ?? 1)
        let plot = Double(width - 220)
        var svg = open(title: title, description: description, height: height)
        for (i, step) in steps.enumerated() {
            let y = 4 + i * (rowHeight + 6)
            let w = max(2, plot * Double(step.1) / Double(maximum))
            let x = 140 + (plot - w) / 2
            svg += "<text class=\"chart-label\" x=\"132\" y=\(q(y + rowHeight / 2 + 4)) text-anchor=\"end\">\(escape(clip(step.0, 20)))</text>"
            svg += "<rect class=\"chart-s\(i % 4 + 1)\" x=\(q(x)) y=\(q(y)) width=\(q(w)) height=\(q(rowHeight)) rx=\"4\"><title>\(escape("\(step.0): \(format(step.1))"))</title></rect>"
            var note = format(step.1)
            if let rate = rates[safe: i] ?? nil { note += " · " + String(Int((Double(rate) / 100).rounded())) + "%" }
            svg += "<text class=\"chart-value\" x=\(q(140 + plot + 8)) y=\(q(y + rowHeight / 2 + 4))>\(escape(note))</text>"
        }
        return svg + "</svg>"
    }

    // MARK: Pieces

    static func open(title: String, description: String, height: Int) -> String {
        // A stable id from the title (Swift's own hashes change per process).
        let id = "chart-" + String(title.utf8.reduce(UInt32(5381)) { ($0 &<< 5) &+ $0 &+ UInt32($1) }, radix: 36)
        return "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)-t\">\(escape(title))</title><desc id=\"\(id)-d\">\(escape(description))</desc>"
    }

    static func legend(_ names: [String], markerLast: Bool) -> String {
        var x = Double(labelWidth)
        var svg = ""
        for (i, name) in names.enumerated() {
            if markerLast && i == names.count - 1 {
                svg += "<line class=\"chart-marker\" x1=\(q(x + 5)) x2=\(q(x + 5)) y1=\"4\" y2=\"18\"></line>"
            } else {
                svg += "<rect class=\"chart-s\(i + 1)\" x=\(q(x)) y=\"6\" width=\"10\" height=\"10\" rx=\"2\"></rect>"
            }
            svg += "<text class=\"chart-legend\" x=\(q(x + 15)) y=\"15\">\(escape(name))</text>"
            x += 30 + Double(name.count) * 7.5
        }
        return svg
    }

    static func q(_ n: Int) -> String { "\"\(n)\"" }
    static func q(_ n: Double) -> String { "\"\(fmt(n))\"" }
    static func fmt(_ n: Double) -> String { String(Double(Int((n * 10).rounded())) / 10) }
    static func clip(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    static func escape(_ s: String) -> String { HTML.escape(s) }
}

/// Amounts as charts and dense tables say them: 1.2M, 350k, 900.
enum CompactAmount {
    static func text(_ minor: Int64, currency: String) -> String {
        let units = Double(minor) / pow(10, Double(Money.exponent(of: currency)))
        let magnitude = abs(units)
        let body: String
        if magnitude >= 1_000_000_000 {
            body = trim(units / 1_000_000_000) + "B"
        } else if magnitude >= 1_000_000 {
            body = trim(units / 1_000_000) + "M"
        } else if magnitude >= 1000 {
            body = trim(units / 1000) + "k"
        } else {
            body = String(Int(units.rounded()))
        }
        return body
    }

    static func trim(_ n: Double) -> String {
        let rounded = (n * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
