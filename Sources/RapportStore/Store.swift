import RapportCore
import SQLKit

/// Every store over one database: what the server and the CLI are built on.
public struct Store: Sendable {
    public let db: Database
    public let directory: Directory
    public let accounts: RecordStore<Account>
    public let contacts: RecordStore<Contact>
    public let activities: RecordStore<Activity>
    public let tasks: RecordStore<Todo>
    public let activityLog: ActivityLog
    public let purposes: PurposeStore
    public let outreach: OutreachGuard
    public let timeline: Timeline
    public let taskQueries: TaskQueries
    public let relations: RelationStore
    public let merges: MergeStore
    public let duplicates: DuplicateStore
    public let tokens: TokenStore
    public let calendarFeeds: CalendarFeedStore
    public let sessions: SessionStore
    public let loginThrottle: LoginThrottle
    public let idempotency: IdempotencyStore
    public let jobs: JobQueue
    /// Authentication and directory lookups remembered for a few seconds (see `AuthCache`).
    public let authCache: AuthCache

    public init(_ db: Database, authCache: AuthCache = AuthCache()) {
        self.db = db
        self.authCache = authCache
        directory = Directory(db, cache: authCache)
        accounts = RecordStore(db, checks: [DuplicateCheck.check(Account.self)])
        contacts = RecordStore(db, checks: [DuplicateCheck.check(Contact.self)])
        activities = RecordStore(
            db, checks: [OutreachGuard.activityCheck], derivations: [ActivityDerivations.relatedAccountAndTeam()])
        tasks = RecordStore(db, checks: [OutreachGuard.taskCheck], derivations: [ActivityDerivations.relatedAccountAndTeam()])
        activityLog = ActivityLog(db, activities: activities, tasks: tasks)
        purposes = PurposeStore(db, cache: authCache)
        outreach = OutreachGuard(db)
        timeline = Timeline(db)
        taskQueries = TaskQueries(db)
        relations = RelationStore(db)
        merges = MergeStore(db)
        duplicates = DuplicateStore(db)
        tokens = TokenStore(db, cache: authCache)
        calendarFeeds = CalendarFeedStore(db)
        sessions = SessionStore(db, cache: authCache)
        loginThrottle = LoginThrottle(db)
        idempotency = IdempotencyStore(db)
        jobs = JobQueue(db)
    }

    /// Ranked global search over accounts and contacts the principal may see.
    public func search(_ query: String, limit: Int = 20, by principal: Principal) async throws -> [SearchHit] {
        let dialect = db.dialect
        return try await db.read { sql in
            try await SearchIndex.search(query, limit: max(1, min(limit, 50)), by: principal, dialect: dialect, on: sql)
        }
    }

    /// Whether the database answers (for `/readyz`).
    public func ping() async throws {
        try await db.read { sql in _ = try await sql.raw("SELECT 1 AS one").first() }
    }
}
