import Foundation

/// An email address with a label (work, home, other).
public struct LabeledEmail: Hashable, Sendable {
    public var address: EmailAddress
    public var label: String
    public init(_ address: EmailAddress, label: String = "work") {
        self.address = address
        self.label = label
    }
}

/// A phone number with a label (work, mobile, home, fax, other).
public struct LabeledPhone: Hashable, Sendable {
    public var number: PhoneNumber
    public var label: String
    public init(_ number: PhoneNumber, label: String = "work") {
        self.number = number
        self.label = label
    }
}

/// The value of one field.
public enum FieldValue: Hashable, Sendable {
    case text(String)
    case int(Int64)
    case money(Money)
    case date(LocalDate)
    case bool(Bool)
    case emails([LabeledEmail])
    case phones([LabeledPhone])
    case tags([String])
    case id(UUID)
    case time(Timestamp)
    case ids([UUID])

    public var text: String? { if case .text(let s) = self { s } else { nil } }
    public var emails: [LabeledEmail] { if case .emails(let e) = self { e } else { [] } }
    public var phones: [LabeledPhone] { if case .phones(let p) = self { p } else { [] } }
    public var tags: [String] { if case .tags(let t) = self { t } else { [] } }
    public var uuid: UUID? { if case .id(let u) = self { u } else { nil } }
    public var time: Timestamp? { if case .time(let t) = self { t } else { nil } }
    public var date: LocalDate? { if case .date(let d) = self { d } else { nil } }
    public var int: Int64? { if case .int(let i) = self { i } else { nil } }
    public var money: Money? { if case .money(let m) = self { m } else { nil } }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var uuids: [UUID] { if case .ids(let u) = self { u } else { [] } }

    /// Whether the value counts as empty (an empty list clears a field like `nil` does).
    public var isEmpty: Bool {
        switch self {
        case .text(let s): s.isEmpty
        case .emails(let e): e.isEmpty
        case .phones(let p): p.isEmpty
        case .tags(let t): t.isEmpty
        case .ids(let u): u.isEmpty
        default: false
        }
    }

    /// The JSON form the API shows.
    public var json: JSONValue {
        switch self {
        case .text(let s): .string(s)
        case .int(let i): .int(i)
        case .money(let m): .object(JSONObject(["amount_minor": .int(m.minor), "currency": .string(m.currency)]))
        case .date(let d): .string(d.description)
        case .bool(let b): .bool(b)
        case .emails(let list):
            .array(list.map { .object(JSONObject(["address": .string($0.address.value), "label": .string($0.label)])) })
        case .phones(let list):
            .array(
                list.map {
                    .object(JSONObject(["number": .string($0.number.description), "label": .string($0.label)]))
                })
        case .tags(let t): .array(t.map { .string($0) })
        case .id(let u): .string(u.lowercasedText)
        case .time(let t): .string(t.iso8601)
        case .ids(let u): .array(u.map { .string($0.lowercasedText) })
        }
    }

    /// Short text for tables, exports and the search index.
    public var display: String {
        switch self {
        case .text(let s): s
        case .int(let i): String(i)
        case .money(let m): m.description
        case .date(let d): d.description
        case .bool(let b): b ? "Yes" : "No"
        case .emails(let e): e.map(\.address.value).joined(separator: ", ")
        case .phones(let p): p.map(\.number.description).joined(separator: ", ")
        case .tags(let t): t.joined(separator: ", ")
        case .id(let u): u.lowercasedText
        case .time(let t): t.iso8601
        case .ids(let u): u.map { $0.lowercasedText }.joined(separator: ", ")
        }
    }
}

extension Optional where Wrapped == FieldValue {
    /// The JSON form, `null` when absent.
    public var json: JSONValue { self?.json ?? .null }
}
