"""Text from outside: terminal-safe sanitising, and conversions to Markdown and plain text."""

from reader.text.sanitize import clean, clean_line

__all__ = ["clean", "clean_line"]
