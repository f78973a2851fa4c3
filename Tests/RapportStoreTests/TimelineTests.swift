import Foundation
import RapportCore
import RapportStore
import RapportTesting
import Testing

@Suite struct TimelineTests {
    /// A customer with a little history: two teams' activities, a finished and an open task, and changes.
    struct Story {
        var account: Record<Account>
        var contact: Record<Contact>
        var call: Record<Activity>
        var note: Record<Activity>
        var meeting: Record<Activity>
        var done: Record<Todo>
        var renewal: Purpose
    }

    func story(_ f: Fixture) async throws -> Story {
        let (account, contact) = try await f.sharedCustomer()
        let renewal = try await f.purpose(named: "Renewal")
        let now = wholeSecondNow()
        let call = try await f.touch(contact, about: renewal, at: now.adding(seconds: -3 * day), by: f.rep)
        let note = try await f.touch(contact, about: nil, at: now.adding(seconds: -day), by: f.outsider, kind: "note")
        let meeting = try await f.activities.create(
            try changes(
                Activity.self,
                ["kind": .string("meeting"), "account_id": ref(account.id), "occurred_at": iso(now.adding(seconds: -4 * day))]),
            by: f.rep)
        let done = try await f.task(
            [
                "title": .string("Send the renewal offer"), "contact_id": ref(contact.id), "purpose_id": ref(renewal.id),
                "status": .string("done"), "completed_at": iso(now.adding(seconds: -2 * day)),
            ], by: f.rep)
        try await f.task(["title": .string("Still to do"), "contact_id": ref(contact.id)], by: f.rep)
        _ = try await f.contacts.update(contact.id, try changes(Contact.self, ["title": .string("CFO")]), expecting: 1, by: f.outsider)
        return Story(account: account, contact: contact, call: call, note: note, meeting: meeting, done: done, renewal: renewal)
    }

    /// Entries as short labels, to compare orders at a glance.
    func labels(_ page: Page<TimelineItem>) -> [String] {
        page.items.map { item in
            switch item {
            case .activity(let a): "\(a["kind"]?.text ?? "?"):\(a.id)"
            case .task(let t): "task:\(t.id)"
            case .change(let e): "\(e.action.rawValue):\(e.recordID)"
            }
        }
    }

    @Test(arguments: TestDatabase.all)
    func aContactsTimelineMergesItsActivitiesFinishedTasksAndChangesNewestFirst(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let s = try await story(f)
            let page = try await f.store.timeline.page(of: s.contact, filter: TimelineFilter(), by: f.rep)
            #expect(labels(page) == [
                "updated:\(s.contact.id)", "created:\(s.contact.id)", "note:\(s.note.id)", "task:\(s.done.id)", "call:\(s.call.id)",
            ])
            #expect(page.nextCursor == nil)
            #expect(page.items.map(\.at) == page.items.map(\.at).sorted(by: >))
            if case .task(let task) = page.items[3] { #expect(task["completed_at"] == s.done["completed_at"]) }
        }
    }

    @Test(arguments: TestDatabase.all)
    func anAccountsTimelineIncludesWhatHappenedWithItsContacts(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let s = try await story(f)
            let page = try await f.store.timeline.page(of: s.account, filter: TimelineFilter(), by: f.rep)
            #expect(labels(page) == [
                "created:\(s.account.id)", "note:\(s.note.id)", "task:\(s.done.id)", "call:\(s.call.id)", "meeting:\(s.meeting.id)",
            ])
        }
    }

    @Test(arguments: TestDatabase.all)
    func filtersByKindPurposeAndTeam(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let s = try await story(f)
            func page(_ filter: TimelineFilter) async throws -> [String] {
                labels(try await f.store.timeline.page(of: s.contact, filter: filter, by: f.rep))
            }
            #expect(try await page(TimelineFilter(kinds: ["call"])) == ["call:\(s.call.id)"])
            #expect(try await page(TimelineFilter(kinds: ["note", "task"])) == ["note:\(s.note.id)", "task:\(s.done.id)"])
            #expect(try await page(TimelineFilter(kinds: ["change"])) == ["updated:\(s.contact.id)", "created:\(s.contact.id)"])
            #expect(try await page(TimelineFilter(kinds: ["meeting", "email"])) == [])
            // Changes have no purpose.
            #expect(try await page(TimelineFilter(purposeID: s.renewal.id.uuid)) == ["task:\(s.done.id)", "call:\(s.call.id)"])
            // A team's entries: its people's activities, tasks and changes.
            #expect(try await page(TimelineFilter(teamID: f.service.id.uuid)) == ["updated:\(s.contact.id)", "note:\(s.note.id)"])
            #expect(
                try await page(TimelineFilter(teamID: f.east.id.uuid))
                    == ["created:\(s.contact.id)", "task:\(s.done.id)", "call:\(s.call.id)"])
            #expect(
                try await page(TimelineFilter(kinds: ["call", "task"], purposeID: s.renewal.id.uuid, teamID: f.east.id.uuid))
                    == ["task:\(s.done.id)", "call:\(s.call.id)"])
        }
    }

    @Test(arguments: TestDatabase.all)
    func pagesGiveEveryEntryOnceInOrderEvenWhenTimesTie(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            let base = wholeSecondNow().adding(seconds: -30 * day)
            // 100 notes in groups of ten sharing one time; 29 finished tasks, 20 of them at those same times.
            for i in 0..<100 {
                try await f.touch(contact, about: nil, at: base.adding(seconds: Int64(i / 10) * 3600), by: f.rep, kind: "note")
            }
            for i in 0..<29 {
                let completed = i < 20 ? base.adding(seconds: Int64(i % 10) * 3600) : base.adding(seconds: Int64(i) * 60 + 1)
                try await f.task(
                    ["title": .string("Task \(i)"), "contact_id": ref(contact.id), "status": .string("done"), "completed_at": iso(completed)],
                    by: f.rep)
            }
            let whole = try await f.store.timeline.page(of: contact, filter: TimelineFilter(limit: 200), by: f.rep)
            #expect(whole.items.count == 130)
            #expect(whole.nextCursor == nil)

            var seen: [String] = []
            var cursor: String?
            var pages: [Int] = []
            repeat {
                let page = try await f.store.timeline.page(of: contact, filter: TimelineFilter(limit: 50, cursor: cursor), by: f.rep)
                pages.append(page.items.count)
                seen += labels(page)
                cursor = page.nextCursor
            } while cursor != nil && pages.count < 10
            #expect(pages == [50, 50, 30])
            #expect(Set(seen).count == 130)
            #expect(seen == labels(whole))

            // The order is time, then changes before tasks before activities, then the ID, all descending.
            let keys = whole.items.map { item -> (Int64, Int, String) in
                switch item {
                case .change(let e): (item.at.micros, 0, e.id.description)
                case .task(let t): (item.at.micros, 1, t.id.description)
                case .activity(let a): (item.at.micros, 2, a.id.description)
                }
            }
            for (a, b) in zip(keys, keys.dropFirst()) {
                #expect(a.0 > b.0 || (a.0 == b.0 && (a.1 > b.1 || (a.1 == b.1 && a.2 > b.2))), "\(a) before \(b)")
            }
            #expect(keys.first?.1 == 0)

            // The same over a filtered timeline.
            var notes: [String] = []
            cursor = nil
            repeat {
                let page = try await f.store.timeline.page(of: contact, filter: TimelineFilter(kinds: ["note"], limit: 30, cursor: cursor), by: f.rep)
                notes += labels(page)
                cursor = page.nextCursor
            } while cursor != nil && notes.count < 200
            #expect(notes == labels(whole).filter { $0.hasPrefix("note:") })
            #expect(notes.count == 100)
        }
    }

    @Test(arguments: TestDatabase.all)
    func aCursorItDidNotMakeIsRejected(_ db: TestDatabase) async throws {
        try await db.withFixture { f in
            let contact = try await f.contact(["first_name": .string("Ana"), "last_name": .string("Ruiz")], by: f.rep)
            for cursor in ["garbage", "", Cursor(sortValue: .int(1), id: UUID().uuidString, backwards: false).encoded] {
                let error = await rapportError {
                    try await f.store.timeline.page(of: contact, filter: TimelineFilter(cursor: cursor), by: f.rep)
                }
                #expect(error?.fields == ["cursor"], "\(cursor)")
            }
        }
    }
}
