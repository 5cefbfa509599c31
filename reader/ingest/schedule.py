"""When to fetch a feed next: our interval, stretched by RSS ttl, Cache-Control, Retry-After and
failures in a row."""

from __future__ import annotations

import random
import re

MIN_INTERVAL_S = 15 * 60
MAX_INTERVAL_S = 24 * 3600
MAX_RETRY_AFTER_S = 7 * 24 * 3600
JITTER = 0.1
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d{1,10})", re.IGNORECASE)


def max_age(cache_control: str | None) -> float | None:
    """Seconds from a Cache-Control max-age directive, if any."""
    match = _MAX_AGE.search(cache_control or "")
    return float(match.group(1)) if match else None


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value[:12])
    import email.utils  # only for the rare HTTP-date form

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return max(0.0, when.timestamp() - now)
    except (OverflowError, ValueError, OSError):
        return None


def interval_for(ttl_s: float | None, default_s: float) -> float:
    """The base interval of a feed: its RSS ttl when it asks for more than our default."""
    base = max(default_s, ttl_s or 0.0)
    return min(max(base, MIN_INTERVAL_S), MAX_INTERVAL_S)


def after_failures(interval_s: float, failures: int) -> float:
    """The interval once `failures` fetches in a row have failed: doubled from the second on, up to
    a day (a feed that is down for good is asked once a day, not once an hour)."""
    if failures <= 1:
        return interval_s
    return max(interval_s, min(interval_s * 2.0 ** min(failures - 1, 20), MAX_INTERVAL_S))


def next_fetch(
    now: float, interval_s: float, headers: dict[str, str], *, rng: random.Random | None = None
) -> float:
    """The time to fetch next: never before what the server asked, with ±10 % jitter."""
    delay = interval_s
    age = max_age(headers.get("cache-control"))
    if age is not None:
        delay = max(delay, min(age, MAX_INTERVAL_S))
    spread = (rng or random).uniform(-JITTER, JITTER)
    delay *= 1 + spread
    wait = retry_after(headers.get("retry-after"), now)
    if wait is not None:
        delay = max(delay, min(wait, MAX_RETRY_AFTER_S))
    return now + delay
