/// The timeline's entries as HTML (see `HTMLText` for why they are not rendered by the template).
/// `record.mustache` shows them with `{{{entriesHTML}}}`; the markup is the one the template had.
extension TimelineSectionView {
    var entriesHTML: String {
        var out = HTMLText(capacity: entries.count * 900)
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.raw("\n      ") }
            Self.write(entry, to: &out)
        }
        return out.html
    }

    private static func write(_ entry: TimelineEntryView, to out: inout HTMLText) {
        out.raw("<li class=\"timeline-item timeline-")
        out.text(entry.kind)
        if entry.planned { out.raw(" is-planned") }
        out.raw("\" data-action=\"")
        out.text(entry.isChange ? entry.title : entry.kind)
        out.raw("\">\n        <span class=\"timeline-dot\" aria-hidden=\"true\"></span>\n        <div class=\"timeline-body\">\n          ")
        if entry.isChange {
            out.raw("<p class=\"timeline-line\"><strong>")
            out.text(entry.actor)
            out.raw("</strong> ")
            out.text(entry.title)
            out.raw(" ")
            time(entry, to: &out)
            out.raw("</p>\n          ")
            if !entry.changes.isEmpty {
                out.raw("<ul class=\"changes\">")
                for change in entry.changes {
                    out.raw("<li><span class=\"change-field\">")
                    out.text(change.field)
                    out.raw(
                        "</span><span class=\"change-values\"><span class=\"visually-hidden\">changed from</span> <span class=\"change-before\">")
                    out.text(change.before)
                    out.raw(
                        "</span> <span class=\"change-arrow\" aria-hidden=\"true\">→</span><span class=\"visually-hidden\">to</span> <span class=\"change-after\">")
                    out.text(change.after)
                    out.raw("</span></span></li>")
                }
                out.raw("</ul>")
            }
            out.raw("\n          ")
        } else {
            out.raw("\n          <p class=\"timeline-line\"><svg class=\"icon icon-sm\" aria-hidden=\"true\"><use href=\"/static/icons.svg#")
            out.text(entry.icon)
            out.raw("\"></use></svg> <a href=\"")
            out.text(entry.href ?? "")
            out.raw("\"><strong>")
            out.text(entry.title)
            out.raw("</strong></a>")
            if entry.planned { out.raw(" <span class=\"badge\">Planned</span>") }
            if let with = entry.with {
                out.raw(" with <a href=\"")
                out.text(entry.withHref ?? "")
                out.raw("\">")
                out.text(with)
                out.raw("</a>")
            }
            out.raw("</p>\n          <p class=\"timeline-meta\">")
            time(entry, to: &out)
            out.raw(" · ")
            out.text(entry.actor)
            if let team = entry.team {
                out.raw(" (")
                out.text(team)
                out.raw(")")
            }
            if let purpose = entry.purpose {
                out.raw(" · <span class=\"purpose-tag\">")
                out.text(purpose)
                out.raw("</span>")
            }
            out.raw("</p>\n          ")
            if let detail = entry.detail {
                out.raw("<p class=\"timeline-detail\">")
                out.text(detail)
                out.raw("</p>")
            }
            out.raw("\n          ")
            if let reason = entry.overrideReason {
                out.raw("<p class=\"timeline-override\">Went ahead despite a warning: ")
                out.text(reason)
                out.raw("</p>")
            }
        }
        out.raw("\n        </div>\n      </li>")
    }

    private static func time(_ entry: TimelineEntryView, to out: inout HTMLText) {
        out.raw("<time datetime=\"")
        out.text(entry.whenISO)
        out.raw("\" title=\"")
        out.text(entry.whenISO)
        out.raw("\">")
        out.text(entry.when)
        out.raw("</time>")
    }
}
