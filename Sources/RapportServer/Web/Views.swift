import RapportCore
/// View models of the generic list, form and record templates. Field names are the template's.
struct CellView: Sendable {
    var text: String
    var href: String? = nil
    var muted = false
    var label = ""
    var badge = false
    var numeric = false
}

struct ColumnView {
    var label: String
    var sortHref: String?
    var sortedAsc: Bool
    var sortedDesc: Bool
    var numeric: Bool
}

struct RowView {
    var href: String
    var cells: [CellView]
    /// The record's ID and title, for the row's bulk checkbox.
    var id: String = ""
    var title: String = ""
}

struct OptionView {
    var value: String
    var label: String
    var selected: Bool
}

struct FilterView {
    var name: String
    var label: String
    var options: [OptionView]
}

struct ChipView {
    var label: String
    var removeHref: String
}

struct ParamView {
    var name: String
    var value: String
}

struct ListPageView {
    var heading: String
    var singular: String
    var basePath: String
    var newHref: String?
    var q: String
    var hiddenParams: [ParamView]
    var filters: [FilterView]
    var chips: [ChipView]
    var columns: [ColumnView]
    var rows: [RowView]
    var isEmpty: Bool
    var emptyTitle: String
    var emptyMessage: String
    var nextHref: String?
    var prevHref: String?
    var showingDeleted: Bool
    var toggleDeletedHref: String
    var toggleDeletedLabel: String
    var countText: String?
    var actions: [ActionLink] = []
    /// A warning above the list with a link (leads past their first-touch deadline).
    var notice: ListNoticeView? = nil
    /// Changing the ticked rows at once (people who may write, live records only).
    var bulk: BulkBarView? = nil
}

struct ListNoticeView {
    var text: String
    var linkText: String
    var href: String
}

struct ListContent { var page: ListPageView }

struct FieldView {
    var name: String
    var id: String
    var label: String
    var help: String?
    var required: Bool
    var error: String?
    var value: String
    var inputType: String
    var isInput: Bool
    var isTextarea: Bool
    var isSelect: Bool
    var isCheckbox: Bool
    var checked: Bool
    var options: [OptionView]
    var placeholder: String?
    var wide: Bool
    var rows: Int
    /// A group of checkboxes, one per option, named `<name>.<value>` (several references).
    var isCheckGroup = false
}

struct SectionView {
    var title: String
    var fields: [FieldView]
}

struct ErrorItemView {
    var field: String
    var label: String
    var reason: String
}

struct FormView {
    var heading: String
    var action: String
    var cancelHref: String
    var submitLabel: String
    var version: Int?
    var hasErrors: Bool
    var errors: [ErrorItemView]
    var sections: [SectionView]
    /// Warnings to acknowledge before saving (the outreach guard, possible duplicates).
    var confirmation: ConfirmationView? = nil
    /// A local page to go back to after saving.
    var returnTo: String? = nil
}

struct FormContent { var form: FormView }

struct FactView {
    var label: String
    var value: String
    var href: String? = nil
}

struct LinkView {
    var text: String
    var href: String
}

struct DetailRowView {
    var label: String
    var value: String
    var href: String?
    var links: [LinkView]
}

struct DetailSectionView {
    var title: String
    var rows: [DetailRowView]
}

struct RelatedItemView {
    var title: String
    var subtitle: String
    var href: String
}

struct RelatedView {
    var title: String
    var items: [RelatedItemView]
    var emptyText: String
    var addHref: String?
    var addLabel: String
}

struct RelationItemView {
    var label: String
    var otherName: String
    var otherHref: String
    var note: String?
    var deleteAction: String
}

struct RelationsView {
    var items: [RelationItemView]
    var kinds: [OptionView]
    var addAction: String
    var accountOptions: [OptionView]
}

struct ChangeView {
    var field: String
    var before: String
    var after: String
}

struct HistoryEntryView {
    var when: String
    var whenISO: String
    var actor: String
    var actionLabel: String
    var changes: [ChangeView]
}

struct RecordView {
    var kindLabel: String
    var heading: String
    var subheading: String?
    var deleted: Bool
    var editHref: String
    var deleteAction: String
    var restoreAction: String
    var version: Int
    var facts: [FactView]
    var sections: [DetailSectionView]
    var related: [RelatedView]
    var relations: RelationsView?
    var history: [HistoryEntryView]
    var actions: [ActionLink] = []
    /// Accounts and contacts show one timeline instead of the bare history.
    var timeline: TimelineSectionView? = nil
    /// A deal's path through its pipeline, people and stage history.
    var deal: DealPanelsView? = nil
    /// Where a converted lead went.
    var lead: LeadPanelsView? = nil
    /// A lead's score with its reasons.
    var leadScore: LeadScorePanelView? = nil
    /// A product's price in each price book.
    var productPrices: ProductPricesView? = nil
    /// A quote's, order's or invoice's lines, totals, steps and payments.
    var document: DocumentPanelView? = nil
    /// What an account or a contact bought.
    var purchases: PurchasesPanelView? = nil
    /// What a bundle holds (products only).
    var bundle: BundlePanelView? = nil
    /// A knowledge article's text, rendered from Markdown (escaped; see `Markdown`).
    var articleHTML: String? = nil
    /// Whether the reader may edit and delete the record (viewers may not; nor may anyone once a
    /// document has left draft).
    var canEdit = true
}

struct ProductPricesView {
    var rows: [ProductPriceRowView]
}

struct ProductPriceRowView {
    var book: String
    var href: String
    var forWhom: String
    var price: String
    var active: Bool
}

struct RecordContent {
    var record: RecordView
    /// Where a merged record went, and what was merged into this one (see `MergeBanners`).
    var mergeBanners: [MergeBannerView] = []
    var mergedAway = false
    var mergeHref: String? = nil
}

/// How a choice's stored value reads: `bought_list` → "Bought list".
enum ChoiceLabel {
    static func text(_ raw: String) -> String {
        let words = raw.replacingAll("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}

/// A link among several, one of them the current one (period lengths, settings tabs).
struct TabView {
    var text: String
    var href: String
    var current: Bool
}
