"""Dates as Byline's lists show them. A feed item without a date sorts by when it was fetched, so
that day is shown instead, marked "~" (and dimmed by the list's style) to explain the order."""

from __future__ import annotations

import time

UNDATED = "~"


def list_day(published: float | None, sort_ts: float) -> str:
    """'2019-05-03' for a dated item; '~2026-12-06', the day it was fetched, for an undated one."""
    if published is not None:
        return time.strftime("%Y-%m-%d", time.localtime(published))
    return UNDATED + time.strftime("%Y-%m-%d", time.localtime(sort_ts))
