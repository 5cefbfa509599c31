"""Feed autodiscovery: the feeds an HTML page announces with `<link rel="alternate" type=...>`.

Subscribing to a site's home page is what people do; its page names its feeds in the head. Only
the declared feed types count (no guessing from `<a>` links), and only http(s) addresses.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.text.sanitize import clean_line
from reader.text.web import is_web_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
# Plain JSON last: WordPress also declares its REST API as an alternate of that type.
MAYBE_FEED_TYPES = ("application/json",)
MAX_HEAD_BYTES = 512 * 1024  # the links sit in the head; a page's body is not read
MAX_LINKS = 20


def feed_links(page: bytes, page_url: str) -> list[str]:
    """Absolute http(s) feed addresses a page declares, without repeats: RSS, Atom and JSON Feed
    in page order, then plain JSON ones. A link that cannot be resolved is passed over."""
    head = page[:MAX_HEAD_BYTES]
    end = head.lower().find(b"</head>")
    tree = LexborHTMLParser(head[: end + 7] if end >= 0 else head)
    base_tag = tree.css_first("base[href]")
    base = _join(page_url, base_tag.attributes.get("href")) if base_tag is not None else None
    base = base or page_url
    feeds: dict[str, None] = {}
    maybe: dict[str, None] = {}
    for link in tree.css("link[rel][href][type]"):
        attrs = link.attributes
        rels = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES + MAYBE_FEED_TYPES:
            continue
        url = _join(base, attrs.get("href"))
        if url and is_web_url(url) and url != page_url:
            (feeds if kind in FEED_TYPES else maybe)[url] = None
        if len(feeds) + len(maybe) >= MAX_LINKS:
            break
    return [*feeds, *(url for url in maybe if url not in feeds)]


def _join(base: str, href: str | None) -> str | None:
    try:
        return urljoin(base, clean_line(href or ""))
    except ValueError:  # e.g. "http://[oops/": no address at all
        return None
