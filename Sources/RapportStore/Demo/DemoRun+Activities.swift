import Foundation
import RapportCore

extension DemoRun {
    /// A few months of contact history: each account's owner calls, meets and emails its people
    /// about introductions, upsells and renewals; Billing chases payments and Service follows up
    /// on customers; open follow-ups fall overdue, today and later. A handful of contacts were
    /// reached by two departments about the same thing, once with a recorded override, so the
    /// outreach guard and its report have something to show. Times are relative to the load.
    mutating func logActivities(now: Timestamp = .now()) async throws -> (activities: Int, tasks: Int) {
        let purposes = Dictionary(
            try await store.purposes.all(in: workspace.id).map { ($0.name, $0.id.description) }, uniquingKeysWith: { a, _ in a })
        var random = DemoRandom(seed: 0xAC71_7173)
        var activityCount = 0
        var taskCount = 0
        let day: Int64 = 86_400
        func at(daysAgo: Int, hour: Int) -> JSONValue {
            // Working hours in New York, whole quarter hours.
            let midnight = (now.micros / 1_000_000 / day - Int64(daysAgo)) * day
            return .string(Timestamp(micros: (midnight + Int64(hour) * 3600 + 5 * 3600) * 1_000_000).iso8601)
        }
        let subjects: [String: [String]] = [
            "Introduction": ["Introduction call", "First meeting", "Intro email with the catalogue"],
            "Upsell": ["Premium service plan", "Second instrument for the QC lab", "Upgrade to the Gold contract"],
            "Renewal": ["Service contract renewal", "Renewal terms", "Renewal quote follow-up"],
            "Payment reminder": ["Invoice overdue", "Payment reminder", "Open invoices"],
            "Support follow-up": ["Calibration issue follow-up", "After the repair visit", "Spare parts question"],
            "Satisfaction check": ["How is the new instrument?", "Quarterly check-in"],
        ]
        let outcomes = [
            "Interested; wants a quote.", "Left a voicemail.", "Asked to call back next month.", "Agreed on next steps.",
            "Needs approval from their manager.", "Happy so far.", "Sent the documents they asked for.",
        ]
        for (index, contact) in contacts.enumerated() {
            let planned = plan.accounts[plan.contacts[index].account]
            let owner = planned.owner
            let customer = planned.type == "customer"
            // One to four touches by the owner, at least ten days apart, most recent first.
            var daysAgo = random.int(1...20)
            for _ in 0..<random.int(1...4) where daysAgo < 150 {
                let purpose = customer ? random.pick(["Upsell", "Renewal"]) : random.pick(["Introduction", "Upsell"])
                let kind = random.pick(["call", "call", "email", "meeting"])
                var body: [(String, JSONValue)] = [
                    ("kind", .string(kind)), ("direction", .string(random.chance(80) ? "outbound" : "inbound")),
                    ("subject", .string(random.pick(subjects[purpose] ?? ["Call"]))), ("contact_id", .string(contact.id.description)),
                    ("purpose_id", .string(purposes[purpose] ?? "")), ("occurred_at", at(daysAgo: daysAgo, hour: random.int(9...16))),
                    ("outcome", .string(random.pick(outcomes))),
                ]
                if kind == "call" { body.append(("duration_minutes", .int(Int64(random.int(3...40))))) }
                if kind == "meeting" { body.append(("duration_minutes", .int(60))) }
                try await logActivity(body, by: owner)
                activityCount += 1
                daysAgo += random.int(10...45)
            }
            // Customers hear from Billing and Service too, about their own business.
            // Only those shared with the whole company: Billing and Service see nothing else.
            if customer, contact.shared, random.chance(60) {
                let by: DemoStaff = random.chance(50) ? .hannah : .lucas
                let purpose = by == .hannah ? "Payment reminder" : random.pick(["Support follow-up", "Satisfaction check"])
                try await logActivity(
                    [
                        ("kind", .string(random.pick(["call", "email"]))), ("direction", .string("outbound")),
                        ("subject", .string(random.pick(subjects[purpose] ?? ["Call"]))),
                        ("contact_id", .string(contact.id.description)), ("purpose_id", .string(purposes[purpose] ?? "")),
                        ("occurred_at", at(daysAgo: random.int(2...60), hour: random.int(9...16))),
                        ("outcome", .string(random.pick(outcomes))),
                    ], by: by)
                activityCount += 1
            }
            // Some people have an open follow-up with their owner.
            if random.chance(30) {
                let dueIn = random.int(-6...14)
                let purpose = customer ? "Renewal" : "Introduction"
                try await addTask(
                    [
                        ("title", .string(random.pick(customer ? ["Send the renewal terms", "Call back", "Send the quote"] : ["Book a demo", "Call back", "Send the quote"]))),
                        ("due_at", at(daysAgo: -dueIn, hour: random.int(9...15))), ("contact_id", .string(contact.id.description)),
                        ("priority", .string(random.pick(["low", "normal", "normal", "high"]))),
                        ("purpose_id", .string(purposes[purpose] ?? "")),
                    ], by: owner)
                taskCount += 1
            }
        }
        // Two departments about the same thing: Billing reminded Helix's buyer of an invoice three
        // days ago; Ethan, not knowing, wanted to call about it the next day and went ahead with a reason.
        if let marcus = contact("marcus"), let payment = purposes["Payment reminder"] {
            try await logActivity(
                [
                    ("kind", .string("call")), ("direction", .string("outbound")), ("subject", .string("Invoice 2024-118 overdue")),
                    ("contact_id", .string(marcus.id.description)), ("purpose_id", .string(payment)),
                    ("occurred_at", at(daysAgo: 3, hour: 10)), ("outcome", .string("Promised payment by Friday.")),
                ], by: .hannah)
            try await logActivity(
                [
                    ("kind", .string("call")), ("direction", .string("outbound")), ("subject", .string("Invoice question")),
                    ("contact_id", .string(marcus.id.description)), ("purpose_id", .string(payment)),
                    ("occurred_at", at(daysAgo: 2, hour: 15)),
                    ("override_reason", .string("Marcus asked me to confirm the PO number for Hannah.")),
                ], by: .ethan)
            activityCount += 2
        }
        return (activityCount, taskCount)
    }

    private func logActivity(_ pairs: [(String, JSONValue)], by staff: DemoStaff) async throws {
        var body = JSONObject()
        for (key, value) in pairs { body[key] = value }
        body["owner_id"] = .string(try userID(staff).description)
        let changes = try Self.changes(body, Activity.self, defaultCountry: workspace.defaultCountry)
        do {
            _ = try await store.activities.create(changes, by: try principal(staff))
        } catch RapportError.needsConfirmation {
            // The generated history respects the guard: a touch that would trip it is left out.
        }
    }

    private func addTask(_ pairs: [(String, JSONValue)], by staff: DemoStaff) async throws {
        var body = JSONObject()
        for (key, value) in pairs { body[key] = value }
        let changes = try Self.changes(body, Todo.self, defaultCountry: workspace.defaultCountry)
        do {
            _ = try await store.tasks.create(changes, by: try principal(staff))
        } catch RapportError.needsConfirmation {}
    }
}
