"""Only http(s) addresses with a host are ever handed to a browser or numbered as links."""

import pytest
from rich.style import Style

from reader.text.web import is_web_url
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
