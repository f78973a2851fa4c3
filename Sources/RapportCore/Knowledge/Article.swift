/// What sales and service need to know about a product: how it works, answers to frequent
/// questions, fixes for known problems. Written in Markdown (rendered safely); seen by everyone,
/// found by search, and shown on the product's page and on the deals that quote it.
public enum Article: Entity {
    public static let name = "article"
    public static let table = "articles"
    public static let kinds = ["article", "faq", "how_to", "troubleshooting", "datasheet"]

    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", .text(max: 200), required: true, searchable: true),
        FieldSpec("kind", "Kind", .choice(kinds), required: true, help: "FAQ: a question as the title, the answer as the text."),
        FieldSpec("product_id", "Product", .reference("products"), help: "The product it is about; empty for general knowledge."),
        FieldSpec(
            "body", "Text", .longText(max: 100_000),
            help: "Markdown: # headings, **bold**, *italic*, `code`, - lists, 1. lists, > quotes, [links](https://…).",
            searchable: true),
        FieldSpec("tags", "Tags", .tags(max: 30), searchable: true),
    ]

    public static func finish(_ values: inout FieldValues, changed: Set<String>, issues: inout [FieldIssue]) {
        if values["kind"] == nil { values["kind"] = .text("article") }
    }

    public static func title(of values: FieldValues) -> String { values["title"]?.text ?? "Untitled article" }
}
