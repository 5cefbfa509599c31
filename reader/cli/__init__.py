"""The `byline` command."""


def main(argv: list[str] | None = None) -> int:
    """Entry point (filled in by the foundation)."""
    return 0
