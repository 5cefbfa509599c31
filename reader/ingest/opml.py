"""OPML in and out. Nested outlines (and OPML 2.0 `category`) become tags on the feed.

Import only keeps http(s) feed URLs: other schemes (file:, javascript:, Newsboat's `|command`)
are reported and skipped, never followed. A broken file is one clear `OpmlError`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from reader.ingest.xmlsafe import strip_doctype
from reader.text.sanitize import clean_line

MAX_OPML_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 50


class OpmlError(Exception):
    """The file is not usable OPML; the message says why."""


@dataclass(frozen=True)
class OpmlFeed:
    """One subscription in an OPML file."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()


@dataclass
class OpmlImport:
    """The feeds found in a file, and what was skipped and why."""

    feeds: list[OpmlFeed] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_opml(path: Path) -> OpmlImport:
    """Read an OPML file from disk."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_OPML_BYTES + 1)
    except OSError as error:
        raise OpmlError(f"{path}: cannot read: {error.strerror or error}") from error
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"{path}: larger than {MAX_OPML_BYTES // (1024 * 1024)} MB; not an OPML file?")
    try:
        return read_opml(data)
    except OpmlError as error:
        raise OpmlError(f"{path}: {error}") from error


def read_opml(data: bytes) -> OpmlImport:
    """Parse OPML bytes; feeds listed twice are merged, their tags joined."""
    try:
        root = ET.fromstring(strip_doctype(data))
    except ET.ParseError as error:
        raise OpmlError(f"not well-formed XML ({clean_line(str(error))})") from error
    if _local(root.tag) != "opml":
        name = clean_line(_local(root.tag))[:40]
        raise OpmlError(f"not OPML: the document element is <{name}>, not <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not OPML: there is no <body> element")
    found: dict[str, OpmlFeed] = {}
    result = OpmlImport()
    _walk(body, (), found, result, 0)
    result.feeds = list(found.values())
    return result


def _walk(node: ET.Element, tags: tuple[str, ...], found: dict[str, OpmlFeed], result: OpmlImport,
          depth: int) -> None:
    if depth > MAX_DEPTH:
        result.skipped.append(f"outlines nested deeper than {MAX_DEPTH} levels were skipped")
        return
    for outline in node:
        if _local(outline.tag) != "outline":
            continue
        attrs = {key.lower(): value for key, value in outline.attrib.items()}
        title = clean_line(attrs.get("title") or attrs.get("text"))[:500]
        url = clean_line(attrs.get("xmlurl"))
        if url:
            categories = [clean_line(c) for c in (attrs.get("category") or "").split(",")]
            own = tuple(dict.fromkeys([*tags, *(c.strip("/") for c in categories if c.strip("/"))]))
            if not url.lower().startswith(("http://", "https://")):
                result.skipped.append(f"{url[:200]}: not an http(s) URL, skipped")
            elif url in found:
                old = found[url]
                found[url] = OpmlFeed(url, old.title or title, tuple(dict.fromkeys(old.tags + own)))
            else:
                found[url] = OpmlFeed(url, title, own)
        if len(outline):
            _walk(outline, (*tags, title) if title and not url else tags, found, result, depth + 1)


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def write_opml(feeds: list[OpmlFeed], title: str = "Byline subscriptions") -> str:
    """OPML 2.0 text: untagged feeds at the top, then one folder per tag (a feed may be in several)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    by_tag: dict[str, list[OpmlFeed]] = {}
    for feed in feeds:
        if not feed.tags:
            lines.append("    " + _outline(feed))
        for tag in feed.tags:
            by_tag.setdefault(tag, []).append(feed)
    for tag in sorted(by_tag, key=str.lower):
        lines.append(f"    <outline text={_attr(tag)} title={_attr(tag)}>")
        lines.extend("      " + _outline(feed) for feed in by_tag[tag])
        lines.append("    </outline>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _outline(feed: OpmlFeed) -> str:
    title = feed.title or feed.url
    return f'<outline type="rss" text={_attr(title)} title={_attr(title)} xmlUrl={_attr(feed.url)}/>'


def _attr(value: str) -> str:
    return quoteattr(clean_line(value), {"\n": "&#10;", "\t": "&#9;"})


def _text(value: str) -> str:
    return quoteattr(clean_line(value))[1:-1]
