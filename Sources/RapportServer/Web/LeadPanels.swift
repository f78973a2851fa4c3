import Foundation
import RapportCore

/// What a lead's page shows beyond its fields: where a converted lead went.
struct LeadPanelsView {
    var converted: Bool
    var convertedWhen: String?
    var links: [LinkView]
}

enum LeadPanels {
    static func make(_ lead: Record<Lead>, lookups: Lookups) -> LeadPanelsView? {
        guard let at = lead["converted_at"]?.time else { return nil }
        var links: [LinkView] = []
        for (field, path, noun) in [
            ("converted_account_id", "/accounts", "account"), ("converted_contact_id", "/contacts", "contact"),
            ("converted_deal_id", "/deals", "deal"),
        ] {
            guard let id = lead[field]?.uuid else { continue }
            links.append(LinkView(text: lookups.name(id) ?? "the \(noun)", href: "\(path)/\(id.uuidString.lowercased())"))
        }
        return LeadPanelsView(converted: true, convertedWhen: DateText.full(at, in: lookups.zone), links: links)
    }
}
