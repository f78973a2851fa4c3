import SQLKit

extension SQLQueryString {
    /// A comma-separated list of binds: `?, ?, ?`.
    static func binds(_ values: [any Encodable & Sendable]) -> SQLQueryString {
        var s = SQLQueryString("")
        s.appendInterpolation(binds: values)
        return s
    }
}
