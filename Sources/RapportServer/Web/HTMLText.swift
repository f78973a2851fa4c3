/// HTML written in Swift for the few parts of a page that repeat dozens of times (a list's rows, a
/// timeline's entries), with the escaping of the templates (`HTMLEscaping`).
///
/// Through swift-mustache every `{{name}}` splits the name, makes five or so dynamic casts and copies
/// the context stack for each section: a 50-row list or timeline asks for some 3,000 names, which was
/// half or more of the web list's and the record page's CPU in a profile. The repeated part is
/// written here; the page around it, and everything shown once, stays in the templates.
struct HTMLText {
    private(set) var html = ""

    init(capacity: Int = 0) { html.reserveCapacity(capacity) }

    /// Markup, as is.
    mutating func raw(_ markup: String) { html += markup }

    /// A value, escaped (text or an attribute's value).
    mutating func text(_ value: String) { html += HTMLEscaping.escape(value) }
}
