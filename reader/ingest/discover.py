"""Feed autodiscovery: the feeds an HTML page announces with `<link rel="alternate" type=...>`.

Subscribing to a site's home page is what people do; its page names its feeds in the head. Only
the declared feed types count (no guessing from `<a>` links), and only http(s) addresses.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.text.sanitize import clean_line
from reader.text.web import is_web_url

FEED_TYPES = frozenset(
    ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
     "application/rdf+xml")
)
MAX_HEAD_BYTES = 512 * 1024  # the links sit in the head; a page's body is not read
MAX_LINKS = 20


def feed_links(page: bytes, page_url: str) -> list[str]:
    """Absolute http(s) feed addresses a page declares, in page order, without repeats."""
    head = page[:MAX_HEAD_BYTES]
    end = head.lower().find(b"</head>")
    tree = LexborHTMLParser(head[: end + 7] if end >= 0 else head)
    base = page_url
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = urljoin(page_url, clean_line(base_tag.attributes.get("href") or ""))
    found: dict[str, None] = {}
    for link in tree.css("link[rel][href][type]"):
        attrs = link.attributes
        rels = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = urljoin(base, clean_line(attrs.get("href") or ""))
        if is_web_url(url) and url != page_url:
            found[url] = None
        if len(found) >= MAX_LINKS:
            break
    return list(found)
