import Foundation
import RapportCore
import SQLKit

/// Customers of associated products: the people whose company bought one product (within some
/// months, or ever) and not another, made into leads for cross-selling with where they came from.
public struct CrossSell: Sendable {
    let db: Database
    let leads: RecordStore<Lead>
    let contacts: RecordStore<Contact>
    let accounts: RecordStore<Account>

    public struct Rule: Sendable, Equatable {
        public var bought: UUID
        public var notBought: UUID?
        public var withinMonths: Int?

        public init(bought: UUID, notBought: UUID?, withinMonths: Int?) {
            self.bought = bought
            self.notBought = notBought
            self.withinMonths = withinMonths
        }
    }

    public struct Candidate: Sendable {
        public var contact: Record<Contact>
        public var account: Record<Account>?
        public var lastBought: LocalDate?
        public var order: String
    }

    /// The rule in words, for the leads' source detail: `Bought AUR-UV200 in 12 months, not SVC-GOLD`.
    public func describe(_ rule: Rule, by principal: Principal) async throws -> String {
        let products = RecordStore<Product>(db)
        let bought = try await products.get(.init(rule.bought), by: principal)
        var text = "Bought \(bought["sku"]?.text ?? bought.title)"
        if let months = rule.withinMonths { text += " in \(months) months" }
        if let other = rule.notBought {
            let not = try await products.get(.init(other), by: principal)
            text += ", not \(not["sku"]?.text ?? not.title)"
        }
        return text
    }

    public func candidates(_ rule: Rule, limit: Int = 1_000, by principal: Principal) async throws -> [Candidate] {
        var issues: [FieldIssue] = []
        if let months = rule.withinMonths, !(1...120).contains(months) {
            issues.append(FieldIssue(field: "within_months", reason: "must be from 1 to 120"))
        }
        if rule.notBought == rule.bought { issues.append(FieldIssue(field: "not_bought_product_id", reason: "must be another product")) }
        if !issues.isEmpty { throw RapportError.invalid(issues) }
        let products = RecordStore<Product>(db)
        for (field, id) in [("bought_product_id", rule.bought), ("not_bought_product_id", rule.notBought)] {
            guard let id else { continue }
            do { _ = try await products.get(.init(id), by: principal) } catch RapportError.notFound {
                throw RapportError.invalid(field: field, reason: "is not a product of the catalog")
            }
        }
        var since = ""
        if let months = rule.withinMonths {
            let today = try await db.read { sql in try await BillingSettings.load(principal.workspaceID, on: sql).today }
            since = today.adding(days: -months * 30).description
        }
        let sinceDate = since
        let rows = try await db.read { sql in
            try await sql.raw(
                """
                SELECT o.contact_id, MAX(o.order_date) AS last_bought, MAX(o.number) AS last_order
                FROM orders o JOIN document_lines l ON l.document_id = o.id
                WHERE o.workspace_id = \(bind: principal.workspaceID.uuid) AND o.status IN ('confirmed', 'fulfilled')
                    AND o.deleted_at IS NULL AND o.contact_id IS NOT NULL AND l.product_id = \(bind: rule.bought)
                    AND o.order_date >= \(bind: sinceDate)
                    AND NOT EXISTS (
                        SELECT 1 FROM orders o2 JOIN document_lines l2 ON l2.document_id = o2.id
                        WHERE o2.workspace_id = o.workspace_id AND o2.status IN ('confirmed', 'fulfilled') AND o2.deleted_at IS NULL
                            AND l2.product_id = \(bind: rule.notBought)
                            AND (o2.contact_id = o.contact_id OR (o.account_id IS NOT NULL AND o2.account_id = o.account_id)))
                GROUP BY o.contact_id
                ORDER BY MAX(o.order_date) DESC, o.contact_id
                LIMIT \(bind: limit)
                """
            ).all().map {
                (
                    try $0.decode(column: "contact_id", as: UUID.self), try $0.decode(column: "last_bought", as: String.self),
                    try $0.decode(column: "last_order", as: String.self)
                )
            }
        }
        let people = try await contacts.get(many: rows.map { .init($0.0) }, by: principal)
        let byID = Dictionary(people.map { ($0.id.uuid, $0) }, uniquingKeysWith: { a, _ in a })
        let accountIDs = Set(people.compactMap { $0["account_id"]?.uuid })
        let companies = try await accounts.get(many: accountIDs.map { .init($0) }, by: principal)
        let accountByID = Dictionary(companies.map { ($0.id.uuid, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.compactMap { row in
            guard let person = byID[row.0], person.deletedAt == nil else { return nil }
            return Candidate(
                contact: person, account: person["account_id"]?.uuid.flatMap { accountByID[$0] }, lastBought: try? LocalDate(row.1),
                order: row.2)
        }
    }

    /// Makes a lead of each candidate not already on a list made by the same rule (or opted out of
    /// email); returns the leads made and how many were left out.
    public func createLeads(_ rule: Rule, by principal: Principal) async throws -> (leads: [Record<Lead>], skipped: Int) {
        try principal.requireWrite()
        let found = try await candidates(rule, by: principal)
        let detail = try await describe(rule, by: principal)
        let existing = try await db.read { sql in
            try await sql.raw(
                """
                SELECT description FROM leads WHERE workspace_id = \(bind: principal.workspaceID.uuid) AND source = 'associated_product'
                    AND source_detail = \(bind: String(detail.prefix(200))) AND deleted_at IS NULL
                """
            ).all().map { try $0.decode(column: "description", as: String.self) }
        }
        var made: [Record<Lead>] = []
        var skipped = 0
        for candidate in found {
            let marker = "/contacts/\(candidate.contact.id)"
            if existing.contains(where: { $0.contains(marker) }) || candidate.contact["email_opt_out"] == .bool(true) {
                skipped += 1
                continue
            }
            var changes = RecordChanges<Lead>()
            for field in ["first_name", "last_name", "title", "emails", "phones", "country", "city"] {
                if let value = candidate.contact[field] { changes.values[field] = .some(value) }
            }
            if let company = candidate.account?.title { changes.values["company"] = .some(.text(company)) }
            if let industry = candidate.account?["industry"] { changes.values["industry"] = .some(industry) }
            changes.values["source"] = .some(.text("associated_product"))
            changes.values["source_detail"] = .some(.text(String(detail.prefix(200))))
            changes.values["tags"] = .some(.tags(["cross-sell"]))
            changes.values["description"] = .some(
                .text(
                    "Cross-sell: \(detail). Customer contact \(marker); last bought on \(candidate.lastBought?.description ?? "an earlier date") (\(candidate.order))."
                ))
            changes.ownerID = .set(candidate.contact.ownerID)
            made.append(try await leads.create(changes, by: principal))
        }
        return (made, skipped)
    }
}

extension Store {
    public var crossSell: CrossSell { CrossSell(db: db, leads: leads, contacts: contacts, accounts: accounts) }
}
