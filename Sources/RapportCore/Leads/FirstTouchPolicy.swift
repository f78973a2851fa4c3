import Foundation

/// A workspace's first-touch service level: a new lead must be touched within `hours` business
/// hours, counted in the workspace's business hours and time zone. Zero hours turns it off.
public struct FirstTouchPolicy: Sendable, Equatable {
    public static let hoursRange: ClosedRange<Int> = 0...720

    public var hours: Int
    public var businessHours: BusinessHours
    /// IANA name of the zone business hours are counted in (the workspace's time zone).
    public var timeZone: String

    public init(hours: Int, businessHours: BusinessHours, timeZone: String) {
        self.hours = hours
        self.businessHours = businessHours
        self.timeZone = timeZone
    }

    public var isOn: Bool { hours > 0 && businessHours.isOpenAtAll }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }

    /// When a lead created at `created` must have been touched; nil when the policy is off.
    public func dueAt(createdAt created: Timestamp) -> Timestamp? {
        guard isOn else { return nil }
        return businessHours.adding(hours: hours, to: created, in: zone)
    }

    /// Business time a lead waited, in seconds.
    public func businessSeconds(from start: Timestamp, to end: Timestamp) -> Int64 {
        businessHours.seconds(from: start, to: end, in: zone)
    }
}
