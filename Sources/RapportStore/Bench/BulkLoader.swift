import Foundation
import RapportCore
import SQLKit

/// A user records are handed to by the bulk loader (owner, creator, the event's actor).
public struct BulkOwner: Sendable {
    public var userID: User.ID
    public var teamID: Team.ID?
    public var name: String

    public init(_ user: User) {
        userID = user.id
        teamID = user.teamID
        name = user.name
    }
}

/// What a bulk load wrote.
public struct BulkLoadSummary: Sendable {
    public var accounts = 0
    public var contacts = 0
    public var contactPoints = 0
    public var matchKeys = 0
    public var searchDocs = 0
    public var titleKeys = 0
    public var activities = 0
    public var attendees = 0
    public var tasks = 0
    public var events = 0
    public var transactions = 0
    public var statements = 0
    public var seconds = 0.0
    /// Time spent waiting for the next batch to be generated (the rest is spent writing).
    public var waitSeconds = 0.0

    public var rows: Int {
        accounts + contacts + contactPoints + matchKeys + searchDocs + titleKeys + activities + attendees + tasks + events
    }
}

/// Fills a workspace with a large, deterministic set of accounts and contacts straight through SQL, for
/// benchmarks: batched multi-row INSERTs inside large transactions instead of one store call per record.
/// Batches are generated and rendered to SQL on other cores while the previous one is written.
///
/// It writes exactly the rows the stores write for a create, through `BulkRows` (as CSV imports
/// do) — the record row, its contact points, its duplicate blocking keys, its search document
/// (SQLite's FTS5 table follows through its triggers; PostgreSQL's `tsvector` is a generated column)
/// and one `created` event — from `Record` values built in memory. Accounts come first; each has
/// five contacts (the last takes the remainder), so a load of N contacts makes N/5 accounts.
///
/// The same seed gives the same records, IDs and timestamps on every machine and database, however
/// the work is split into transactions. Names and titles come from the demo's pools; account names,
/// domains, email addresses and phone numbers are unique by construction.
public struct BulkLoader: Sendable {
    public let contactCount: Int
    public let accountCount: Int
    public let seed: UInt64
    public let workspaceID: Workspace.ID
    public let owners: [BulkOwner]
    /// Accounts per transaction (with their contacts, points, documents and events: ~30 rows each).
    public var accountsPerTransaction = 2_000
    /// Most rows in one INSERT statement.
    public var rowsPerStatement = 1_000
    /// Activities and tasks to write with the contacts (none unless set).
    public var activityPlan: BulkActivityPlan?

    let vocabulary: BulkVocabulary

    /// Records are spread over three years before this moment, oldest first.
    static let endMicros: Int64 = 1_763_800_000_000_000  // 2025-11-22
    static let spanMicros: Int64 = 3 * 365 * 86_400 * 1_000_000

    public init(contacts: Int, seed: UInt64, workspace: Workspace.ID, owners: [BulkOwner]) {
        precondition(contacts > 0 && !owners.isEmpty)
        contactCount = contacts
        accountCount = max(1, contacts / 5)
        self.seed = seed
        workspaceID = workspace
        self.owners = owners
        vocabulary = BulkVocabulary(seed: seed, accounts: accountCount, serials: accountCount + 2 * contacts)
    }

    // MARK: Loading

    /// Writes every account and contact, one transaction per `accountsPerTransaction` accounts, while
    /// the next batches are generated. `progress` hears about each transaction.
    public func load(into db: Database, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws
        -> BulkLoadSummary
    {
        let start = Date()
        var summary = BulkLoadSummary()
        let ranges = stride(from: 0, to: accountCount, by: accountsPerTransaction).map {
            $0..<min($0 + accountsPerTransaction, accountCount)
        }
        let loader = self
        let dialect = db.dialect
        func prepare(_ range: Range<Int>) -> Task<BulkStatements, Never> {
            Task.detached { loader.statements(for: loader.batch(range), dialect: dialect) }
        }
        // Two batches are prepared ahead, so both cores generate while the writer waits on SQL.
        var pending = ranges.prefix(2).map(prepare)
        var lastReport = Date()
        for index in ranges.indices {
            let waitStart = Date()
            let batch = await pending.removeFirst().value
            summary.waitSeconds += Date().timeIntervalSince(waitStart)
            if index + 2 < ranges.count { pending.append(prepare(ranges[index + 2])) }
            try await db.write { sql in
                if dialect == .sqlite {
                    // A bigger page cache for this connection: the secondary indexes take random inserts.
                    try await sql.raw("PRAGMA cache_size=-524288").run()
                }
                for statement in batch.sql { try await sql.raw(SQLQueryString(statement)).run() }
            }
            summary.accounts += batch.accounts
            summary.contacts += batch.contacts
            summary.contactPoints += batch.contactPoints
            summary.matchKeys += batch.matchKeys
            summary.searchDocs += batch.searchDocs
            summary.titleKeys += batch.titleKeys
            summary.activities += batch.activities
            summary.attendees += batch.attendees
            summary.tasks += batch.tasks
            summary.events += batch.events
            summary.transactions += 1
            summary.statements += batch.sql.count
            if Date().timeIntervalSince(lastReport) >= 5 || index + 1 == ranges.count {
                lastReport = Date()
                let elapsed = Date().timeIntervalSince(start)
                progress(
                    String(
                        format: "  %d/%d accounts, %d/%d contacts, %d rows in %.1f s (%.0f rows/s; %.1f s waiting for generation)",
                        summary.accounts, accountCount, summary.contacts, contactCount, summary.rows, elapsed,
                        Double(summary.rows) / max(elapsed, 0.001), summary.waitSeconds))
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The INSERT statements of one batch, rendered with SQL literals in the generating task, so the
    /// writer only has to execute them: no per-value bind encoding on the one connection that writes.
    func statements(for batch: BulkRows, dialect: Dialect) -> BulkStatements {
        BulkStatements(
            sql: batch.statements(dialect: dialect, rowsPerStatement: rowsPerStatement), accounts: batch.count(of: Account.table),
            contacts: batch.count(of: Contact.table), contactPoints: batch.contactPoints.count, matchKeys: batch.matchKeys.count,
            searchDocs: batch.searchDocs.count, titleKeys: batch.titleKeys.count, activities: batch.count(of: Activity.table),
            attendees: batch.attendees.count, tasks: batch.count(of: Todo.table), events: batch.events.count)
    }

    // MARK: Generating

    /// The rows of a range of accounts and their contacts.
    func batch(_ range: Range<Int>) -> BulkRows {
        var batch = BulkRows()
        let names = Dictionary(owners.map { ($0.userID, $0.name) }, uniquingKeysWith: { a, _ in a })
        for index in range {
            let group = self.group(index)
            batch.add(group.account, accountName: "", actor: group.owner.name, eventID: Self.eventID(of: group.account))
            for (offset, contact) in group.contacts.enumerated() {
                batch.add(contact, accountName: group.account.title, actor: group.owner.name, eventID: Self.eventID(of: contact))
                let (activities, tasks) = self.activities(of: contact, index: index * 5 + offset, owner: group.owner)
                for activity in activities {
                    batch.add(
                        activity, accountName: "", actor: activity.ownerID.flatMap { names[$0] } ?? "", eventID: Self.eventID(of: activity))
                }
                for task in tasks { batch.add(task, accountName: "", actor: group.owner.name, eventID: Self.eventID(of: task)) }
            }
        }
        return batch
    }

    /// A created event's ID: the record's time, random bits drawn from the record's own ID, so it does
    /// not depend on how the load is split into batches.
    static func eventID<E: Entity>(of record: Record<E>) -> Event.ID {
        var random = DemoRandom(seed: bits(of: record.id.uuid) ^ 0xE7E7_E7E7_E7E7_E7E7)
        return Event.ID(UUIDv7.make(milliseconds: UInt64(record.createdAt.micros / 1000), using: &random))
    }

    /// The last 64 bits of a UUID (the random part of a UUIDv7).
    static func bits(of uuid: UUID) -> UInt64 {
        withUnsafeBytes(of: uuid.uuid) { raw in
            var value: UInt64 = 0
            for byte in raw.suffix(8) { value = value << 8 | UInt64(byte) }
            return value
        }
    }

    /// The contact with a given index (0-based), as the load writes it.
    public func contact(at index: Int) -> Record<Contact> {
        precondition((0..<contactCount).contains(index))
        let accountIndex = min(index / 5, accountCount - 1)
        return group(accountIndex).contacts[index - accountIndex * 5]
    }

    /// The account with a given index (0-based), as the load writes it.
    public func account(at index: Int) -> Record<Account> { group(index).account }

    /// The owner of the account with a given index (and of its contacts).
    public func owner(ofAccount index: Int) -> BulkOwner { group(index).owner }

    /// An account and its contacts, from a generator seeded by the load's seed and the account's index.
    func group(_ index: Int) -> BulkGroup {
        var random = DemoRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        _ = random.next()
        let slotMicros = max(1, Self.spanMicros / Int64(accountCount * 6))
        func time(_ slot: Int) -> Timestamp {
            Timestamp(micros: Self.endMicros - Self.spanMicros + Int64(slot) * slotMicros)
        }
        func id<T>(_ at: Timestamp, _ type: T.Type) -> RapportCore.ID<T> {
            RapportCore.ID(UUIDv7.make(milliseconds: UInt64(at.micros / 1000), using: &random))
        }
        let owner = owners[random.below(owners.count)]
        let shared = random.chance(5)

        // The account.
        let country = vocabulary.country(&random)
        let city = random.pick(country.cities)
        let culture = country.culture(of: city)
        let (name, domainName) = vocabulary.accountName(index, legalForm: random.pick(country.legalForms(of: city)))
        var values: FieldValues = [:]
        let type = Account.types[random.weighted([34, 40, 8, 7, 5, 2, 4])]
        values["name"] = .text(name)
        values["type"] = .text(type)
        values["industry"] = .text(random.pick(BulkVocabulary.industries))
        values["website"] = .text("https://www.\(domainName)/")
        values["domain"] = .text(domainName)
        values["phones"] = .phones([
            LabeledPhone(PhoneNumber(trusted: vocabulary.phone(city.landline, serial: index, using: &random)), label: "work")
        ])
        if random.chance(60) {
            values["emails"] = .emails([LabeledEmail(EmailAddress(trusted: "info@" + domainName), label: "work")])
        }
        values["street"] = .text(vocabulary.street(country, city, using: &random))
        values["city"] = .text(city.name)
        if !city.region.isEmpty { values["region"] = .text(city.region) }
        values["postal_code"] = .text(random.pick(city.postalCodes))
        values["country"] = .text(country.code)
        let employees = [random.int(3...49), random.int(50...499), random.int(500...4_999), random.int(5_000...60_000)][
            random.weighted([40, 35, 20, 5])]
        values["employees"] = .int(Int64(employees))
        if random.chance(70) {
            let usd = Int64(employees) * Int64(random.int(120...400)) * 1_000
            values["annual_revenue"] = .money(Money(minor: usd * country.perThousandUSD / 1_000 * 100, currency: country.currency))
        }
        if random.chance(4) { values["description"] = .text(random.pick(BulkVocabulary.accountNotes)) }
        var issues: [FieldIssue] = []
        Account.finish(&values, changed: Set(values.keys), issues: &issues)
        let accountTime = time(index * 6)
        let account = Record<Account>(
            id: id(accountTime, Account.self), workspaceID: workspaceID, values: values, ownerID: owner.userID,
            teamID: owner.teamID, shared: shared, version: 1, createdAt: accountTime, updatedAt: accountTime,
            createdBy: owner.userID, updatedBy: owner.userID, deletedAt: nil)

        // Its people: five each, the last account takes the remainder.
        let first = index * 5
        let last = index == accountCount - 1 ? contactCount : min(contactCount, first + 5)
        let emailPattern = random.below(3)
        var localParts: Set<String> = []
        var contacts: [Record<Contact>] = []
        for contactIndex in first..<last {
            let personCulture: DemoCulture = culture != .english && random.chance(10) ? .english : culture
            let person = DemoNames.person(personCulture, using: &random)
            var v: FieldValues = [:]
            v["first_name"] = .text(person.first)
            v["last_name"] = .text(person.last)
            if random.chance(20) { v["middle_name"] = .text(String(vocabulary.initial(&random)) + ".") }
            let title = vocabulary.title(for: type, culture: personCulture, using: &random)
            let titleText = person.female ? (title.feminine ?? title.title) : title.title
            v["title"] = .text(titleText)
            if random.chance(4) { v["prefix"] = .text("Dr.") }
            v["account_id"] = .id(account.id.uuid)
            let f = DemoNames.emailPart(person.first, culture: personCulture)
            let l = DemoNames.emailPart(person.last, culture: personCulture)
            var local = [f + "." + l, String(f.prefix(1)) + l, f + "_" + l][emailPattern]
            if localParts.contains(local) {
                local += v["middle_name"]?.text.map { String($0.prefix(1)).lowercased() } ?? ""
                var n = 2
                let base = local
                while localParts.contains(local) {
                    local = base + String(n)
                    n += 1
                }
            }
            localParts.insert(local)
            v["emails"] = .emails([LabeledEmail(EmailAddress(trusted: local + "@" + domainName), label: "work")])
            var phones = [
                LabeledPhone(
                    PhoneNumber(
                        trusted: vocabulary.phone(city.landline, serial: accountCount + contactIndex, using: &random)),
                    label: "work")
            ]
            if let mobile = country.mobile, random.chance(35) {
                phones.append(
                    LabeledPhone(
                        PhoneNumber(
                            trusted: vocabulary.phone(
                                mobile, serial: accountCount + contactCount + contactIndex, using: &random)),
                        label: "mobile"))
            }
            v["phones"] = .phones(phones)
            if random.chance(15) {
                v["birthday"] = .date(
                    try! LocalDate(year: random.int(1958...2001), month: random.int(1...12), day: random.int(1...28)))
            }
            if random.chance(60) { v["time_zone"] = .text(city.timeZone) }
            v["email_opt_out"] = .bool(random.chance(8))
            var tags: [String] = []
            switch title.kind {
            case .executive: tags.append("decision-maker")
            case .finance: tags.append("billing-contact")
            case .procurement: if random.chance(50) { tags.append("decision-maker") }
            case .quality, .lab, .engineering, .it: if random.chance(50) { tags.append("technical") }
            case .sales, .other: break
            }
            if random.chance(30) { tags.append("newsletter") }
            if random.chance(3) { tags.append("vip") }
            if !tags.isEmpty { v["tags"] = .tags(tags) }
            if random.chance(40) {
                v["city"] = .text(city.name)
                if !city.region.isEmpty { v["region"] = .text(city.region) }
                v["country"] = .text(country.code)
            }
            if random.chance(3) { v["description"] = .text(random.pick(BulkVocabulary.contactNotes)) }
            var contactIssues: [FieldIssue] = []
            Contact.finish(&v, changed: Set(v.keys), issues: &contactIssues)
            let at = time(index * 6 + 1 + min(contactIndex - first, 4))
            contacts.append(
                Record<Contact>(
                    id: id(at, Contact.self), workspaceID: workspaceID, values: v, ownerID: owner.userID,
                    teamID: owner.teamID, shared: shared, version: 1, createdAt: at, updatedAt: at,
                    createdBy: owner.userID, updatedBy: owner.userID, deletedAt: nil))
        }
        return BulkGroup(account: account, contacts: contacts, owner: owner)
    }

    // MARK: Inspecting

    /// Rows in the tables a load writes (to refuse loading into a database that has records).
    public static func recordCount(_ db: Database) async throws -> Int {
        try await db.read { sql in
            let accounts = try await sql.raw("SELECT COUNT(*) AS n FROM accounts").first()?.decode(column: "n", as: Int.self) ?? 0
            let contacts = try await sql.raw("SELECT COUNT(*) AS n FROM contacts").first()?.decode(column: "n", as: Int.self) ?? 0
            return accounts + contacts
        }
    }

    /// Updates the planner's statistics after a load, as the server would on its next start (SQLite's
    /// `PRAGMA optimize` at open) or autovacuum a little later (PostgreSQL).
    public static func analyze(_ db: Database) async throws {
        switch db.dialect {
        case .sqlite: try await db.write { sql in try await sql.raw("PRAGMA optimize=0x10002").run() }
        case .postgres: try await db.read { sql in try await sql.raw("ANALYZE").run() }
        }
    }
}

/// An account with its contacts and who owns them.
struct BulkGroup: Sendable {
    var account: Record<Account>
    var contacts: [Record<Contact>]
    var owner: BulkOwner
}

/// The statements of one transaction, and what they insert.
struct BulkStatements: Sendable {
    var sql: [String]
    var accounts: Int
    var contacts: Int
    var contactPoints: Int
    var matchKeys: Int
    var searchDocs: Int
    var titleKeys: Int
    var activities: Int
    var attendees: Int
    var tasks: Int
    var events: Int
}

