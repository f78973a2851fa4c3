/// A list's rows as HTML (see `HTMLText` for why they are not rendered by the template).
/// `list.mustache` shows them with `{{{rowsHTML}}}`; the markup is the one the template had.
extension ListPageView {
    var rowsHTML: String {
        var out = HTMLText(capacity: rows.count * 1_200)
        let selectable = bulk != nil
        for (index, row) in rows.enumerated() {
            if index > 0 { out.raw("\n      ") }
            out.raw("<tr data-href=\"")
            out.text(row.href)
            out.raw("\">\n        ")
            if selectable {
                out.raw("<td class=\"cell-select\"><input type=\"checkbox\" form=\"bulk-form\" name=\"ids.")
                out.text(row.id)
                out.raw("\" value=\"true\" aria-label=\"Tick ")
                out.text(row.title)
                out.raw("\"></td>")
            }
            out.raw("\n        ")
            for (column, cell) in row.cells.enumerated() {
                if column == 0 {
                    out.raw("<th scope=\"row\" data-label=\"")
                    out.text(cell.label)
                    out.raw("\" class=\"cell-primary\">")
                    Self.write(cell, to: &out)
                    out.raw("</th>")
                } else {
                    out.raw("<td data-label=\"")
                    out.text(cell.label)
                    out.raw("\" class=\"")
                    if cell.muted { out.raw("muted ") }
                    if cell.numeric { out.raw("num") }
                    out.raw("\">")
                    Self.write(cell, to: &out)
                    out.raw("</td>")
                }
            }
            out.raw("\n      </tr>")
        }
        return out.html
    }

    /// A cell's content: its text (a badge or plain), linked when it has a link.
    private static func write(_ cell: CellView, to out: inout HTMLText) {
        if let href = cell.href {
            out.raw("<a class=\"cell-link\" href=\"")
            out.text(href)
            out.raw("\">")
        }
        out.raw(cell.badge ? "<span class=\"badge\">" : "<span class=\"cell-text\">")
        out.text(cell.text)
        out.raw("</span>")
        if cell.href != nil { out.raw("</a>") }
    }
}
