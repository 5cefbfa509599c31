"""HTML to Markdown and plain text: structure kept, danger dropped, only http(s) links live."""

from __future__ import annotations

from reader.text import html_to_markdown, html_to_text, safe_url


def test_paragraphs_headings_and_emphasis() -> None:
    out = html_to_markdown("<h2>Big <em>news</em></h2><p>One <b>bold</b> word.</p><p>Two</p>")
    assert out.markdown == "## Big *news*\n\nOne **bold** word.\n\nTwo"
    assert out.plain == "Big news\n\nOne bold word.\n\nTwo"


def test_lists_nested_and_ordered() -> None:
    out = html_to_markdown("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul><ol><li>x</li><li>y</li></ol>")
    assert "- a\n- b\n  - c" in out.markdown
    assert "1. x\n2. y" in out.markdown


def test_blockquote_and_code() -> None:
    out = html_to_markdown(
        "<blockquote><p>said</p><p>more</p></blockquote><pre>a  b\n c</pre><p><code>x`y</code></p>"
    )
    assert "> said\n>\n> more" in out.markdown
    assert "```\na  b\n c\n```" in out.markdown
    assert "`x'y`" in out.markdown


def test_links_http_only_and_resolved() -> None:
    html = (
        '<p><a href="/story">rel</a> <a href="javascript:alert(1)">js</a> <a href="data:text/html,x">data</a>'
        ' <a href="file:///etc/passwd">file</a> <a href="https://ok.example/a b(1)">ok</a></p>'
    )
    out = html_to_markdown(html, "https://site.example/feed/")
    assert out.links == ["https://site.example/story", "https://ok.example/a b(1)"]
    assert "[rel](https://site.example/story)" in out.markdown
    assert "javascript" not in out.markdown and "data:" not in out.markdown and "file:" not in out.markdown
    assert "(https://ok.example/a%20b%281%29)" in out.markdown
    assert out.plain == "rel js data file ok"


def test_images_become_placeholders() -> None:
    out = html_to_markdown('<p><img src="x.png" alt="A cat"><img src="y.png"></p>')
    assert out.plain == "[image: A cat][image: image]"
    assert "\\[image: A cat\\]" in out.markdown


def test_scripts_styles_forms_frames_dropped() -> None:
    html = (
        "<p>keep</p><script>evil()</script><style>p{}</style><form><input value=x>f</form>"
        "<iframe src='https://x'>i</iframe><noscript>n</noscript><svg><text>s</text></svg>"
    )
    out = html_to_markdown(html)
    assert out.markdown == "keep" and out.plain == "keep"


def test_controls_and_escapes_removed_even_from_entities() -> None:
    out = html_to_markdown("<p>a\x1b[31mred&#27;]0;title&#7;\u202eb\x00c</p>")
    assert "\x1b" not in out.markdown and "\x07" not in out.plain and "\u202e" not in out.plain
    assert "\x00" not in out.plain
    assert out.plain.startswith("ared")


def test_markdown_syntax_in_text_is_escaped() -> None:
    out = html_to_markdown("<p>*not bold* [not](link) # no heading</p>")
    assert out.markdown == "\\*not bold\\* \\[not\\](link) \\# no heading"
    assert out.plain == "*not bold* [not](link) # no heading"


def test_deep_nesting_is_flattened_not_recursed() -> None:
    html = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_markdown(html).plain == "deep"
    html = "<b>" * 3000 + "bold" + "</b>" * 3000
    assert "bold" in html_to_markdown(html).plain


def test_plain_text_and_empty_inputs() -> None:
    assert html_to_markdown("").markdown == ""
    assert html_to_markdown("  \n ").plain == ""
    assert html_to_markdown("just * text").markdown == "just \\* text"
    assert html_to_text("<b>Hello</b>\n  <i>world</i> &amp; co") == "Hello world & co"


def test_safe_url() -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    assert safe_url(" HTTP://A.example ") == "HTTP://A.example"
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("/x", "https://a.example/y/") == "https://a.example/x"
    assert safe_url("x", "file:///etc/") == ""
    assert safe_url("\x1b]8;;https://evil\x07https://a.example") == "https://a.example"
