import Foundation
import RapportCore
import RapportStore

/// What an import did with each card of a file.
struct VCardImportReport: Sendable {
    struct Created: Sendable {
        var index: Int
        var id: Record<Contact>.ID
        var name: String
    }

    struct Skipped: Sendable {
        var index: Int
        var name: String?
        /// `unreadable`, `no_name`, `invalid`, `possible_duplicate`, or another check's kind.
        var code: String
        var reason: String
        var errors: [FieldIssue] = []
        /// Records the card seems to duplicate.
        var matches: [String] = []
    }

    /// Something a created contact lacks that the card had, or an account that was not matched.
    struct Warning: Sendable {
        var index: Int
        var id: Record<Contact>.ID
        var name: String
        var message: String
    }

    var created: [Created] = []
    var skipped: [Skipped] = []
    var warnings: [Warning] = []

    var json: JSONValue {
        .object([
            "created": .array(created.map { .string($0.id.description) }),
            "skipped": .array(
                skipped.map { s in
                    var o: JSONObject = [
                        "index": .int(Int64(s.index)), "name": .string(s.name), "code": .string(s.code), "reason": .string(s.reason),
                    ]
                    if !s.errors.isEmpty {
                        o["errors"] = .array(s.errors.map { .object(["field": .string($0.field), "reason": .string($0.reason)]) })
                    }
                    if !s.matches.isEmpty { o["matches"] = .array(s.matches.map { .string($0) }) }
                    return .object(o)
                }),
            "warnings": .array(
                warnings.map {
                    .object([
                        "index": .int(Int64($0.index)), "id": .string($0.id.description), "name": .string($0.name),
                        "message": .string($0.message),
                    ])
                }),
        ])
    }
}

/// What to do with a card that looks like a contact already there.
enum DuplicatePolicy: String, Sendable, CaseIterable {
    case skip, create

    static func read(_ raw: String?) throws(RapportError) -> DuplicatePolicy {
        guard let raw, !raw.isEmpty else { return .skip }
        guard let policy = DuplicatePolicy(rawValue: raw) else {
            throw .invalid(field: "duplicates", reason: "must be skip or create")
        }
        return policy
    }
}

/// Creates contacts from a vCard file, card by card: each card is created whole in its own
/// transaction or skipped with its reason, so a bad card never stops the others.
struct ContactVCardImport: Sendable {
    let store: Store

    /// More cards than this is a job for several files (each card is one transaction).
    static let maxCards = 10_000

    func run(_ bytes: [UInt8], duplicates: DuplicatePolicy, by principal: Principal) async throws -> VCardImportReport {
        try principal.requireWrite()
        let entries = VCardReader.read(bytes)
        guard !entries.isEmpty else {
            throw RapportError.invalid(field: "body", reason: "holds no vCard (BEGIN:VCARD … END:VCARD)")
        }
        guard entries.count <= Self.maxCards else {
            throw RapportError.invalid(
                field: "body", reason: "holds \(entries.count) cards; import at most \(Self.maxCards) at a time")
        }
        let country = try await store.directory.defaultCountry(of: principal.workspaceID)
        var accounts = AccountMatcher(store: store, principal: principal)
        var report = VCardImportReport()
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .broken(let reason, let name):
                report.skipped.append(.init(index: index, name: name, code: "unreadable", reason: reason))
            case .card(let card):
                try await importCard(
                    card, index: index, country: country, duplicates: duplicates, accounts: &accounts, into: &report,
                    by: principal)
            }
        }
        return report
    }

    /// Creates one card's contact in its own transaction, or notes why not.
    func importCard(
        _ card: VCard, index: Int, country: String, duplicates: DuplicatePolicy, accounts: inout AccountMatcher,
        into report: inout VCardImportReport, by principal: Principal
    ) async throws {
        let read: VCardContact
        switch ContactVCard.contact(from: card) {
        case .success(let value): read = value
        case .failure(let failure):
            report.skipped.append(.init(index: index, name: failure.name, code: "no_name", reason: failure.reason))
            return
        }
        var input = Input(read.fields)
        var changes = RecordChanges<Contact>.read(&input, defaultCountry: country)
        if let issues = Self.issues(of: { try changes.validate(input, against: [:]) }) {
            report.skipped.append(.init(index: index, name: read.name, code: "invalid", reason: Self.sentence(issues), errors: issues))
            return
        }
        var notes = read.notes
        if let organization = read.organization {
            switch try await accounts.match(organization) {
            case .success(let id): changes.values["account_id"] = .some(.id(id))
            case .failure(let reason): notes.append(reason.text)
            }
        }
        if duplicates == .create { changes.flags.insert("allow_duplicate") }
        let record: Record<Contact>
        do {
            record = try await store.contacts.create(changes, by: principal)
        } catch let error as RapportError {
            switch error {
            case .needsConfirmation(let confirmation):
                let matches = confirmation.conflicts.compactMap { $0.details["record_id"]?.stringValue }
                report.skipped.append(
                    .init(
                        index: index, name: read.name, code: confirmation.kind,
                        reason: confirmation.conflicts.map(\.message).joined(separator: " "), matches: matches))
            case .invalid(let issues):
                report.skipped.append(.init(index: index, name: read.name, code: "invalid", reason: Self.sentence(issues), errors: issues))
            default:
                throw error
            }
            return
        }
        report.created.append(.init(index: index, id: record.id, name: read.name))
        report.warnings += notes.map { .init(index: index, id: record.id, name: read.name, message: $0) }
    }

    /// The field issues a validation throws, or `nil` when it passes.
    static func issues(of validation: () throws -> Void) -> [FieldIssue]? {
        do {
            try validation()
            return nil
        } catch {
            if case .invalid(let list)? = error as? RapportError { return list }
            return [FieldIssue(field: "card", reason: "could not be read")]
        }
    }

    static func sentence(_ issues: [FieldIssue]) -> String {
        issues.map { "\($0.field) \($0.reason)" }.joined(separator: "; ")
    }
}

/// Finds the account an organisation name stands for, once per name per import.
struct AccountMatcher {
    let store: Store
    let principal: Principal
    private var cache: [String: Result<UUID, FieldIssueReason>] = [:]

    init(store: Store, principal: Principal) {
        self.store = store
        self.principal = principal
    }

    /// The one visible account with exactly this name; otherwise why there is none.
    mutating func match(_ name: String) async throws -> Result<UUID, FieldIssueReason> {
        let key = SearchText.fold(name)
        if let known = cache[key] { return known }
        let found = try await store.accounts.named(name, limit: 2, by: principal)
        let result: Result<UUID, FieldIssueReason>
        switch found.count {
        case 1: result = .success(found[0].id.uuid)
        case 0: result = .failure(FieldIssueReason(text: "no account you can see is named “\(name.prefix(80))”, so none was set"))
        default: result = .failure(FieldIssueReason(text: "several accounts are named “\(name.prefix(80))”, so none was set"))
        }
        cache[key] = result
        return result
    }
}
