import Foundation
import RapportCore
import RapportStore

extension Article: WebEntity {
    static let singular = "article"
    static let plural = "Knowledge"
    static let path = "/articles"
    static let listFilters = ["kind"]

    static let columns: [ListColumn<Article>] = [
        ListColumn(label: "Title", sort: .name) { r, _ in CellView(text: r.title, href: "/articles/\(r.id)") },
        ListColumn(label: "Kind") { r, _ in CellView(text: ChoiceLabel.text(r["kind"]?.text ?? "article"), badge: true) },
        ListColumn(label: "Product") { r, l in
            guard let id = r["product_id"]?.uuid else { return CellView(text: "General", muted: true) }
            return CellView(text: l.names[id] ?? "—", href: "/products/\(id.uuidString.lowercased())")
        },
        ListColumn(label: "Updated", sort: .updatedAt) { r, _ in CellView(text: DateText.short(r.updatedAt), muted: true) },
    ]

    static let formSections: [(String, [String])] = [
        ("Article", ["title", "kind", "product_id", "tags"]),
        ("Text", ["body"]),
    ]

    static func facts(_ r: Record<Article>, _ l: Lookups) -> [FactView] {
        var facts = [FactView(label: "Kind", value: ChoiceLabel.text(r["kind"]?.text ?? "article"))]
        if let id = r["product_id"]?.uuid {
            facts.append(FactView(label: "Product", value: l.names[id] ?? "—", href: "/products/\(id.uuidString.lowercased())"))
        }
        facts.append(FactView(label: "Written by", value: l.userName(r.createdBy)))
        return facts
    }

    static func subheading(_ r: Record<Article>, _ l: Lookups) -> String? { r["tags"]?.tags.joined(separator: " · ") }
}

/// The knowledge about a product on its page, and about the products a deal quotes on the deal's.
enum KnowledgePanel {
    static func load<E: Entity>(for record: Record<E>, store: Store, principal: Principal) async throws -> RelatedView {
        var products: [UUID] = []
        var addHref = "/articles/new"
        if E.self == Product.self {
            products = [record.id.uuid]
            addHref += "?product_id=\(record.id)"
        } else {
            products = try await store.billing.quotedProducts(deal: record.id.uuid, in: principal.workspaceID)
        }
        var items: [RelatedItemView] = []
        for product in products.prefix(20) {
            let found = try await store.articles.list(ListQuery(filters: ["product_id": product.uuidString.lowercased()], limit: 20), by: principal)
            items += found.items.map {
                RelatedItemView(title: $0.title, subtitle: ChoiceLabel.text($0["kind"]?.text ?? "article"), href: "/articles/\($0.id)")
            }
        }
        return RelatedView(
            title: "Knowledge", items: items,
            emptyText: E.self == Product.self ? "No articles yet: write what sales and service should know." : "No articles about the products quoted here.",
            addHref: principal.canWrite ? addHref : nil, addLabel: "Write article")
    }
}
