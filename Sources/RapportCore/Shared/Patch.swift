import Foundation

/// A field in a change set: left as it is, or set to a new value (which may be `nil` to clear it).
public enum Patch<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    case set(Value)

    /// The new value, or the current one when the field is kept.
    public func applied(to current: Value) -> Value {
        switch self {
        case .keep: current
        case .set(let value): value
        }
    }

    public var isSet: Bool { if case .set = self { true } else { false } }

    /// The new value when the field is set; nil when it is kept.
    public var value: Value? { if case .set(let value) = self { value } else { nil } }
}
