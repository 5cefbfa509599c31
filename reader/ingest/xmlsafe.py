"""Removing DOCTYPE declarations (and with them every ENTITY) from XML before it is parsed.

Entity expansion ("billion laughs"), external entities and DTD fetches all start in the DOCTYPE.
A news feed has no use for one, so it goes, in one linear pass over the bytes.
"""

from __future__ import annotations

import re

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
