import RapportCore
import Testing

@Suite struct MarkdownTests {
    @Test func rendersTheBlocksAndInlineMarkupArticlesUse() {
        let html = Markdown.html(
            """
            # Calibration

            Use **fresh** buffers and *never* tap water; see [the guide](https://example.com/guide?a=1&b=2).

            - pH 4.01
            - pH 7.00
              (room temperature)

            1. Rinse
            2. Dip

            > Keep the probe wet.

            ```
            if x < 1 { reset() }
            ```
            Run `cal --all` after.
            """)
        #expect(html.contains("<h3>Calibration</h3>"))
        #expect(html.contains("<p>Use <strong>fresh</strong> buffers and <em>never</em> tap water; see <a href=\"https://example.com/guide?a=1&amp;b=2\" rel=\"noopener nofollow\">the guide</a>.</p>"))
        #expect(html.contains("<ul><li>pH 4.01</li><li>pH 7.00 (room temperature)</li></ul>"))
        #expect(html.contains("<ol><li>Rinse</li><li>Dip</li></ol>"))
        #expect(html.contains("<blockquote><p>Keep the probe wet.</p></blockquote>"))
        #expect(html.contains("<pre><code>if x &lt; 1 { reset() }</code></pre>"))
        #expect(html.contains("<p>Run <code>cal --all</code> after.</p>"))
    }

    @Test func noMarkupOrScriptSurvives() {
        let html = Markdown.html(
            """
            <script>alert(1)</script> <img src=x onerror=alert(2)>
            [click](javascript:alert(3)) [x](https://ok.example" onmouseover="alert(4))
            **<b>bold</b>** `<i>`
            """)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>") && !html.contains("<i>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript"), "only http, https and mailto links")
        #expect(!html.contains("onmouseover=\""), "a quote cannot end the attribute")
        #expect(html.contains("click"), "an unsafe link keeps its text")
    }

    @Test func textFullOfUnmatchedMarkersStaysLinear() {
        let html = Markdown.html(String(repeating: "*[`_", count: 20_000))
        #expect(html.count > 80_000)
    }
}
