"""Text from outside: terminal-safe sanitising, and conversions to Markdown and plain text."""

from reader.text.sanitize import clean, clean_line, clean_run

__all__ = ["Converted", "clean", "clean_line", "clean_run", "html_to_markdown", "html_to_text", "safe_url"]


def __getattr__(name: str) -> object:
    """The HTML converter loads selectolax only when it is first used (lean start-up)."""
    if name in ("Converted", "html_to_markdown", "html_to_text", "safe_url"):
        from reader.text import html

        return getattr(html, name)
    raise AttributeError(name)
