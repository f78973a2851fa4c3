import Foundation
import RapportCore
import SQLKit

/// Converts a lead into an account, a contact and (optionally) a deal in one transaction,
/// matching existing records instead of duplicating them. The lead's activities and tasks join
/// the contact's and account's timelines; the lead keeps where it went.
public struct LeadConversion: Sendable {
    let db: Database
    let leads: RecordStore<Lead>
    let accounts: RecordStore<Account>
    let contacts: RecordStore<Contact>
    let deals: RecordStore<Deal>
    let activities: RecordStore<Activity>
    let tasks: RecordStore<Todo>

    /// Existing records the lead may be, best match first, among those the principal may see.
    public struct Candidates: Sendable {
        public var accounts: [DuplicateCandidate<Account>]
        public var contacts: [DuplicateCandidate<Contact>]
    }

    /// What a conversion made or matched.
    public struct Outcome: Sendable {
        public var lead: Record<Lead>
        public var account: Record<Account>?
        public var contact: Record<Contact>
        public var deal: Record<Deal>?
    }

    public func candidates(for id: Record<Lead>.ID, by principal: Principal) async throws -> Candidates {
        let lead = try await leads.get(id, by: principal)
        return try await db.read { sql in
            let account = try Self.accountDraft(from: lead, principal: principal)
            let contact = try Self.contactDraft(from: lead, account: nil, principal: principal)
            var accounts: [DuplicateCandidate<Account>] = []
            if let account {
                accounts = try await DuplicateCandidates.find(account, limit: 5, on: sql).filter {
                    principal.canSee(owner: $0.ownerID, team: $0.teamID, shared: $0.shared)
                }
            }
            let contacts = try await DuplicateCandidates.find(contact, limit: 5, on: sql).filter {
                principal.canSee(owner: $0.ownerID, team: $0.teamID, shared: $0.shared)
            }
            return Candidates(accounts: accounts, contacts: contacts)
        }
    }

    public func convert(_ id: Record<Lead>.ID, _ plan: ConversionPlan, expecting version: Int?, by principal: Principal)
        async throws -> Outcome
    {
        try principal.requireWrite()
        return try await db.write { sql in
            let lead = try await RecordStore<Lead>.visible(id, by: principal, on: sql)
            if let version, lead.version != version {
                throw RapportError.staleVersion(entity: Lead.name, id: id.description, current: lead.version)
            }
            guard lead.deletedAt == nil else { throw RapportError.conflict("This lead is deleted; restore it before converting it.") }
            guard lead["converted_at"] == nil else { throw RapportError.conflict("This lead was converted already.") }
            let ownerID = plan.ownerID ?? lead.ownerID ?? principal.userID
            let flags: Set<String> = plan.allowDuplicates ? ["allow_duplicate"] : []

            var account: Record<Account>?
            switch plan.account {
            case .existing(let accountID)?:
                account = try await Self.live(accountID, field: "account_id", by: principal, on: sql)
            case .new?:
                guard var draft = try Self.accountDraft(from: lead, principal: principal, id: plan.newIDs.account) else {
                    throw RapportError.invalid(field: "account", reason: "a new account needs the lead's company name")
                }
                draft.ownerID = ownerID
                account = try await accounts.insert(draft, flags: flags, by: principal, on: sql)
            case nil:
                account = nil
            }

            let contact: Record<Contact>
            switch plan.contact {
            case .existing(let contactID):
                contact = try await Self.live(contactID, field: "contact_id", by: principal, on: sql)
            case .new:
                var draft = try Self.contactDraft(from: lead, account: account?.id, principal: principal, id: plan.newIDs.contact)
                draft.ownerID = ownerID
                contact = try await contacts.insert(draft, flags: flags, by: principal, on: sql)
            }

            var deal: Record<Deal>?
            if let planned = plan.deal {
                var changes = RecordChanges<Deal>()
                let name = planned.name.trimmingWhitespace()
                guard !name.isEmpty else { throw RapportError.invalid(field: "deal.name", reason: "is required") }
                changes.values["name"] = .some(.text(String(name.prefix(200))))
                changes.values["account_id"] = .some(account.map { .id($0.id.uuid) })
                changes.values["contact_id"] = .some(.id(contact.id.uuid))
                changes.values["lead_id"] = .some(.id(lead.id.uuid))
                changes.values["source"] = .some(lead["source"])
                if let amount = planned.amount { changes.values["amount"] = .some(.money(amount)) }
                if let close = planned.closeDate { changes.values["close_date"] = .some(.date(close)) }
                if let stage = planned.stageID { changes.values["stage_id"] = .some(.id(stage)) }
                changes.ownerID = .set(ownerID)
                do {
                    let draft = try deals.draft(changes, id: plan.newIDs.deal.map(Record<Deal>.ID.init), by: principal)
                    deal = try await deals.insert(draft, flags: [], by: principal, on: sql)
                } catch RapportError.invalid(let issues) {
                    throw RapportError.invalid(issues.map { FieldIssue(field: "deal." + $0.field, reason: $0.reason) })
                }
            }

            var done = RecordChanges<Lead>()
            done.values["status"] = .some(.text("converted"))
            done.values["converted_at"] = .some(.time(.now()))
            done.values["converted_account_id"] = .some(account.map { .id($0.id.uuid) })
            done.values["converted_contact_id"] = .some(.id(contact.id.uuid))
            done.values["converted_deal_id"] = .some(deal.map { .id($0.id.uuid) })
            let converted = try await leads.update(id, done, expecting: nil, by: principal, on: sql)

            try await carryOver(lead: lead, contact: contact, account: account, deal: deal, by: principal, on: sql)
            return Outcome(lead: converted, account: account, contact: contact, deal: deal)
        }
    }

    /// The lead's activities and tasks join the contact's (and account's, and the new deal's) timeline.
    func carryOver(
        lead: Record<Lead>, contact: Record<Contact>, account: Record<Account>?, deal: Record<Deal>?, by principal: Principal,
        on sql: any SQLDatabase
    ) async throws {
        for table in ["activities", "tasks"] {
            let ids = try await sql.raw(
                """
                SELECT id FROM \(unsafeRaw: table)
                WHERE lead_id = \(bind: lead.id.uuid) AND workspace_id = \(bind: principal.workspaceID.uuid) AND deleted_at IS NULL
                ORDER BY id
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            for rowID in ids {
                if table == "activities" {
                    _ = try await activities.update(
                        .init(rowID), Self.relink(Activity.self, contact: contact, account: account, deal: deal), expecting: nil,
                        by: principal, on: sql)
                } else {
                    _ = try await tasks.update(
                        .init(rowID), Self.relink(Todo.self, contact: contact, account: account, deal: deal), expecting: nil,
                        by: principal, on: sql)
                }
            }
        }
    }

    static func relink<E: Entity>(_ entity: E.Type, contact: Record<Contact>, account: Record<Account>?, deal: Record<Deal>?)
        -> RecordChanges<E>
    {
        var changes = RecordChanges<E>()
        changes.values["contact_id"] = .some(.id(contact.id.uuid))
        if let account { changes.values["account_id"] = .some(.id(account.id.uuid)) }
        if let deal { changes.values["deal_id"] = .some(.id(deal.id.uuid)) }
        return changes
    }

    static func live<E: Entity>(_ id: Record<E>.ID, field: String, by principal: Principal, on sql: any SQLDatabase) async throws
        -> Record<E>
    {
        let record: Record<E>
        do {
            record = try await RecordStore<E>.visible(id, by: principal, on: sql)
        } catch RapportError.notFound {
            throw RapportError.invalid(field: field, reason: "does not name a record you can see")
        }
        guard record.deletedAt == nil else { throw RapportError.invalid(field: field, reason: "is deleted") }
        return record
    }

    /// A new account made of the lead's company fields; nil without a company name.
    static func accountDraft(from lead: Record<Lead>, principal: Principal, id: UUID? = nil) throws -> Record<Account>? {
        guard lead["company"] != nil else { return nil }
        var values: FieldValues = ["type": .text("prospect")]
        for (from, to) in ConversionPlan.accountFields { values[to] = lead[from] }
        values = try RecordChanges<Account>.from(values).apply(to: [:])
        return draft(values, principal: principal, lead: lead, id: id)
    }

    static func contactDraft(from lead: Record<Lead>, account: Record<Account>.ID?, principal: Principal, id: UUID? = nil) throws
        -> Record<Contact>
    {
        var values: FieldValues = [:]
        for field in ConversionPlan.contactFields { values[field] = lead[field] }
        if values["first_name"] == nil, values["last_name"] == nil { values["last_name"] = lead["company"] }
        values["account_id"] = account.map { .id($0.uuid) }
        values = try RecordChanges<Contact>.from(values).apply(to: [:])
        return draft(values, principal: principal, lead: lead, id: id)
    }

    static func draft<E: Entity>(_ values: FieldValues, principal: Principal, lead: Record<Lead>, id: UUID? = nil) -> Record<E> {
        let now = Timestamp.now()
        return Record<E>(
            id: id.map(Record<E>.ID.init) ?? .make(), workspaceID: principal.workspaceID, values: values, ownerID: lead.ownerID ?? principal.userID,
            teamID: lead.teamID ?? principal.teamID, shared: lead.shared, version: 1, createdAt: now, updatedAt: now,
            createdBy: principal.userID, updatedBy: principal.userID, deletedAt: nil)
    }
}
