"""Dates as Byline writes them, on screen and on the command line: every format lives here.

Lists show the local day. A feed item without a date sorts by when it was fetched, so lists show
that day instead, marked "~" (and dimmed by their style) to explain the order. Machine-readable
output (`--json`) is UTC. A timestamp out of the platform's range formats as nothing, never an
exception.
"""

from __future__ import annotations

import time

UNDATED = "~"
DAY = "%Y-%m-%d"
MINUTE = "%Y-%m-%d %H:%M"
LONG = "%A %d %B %Y, %H:%M"


def _format(pattern: str, timestamp: float | None, *, utc: bool = False) -> str | None:
    if timestamp is None:
        return None
    try:
        return time.strftime(pattern, time.gmtime(timestamp) if utc else time.localtime(timestamp))
    except (OverflowError, OSError, ValueError):
        return None


def list_day(published: float | None, sort_ts: float) -> str:
    """'2019-05-03' for a dated item; '~2026-12-06', the day it was fetched, for an undated one."""
    if published is not None:
        return _format(DAY, published) or ""
    return UNDATED + (_format(DAY, sort_ts) or "")


def local_minute(timestamp: float | None) -> str:
    """'2019-05-03 14:05' in the local zone; '' for none."""
    return _format(MINUTE, timestamp) or ""


def long_date(timestamp: float | None) -> str:
    """'Friday 03 May 2019, 14:05' in the local zone, for a story's header; '' for none."""
    return _format(LONG, timestamp) or ""


def iso_utc(timestamp: float | None) -> str | None:
    """'2019-05-03T12:05:00Z' (whole seconds), for JSON output; None for none."""
    return _format("%Y-%m-%dT%H:%M:%SZ", timestamp, utc=True)


def iso_day(timestamp: float | None) -> str | None:
    """'2019-05-03', the UTC day, for JSON and plain output; None for none."""
    return _format(DAY, timestamp, utc=True)
