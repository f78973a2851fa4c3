import Foundation
import RapportCore

extension ImportRun {
    /// The match key's values of a row, as stored and looked up.
    func matchValues(_ row: PreparedRow<E>) -> [String] {
        guard let key = batch.settings.matchKey else { return [] }
        let values = row.changes.values
        switch key {
        case "email":
            return E.fields.filter { if case .emails = $0.kind { true } else { false } }
                .flatMap { (values[$0.name] ?? nil)?.emails.map(\.address.value) ?? [] }
        case "phone":
            return E.fields.filter { if case .phones = $0.kind { true } else { false } }
                .flatMap { (values[$0.name] ?? nil)?.phones.map(\.number.e164) ?? [] }
        case "id":
            return row.row.recordID.map { [$0.uuidString.lowercased()] } ?? []
        case "name":
            guard let text = (values["name"] ?? nil)?.text else { return [] }
            return [String(SearchText.fold(text).prefix(120))]
        case "domain":
            let website = (values["website"] ?? nil)?.text.flatMap(Input.domain(ofURL:))
            guard var text = ((values["domain"] ?? nil)?.text ?? website)?.lowercased() else { return [] }
            if text.hasPrefix("www.") { text.removeFirst(4) }
            return [text]
        default:
            return ((values[key] ?? nil)?.text).map { [$0] } ?? []
        }
    }

    /// The identifiers a created row is remembered by for later rows' match keys.
    func matchPoints(_ row: PreparedRow<E>) -> [String] { matchValues(row).map { "match:" + $0 } }

    /// A row as the preview shows it.
    func previewRow(_ row: PreparedRow<E>, _ outcome: Outcome, draft: Record<E>?, updated: Record<E>?, warnings: [String]) -> ImportPreview.Row {
        var values: [String: String] = [:]
        if let record = draft ?? updated {
            for (name, value) in record.values { values[name] = value.display }
            if let owner = record.ownerID { values["owner_id"] = owner.description }
        } else {
            for (name, value) in row.row.object { values[name] = value.stringValue ?? Self.text(value) }
        }
        if let owner = row.row.owner { values["owner_id"] = owner }
        for (name, text) in row.row.references { values[name] = text }
        var messages = warnings
        var recordID: UUID?
        let kind: String
        switch outcome {
        case .pending, .blank: kind = row.blank ? "blank" : "skip"
        case .rejected(let reason, let id):
            kind = "reject"
            messages.insert(reason, at: 0)
            recordID = id
        case .skipped(let reason, let id):
            kind = "skip"
            messages.insert(reason, at: 0)
            recordID = id
        case .created(let flagged):
            kind = "create"
            if let flagged {
                messages.insert(flagged.sentence(noun: E.name) + " It will be listed for review.", at: 0)
                recordID = flagged.visible ? flagged.recordID : nil
            }
        case .update(let id):
            kind = "update"
            recordID = id
        case .unchanged(let id):
            kind = "unchanged"
            recordID = id
        }
        return ImportPreview.Row(number: row.number, outcome: kind, values: values, messages: messages, recordID: recordID)
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .array(let items): items.map(text).joined(separator: ", ")
        case .object(let o): o.compactMap { $0.key == "label" ? nil : text($0.value) }.joined(separator: " ")
        default: ""
        }
    }

    /// A record with an update's changes applied (lists gain the row's items, blanks change
    /// nothing), or `nil` when nothing would change.
    static func updated(_ record: Record<E>, with changes: RecordChanges<E>) throws(RapportError) -> Record<E>? {
        var merged = changes
        for (name, value) in changes.values {
            guard let value, let spec = E.field(name) else { continue }
            switch (spec.kind, value, record.values[name]) {
            case (.emails(let max), .emails(let new), .emails(let old)?):
                merged.values[name] = .emails(Array((old + new.filter { n in !old.contains { $0.address == n.address } }).prefix(max)))
            case (.phones(let max), .phones(let new), .phones(let old)?):
                merged.values[name] = .phones(Array((old + new.filter { n in !old.contains { $0.number == n.number } }).prefix(max)))
            case (.tags(let max), .tags(let new), .tags(let old)?):
                merged.values[name] = .tags(Array((old + new.filter { !old.contains($0) }).prefix(max)))
            default: break
            }
        }
        var next = record
        next.values = try merged.apply(to: record.values)
        next.ownerID = merged.ownerID.applied(to: record.ownerID)
        next.teamID = merged.teamID.applied(to: record.teamID)
        next.shared = merged.shared.applied(to: record.shared)
        return Record<E>.diff(record, next).isEmpty ? nil : next
    }
}
