import Foundation
import Mustache
import RapportCore
@testable import RapportServer
import Testing

/// The view types name their fields for Mustache by hand (`MustacheViews.swift`); every stored
/// property must be in its type's switch and give what reflection gives, or pages would quietly
/// render slower (the reflection fallback) or differently.
@Suite struct MustacheViewsTests {
    static let option = OptionView(value: "v", label: "Option", selected: true)
    static let link = LinkView(text: "Globex", href: "/accounts/1")
    static let change = ChangeView(field: "Title", before: "CTO", after: "CEO")
    static let action = ActionLink(text: "Export", href: "/contacts.vcf", icon: "download", download: true)

    static var list: ListContent {
        ListContent(
            page: ListPageView(
                heading: "Contacts", singular: "contact", basePath: "/contacts", newHref: "/contacts/new", q: "zo",
                hiddenParams: [ParamView(name: "sort", value: "-name")],
                filters: [FilterView(name: "filter[owner_id]", label: "Owner", options: [option])],
                chips: [ChipView(label: "Owner: Sam", removeHref: "/contacts")],
                columns: [ColumnView(label: "Name", sortHref: "/contacts?sort=-name", sortedAsc: true, sortedDesc: false, numeric: false)],
                rows: [
                    RowView(href: "/contacts/1", cells: [CellView(text: "Zoë", href: "/contacts/1", muted: true, label: "Name", badge: true, numeric: true)])
                ],
                isEmpty: false, emptyTitle: "None", emptyMessage: "Add one", nextHref: "/contacts?cursor=a",
                prevHref: "/contacts?cursor=b", showingDeleted: false, toggleDeletedHref: "/contacts?scope=deleted",
                toggleDeletedLabel: "Show deleted", countText: "2 contacts", actions: [action],
                notice: ListNoticeView(text: "3 leads past their first touch", linkText: "See them", href: "/leads/breaches")))
    }

    static var form: FormContent {
        var form = FormView(
            heading: "New contact", action: "/contacts", cancelHref: "/contacts", submitLabel: "Save", version: 3, hasErrors: true,
            errors: [ErrorItemView(field: "first_name", label: "First name", reason: "is required")],
            sections: [
                SectionView(
                    title: "Person",
                    fields: [
                        FieldView(
                            name: "first_name", id: "f-first_name", label: "First name", help: "Help", required: true, error: "bad",
                            value: "Zoë", inputType: "text", isInput: true, isTextarea: false, isSelect: false, isCheckbox: false,
                            checked: false, options: [option], placeholder: "Ada", wide: true, rows: 3, isCheckGroup: true)
                    ])
            ])
        form.confirmation = ConfirmationView(
            title: "May exist", items: [ConfirmationView.Item(message: "Looks like Zoë", href: "/contacts/2", linkText: "Open it")],
            field: "allow_duplicate", asksReason: false, reasonValue: "", reasonLabel: "Create it anyway")
        form.returnTo = "/contacts/2"
        return FormContent(form: form)
    }

    static var record: RecordContent {
        var view = RecordView(
            kindLabel: "Contact", heading: "Zoë Adams", subheading: "CTO", deleted: false, editHref: "/contacts/1/edit",
            deleteAction: "/contacts/1/delete", restoreAction: "/contacts/1/restore", version: 4,
            facts: [FactView(label: "Owner", value: "Sam", href: "/users/1")],
            sections: [DetailSectionView(title: "Details", rows: [DetailRowView(label: "Email", value: "z@x", href: "mailto:z@x", links: [link])])],
            related: [
                RelatedView(
                    title: "People", items: [RelatedItemView(title: "Zoë", subtitle: "CTO", href: "/contacts/1")], emptyText: "None",
                    addHref: "/contacts/new", addLabel: "Add")
            ],
            relations: RelationsView(
                items: [RelationItemView(label: "Partner of", otherName: "Initech", otherHref: "/accounts/2", note: "Since 2020", deleteAction: "/x")],
                kinds: [option], addAction: "/relations", accountOptions: [option]),
            history: [HistoryEntryView(when: "today", whenISO: "2026-01-01T00:00:00.000Z", actor: "Sam", actionLabel: "changed", changes: [change])])
        view.actions = [action]
        view.deal = DealPanelsView(
            pipelineName: "Sales", stageName: "Proposal", since: "3 days", playbook: "Send the quote",
            steps: [StageStepView(stageID: "s1", name: "Proposal", state: "current", isCurrent: true, category: "best_case", probability: 50)],
            moveAction: "/deals/1/move", version: 4,
            people: [DealPersonView(name: "Zoë", href: "/contacts/1", role: "Champion", contactID: "1", removeAction: "/deals/1/people/1/delete")],
            roleOptions: [option], contactOptions: [option], addPersonAction: "/deals/1/people",
            history: [
                StageHistoryRowView(
                    stage: "Proposal", entered: "3 days ago", enteredISO: "2026-01-01T00:00:00.000Z", left: "—", duration: "3 days",
                    movedBy: "Sam", isCurrent: true)
            ], canWrite: true)
        view.lead = LeadPanelsView(converted: true, convertedWhen: "yesterday", links: [link])
        view.leadScore = LeadScorePanelView(
            score: "42", reasons: [LeadScorePanelView.Reason(line: "+10 title is CTO", positive: true)], more: 2, hasMore: true,
            noReasons: false, probability: "35%", modelFor: ["source: referral"], modelAgainst: ["no phone"], modelMissing: "Not enough data",
            settingsHref: "/settings/leads/scoring")
        view.timeline = TimelineSectionView(
            entries: [
                TimelineEntryView(
                    kind: "call", icon: "phone", title: "Call", href: "/activities/1", when: "today", whenISO: "2026", actor: "Sam",
                    team: "Sales", purpose: "Renewal", with: "Zoë", withHref: "/contacts/1", detail: "Went well", overrideReason: "Urgent",
                    planned: true, isChange: true, changes: [change])
            ],
            openTasks: [TimelineTaskView(title: "Follow up", href: "/tasks/1", due: "tomorrow", overdue: true, assignee: "Sam", purpose: "Renewal")],
            kindOptions: [option], purposeOptions: [option], teamOptions: [option], filtered: true, basePath: "/contacts/1",
            olderHref: "/contacts/1?cursor=x", logLinks: [LogLinkView(label: "Log call", icon: "phone", href: "/activities/new")])
        return RecordContent(
            record: view,
            mergeBanners: [
                MergeBannerView(
                    before: "Merged into", linkText: "Zoë", linkHref: "/contacts/1", after: ".", note: "Undo until", undoAction: "/merges/1/undo",
                    mergedAway: true)
            ], mergedAway: true, mergeHref: "/contacts/1/merge")
    }

    static var layout: LayoutView {
        LayoutView(
            title: "Contacts",
            user: UserView(
                User(
                    id: .make(), workspaceID: .make(), email: EmailAddress(trusted: "sam@example.com"), name: "Sam Smith", role: .rep,
                    teamID: nil, timeZone: "UTC", active: true, createdAt: .now())),
            nav: [NavItem(label: "Home", href: "/home", active: true, icon: "home", badge: "3")], csrf: "token",
            flash: FlashView(kind: "success", message: "Saved."), searchQuery: "zo",
            settingsNav: [NavItem(label: "Pipelines", href: "/settings/pipelines", active: true, icon: "settings", badge: nil)])
    }

    static var merge: MergeContent {
        let side = MergeSideView(title: "Zoë", href: "/contacts/1", owner: "Sam", detail: "CTO")
        let choice = MergeOptionView(inputID: "f-1", value: "survivor", checked: true, lines: ["a"])
        return MergeContent(
            merge: MergePageView(
                heading: "Merge", singular: "contact", action: "/contacts/1/merge", backHref: "/contacts/1", survivor: side, duplicate: side,
                duplicateID: "2", survivorVersion: 1, duplicateVersion: 2, swapHref: "/swap",
                rows: [
                    MergeFieldView(
                        name: "field.title", label: "Title", same: false, sameLines: ["x"], survivor: choice, duplicate: choice, both: choice)
                ], hasChoices: true, summary: "1 field differs", errors: ["Oops"], hasErrors: true))
    }

    static var picker: MergePickerContent {
        MergePickerContent(
            picker: MergePickerView(
                heading: "Pick", singular: "contact", plural: "contacts", action: "/pick", backHref: "/contacts/1", q: "zo",
                candidates: [RelatedItemView(title: "Zoë", subtitle: "CTO", href: "/contacts/1")], error: "None found"))
    }

    static var work: WorkView {
        WorkView(
            heading: "My work", summary: "2 due", teamView: true, canSeeTeam: true,
            sections: [TaskSectionView(key: "overdue", title: "Overdue", rows: [], danger: true)], isEmpty: false, canWrite: true,
            next: "/work", snoozeOptions: [option])
    }

    static let card = DealCardView(
        id: "1", title: "Spectrometers", href: "/deals/1", account: "Globex", amount: "€45,000", close: "Mar 31", closeOverdue: true,
        owner: "Sam", version: 2, moveOptions: [option])

    static var board: BoardContent {
        BoardContent(
            board: BoardView(
                pipelineName: "Sales", pipelineID: "p1", pipelines: [option],
                columns: [
                    BoardColumnView(
                        stageID: "s1", name: "Proposal", category: "best_case", closed: false, count: 3, totals: "€90,000",
                        totalsDetail: "and $1,000", cards: [card], moreHref: "/deals/board/more", listHref: "/deals?stage=s1", remaining: 2)
                ], closedWindowDays: 30, newHref: "/deals/new", listHref: "/deals", settingsHref: "/settings/pipelines", isEmpty: false,
                returnTo: "/deals/board"))
    }

    static var boardFragment: BoardFragment {
        BoardFragment(cards: [card], moreHref: "/deals/board/more?cursor=x", csrf: "token", returnTo: "/deals/board")
    }

    static var error: ErrorView { ErrorView(status: 404, heading: "Not found", message: "Gone") }

    /// Every MustacheParent in a value's tree, with the path to it.
    static func parents(in value: Any, path: String, into found: inout [(String, any MustacheParent)]) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            if let wrapped = mirror.children.first?.value { parents(in: wrapped, path: path, into: &found) }
            return
        }
        if let parent = value as? any MustacheParent, !(value is [String: Any]) { found.append((path, parent)) }
        for (index, child) in mirror.children.enumerated() {
            parents(in: child.value, path: path + "." + (child.label ?? String(index)), into: &found)
        }
    }

    @Test func everyStoredPropertyIsInItsSwitchAndGivesWhatReflectionGives() {
        let log = MustacheFields.FallbackLog()
        var found: [(String, any MustacheParent)] = []
        let roots: [(String, Any)] = [
            ("list", Self.list), ("form", Self.form), ("record", Self.record), ("layout", Self.layout), ("merge", Self.merge),
            ("picker", Self.picker), ("work", Self.work), ("error", Self.error), ("board", Self.board),
            ("boardFragment", Self.boardFragment),
        ]
        for (name, root) in roots { Self.parents(in: root, path: name, into: &found) }
        var types: Set<String> = []
        MustacheFields.$fallbacks.withValue(log) {
            for (path, parent) in found {
                types.insert(String(describing: type(of: parent)))
                for child in Mirror(reflecting: parent).children {
                    guard let label = child.label else { continue }
                    let reflected = Mirror(reflecting: child.value)
                    let expected: Any? =
                        reflected.displayStyle == .optional ? reflected.children.first?.value : child.value
                    let named = parent.child(named: label)
                    #expect((named == nil) == (expected == nil), "\(path).\(label)")
                    if let named, let expected {
                        #expect(String(reflecting: named) == String(reflecting: expected), "\(path).\(label)")
                    }
                }
                #expect(parent.child(named: "noSuchField") == nil, "\(path)")
            }
        }
        #expect(log.names.isEmpty, "found by reflection, missing from their switch: \(log.names.sorted())")
        // Every hand-written switch was looked at.
        #expect(types.count >= 58, "\(types.sorted())")
    }

    /// A page renders the same through the switches as through reflection: the fallback alone
    /// (a type without a switch) gives the same text.
    @Test func aRecordPageRendersAsReflectionRendersIt() throws {
        let template = try MustacheTemplate(
            string: """
                {{#record}}<h1>{{heading}}</h1>{{#subheading}}<p>{{.}}</p>{{/subheading}}{{#facts}}{{label}}={{value}}{{#href}}@{{.}}{{/href}};{{/facts}}
                {{#timeline}}{{#entries}}[{{kind}}|{{title}}|{{#team}}{{.}}{{/team}}|{{mergeHref}}|{{#changes}}{{field}}:{{before}}>{{after}}{{/changes}}]{{/entries}}{{/timeline}}{{/record}}
                {{#mergeBanners}}{{before}}<a href="{{linkHref}}">{{linkText}}</a>{{/mergeBanners}}
                """)
        let fast = template.render(Self.record)
        let reflected = template.render(Reflected(value: Self.record))
        #expect(fast == reflected)
        #expect(fast.contains("<h1>Zoë Adams</h1>"))
        #expect(fast.contains("|/contacts/1/merge|"), "a name missing inside climbs to the enclosing context")
    }
}

/// A value Mustache can only read by reflection, nested values included.
struct Reflected {
    let value: Any
}

extension Reflected: MustacheParent {
    func child(named name: String) -> Any? {
        for child in Mirror(reflecting: value).children where child.label == name {
            let mirror = Mirror(reflecting: child.value)
            let unwrapped: Any? = mirror.displayStyle == .optional ? mirror.children.first?.value : child.value
            guard let unwrapped else { return nil }
            if let array = unwrapped as? [Any] { return array.map { Reflected(value: $0) } }
            if unwrapped is String || unwrapped is Bool || unwrapped is Int { return unwrapped }
            return Reflected(value: unwrapped)
        }
        return nil
    }
}
