import Foundation
import RapportCore
import SQLKit

/// Quotes, orders and invoices: their lines and totals, and the steps that move them from one
/// status to the next (sending and accepting a quote, confirming an order, issuing and paying an
/// invoice). Every step is one transaction through the record stores, so each change is checked,
/// versioned and in the event log like any other edit.
public struct SalesDocuments: Sendable {
    let db: Database
    public let quotes: RecordStore<Quote>
    public let orders: RecordStore<SalesOrder>
    public let invoices: RecordStore<Invoice>

    init(_ db: Database) {
        self.db = db
        quotes = RecordStore(db, derivations: [ActivityDerivations.relatedAccountAndTeam(), DocumentDerivations.rules()])
        orders = RecordStore(db, derivations: [ActivityDerivations.relatedAccountAndTeam(), DocumentDerivations.rules()])
        invoices = RecordStore(db, derivations: [ActivityDerivations.relatedAccountAndTeam(), DocumentDerivations.rules()])
    }

    public func settings(in workspace: Workspace.ID) async throws -> BillingSettings {
        try await db.read { sql in try await BillingSettings.load(workspace, on: sql) }
    }

    /// Changes the workspace's billing defaults (admins).
    public func updateSettings(
        taxRates: TaxRates?, quoteValidDays: Int?, invoiceDueDays: Int?, by principal: Principal
    ) async throws -> BillingSettings {
        guard principal.role == .admin else { throw RapportError.forbidden("Only admins change billing settings.") }
        var issues: [FieldIssue] = []
        if let days = quoteValidDays, !(1...365).contains(days) {
            issues.append(FieldIssue(field: "quote_valid_days", reason: "must be from 1 to 365"))
        }
        if let days = invoiceDueDays, !(0...365).contains(days) {
            issues.append(FieldIssue(field: "invoice_due_days", reason: "must be from 0 to 365"))
        }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        return try await db.write { sql in
            var settings = try await BillingSettings.load(principal.workspaceID, on: sql)
            if let taxRates { settings.taxRates.rates.merge(taxRates.rates) { _, new in new } }
            if let quoteValidDays { settings.quoteValidDays = quoteValidDays }
            if let invoiceDueDays { settings.invoiceDueDays = invoiceDueDays }
            try await sql.raw(
                """
                UPDATE workspaces SET tax_rates = \(bind: settings.taxRates.stored), quote_valid_days = \(bind: settings.quoteValidDays),
                    invoice_due_days = \(bind: settings.invoiceDueDays)
                WHERE id = \(bind: principal.workspaceID.uuid)
                """
            ).run()
            try await EventLog.append(
                EventLog.event(
                    .updated, entity: "billing_settings", recordID: principal.workspaceID.description,
                    changes: [FieldChange(field: "billing", before: .null, after: settings.json)], version: 1, by: principal, at: .now()),
                on: sql)
            return settings
        }
    }

    /// A document's lines, with each line's amounts.
    public func lines<D: SalesDocument>(of record: Record<D>) async throws -> [DocumentLine] {
        try await db.read { sql in try await DocumentLines.load(record.id.uuid, on: sql) }
    }

    /// Replaces a draft document's lines and sets its totals, provided it is still at `version`.
    public func setLines<D: SalesDocument>(
        _ requests: [LineRequest], of id: Record<D>.ID, expecting version: Int?, by principal: Principal
    ) async throws -> Record<D> {
        try principal.requireWrite()
        let records = store(D.self)
        return try await db.write { sql in
            let document = try await RecordStore<D>.visible(id, by: principal, on: sql)
            if let version, document.version != version {
                throw RapportError.staleVersion(entity: D.name, id: id.description, current: document.version)
            }
            try Self.requireEditable(document)
            let settings = try await BillingSettings.load(principal.workspaceID, on: sql)
            let currency = document["currency"]?.text ?? settings.currency
            let pricing = try await LinePricing.load(
                currency: currency, account: document["account_id"]?.uuid, settings: settings, workspace: principal.workspaceID, on: sql)
            let lines = try await pricing.price(requests, workspace: principal.workspaceID, on: sql)
            return try await Self.write(lines, to: document, records: records, by: principal, on: sql)
        }
    }

    /// Stores lines on a document and brings its totals in step (one versioned update).
    static func write<D: SalesDocument>(
        _ lines: [DocumentLine], to document: Record<D>, records: RecordStore<D>, extra: RecordValuesPatch = [:], by principal: Principal,
        on sql: any SQLDatabase
    ) async throws -> Record<D> {
        let currency = document["currency"]?.text ?? ""
        var (patch, totals) = try DocumentLines.derivedValues(lines, currency: currency)
        patch.merge(extra) { _, new in new }
        try await DocumentLines.replace(lines, totals: totals, of: document.id.uuid, kind: D.kind, workspace: document.workspaceID, on: sql)
        return try await records.update(document.id, .setting(patch), expecting: document.version, by: principal, on: sql)
    }

    static func requireEditable<D: SalesDocument>(_ document: Record<D>) throws {
        guard document.deletedAt == nil else { throw RapportError.conflict("This \(D.name) is deleted; restore it first.") }
        guard D.isEditable(document.values) else {
            let status = ChoiceText.words(document["status"]?.text ?? "")
            let advice = D.self == Quote.self ? " Revise it to change its lines." : ""
            throw RapportError.conflict("This \(D.name) is \(status); its lines no longer change.\(advice)")
        }
    }

    /// Loads a document for a step, checking its version and that it is in one of `statuses`.
    static func forStep<D: SalesDocument>(
        _ id: Record<D>.ID, expecting version: Int?, statuses: Set<String>, step: String, by principal: Principal, on sql: any SQLDatabase
    ) async throws -> Record<D> {
        try principal.requireWrite()
        let document = try await RecordStore<D>.visible(id, by: principal, on: sql)
        if let version, document.version != version {
            throw RapportError.staleVersion(entity: D.name, id: id.description, current: document.version)
        }
        guard document.deletedAt == nil else { throw RapportError.conflict("This \(D.name) is deleted; restore it first.") }
        let status = document["status"]?.text ?? D.initialStatus
        guard statuses.contains(status) else {
            let words = ChoiceText.words(status)
            let article = words.first.map { "aeiou".contains($0) } == true ? "An" : "A"
            throw RapportError.conflict("\(article) \(words) \(D.name) cannot be \(step).")
        }
        return document
    }

    public func store<D: SalesDocument>(_: D.Type) -> RecordStore<D> {
        switch D.kind {
        case .quote: quotes as! RecordStore<D>
        case .order: orders as! RecordStore<D>
        case .invoice: invoices as! RecordStore<D>
        }
    }

    /// The values a document made from another copies: the customer, the currency, the title.
    static func carried(from source: FieldValues) -> RecordValuesPatch {
        var patch: RecordValuesPatch = [:]
        for name in ["name", "account_id", "contact_id", "deal_id", "currency", "terms"] { patch[name] = .some(source[name]) }
        return patch
    }

    /// Inserts a new document made by a step (an order from a quote, an invoice from an order): it
    /// belongs to whoever owns the one it comes from, and is seen by the same people.
    static func insert<D: SalesDocument>(
        _ patch: RecordValuesPatch, owner: Record<some SalesDocument>, records: RecordStore<D>, by principal: Principal,
        on sql: any SQLDatabase
    ) async throws -> Record<D> {
        var changes = RecordChanges<D>.setting(patch)
        changes.ownerID = .set(owner.ownerID)
        changes.teamID = .set(owner.teamID)
        changes.shared = .set(owner.shared)
        let draft = try records.draft(changes, by: principal)
        return try await records.insert(draft, flags: [], by: principal, on: sql)
    }
}
