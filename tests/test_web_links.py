"""Only http(s) addresses with a host are ever handed to a browser or numbered as links."""

import pytest
from rich.style import Style

from reader.text.web import is_web_url, short_url
from reader.text.wording import plural
from reader.tui.document import render_markdown


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("https://", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("file:///etc/passwd", False),
        ("//example.org/no-scheme", False),
        ("http://[::1", False),
        ("", False),
    ],
)
def test_is_web_url(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


def test_only_web_links_are_numbered() -> None:
    rendered = render_markdown(
        "[a](https://example.org/a) [b](javascript:alert(1)) [c](file:///etc/passwd) [d](https://example.org/a)",
        lambda name: Style(),
    )
    assert rendered.links == ["https://example.org/a"]
    assert rendered.text.plain.startswith("a[1] b c d[1]")


def test_names_are_marked_longest_first_and_fast_on_long_texts() -> None:
    import time

    from rich.text import Text

    from reader.tui.document import mark_names

    text = Text("Jeff Sessions and Sessions; Sessionsville is a place")
    mark_names(text, [("Sessions", Style(bold=True)), ("Jeff Sessions", Style(italic=True))])
    assert [(span.start, span.end) for span in text.spans] == [(0, 13), (18, 26)]
    long = Text(" ".join(["Jeff Sessions said Sessions"] * 20000))
    started = time.process_time()
    mark_names(long, [("Sessions", Style(bold=True)), ("Jeff Sessions", Style(italic=True))])
    assert len(long.spans) == 40000 and time.process_time() - started < 2  # was quadratic


def test_short_url_labels() -> None:
    assert short_url("https://www.example.org/") == "example.org"
    assert short_url("HTTP://news.example/feed.xml") == "news.example/feed.xml"
    assert short_url("https://") == "https://"


def test_plural() -> None:
    assert [plural(n, "feed") for n in (0, 1, 2)] == ["0 feeds", "1 feed", "2 feeds"]
    assert plural(2, "person", "people") == "2 people"
