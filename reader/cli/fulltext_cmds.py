"""Subcommands about one article and its full text: show, fulltext."""

from __future__ import annotations

import argparse
import json
import sys

from reader.library import Library
from reader.store import Article
from reader.text import clean, clean_line
from reader.text.dates import iso_utc, local_minute


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("show", help="print one article: title, source, date, then its text")
    command.add_argument("id", type=int, metavar="ID")
    command.add_argument(
        "--json", action="store_true",
        help='print {"id", "title", "url", "published", "feed", "text", "full_text"}',
    )
    command.set_defaults(handler=show_cmd)

    command = commands.add_parser("fulltext", help="fetch the full text of articles from their web pages now")
    command.add_argument("ids", type=int, nargs="+", metavar="ID")
    command.set_defaults(handler=fulltext_cmd)


def full_text_state(article: Article) -> str:
    """"ok", "none" (never fetched) or the reason the page failed."""
    return article.page_status or "none"


def body_text(article: Article) -> str:
    """The article's plain text without its title: the page's where there is one, else the feed's."""
    if article.page_plain:
        return article.page_plain
    return article.plain.removeprefix(article.title).strip()


def show_cmd(library: Library, args: argparse.Namespace) -> int:
    article = library.store.article(args.id)
    if article is None:
        print(f"byline: no article {args.id}", file=sys.stderr)
        return 1
    published = iso_utc(article.published)
    if args.json:
        print(json.dumps({
            "id": article.id, "title": article.title, "url": article.url, "published": published,
            "feed": article.feed_title, "text": body_text(article), "full_text": full_text_state(article),
        }, ensure_ascii=False))
        return 0
    when = local_minute(article.published)
    print(clean_line(article.title) or "(untitled)")
    print(" · ".join(clean_line(part) for part in (article.feed_title, when, article.url) if part))
    state = full_text_state(article)
    if state not in ("ok", "none"):
        print(f"full text unavailable: {clean_line(state)}")
    print()
    print(clean(body_text(article)))
    return 0


def fulltext_cmd(library: Library, args: argparse.Namespace) -> int:
    failed = 0
    for page in library.fetch_full_text(args.ids):
        if page.error is None:
            print(f"{page.article_id}: full text stored from {clean_line(page.url)}")
        else:
            failed += 1
            reason = clean_line(page.error)
            print(f"byline: {page.article_id}: full text unavailable: {reason}", file=sys.stderr)
    return 1 if failed else 0
