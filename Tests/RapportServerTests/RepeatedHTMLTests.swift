import Mustache
@testable import RapportServer
import Testing

/// A list's rows and a timeline's entries are written in Swift (`HTMLText`); they must be the
/// markup the templates rendered, character for character, escaping included.
@Suite struct RepeatedHTMLTests {
    /// The rows' markup as `list.mustache` (with `partial-cell`) had it.
    static let rowsTemplate = """
        {{#rows}}
              <tr data-href="{{href}}">
                {{#bulk}}<td class="cell-select"><input type="checkbox" form="bulk-form" name="ids.{{id}}" value="true" aria-label="Tick {{title}}"></td>{{/bulk}}
                {{#cells}}{{#first()}}<th scope="row" data-label="{{label}}" class="cell-primary">{{> cell}}</th>{{/first()}}{{^first()}}<td data-label="{{label}}" class="{{#muted}}muted {{/muted}}{{#numeric}}num{{/numeric}}">{{> cell}}</td>{{/first()}}{{/cells}}
              </tr>
        {{/rows}}
        """
    static let cellTemplate = """
        {{#.href}}<a class="cell-link" href="{{.}}">{{#badge}}<span class="badge">{{text}}</span>{{/badge}}{{^badge}}<span class="cell-text">{{text}}</span>{{/badge}}</a>{{/.href}}{{^.href}}{{#badge}}<span class="badge">{{text}}</span>{{/badge}}{{^badge}}<span class="cell-text">{{text}}</span>{{/badge}}{{/.href}}
        """

    /// The entries' markup as `record.mustache` had it.
    static let entriesTemplate = """
        {{#entries}}
              <li class="timeline-item timeline-{{kind}}{{#planned}} is-planned{{/planned}}" data-action="{{#isChange}}{{title}}{{/isChange}}{{^isChange}}{{kind}}{{/isChange}}">
                <span class="timeline-dot" aria-hidden="true"></span>
                <div class="timeline-body">
                  {{#isChange}}<p class="timeline-line"><strong>{{actor}}</strong> {{title}} <time datetime="{{whenISO}}" title="{{whenISO}}">{{when}}</time></p>
                  {{^empty(changes)}}<ul class="changes">{{#changes}}<li><span class="change-field">{{field}}</span><span class="change-values"><span class="visually-hidden">changed from</span> <span class="change-before">{{before}}</span> <span class="change-arrow" aria-hidden="true">→</span><span class="visually-hidden">to</span> <span class="change-after">{{after}}</span></span></li>{{/changes}}</ul>{{/empty(changes)}}{{/isChange}}
                  {{^isChange}}<p class="timeline-line"><svg class="icon icon-sm" aria-hidden="true"><use href="/static/icons.svg#{{icon}}"></use></svg> <a href="{{href}}"><strong>{{title}}</strong></a>{{#planned}} <span class="badge">Planned</span>{{/planned}}{{#.with}} with <a href="{{withHref}}">{{.}}</a>{{/.with}}</p>
                  <p class="timeline-meta"><time datetime="{{whenISO}}" title="{{whenISO}}">{{when}}</time> · {{actor}}{{#.team}} ({{.}}){{/.team}}{{#.purpose}} · <span class="purpose-tag">{{.}}</span>{{/.purpose}}</p>
                  {{#.detail}}<p class="timeline-detail">{{.}}</p>{{/.detail}}
                  {{#.overrideReason}}<p class="timeline-override">Went ahead despite a warning: {{.}}</p>{{/.overrideReason}}{{/isChange}}
                </div>
              </li>
        {{/entries}}
        """

    static let tricky = #"Zoë <b>"O'Brien"</b> & Co"#

    static func list(bulk: Bool) -> ListPageView {
        var page = MustacheViewsTests.list.page
        page.rows = [
            RowView(
                href: "/contacts/1?a=1&b=2",
                cells: [
                    CellView(text: tricky, href: "/contacts/1", label: "Name"),
                    CellView(text: "Lead", muted: true, label: "Stage & <status>", badge: true),
                    CellView(text: "1,200", label: "Value", numeric: true),
                    CellView(text: "—", href: "/accounts/\"2\"", muted: true, label: "Account", badge: true, numeric: true),
                ], id: "1", title: tricky),
            RowView(href: "/contacts/2", cells: [CellView(text: "", label: "")], id: "2", title: ""),
        ]
        page.bulk = bulk ? BulkBarView(action: "/contacts/bulk", returnTo: "/contacts", fields: []) : nil
        return page
    }

    @Test(arguments: [true, false])
    func rowsAreTheTemplatesMarkup(selectable: Bool) throws {
        let library = MustacheLibrary(templates: [
            "rows": try MustacheTemplate(string: Self.rowsTemplate), "cell": try MustacheTemplate(string: Self.cellTemplate),
        ])
        let page = Self.list(bulk: selectable)
        let expected = try #require(library.render(page, withTemplate: "rows"))
        #expect("      " + page.rowsHTML + "\n" == expected)
        #expect(page.rowsHTML.contains("Zoë &lt;b&gt;&quot;O&#39;Brien&quot;&lt;/b&gt; &amp; Co"))
    }

    @Test func entriesAreTheTemplatesMarkup() throws {
        func entry(_ kind: String, change: Bool, planned: Bool = false, optionals: Bool) -> TimelineEntryView {
            TimelineEntryView(
                kind: kind, icon: "phone", title: change ? "updated" : Self.tricky, href: "/activities/1?x=<y>", when: "Today 17:13",
                whenISO: "2026-12-07T17:13:45.399Z", actor: "Ava \"A\" Thompson", team: optionals ? "Sales & East" : nil,
                purpose: optionals ? "Intro <1>" : nil, with: optionals ? "Zoë" : nil, withHref: optionals ? "/contacts/2" : nil,
                detail: optionals ? "Said 'yes' > no" : nil, overrideReason: optionals ? "Asked us to" : nil, planned: planned,
                isChange: change,
                changes: change && optionals
                    ? [ChangeView(field: "Title", before: "<CTO>", after: "CEO & co"), ChangeView(field: "City", before: "—", after: "Lyon")]
                    : [])
        }
        var section = try #require(MustacheViewsTests.record.record.timeline)
        section.entries = [
            entry("change", change: true, optionals: true), entry("change", change: true, optionals: false),
            entry("call", change: false, planned: true, optionals: true), entry("note", change: false, optionals: false),
        ]
        let template = try MustacheTemplate(string: Self.entriesTemplate)
        #expect("      " + section.entriesHTML + "\n" == template.render(section))
    }

    @Test func escapingIsSwiftMustachesAndLeavesPlainTextAlone() {
        for text in ["", "plain", "Zoë", Self.tricky, "&amp;", "<<>>", "'\"", "a\u{0338}<b"] {
            #expect(HTMLEscaping.escape(text) == HTMLContentTypeReference.escape(text), "\(text)")
        }
    }
}

/// swift-mustache's own escaping, through a template rendered with its default content type.
enum HTMLContentTypeReference {
    static func escape(_ text: String) -> String {
        (try? MustacheTemplate(string: "{{value}}").render(["value": text])) ?? "?"
    }
}
