"""Counts in words: "1 feed", "2 feeds"."""


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`count` with `noun`, or with `nouns` (default: noun + "s") when count is not 1."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
