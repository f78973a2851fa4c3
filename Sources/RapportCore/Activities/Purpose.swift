import Foundation

/// Why someone contacts a customer (onboarding, renewal, payment reminder…): a list each
/// workspace manages. Other teams stay quiet about the same purpose for `quietDays`.
public struct Purpose: Sendable, Equatable, Identifiable {
    public typealias ID = RapportCore.ID<Purpose>
    public var id: ID
    public var name: String
    /// How long after a contact about this purpose other teams are warned off it.
    public var quietDays: Int
    /// Retired purposes stay on old activities but cannot be chosen for new ones.
    public var retired: Bool
    public var position: Int

    public init(id: ID, name: String, quietDays: Int, retired: Bool, position: Int) {
        self.id = id
        self.name = name
        self.quietDays = quietDays
        self.retired = retired
        self.position = position
    }

    /// What a new workspace starts with.
    public static let seeds: [(name: String, quietDays: Int)] = [
        ("Onboarding", 14), ("Renewal", 14), ("Upsell", 14), ("Payment reminder", 7), ("Order follow-up", 7),
        ("Support follow-up", 7), ("Satisfaction check", 30), ("Introduction", 14), ("Event invitation", 14),
    ]

    public static let quietDaysRange: ClosedRange<Int64> = 0...365

    public var json: JSONValue {
        .object(
            JSONObject([
                "id": .string(id.description), "name": .string(name), "quiet_days": .int(Int64(quietDays)),
                "retired": .bool(retired), "position": .int(Int64(position)),
            ]))
    }
}

/// The workspace's frequency cap: at most `touches` outbound contacts with one person in `days` days.
public struct OutreachCap: Sendable, Equatable {
    public var touches: Int
    public var days: Int
    public init(touches: Int, days: Int) {
        self.touches = touches
        self.days = days
    }
    public static let standard = OutreachCap(touches: 3, days: 7)
}
