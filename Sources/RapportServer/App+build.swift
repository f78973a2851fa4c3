import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Prometheus
import RapportCore
import RapportStore
import ServiceLifecycle

/// Wires the application from its configuration: what `rapport serve` runs and what tests call.
public func buildApplication(
    config: AppConfig, store: Store, logger: Logger, registry: PrometheusCollectorRegistry? = nil,
    services: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(config: config, store: store, logger: logger, registry: registry)
    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Rapport"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.port) },
        logger: logger)
}

/// The router with every route and middleware.
public func buildRouter(
    config: AppConfig, store: Store, logger: Logger, registry: PrometheusCollectorRegistry? = nil
) async throws -> Router<AppRequestContext> {
    let resources = config.resourcesDirectory ?? Resources.directory
    let pages = try await Pages(directory: resources + "/templates", logger: logger)
    let passwords = Passwords(cost: config.bcryptCost)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: FileMiddleware(resources + "/static", urlBasePath: "/static", cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]), logger: logger))

    router.get("/healthz") { _, _ in Response.json(.object(JSONObject(["status": .string("ok")]))) }
    router.get("/readyz") { _, _ in
        do {
            try await store.ping()
            return Response.json(.object(JSONObject(["status": .string("ready")])))
        } catch {
            return Problem(status: .serviceUnavailable, title: "Not ready", detail: "The database does not answer.").response()
        }
    }
    router.get("/metrics") { _, _ in
        var buffer: [UInt8] = []
        registry?.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    let openAPI = ByteBuffer(bytes: JSONWriter.bytes(OpenAPIDocument.make(importEntities: store.imports.kinds.map(\.table))))
    let uploads = ImportUploads(directory: (config.dataDirectory as NSString).appendingPathComponent("imports"), maxBytes: config.maxImportBytes)
    router.get("/api/v1/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: openAPI))
    }

    CalendarFeedRoute(store: store, secure: config.secureCookies).addRoutes(to: router)

    let api = router.group().add(middleware: APIMiddleware(store: store))
    RecordsAPI<Account>(store: store, records: store.accounts, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Contact>(store: store, records: store.contacts, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Activity>(store: store, records: store.activities, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Todo>(store: store, records: store.tasks, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Lead>(store: store, records: store.leads, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Deal>(store: store, records: store.deals, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Product>(store: store, records: store.products, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Quote>(store: store, records: store.billing.quotes, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<SalesOrder>(store: store, records: store.billing.orders, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Invoice>(store: store, records: store.billing.invoices, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    RecordsAPI<Article>(store: store, records: store.articles, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Article>(store: store, records: store.articles, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Quote>(store: store, records: store.billing.quotes, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<SalesOrder>(store: store, records: store.billing.orders, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Invoice>(store: store, records: store.billing.invoices, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    DocumentsAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    PurchasesAPI(store: store).addRoutes(to: api)
    ConfiguratorAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BundlesAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Account>(store: store, records: store.accounts, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Contact>(store: store, records: store.contacts, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Activity>(store: store, records: store.activities, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Todo>(store: store, records: store.tasks, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Lead>(store: store, records: store.leads, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Deal>(store: store, records: store.deals, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    BulkAPI<Product>(store: store, records: store.products, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    PriceBooksAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    TimelineAPI(store: store).addRoutes(to: api)
    MiscAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    DuplicatesAPI(store: store).addRoutes(to: api)
    ContactVCardAPI(store: store).addRoutes(to: api)
    MergeAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    WorkAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    PurposesAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    PipelinesAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    DealsAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    LeadsAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    LeadScoringAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    LeadAssignmentAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    LeadFormsAPI(store: store, maxBodyBytes: config.maxBodyBytes, secure: config.secureCookies).addRoutes(to: api)
    ForecastAPI(store: store, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    ReportsAPI(store: store).addRoutes(to: api)
    OutreachAPI(store: store).addRoutes(to: api)
    ImportsAPI(store: store, uploads: uploads, maxBodyBytes: config.maxBodyBytes).addRoutes(to: api)
    api.get("/api/v1/{*}") { _, _ -> Response in throw Problem(status: .notFound, title: "Not found", detail: "No such API endpoint.") }

    PublicLeadFormRoute(store: store, pages: pages, frameAncestors: config.formFrameAncestors).addRoutes(to: router)
    ConfiguratorRoute(store: store, pages: pages, frameAncestors: config.formFrameAncestors).addRoutes(to: router)

    let auth = AuthPages(store: store, pages: pages, passwords: passwords, secureCookies: config.secureCookies)
    auth.addRoutes(to: router)
    let web = router.group().add(middleware: WebMiddleware(store: store, pages: pages, maxBodyBytes: config.maxBodyBytes))
    web.add(middleware: WorkBadgeMiddleware(store: store))
    auth.addSessionRoutes(to: web)
    HomePages(store: store, pages: pages).addRoutes(to: web)
    BulkPages<Account>(store: store, records: store.accounts, pages: pages).addRoutes(to: web)
    RecordPages<Account>(store: store, records: store.accounts, pages: pages).addRoutes(to: web)
    BulkPages<Contact>(store: store, records: store.contacts, pages: pages).addRoutes(to: web)
    RecordPages<Contact>(store: store, records: store.contacts, pages: pages).addRoutes(to: web)
    BulkPages<Activity>(store: store, records: store.activities, pages: pages).addRoutes(to: web)
    RecordPages<Activity>(store: store, records: store.activities, pages: pages).addRoutes(to: web)
    BulkPages<Todo>(store: store, records: store.tasks, pages: pages).addRoutes(to: web)
    RecordPages<Todo>(store: store, records: store.tasks, pages: pages).addRoutes(to: web)
    DealBoardPages(store: store, pages: pages).addRoutes(to: web)
    ForecastPages(store: store, pages: pages).addRoutes(to: web)
    ForecastAccuracyPages(store: store, pages: pages).addRoutes(to: web)
    DealPages(store: store, pages: pages).addRoutes(to: web)
    LeadPages(store: store, pages: pages).addRoutes(to: web)
    FirstTouchPages(store: store, pages: pages).addRoutes(to: web)
    BulkPages<Lead>(store: store, records: store.leads, pages: pages).addRoutes(to: web)
    RecordPages<Lead>(store: store, records: store.leads, pages: pages).addRoutes(to: web)
    BulkPages<Deal>(store: store, records: store.deals, pages: pages).addRoutes(to: web)
    RecordPages<Deal>(store: store, records: store.deals, pages: pages).addRoutes(to: web)
    BulkPages<Product>(store: store, records: store.products, pages: pages).addRoutes(to: web)
    RecordPages<Product>(store: store, records: store.products, pages: pages).addRoutes(to: web)
    DocumentPages(store: store, pages: pages).addRoutes(to: web)
    CrossSellPages(store: store, pages: pages).addRoutes(to: web)
    ConfiguratorPages(store: store, pages: pages).addRoutes(to: web)
    BundlePages(store: store).addRoutes(to: web)
    BulkPages<Article>(store: store, records: store.articles, pages: pages).addRoutes(to: web)
    RecordPages<Article>(store: store, records: store.articles, pages: pages).addRoutes(to: web)
    BulkPages<Quote>(store: store, records: store.billing.quotes, pages: pages).addRoutes(to: web)
    RecordPages<Quote>(store: store, records: store.billing.quotes, pages: pages).addRoutes(to: web)
    BulkPages<SalesOrder>(store: store, records: store.billing.orders, pages: pages).addRoutes(to: web)
    RecordPages<SalesOrder>(store: store, records: store.billing.orders, pages: pages).addRoutes(to: web)
    BulkPages<Invoice>(store: store, records: store.billing.invoices, pages: pages).addRoutes(to: web)
    RecordPages<Invoice>(store: store, records: store.billing.invoices, pages: pages).addRoutes(to: web)
    PriceBookPages(store: store, pages: pages).addRoutes(to: web)
    ContactVCardPages(store: store, pages: pages).addRoutes(to: web)
    CalendarPages(store: store, pages: pages, secure: config.secureCookies).addRoutes(to: web)
    RelationPages(store: store).addRoutes(to: web)
    DuplicatePages(store: store, pages: pages).addRoutes(to: web)
    MergePages<Account>(store: store, records: store.accounts, pages: pages).addRoutes(to: web)
    MergePages<Contact>(store: store, records: store.contacts, pages: pages).addRoutes(to: web)
    MergeUndoPages(store: store).addRoutes(to: web)
    WorkPages(store: store, pages: pages).addRoutes(to: web)
    PurposePages(store: store, pages: pages).addRoutes(to: web)
    LeadSettingsPages(store: store, pages: pages).addRoutes(to: web)
    LeadScoringPages(store: store, pages: pages).addRoutes(to: web)
    LeadFormPages(store: store, pages: pages, secure: config.secureCookies).addRoutes(to: web)
    PipelinePages(store: store, pages: pages).addRoutes(to: web)
    ForecastSettingsPages(store: store, pages: pages).addRoutes(to: web)
    OverrideReportPages(store: store, pages: pages).addRoutes(to: web)
    ImportPages(store: store, pages: pages, uploads: uploads).addRoutes(to: web)
    ReportPages(store: store, pages: pages).addRoutes(to: web)
    return router
}

/// Where the bundled templates, static files and API description are.
public enum Resources {
    public static var directory: String {
        // `resourcePath` differs between platforms (Linux appends `/Resources` when it exists); the
        // bundle's own path does not.
        Bundle.module.bundlePath + "/Resources"
    }
}
