"""`python -m reader.fulltext [URL] < page.html`: the article text Byline keeps from a page.

The page comes on stdin (bytes, decoded as a fetched page is), its address as the last argument;
the plain text goes to stdout. This is the benchmark harness's interface (see bench/fulltext.py).
"""

from __future__ import annotations

import sys

from reader.fulltext.extract import ExtractError, extract_article
from reader.fulltext.pages import decode_page


def main(argv: list[str]) -> int:
    url = argv[-1] if argv else ""
    html = decode_page(sys.stdin.buffer.read(), "")
    try:
        article = extract_article(html, url)
    except ExtractError as error:
        print(f"byline: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(article.plain + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
