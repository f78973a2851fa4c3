import Foundation

/// Reads the fields of one submitted object (a JSON body or a web form), checking each field's type
/// and limits and collecting every problem, so a caller hears about all bad fields at once.
///
/// JSON input is strict about types; form input (`lenient`) arrives as strings and is coerced.
/// A key that is absent leaves the field as it is; `null` (or an empty form field) clears it.
public struct Input: Sendable {
    public let object: JSONObject
    public let lenient: Bool
    /// The zone a time without an offset is read in (a form's `datetime-local`); JSON must say.
    public var localZone: TimeZone?
    public private(set) var issues: [FieldIssue] = []
    private var seen: Set<String> = []

    public init(_ object: JSONObject, lenient: Bool = false) {
        self.object = object
        self.lenient = lenient
    }

    /// Records a problem with a field.
    public mutating func fail(_ field: String, _ reason: String) {
        issues.append(FieldIssue(field: field, reason: reason))
    }

    /// Marks keys the caller handles by itself (such as `version`) as known.
    public mutating func accept(_ keys: String...) { seen.formUnion(keys) }

    private mutating func raw(_ key: String) -> JSONValue? {
        seen.insert(key)
        return object[key]
    }

    /// Optional text: trimmed, empty becomes `nil`, at most `max` characters.
    public mutating func text(_ key: String, max: Int = 200) -> Patch<String?> {
        guard let value = raw(key) else { return .keep }
        switch value {
        case .null: return .set(nil)
        case .string(let s):
            let trimmed = s.trimmingWhitespace()
            if trimmed.isEmpty { return .set(nil) }
            if trimmed.count > max {
                fail(key, "must be at most \(max) characters")
                return .keep
            }
            if trimmed.hasControlCharacters {
                fail(key, "must not contain control characters")
                return .keep
            }
            return .set(trimmed)
        default:
            fail(key, "must be a string")
            return .keep
        }
    }

    /// Text that may not be cleared.
    public mutating func requiredText(_ key: String, max: Int = 200) -> Patch<String> {
        switch text(key, max: max) {
        case .keep: return .keep
        case .set(nil):
            fail(key, "is required")
            return .keep
        case .set(let value?): return .set(value)
        }
    }

    /// An optional whole number within a range.
    public mutating func int(_ key: String, in range: ClosedRange<Int64>) -> Patch<Int64?> {
        guard let value = raw(key) else { return .keep }
        let number: Int64?
        switch value {
        case .null: return .set(nil)
        case .int(let i): number = i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: number = Int64(d)
        case .string(let s) where lenient:
            let t = s.trimmingWhitespace().replacingAll(",", with: "")
            if t.isEmpty { return .set(nil) }
            number = Int64(t)
        default: number = nil
        }
        guard let number else {
            fail(key, "must be a whole number")
            return .keep
        }
        guard range.contains(number) else {
            fail(key, "must be between \(range.lowerBound) and \(range.upperBound)")
            return .keep
        }
        return .set(number)
    }

    /// A boolean; forms send `on`/`true`/`1` for checked boxes.
    public mutating func bool(_ key: String) -> Patch<Bool> {
        guard let value = raw(key) else { return .keep }
        switch value {
        case .bool(let b): return .set(b)
        case .string(let s) where lenient:
            return .set(["on", "true", "1", "yes"].contains(s.lowercased()))
        default:
            fail(key, "must be true or false")
            return .keep
        }
    }

    /// One of a fixed set of values.
    public mutating func choice<E: RawRepresentable & CaseIterable & Sendable & Equatable>(
        _ key: String, _ type: E.Type
    ) -> Patch<E> where E.RawValue == String {
        guard let value = raw(key) else { return .keep }
        guard case .string(let s) = value, let e = E(rawValue: s.trimmingWhitespace().lowercased()) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail(key, "must be one of: \(allowed)")
            return .keep
        }
        return .set(e)
    }

    /// An optional reference to another record by ID.
    public mutating func id<T>(_ key: String, _ type: ID<T>.Type) -> Patch<ID<T>?> {
        guard let value = raw(key) else { return .keep }
        switch value {
        case .null: return .set(nil)
        case .string(let s):
            let t = s.trimmingWhitespace()
            if t.isEmpty { return .set(nil) }
            if let id = ID<T>(t) { return .set(id) }
        default: break
        }
        fail(key, "must be an ID")
        return .keep
    }

    /// An optional calendar date `YYYY-MM-DD`.
    public mutating func date(_ key: String) -> Patch<LocalDate?> {
        switch text(key, max: 10) {
        case .keep: return .keep
        case .set(nil): return .set(nil)
        case .set(let s?):
            do {
                return .set(try LocalDate(s))
            } catch {
                fail(key, "must be a real date written YYYY-MM-DD")
                return .keep
            }
        }
    }

    /// A list; forms may send it as text with one item per line or separated by commas.
    public mutating func list(_ key: String, max: Int) -> [JSONValue]? {
        guard let value = raw(key) else { return nil }
        var items: [JSONValue]
        switch value {
        case .null: items = []
        case .array(let a): items = a
        case .string(let s) where lenient:
            items = s.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" || $0 == ";" })
                .map { JSONValue.string(String($0).trimmingWhitespace()) }
                .filter { $0 != .string("") }
        default:
            fail(key, "must be a list")
            return nil
        }
        if items.count > max {
            fail(key, "must have at most \(max) items")
            items = Array(items.prefix(max))
        }
        return items
    }

    /// Throws the collected problems, adding one for each field the reader did not expect.
    public func finish() throws(RapportError) {
        var all = issues
        for key in object.keys where !seen.contains(key) {
            all.append(FieldIssue(field: key, reason: "is not a known field"))
        }
        if !all.isEmpty { throw .invalid(all) }
    }
}

extension String {
    /// Whether the text holds control characters other than tab and line breaks (NUL and the like
    /// are never valid in stored text; PostgreSQL refuses NUL outright).
    public var hasControlCharacters: Bool {
        unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t") || $0.value == 0x7F }
    }

    /// The string without leading and trailing white space and newlines.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Every occurrence of `target` replaced.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
