"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): a small parser of our own.

feedparser 6.0.14 has none. Every field is type-checked: a feed from a stranger can put any JSON
value anywhere, and a wrong type is skipped rather than trusted.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reader.ingest.items import ParsedFeed, RawEntry, make_articles
from reader.text.html import safe_url
from reader.text.sanitize import clean_line

VERSION_PREFIX = "https://jsonfeed.org/version/"
MAX_ITEMS = 10_000


def looks_like_json(body: bytes, content_type: str = "") -> bool:
    """True when the body is (declared or sniffed as) JSON rather than XML."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/feed+json", "application/json") or kind.endswith("+json"):
        return True
    return body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed document; a malformed one gives `ParsedFeed.error`."""
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        return ParsedFeed(error=clean_line(f"not a JSON feed: {error}")[:300])
    if not isinstance(doc, dict):
        return ParsedFeed(error="not a JSON feed: the top level is not an object")
    version = _str(doc.get("version"))
    items = doc.get("items")
    if not version.startswith(VERSION_PREFIX) and not isinstance(items, list):
        return ParsedFeed(error="not a JSON feed: no version and no items")
    base = safe_url(_str(doc.get("home_page_url")), url) or url
    result = ParsedFeed(
        title=clean_line(_str(doc.get("title"))),
        site_url=safe_url(_str(doc.get("home_page_url")), url),
    )
    if not version.startswith(VERSION_PREFIX):
        result.warning = "JSON feed without a jsonfeed.org version"
    raws = [_raw(item, doc) for item in (items if isinstance(items, list) else [])[:MAX_ITEMS]
            if isinstance(item, dict)]
    result.articles = make_articles(raws, base)
    return result


def _raw(item: dict[str, Any], doc: dict[str, Any]) -> RawEntry:
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    item_id = item.get("id")
    numeric = isinstance(item_id, int | float) and not isinstance(item_id, bool)
    guid = str(item_id) if numeric else _str(item_id)
    return RawEntry(
        guid=guid,
        link=_str(item.get("url")) or _str(item.get("external_url")),
        title=_str(item.get("title")),
        title_is_html=False,
        author=_author(item) or _author(doc),
        published=_date(item.get("date_published")) or _date(item.get("date_modified")),
        summary=_str(item.get("summary")),
        content=html or text,
        content_is_html=bool(html),
    )


def _author(obj: dict[str, Any]) -> str:
    authors = obj.get("authors")
    if isinstance(authors, list):  # 1.1
        names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
        return ", ".join(name for name in names if name)
    author = obj.get("author")  # 1.0
    return _str(author.get("name")) if isinstance(author, dict) else ""


def _date(value: Any) -> float | None:
    text = _str(value).strip()
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
