import Foundation

/// A contact someone proposes to make: who, about what, through which channel, when, by whom.
public struct OutreachRequest: Sendable {
    public var contactID: UUID?
    public var accountID: UUID?
    public var purposeID: UUID?
    /// `call`, `meeting` or `email`.
    public var channel: String
    public var outbound: Bool
    public var at: Timestamp
    public var userID: User.ID?
    public var teamID: Team.ID?

    public init(
        contactID: UUID?, accountID: UUID?, purposeID: UUID?, channel: String, outbound: Bool, at: Timestamp,
        userID: User.ID?, teamID: Team.ID?
    ) {
        self.contactID = contactID
        self.accountID = accountID
        self.purposeID = purposeID
        self.channel = channel
        self.outbound = outbound
        self.at = at
        self.userID = userID
        self.teamID = teamID
    }
}

/// An earlier (or planned) contact with the customer, as the guard needs to know it.
public struct OutreachTouch: Sendable, Equatable {
    public var activityID: UUID
    public var kind: String
    public var outbound: Bool
    public var purposeID: UUID?
    public var purposeName: String?
    public var contactID: UUID?
    public var contactName: String?
    public var teamID: Team.ID?
    public var teamName: String?
    public var userName: String?
    public var at: Timestamp

    public init(
        activityID: UUID, kind: String, outbound: Bool, purposeID: UUID?, purposeName: String?, contactID: UUID?,
        contactName: String?, teamID: Team.ID?, teamName: String?, userName: String?, at: Timestamp
    ) {
        self.activityID = activityID
        self.kind = kind
        self.outbound = outbound
        self.purposeID = purposeID
        self.purposeName = purposeName
        self.contactID = contactID
        self.contactName = contactName
        self.teamID = teamID
        self.teamName = teamName
        self.userName = userName
        self.at = at
    }
}

/// An open task about the customer, as the guard needs to know it.
public struct OpenFollowUp: Sendable, Equatable {
    public var taskID: UUID
    public var title: String
    public var purposeID: UUID?
    public var ownerID: User.ID?
    public var ownerName: String?
    public var teamName: String?
    public var dueAt: Timestamp?

    public init(
        taskID: UUID, title: String, purposeID: UUID?, ownerID: User.ID?, ownerName: String?, teamName: String?,
        dueAt: Timestamp?
    ) {
        self.taskID = taskID
        self.title = title
        self.purposeID = purposeID
        self.ownerID = ownerID
        self.ownerName = ownerName
        self.teamName = teamName
        self.dueAt = dueAt
    }
}

/// The outreach guard's rules: may this person be contacted about this purpose now?
///
/// Pure, so every rule and window edge is tested without a database; the store gathers the facts
/// (touches of the contact and of its account, open follow-ups, the opt-out) with index seeks.
public enum OutreachRules {
    public static let confirmationField = "override_reason"

    /// The conflicts, most serious first; empty when the contact may go ahead.
    public static func conflicts(
        _ request: OutreachRequest, purpose: Purpose?, touches: [OutreachTouch], followUps: [OpenFollowUp],
        cap: OutreachCap, emailOptOut: Bool, contactName: String?
    ) -> [Conflict] {
        var result: [Conflict] = []
        let who = contactName ?? "this customer"
        if request.channel == "email", request.outbound, emailOptOut {
            result.append(
                Conflict(
                    code: "email_opt_out", message: "\(who) has opted out of email.",
                    details: JSONObject(["contact_id": .string(request.contactID?.uuidString.lowercased())])))
        }
        if let purpose, purpose.quietDays > 0 {
            let window = Int64(purpose.quietDays) * 86_400 * 1_000_000
            for touch in touches.sorted(by: { $0.at > $1.at })
            where touch.purposeID == purpose.id.uuid && touch.teamID != request.teamID
                && abs(touch.at.micros - request.at.micros) < window
            {
                let team = touch.teamName ?? "Someone without a team"
                let by = touch.userName.map { " (\($0))" } ?? ""
                let target = touch.contactID == request.contactID || touch.contactName == nil ? who : touch.contactName!
                let verb = verbs[touch.kind] ?? (base: "contact", past: "contacted")
                result.append(
                    Conflict(
                        code: "same_purpose_other_team",
                        message:
                            "\(team)\(by) \(touch.at > request.at ? "plans to \(verb.base)" : verb.past) \(target) about \(purpose.name) \(RelativeTime.phrase(touch.at, from: request.at)).",
                        details: JSONObject([
                            "activity_id": .string(touch.activityID.uuidString.lowercased()),
                            "team_id": .string(touch.teamID?.description), "team": .string(touch.teamName),
                            "user": .string(touch.userName), "at": .string(touch.at.iso8601),
                            "purpose": .string(purpose.name), "quiet_days": .int(Int64(purpose.quietDays)),
                        ])))
            }
        }
        if let purposeID = request.purposeID {
            for task in followUps where task.purposeID == purposeID && task.ownerID != request.userID {
                let owner = task.ownerName ?? "Someone"
                let team = task.teamName.map { " (\($0))" } ?? ""
                let due = task.dueAt.map { ", due \(RelativeTime.phrase($0, from: request.at))" } ?? ""
                result.append(
                    Conflict(
                        code: "open_follow_up",
                        message: "\(owner)\(team) has an open follow-up about it: “\(task.title)”\(due).",
                        details: JSONObject([
                            "task_id": .string(task.taskID.uuidString.lowercased()),
                            "owner_id": .string(task.ownerID?.description), "owner": .string(task.ownerName),
                            "due_at": .string(task.dueAt?.iso8601),
                        ])))
            }
        }
        if request.outbound, request.contactID != nil, cap.touches > 0, cap.days > 0 {
            let own = touches.filter { $0.outbound && $0.contactID == request.contactID }.map(\.at)
            if let busiest = capBreach(own, at: request.at, cap: cap) {
                result.append(
                    Conflict(
                        code: "frequency_cap",
                        message:
                            "\(who) already has \(busiest) outbound contact\(busiest == 1 ? "" : "s") within \(cap.days) day\(cap.days == 1 ? "" : "s") of this one; the limit is \(cap.touches).",
                        details: JSONObject([
                            "touches": .int(Int64(busiest)), "cap_touches": .int(Int64(cap.touches)),
                            "cap_days": .int(Int64(cap.days)),
                        ])))
            }
        }
        return result
    }

    /// The largest number of other outbound touches sharing a `cap.days` window with one at `at`,
    /// when adding it would exceed the cap; `nil` when it fits. Windows slide: any span of
    /// `days` days that contains the new touch counts.
    static func capBreach(_ times: [Timestamp], at: Timestamp, cap: OutreachCap) -> Int? {
        let span = Int64(cap.days) * 86_400 * 1_000_000
        let near = times.filter { abs($0.micros - at.micros) < span }.map(\.micros).sorted()
        var worst = 0
        // A window [start, start + span) containing `at` starts at `at` or at an earlier touch.
        for start in [at.micros] + near where start <= at.micros && at.micros < start + span {
            let inside = near.filter { $0 >= start && $0 < start + span }.count
            worst = max(worst, inside)
        }
        return worst + 1 > cap.touches ? worst : nil
    }

    static let verbs: [String: (base: String, past: String)] = [
        "call": ("call", "called"), "meeting": ("meet", "met"), "email": ("email", "emailed"),
    ]
}

/// "3 days ago", "in 2 hours", "today" for times near another.
public enum RelativeTime {
    public static func phrase(_ time: Timestamp, from now: Timestamp) -> String {
        let seconds = (time.micros - now.micros) / 1_000_000
        let magnitude = abs(seconds)
        let text: String
        // Rounded to the nearest unit: 1 day 23 hours reads "2 days", as people would say it.
        switch magnitude {
        case ..<45: return "just now"
        case ..<2_700: text = unit(max(1, (magnitude + 30) / 60), "minute")
        case ..<79_200: text = unit(max(1, (magnitude + 1_800) / 3600), "hour")
        default: text = unit(max(1, (magnitude + 43_200) / 86_400), "day")
        }
        return seconds < 0 ? "\(text) ago" : "in \(text)"
    }

    static func unit(_ n: Int64, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
