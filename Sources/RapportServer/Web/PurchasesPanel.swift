import Foundation
import RapportCore
import RapportStore

/// What an account or a contact bought, on its record page: lifetime revenue and margin, and the
/// latest lines of its orders.
enum PurchasesPanel {
    static func load(_ customer: PurchaseHistory.Customer, store: Store, principal: Principal) async throws -> PurchasesPanelView {
        let (purchases, summaries) = try await store.billing.purchases.history(of: customer, limit: 20, by: principal)
        let newQuote: String =
            switch customer {
            case .account(let id): "/quotes/new?account_id=\(id.lowercasedText)"
            case .contact(let id): "/quotes/new?contact_id=\(id.lowercasedText)"
            }
        return PurchasesPanelView(
            newQuoteHref: principal.canWrite ? newQuote : nil,
            summaries: summaries.map { s in
                var margin = s.margin.description
                if s.revenue.minor > 0 {
                    let tenths = QuoteArithmetic.tenths(s.margin.minor, of: s.revenue.minor, scale: 1000)
                    margin += " (\(tenths < 0 ? "-" : "")\(QuoteArithmetic.tenthsText(tenths))%)"
                }
                let span = [s.first, s.last].compactMap { $0?.description }
                return PurchaseSummaryView(
                    revenue: s.revenue.description, margin: margin, orders: s.orders == 1 ? "1 order" : "\(s.orders) orders",
                    since: span.first.map { "since \($0)" } ?? "", costNote: s.linesWithoutCost > 0 ? "\(s.linesWithoutCost) lines without a cost" : nil)
            },
            rows: purchases.map { p in
                PurchaseRowView(
                    product: p.description, sku: p.sku, quantity: p.quantity.description, amount: p.net.description,
                    date: p.orderDate?.description ?? "—", order: p.orderNumber, href: "/orders/\(p.orderID.lowercasedText)")
            })
    }
}

struct PurchasesPanelView {
    var newQuoteHref: String?
    var summaries: [PurchaseSummaryView]
    var rows: [PurchaseRowView]
}

struct PurchaseSummaryView {
    var revenue: String
    var margin: String
    var orders: String
    var since: String
    var costNote: String?
}

struct PurchaseRowView {
    var product: String
    var sku: String
    var quantity: String
    var amount: String
    var date: String
    var order: String
    var href: String
}
