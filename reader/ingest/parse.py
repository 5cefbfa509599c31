"""Parsing a fetched body into a `ParsedFeed`: feedparser for XML, our own code for JSON Feed.

Rules that keep hostile bodies harmless: feedparser only ever gets an `io.BytesIO` (bytes are
tried as a file path, strings as a URL); DOCTYPE declarations (and so every ENTITY) are removed
first; every exception becomes a per-feed error. `parse_body` is a plain top-level function so a
`ProcessPoolExecutor` can run it; `start_worker` is that pool's initializer, which also puts in
feedparser's speed shortcuts (`saxdriver`). Importing this module patches nothing.
"""

from __future__ import annotations

import calendar
import codecs
import io
import re
from dataclasses import dataclass
from typing import Any

import feedparser

from reader.ingest import saxdriver
from reader.ingest.discover import feed_links
from reader.ingest.items import ParsedFeed, RawEntry, make_articles, register_pipe_reducers
from reader.ingest.jsonfeed import looks_like_json, parse_json_feed
from reader.ingest.xmlsafe import check_large, strip_doctype
from reader.text.html import html_to_text, safe_url
from reader.text.sanitize import clean_line
from reader.workers import die_with

MAX_PARSE_BYTES = 16 * 1024 * 1024
ERROR_MAX = 300
HTML_PAGE = "the address serves an HTML page, not a feed"
_XML_ENCODING = re.compile(r"""^(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
register_pipe_reducers()  # in the parent before a fork, in the fork server, or on a spawned import


@dataclass(frozen=True)
class FeedparserInput:
    """A body as Byline hands it to feedparser, and the response headers that go with it."""

    body: bytes
    response_headers: dict[str, str]


def start_worker(owner: int) -> None:
    """Initializer of a parser pool made by the Byline process `owner`: end with it, and parse with
    feedparser's shortcuts. The pool's maker has already said (once) if they cannot go in."""
    die_with(owner)
    saxdriver.install(say=False)


def parse_body(body: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse one feed body. Never raises: any failure is `ParsedFeed.error`."""
    try:
        return _parse(body, url, headers or {})
    except RecursionError:
        return ParsedFeed(error="the feed is nested too deeply to read")
    except MemoryError:
        return ParsedFeed(error="the feed needs too much memory to read")
    except Exception as error:  # feedparser raises on some tiny inputs; report, never crash
        return ParsedFeed(error=_message(f"cannot parse the feed: {type(error).__name__}: {error}"))


def _parse(body: bytes, url: str, headers: dict[str, str]) -> ParsedFeed:
    given = feedparser_input(body, url, headers)
    if isinstance(given, ParsedFeed):
        return given
    return _from_feedparser(run_feedparser(given), given.body, url)


def feedparser_input(body: bytes, url: str, headers: dict[str, str]) -> FeedparserInput | ParsedFeed:
    """What feedparser is given for `body`, or the whole result when feedparser has no part in it
    (a JSON Feed, a body refused before parsing)."""
    if len(body) > MAX_PARSE_BYTES:
        return ParsedFeed(error=f"the feed is larger than {MAX_PARSE_BYTES} bytes")
    if not body.strip():
        return ParsedFeed(error="the feed is empty")
    content_type = headers.get("content-type", "")
    if looks_like_json(body, content_type):
        return parse_json_feed(body, url)
    body, content_type = _to_byte_oriented(body, content_type)
    body = strip_doctype(body)
    refused = check_large(body)
    if refused:
        return ParsedFeed(error=refused)
    response_headers = {"content-location": headers.get("content-location") or url}
    if content_type:
        response_headers["content-type"] = content_type
    return FeedparserInput(body, response_headers)


def run_feedparser(given: FeedparserInput) -> Any:
    """feedparser's result for `given`, with the options Byline always uses."""
    return feedparser.parse(
        io.BytesIO(given.body), response_headers=given.response_headers,
        sanitize_html=False, resolve_relative_uris=False,
    )


def _to_byte_oriented(body: bytes, content_type: str) -> tuple[bytes, str]:
    """UTF-16/32 bodies re-encoded as UTF-8, so DOCTYPE stripping sees them as ASCII bytes."""
    encoding = next((name for bom, name in _BOMS if body.startswith(bom)), None)
    if encoding is None and len(body) >= 4 and b"\0" in body[:4]:
        encoding = "utf-32" if body[:4].count(b"\0") == 3 else "utf-16-le" if body[1] == 0 else "utf-16-be"
    if encoding is None:
        return body, content_type
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        return body, content_type  # leave it to feedparser's own detection
    text = _XML_ENCODING.sub(r"\1", text.lstrip("\ufeff"), count=1)
    return text.encode("utf-8"), content_type.split(";")[0]


def _from_feedparser(data: Any, body: bytes, url: str) -> ParsedFeed:
    feed = data.get("feed", {})
    entries = data.get("entries", [])
    problem = data.get("bozo_exception") if data.get("bozo") else None
    if not entries and not feed.get("title") and not data.get("version"):
        head = body[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            return ParsedFeed(error=HTML_PAGE, feed_links=feed_links(body, url))
        if problem is None or type(problem).__name__ == "NonXMLContentType":
            return ParsedFeed(error="not a feed: no RSS, Atom or RDF elements found")
        return ParsedFeed(error=_message(f"not a feed: {type(problem).__name__}: {problem}"))
    base = feed.get("link") or url
    result = ParsedFeed(
        title=html_to_text(feed.get("title", "")),
        site_url=safe_url(feed.get("link"), url),
        ttl_s=_ttl(feed.get("ttl")),
        warning=_message(f"malformed feed: {problem}") if _malformed(problem) and entries else None,
    )
    raws = [_raw(entry) for entry in entries]
    result.articles = make_articles(raws, lambda raw: safe_url(raw.link, base) or url)
    return result


def _malformed(problem: BaseException | None) -> bool:
    """A real fault in the XML; not feedparser's notes on a content type or encoding it got past."""
    return problem is not None and not isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)


def _raw(entry: Any) -> RawEntry:
    get = dict.get  # FeedParserDict.get maps keys through aliases: slow, and not needed here
    content, content_is_html = "", True
    for part in get(entry, "content") or ():
        value = get(part, "value") or ""
        if value:
            content = value
            content_is_html = "html" in (get(part, "type") or "text/html")
            if content_is_html:
                break
    detail = get(entry, "title_detail") or {}
    return RawEntry(
        guid=get(entry, "id") or "",
        link=get(entry, "link") or "",
        title=get(entry, "title") or "",
        title_is_html="html" in (get(detail, "type") or "text/html"),
        author=get(entry, "author") or "",
        published=_timestamp(get(entry, "published_parsed") or get(entry, "updated_parsed")),
        summary=get(entry, "summary") or "",
        content=content,
        content_is_html=content_is_html,
    )


def _timestamp(parsed: Any) -> float | None:
    if not parsed:
        return None
    try:
        return float(calendar.timegm(parsed))
    except (TypeError, ValueError, OverflowError):
        return None


def _ttl(value: Any) -> float | None:
    try:
        minutes = float(clean_line(str(value)))
    except (TypeError, ValueError):
        return None
    return minutes * 60 if 0 < minutes < 100_000 else None


def _message(text: str) -> str:
    text = clean_line(text)
    return text if len(text) <= ERROR_MAX else text[: ERROR_MAX - 1] + "…"
