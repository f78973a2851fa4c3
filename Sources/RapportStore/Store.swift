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
    public let leads: RecordStore<Lead>
    public let deals: RecordStore<Deal>
    public let products: RecordStore<Product>
    public let priceBooks: PriceBookStore
    /// Quotes, orders and invoices, with their lines, steps and payments.
    public let billing: SalesDocuments
    /// Knowledge articles (always shared: knowledge is everyone's).
    public let articles: RecordStore<Article>
    public let pipelines: PipelineStore
    public let dealHistory: DealHistory
    public let dealContacts: DealContacts
    public let dealBoard: DealBoard
    public let conversion: LeadConversion
    public let firstTouch: FirstTouchSettings
    public let firstTouchBreaches: FirstTouchBreaches
    public let leadAssignment: LeadAssignment
    public let leadScoring: LeadScoring
    public let leadForms: LeadForms
    public let formThrottle: FormThrottle
    public let forecasts: ForecastStore
    public let reports: Reports
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
    /// CSV imports of the entities listed here.
    public let imports: ImportStore
    /// Authentication and directory lookups remembered for a few seconds (see `AuthCache`).
    public let authCache: AuthCache

    public init(_ db: Database, authCache: AuthCache = AuthCache()) {
        self.db = db
        self.authCache = authCache
        directory = Directory(db, cache: authCache)
        accounts = RecordStore(db, checks: [DuplicateCheck.check(Account.self)])
        contacts = RecordStore(db, checks: [DuplicateCheck.check(Contact.self)])
        leads = RecordStore(
            db, derivations: [LeadDerivations.convertedStays(), LeadAutomation.derivation()], ownerByDerivation: true)
        activities = RecordStore(
            db, checks: [OutreachGuard.activityCheck], derivations: [ActivityDerivations.relatedAccountAndTeam()],
            effects: [LeadAutomation.activityEffect(leads: leads)])
        tasks = RecordStore(db, checks: [OutreachGuard.taskCheck], derivations: [ActivityDerivations.relatedAccountAndTeam()])
        activityLog = ActivityLog(db, activities: activities, tasks: tasks)
        deals = RecordStore(db, derivations: [ActivityDerivations.relatedAccountAndTeam(), DealDerivations.stage()])
        products = RecordStore(db, derivations: [ProductDerivations.uniqueSKU()])
        priceBooks = PriceBookStore(db)
        billing = SalesDocuments(db)
        articles = RecordStore(db, derivations: [WriteDerivation { record, _, _, _ in record.shared = true }])
        pipelines = PipelineStore(db)
        dealHistory = DealHistory(db)
        dealContacts = DealContacts(db)
        dealBoard = DealBoard(db)
        forecasts = ForecastStore(db)
        reports = Reports(db)
        conversion = LeadConversion(
            db: db, leads: leads, accounts: accounts, contacts: contacts, deals: deals, activities: activities, tasks: tasks)
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
        firstTouch = FirstTouchSettings(db)
        firstTouchBreaches = FirstTouchBreaches(db)
        leadAssignment = LeadAssignment(db)
        leadScoring = LeadScoring(db, jobs: jobs)
        leadForms = LeadForms(db, leads: leads, activities: activities)
        formThrottle = FormThrottle(db)
        imports = ImportStore(db, kinds: [ImportKind(accounts), ImportKind(contacts), ImportKind(leads)])
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
