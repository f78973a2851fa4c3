import Foundation
import RapportCore

extension Lead: WebEntity {
    static let singular = "lead"
    static let plural = "Leads"
    static let path = "/leads"
    static let listFilters = ["status", "source"]

    static let columns: [ListColumn<Lead>] = [
        ListColumn(label: "Name", sort: .name) { r, _ in CellView(text: r.title, href: "/leads/\(r.id)") },
        ListColumn(label: "Company") { r, _ in CellView(text: r["company"]?.text ?? "—", muted: r["company"] == nil) },
        ListColumn(label: "Status") { r, _ in CellView(text: label(r["status"]?.text ?? "new"), badge: true) },
        ListColumn(label: "Source") { r, _ in CellView(text: r["source"]?.text.map(label) ?? "—", muted: r["source"] == nil) },
        ListColumn(label: "Score", numeric: true) { r, _ in
            guard case .int(let score)? = r["score"] else { return CellView(text: "—", muted: true) }
            return CellView(text: String(score))
        },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Created", sort: .createdAt) { r, _ in CellView(text: DateText.short(r.createdAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Person", ["first_name", "last_name", "title", "emails", "phones", "email_opt_out"]),
        ("Company", ["company", "website", "industry", "employees"]),
        ("Address", ["street", "city", "region", "postal_code", "country"]),
        ("Qualification", ["status", "disqualified_reason", "source", "source_detail", "tags", "description"]),
    ]

    static func label(_ raw: String) -> String { ChoiceLabel.text(raw) }

    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        [ActionLink(text: "Cross-sell", href: "/leads/cross-sell", icon: "products")]
    }

    static func recordActions(_ record: Record<Lead>) -> [ActionLink] {
        guard record["converted_at"] == nil, record.deletedAt == nil else { return [] }
        return [ActionLink(text: "Convert", href: "/leads/\(record.id)/convert", icon: "arrow-right")]
    }

    static func facts(_ r: Record<Lead>, _ l: Lookups) -> [FactView] {
        var facts = [
            FactView(label: "Status", value: label(r["status"]?.text ?? "new")),
            FactView(label: "Owner", value: l.userName(r.ownerID)),
        ]
        if case .int(let score)? = r["score"] { facts.append(FactView(label: "Score", value: String(score))) }
        if case .int(let chance)? = r["conversion_probability"] { facts.append(FactView(label: "Chance to convert", value: "\(chance)%")) }
        if let source = r["source"]?.text {
            let detail = r["source_detail"]?.text.map { " · " + $0 } ?? ""
            facts.append(FactView(label: "Source", value: label(source) + detail))
        }
        if let email = r["emails"]?.emails.first?.address.value { facts.append(FactView(label: "Email", value: email, href: "mailto:" + email)) }
        if let phone = r["phones"]?.phones.first?.number.e164 { facts.append(FactView(label: "Phone", value: phone, href: "tel:" + phone)) }
        if let touched = r["first_touched_at"]?.time {
            facts.append(FactView(label: "First touched", value: DateText.full(touched, in: l.zone)))
        } else if let due = r["first_touch_due_at"]?.time, Lead.isOpen(r.values) {
            let late = due < Timestamp.now()
            facts.append(FactView(label: late ? "First touch overdue since" : "First touch due", value: DateText.near(due, in: l.zone)))
        }
        return facts
    }

    static func subheading(_ r: Record<Lead>, _ l: Lookups) -> String? {
        let parts = [r["title"]?.text, r["company"]?.text].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " at ")
    }
}
