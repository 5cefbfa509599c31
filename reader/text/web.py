"""Which addresses Byline will hand to a web browser."""

from urllib.parse import urlsplit


def is_web_url(url: str) -> bool:
    """True for an http(s) address with a host; javascript:, data:, file: and the rest stay inert."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an invalid IPv6 literal: not an address a browser should get
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
