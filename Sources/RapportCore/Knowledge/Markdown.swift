/// A small, safe Markdown to HTML converter for knowledge articles. Everything is HTML-escaped
/// first, so no tag, attribute or script in the text survives; links keep only http, https and
/// mailto targets. Supports headings, paragraphs, lists, block quotes, fenced code, inline code,
/// bold, italic and links — what articles need, nothing that could smuggle markup.
public enum Markdown {
    public static func html(_ text: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []
        var code: [String]?

        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            if let current = list {
                let tag = current.ordered ? "ol" : "ul"
                out += "<\(tag)>" + current.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty { out += "<blockquote><p>" + inline(quote.joined(separator: " ")) + "</p></blockquote>\n" }
            quote = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushQuote()
        }

        for rawLine in text.replacingAll("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            let trimmed = line.trimmingWhitespace()
            if var block = code {
                if trimmed.hasPrefix("```") {
                    out += "<pre><code>" + escape(block.joined(separator: "\n")) + "</code></pre>\n"
                    code = nil
                } else {
                    block.append(line)
                    code = block
                }
                continue
            }
            if trimmed.hasPrefix("```") {
                flushAll()
                code = []
                continue
            }
            if trimmed.isEmpty {
                flushAll()
                continue
            }
            if let level = headingLevel(trimmed) {
                flushAll()
                let content = String(trimmed.drop(while: { $0 == "#" })).trimmingWhitespace()
                out += "<h\(level)>" + inline(content) + "</h\(level)>\n"
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph()
                flushList()
                quote.append(String(trimmed.dropFirst()).trimmingWhitespace())
                continue
            }
            if let item = listItem(trimmed) {
                flushParagraph()
                flushQuote()
                if list == nil || list!.ordered != item.ordered { flushList(); list = (item.ordered, []) }
                list!.items.append(item.text)
                continue
            }
            if list != nil, line.hasPrefix("  "), var current = list, !current.items.isEmpty {
                current.items[current.items.count - 1] += " " + trimmed
                list = current
                continue
            }
            flushList()
            flushQuote()
            paragraph.append(trimmed)
        }
        if let block = code { out += "<pre><code>" + escape(block.joined(separator: "\n")) + "</code></pre>\n" }
        flushAll()
        return out
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        // Article headings sit under the page's own h1 and the panel's h2.
        return min(hashes + 2, 6)
    }

    static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix(while: \.isASCIIDigit)
        if !digits.isEmpty, digits.count <= 9, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline markup over escaped text: `code`, **bold**, *italic*, [text](url).
    static func inline(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        // A closing marker is looked for within `reach` characters, so text full of unmatched
        // markers costs linear time, not quadratic.
        let reach = 500
        func find(_target target: String, from start: Int) -> Int? {
            let t = Array(target)
            var j = start
            let limit = min(chars.count - t.count, start + reach)
            while j <= limit {
                var k = 0
                while k < t.count, chars[j + k] == t[k] { k += 1 }
                if k == t.count { return j }
                j += 1
            }
            return nil
        }
        func find(_ target: String, from start: Int) -> Int? { find(_target: target, from: start) }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = find("`", from: i + 1) {
                out += "<code>" + escape(String(chars[(i + 1)..<end])) + "</code>"
                i = end + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*", let end = find("**", from: i + 2), end > i + 2 {
                out += "<strong>" + inline(String(chars[(i + 2)..<end])) + "</strong>"
                i = end + 2
            } else if c == "*" || c == "_", let end = find(String(c), from: i + 1), end > i + 1, chars[i + 1] != " " {
                out += "<em>" + inline(String(chars[(i + 1)..<end])) + "</em>"
                i = end + 1
            } else if c == "[", let close = find("](", from: i + 1), let end = find(")", from: close + 2) {
                let label = String(chars[(i + 1)..<close])
                let target = String(chars[(close + 2)..<end]).trimmingWhitespace()
                if let safe = safeURL(target) {
                    out += "<a href=\"" + escape(safe) + "\" rel=\"noopener nofollow\">" + inline(label) + "</a>"
                } else {
                    out += inline(label)
                }
                i = end + 1
            } else {
                out += escape(String(c))
                i += 1
            }
        }
        return out
    }

    static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"),
            !url.contains(where: { $0 == "\"" || $0 == "<" || $0 == ">" || $0 == " " || $0 == "\n" })
        else { return nil }
        return url
    }

    public static func escape(_ text: String) -> String { HTML.escape(text) }
}
