import Foundation
import RapportCore

/// Who did what with whom in a bench workspace: calls, emails, meetings and notes about each
/// contact (about `perContact` on average, so 5M for 1M contacts), some follow-up tasks, and two
/// contacts with a fixed number of activities (10,000 and 10) whose pages show that a long
/// timeline opens as fast as a short one.
///
/// Like the rest of the bulk load it writes the rows the stores write for a create — the record
/// (through `RecordCodec.values`), its `created` event, a meeting's attendees — from values
/// `Activity.finish` and `Todo.finish` completed, deterministically from the seed and the
/// contact's index.
public struct BulkActivityPlan: Sendable {
    /// Activities per contact on average (0 makes none).
    public var perContact: Int
    /// Follow-up tasks per hundred contacts.
    public var tasksPerHundred: Int
    /// The workspace's purposes to pick from.
    public var purposes: [UUID]
    /// Contacts (by index) with a fixed number of activities.
    public var fixed: [Int: Int]

    public init(perContact: Int, tasksPerHundred: Int, purposes: [UUID], fixed: [Int: Int] = [:]) {
        self.perContact = perContact
        self.tasksPerHundred = tasksPerHundred
        self.purposes = purposes
        self.fixed = fixed
    }
}

extension BulkLoader {
    static let subjects = [
        "Quarterly review", "Calibration visit", "Renewal of the service contract", "Quote follow-up", "Invoice question",
        "New instrument demo", "Training session", "Spare parts order", "Support ticket", "Trade show meeting",
    ]
    static let outcomes = [
        "Agreed to a demo next month.", "Asked for a revised quote.", "Not interested before next budget.",
        "Will loop in procurement.", "Happy with the last service visit.", "Needs the certificate for the audit.",
    ]

    /// The activities and tasks of a contact, as the stores would have written them.
    func activities(of contact: Record<Contact>, index: Int, owner: BulkOwner) -> (activities: [Record<Activity>], tasks: [Record<Todo>]) {
        guard let plan = activityPlan, plan.perContact > 0 || plan.fixed[index] != nil else { return ([], []) }
        var random = DemoRandom(seed: seed &* 0xA24B_AED4_963E_E407 ^ UInt64(index) &* 0x9FB2_1C65_1E98_DF25)
        _ = random.next()
        let count = plan.fixed[index] ?? random.int(0...(2 * plan.perContact))
        let start = contact.createdAt.micros
        let span = max(1, Self.endMicros - start)
        let accountID = contact["account_id"]
        var activities: [Record<Activity>] = []
        activities.reserveCapacity(count)
        for n in 0..<count {
            // Spread evenly over the contact's life, a little jitter each: times stay distinct and ordered.
            let slot = span / Int64(count + 1)
            let at = Timestamp(micros: start + slot * Int64(n + 1) + Int64(random.below(Int(max(1, min(slot / 2, 3_600_000_000))))))
            let who = random.chance(85) ? owner : owners[random.below(owners.count)]
            var v: FieldValues = [:]
            let kind = ["call", "email", "meeting", "note"][random.weighted([40, 30, 15, 15])]
            v["kind"] = .text(kind)
            if kind != "note" { v["direction"] = .text(random.chance(70) ? "outbound" : "inbound") }
            if random.chance(30) { v["subject"] = .text(random.pick(Self.subjects)) }
            if !plan.purposes.isEmpty, random.chance(80) { v["purpose_id"] = .id(random.pick(plan.purposes)) }
            v["contact_id"] = .id(contact.id.uuid)
            if let accountID { v["account_id"] = accountID }
            v["occurred_at"] = .time(at)
            v["status"] = .text("done")
            switch kind {
            case "call":
                v["duration_minutes"] = .int(Int64(random.int(2...30)))
                if v["direction"]?.text == "outbound" {
                    v["call_result"] = .text(["connected", "left_voicemail", "no_answer", "busy"][random.weighted([60, 20, 15, 5])])
                }
            case "meeting":
                v["duration_minutes"] = .int([30, 45, 60, 90][random.below(4)])
                v["attendee_user_ids"] = .ids([who.userID.uuid])
                v["attendee_contact_ids"] = .ids([contact.id.uuid])
            default: break
            }
            if random.chance(40) { v["outcome"] = .text(random.pick(Self.outcomes)) }
            if random.chance(15) { v["body"] = .text(random.pick(BulkVocabulary.contactNotes)) }
            var issues: [FieldIssue] = []
            Activity.finish(&v, changed: Set(v.keys), issues: &issues)
            activities.append(
                Record<Activity>(
                    id: .init(UUIDv7.make(milliseconds: UInt64(at.micros / 1000), using: &random)), workspaceID: workspaceID,
                    values: v, ownerID: who.userID, teamID: who.teamID, shared: false, version: 1, createdAt: at, updatedAt: at,
                    createdBy: who.userID, updatedBy: who.userID, deletedAt: nil))
        }
        var tasks: [Record<Todo>] = []
        if random.below(100) < plan.tasksPerHundred {
            let due = Timestamp(micros: start + Int64(random.below(Int(span))))
            let done = random.chance(70)
            var v: FieldValues = [:]
            v["title"] = .text("Follow up: " + random.pick(Self.subjects).lowercased())
            v["due_at"] = .time(due)
            v["priority"] = .text(["low", "normal", "high"][random.weighted([20, 60, 20])])
            v["status"] = .text(done ? "done" : "open")
            if done { v["completed_at"] = .time(due) }
            if !plan.purposes.isEmpty, random.chance(70) { v["purpose_id"] = .id(random.pick(plan.purposes)) }
            v["contact_id"] = .id(contact.id.uuid)
            if let accountID { v["account_id"] = accountID }
            var issues: [FieldIssue] = []
            Todo.finish(&v, changed: Set(v.keys), issues: &issues)
            let created = Timestamp(micros: max(start, due.micros - 7 * 86_400_000_000))
            tasks.append(
                Record<Todo>(
                    id: .init(UUIDv7.make(milliseconds: UInt64(created.micros / 1000), using: &random)), workspaceID: workspaceID,
                    values: v, ownerID: owner.userID, teamID: owner.teamID, shared: false, version: 1, createdAt: created,
                    updatedAt: done ? due : created, createdBy: owner.userID, updatedBy: owner.userID, deletedAt: nil))
        }
        return (activities, tasks)
    }
}
