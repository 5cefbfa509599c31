"""Removing DOCTYPE declarations (and with them every ENTITY) from XML before it is parsed.

Entity expansion ("billion laughs"), external entities and DTD fetches all start in the DOCTYPE.
A news feed has no use for one, so it goes, in one linear pass over the bytes.
"""

from __future__ import annotations

import re
from xml.parsers import expat

_DOCTYPE = re.compile(rb"<!doctype", re.IGNORECASE)
_SUBSET_END = re.compile(rb"\]\s*>")


def strip_doctype(data: bytes) -> bytes:
    """Remove every DOCTYPE declaration with its internal subset (ENTITY declarations included)."""
    match = _DOCTYPE.search(data)
    if match is None:
        return data
    out: list[bytes] = []
    pos = 0
    while match is not None:
        out.append(data[pos : match.start()])
        after = match.end()
        close = data.find(b">", after)
        bracket = data.find(b"[", after)
        if bracket != -1 and (close == -1 or bracket < close):
            end = _SUBSET_END.search(data, bracket)
            pos = end.end() if end else len(data)
        else:
            pos = close + 1 if close != -1 else len(data)
        match = _DOCTYPE.search(data, pos)
    out.append(data[pos:])
    return b"".join(out)


LARGE_TAG_COUNT = 40_000  # below this many "<", even the worst nesting parses within bounds
MAX_DEPTH = 512


def check_large(data: bytes) -> str | None:
    """For a document with very many tags: a reason to refuse it (malformed or too deep), or None.

    feedparser spends ~40 µs per element and falls back to a slower loose parser on malformed XML,
    so a large malformed or absurdly nested document is refused before it gets there.
    """
    if data.count(b"<") <= LARGE_TAG_COUNT:
        return None
    parser = expat.ParserCreate()
    parser.buffer_text = True
    depth = 0

    def start(name: str, attrs: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _TooDeep:
        return f"the feed nests elements more than {MAX_DEPTH} levels deep"
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        return f"the feed is large and not well-formed XML ({reason}, line {error.lineno})"
    return None


class _TooDeep(Exception):
    """Raised inside the depth scan to stop it."""
