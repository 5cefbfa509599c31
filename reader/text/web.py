"""Which addresses Byline will hand to a web browser."""

from urllib.parse import urlsplit


def is_web_url(url: str) -> bool:
    """True for an http(s) address with a host; javascript:, data:, file: and the rest stay inert."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an invalid IPv6 literal: not an address a browser should get
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def short_url(url: str) -> str:
    """An address as a label: no scheme, no "www.", no final slash ("example.org/feed.xml")."""
    text = url.strip()
    for prefix in ("https://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.lower().startswith("www."):
        text = text[4:]
    return text.rstrip("/") or url
