import Foundation

/// An email address, trimmed and lower-cased, checked for a plausible shape when made.
public struct EmailAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The normalised address.
    public let value: String

    public init(_ raw: String) throws(RapportError) {
        let v = raw.trimmingWhitespace().lowercased()
        guard v.utf8.count <= 254, EmailAddress.isPlausible(v) else {
            throw .invalid(field: "email", reason: "is not a valid email address")
        }
        self.value = v
    }

    /// An address already normalised and checked, as read back from storage.
    public init(trusted value: String) { self.value = value }

    /// The part after `@`.
    public var domain: String { String(value[value.index(after: value.lastIndex(of: "@") ?? value.startIndex)...]) }

    public var description: String { value }

    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    static func isPlausible(_ v: String) -> Bool {
        let parts = v.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, !domain.isEmpty else { return false }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.!#$%&'*+/=?^_`{|}~-")
        guard local.allSatisfy({ localAllowed.contains($0) || $0.unicodeScalars.first!.value > 127 }) else {
            return false
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return false }
        }
        return labels.last!.count >= 2 && labels.last!.allSatisfy(\.isLetter)
    }
}
