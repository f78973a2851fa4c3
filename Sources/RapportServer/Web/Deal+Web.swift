import Foundation
import RapportCore

extension Deal: WebEntity {
    static let singular = "deal"
    static let plural = "Deals"
    static let path = "/deals"
    static let listFilters = ["pipeline_id", "stage_id", "forecast_category"]

    static let columns: [ListColumn<Deal>] = [
        ListColumn(label: "Deal", sort: .name) { r, _ in CellView(text: r.title, href: "/deals/\(r.id)") },
        ListColumn(label: "Account") { r, l in
            guard let id = r["account_id"]?.uuid else { return CellView(text: "—", muted: true) }
            return CellView(text: l.accounts[id] ?? "—", href: "/accounts/\(id.uuidString.lowercased())")
        },
        ListColumn(label: "Stage") { r, l in CellView(text: r["stage_id"]?.uuid.flatMap { l.names[$0] } ?? "—", badge: true) },
        ListColumn(label: "Amount", numeric: true) { r, _ in
            CellView(text: r["amount"]?.display ?? "—", muted: r["amount"] == nil)
        },
        ListColumn(label: "Close") { r, _ in CellView(text: r["close_date"]?.display ?? "—", muted: r["close_date"] == nil) },
        ListColumn(label: "Prob.", numeric: true) { r, _ in
            guard case .int(let p)? = r["probability"] else { return CellView(text: "—", muted: true) }
            return CellView(text: "\(p)%", muted: true)
        },
        ListColumn(label: "Owner") { r, l in CellView(text: l.userName(r.ownerID)) },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Deal", ["name", "account_id", "contact_id", "amount", "close_date", "next_step"]),
        ("Stage", ["pipeline_id", "stage_id", "probability", "forecast_category"]),
        ("Context", ["source", "competitor_ids", "lost_reason", "won_reason", "tags", "description"]),
    ]

    static func facts(_ r: Record<Deal>, _ l: Lookups) -> [FactView] {
        var facts: [FactView] = []
        if let id = r["account_id"]?.uuid {
            facts.append(FactView(label: "Account", value: l.accounts[id] ?? "—", href: "/accounts/\(id.uuidString.lowercased())"))
        }
        facts.append(FactView(label: "Stage", value: r["stage_id"]?.uuid.flatMap { l.names[$0] } ?? "—"))
        if let amount = r["amount"] { facts.append(FactView(label: "Amount", value: amount.display)) }
        if let close = r["close_date"] { facts.append(FactView(label: "Expected close", value: close.display)) }
        if case .int(let p)? = r["probability"] { facts.append(FactView(label: "Probability", value: "\(p)%")) }
        facts.append(FactView(label: "Owner", value: l.userName(r.ownerID)))
        return facts
    }

    static func listActions(_ query: ListQuery, principal: Principal) -> [ActionLink] {
        let pipeline = query.filters["pipeline_id"].map { "?pipeline=" + $0 } ?? ""
        return [ActionLink(text: "Board", href: "/deals/board" + pipeline, icon: "deals")]
    }

    static func subheading(_ r: Record<Deal>, _ l: Lookups) -> String? {
        r["next_step"]?.text.map { "Next: " + $0 }
    }
}
