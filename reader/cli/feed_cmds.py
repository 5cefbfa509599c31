"""Subcommands about feed subscriptions: add, feeds, remove, refresh, OPML in and out.

Heavy modules (httpx, the parser) load inside the handlers, so `byline --help` stays quick and
`byline refresh` loads only what it uses (never Textual).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.config import FULL_TEXT_MODES
from reader.library import Library
from reader.text import clean_line
from reader.text.dates import local_minute
from reader.text.web import is_web_url
from reader.text.wording import plural


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("add", help="subscribe to a feed (or to a site's page that names one)")
    command.add_argument("url", metavar="URL")
    command.add_argument("--tag", action="append", default=[], metavar="T", help="tag the feed (repeatable)")
    command.add_argument(
        "--full-text", choices=FULL_TEXT_MODES, metavar="MODE",
        help="fetch each article's web page: auto (when the feed sends teasers, the default), always, never",
    )
    command.set_defaults(handler=add_cmd)

    command = commands.add_parser("feeds", help="list subscriptions with their fetch state")
    command.add_argument("--json", action="store_true", help="print a JSON array")
    command.set_defaults(handler=feeds_cmd)

    command = commands.add_parser("remove", help="unsubscribe from a feed (its articles go too)")
    command.add_argument("url", metavar="URL")
    command.set_defaults(handler=remove_cmd)

    command = commands.add_parser("refresh", help="fetch all subscriptions, or those given")
    command.add_argument("urls", nargs="*", metavar="URL")
    command.add_argument("--due", action="store_true", help="only feeds whose next fetch time has come")
    command.add_argument(
        "--full-text", action="store_true",
        help="this once, fetch the page of every article not yet read in full, whatever the feed's setting",
    )
    command.set_defaults(handler=refresh_cmd)

    command = commands.add_parser("import-opml", help="subscribe to the feeds of an OPML file")
    command.add_argument("file", type=Path, metavar="FILE")
    command.set_defaults(handler=import_opml_cmd)

    command = commands.add_parser("export-opml", help="write subscriptions as OPML (stdout by default)")
    command.add_argument("file", type=Path, nargs="?", metavar="FILE")
    command.set_defaults(handler=export_opml_cmd)


def add_cmd(library: Library, args: argparse.Namespace) -> int:
    url = args.url.strip()
    if not is_web_url(url):
        print(f"byline: {clean_line(url)!r}: only http and https feed URLs can be added", file=sys.stderr)
        return 2
    tags = [clean_line(tag) for tag in args.tag if clean_line(tag)]
    feed_id, created = library.store.add_feed(url, tags=tags)
    if args.full_text:
        library.store.set_full_text(feed_id, args.full_text)
    print(f"{'added' if created else 'already subscribed'}: {url} (feed {feed_id})")
    return 0


def feeds_cmd(library: Library, args: argparse.Namespace) -> int:
    feeds = library.store.feeds(kind="feed")
    tags = library.store.all_feed_tags()
    modes = library.full_text_modes()
    if args.json:
        rows = [
            {
                "id": f.id,
                "url": f.url,
                "title": f.title,
                "site_url": f.site_url,
                "tags": tags.get(f.id, []),
                "articles": f.articles,
                "unread": f.unread,
                "last_fetch": f.last_fetch,
                "next_fetch": f.next_fetch,
                "last_error": f.last_error,
                "failures": f.failures,
                "last_warning": f.last_warning,
                "gone": f.gone,
                "full_text": modes.get(f.id, "auto"),
            }
            for f in feeds
        ]
        print(json.dumps(rows, indent=1))
        return 0
    for f in feeds:
        state = "GONE" if f.gone else ("ERROR" if f.last_error else "ok")
        print(f"{state:<5} {f.unread:>5}/{f.articles:<5} {clean_line(f.title) or '-'}  <{f.url}>")
        print(
            f"      last fetch {_when(f.last_fetch)}, next {_when(f.next_fetch)},"
            f" full text {modes.get(f.id, 'auto')}"
            + (f"  tags: {', '.join(tags[f.id])}" if f.id in tags else "")
        )
        if f.last_error:
            times = f" ({f.failures} fetches in a row)" if f.failures > 1 else ""
            print(f"      {clean_line(f.last_error)}{times}")
        elif f.last_warning:
            print(f"      read anyway: {clean_line(f.last_warning)}")
    return 0


def remove_cmd(library: Library, args: argparse.Namespace) -> int:
    feed = library.store.feed_by_url(args.url.strip())
    if feed is None or feed.kind != "feed":
        print(f"byline: not subscribed: {clean_line(args.url)}", file=sys.stderr)
        return 1
    library.store.remove_feed(feed.id)
    print(f"removed: {feed.url} ({plural(feed.articles, 'article')})")
    return 0


def refresh_cmd(library: Library, args: argparse.Namespace) -> int:
    bar = _Bar() if sys.stderr.isatty() else None

    def progress(_feed: object, done: int, total: int) -> None:  # the bar shows counts only
        if bar:
            bar.show("refreshing", done, total)

    def page_progress(_page: object, done: int, total: int) -> None:
        if bar:
            bar.show("full text", done, total)

    report = library.refresh(
        args.urls or None, progress, due_only=args.due, full_text=args.full_text, page_progress=page_progress
    )
    if bar:
        bar.done()
    for outcome in sorted(report.failed, key=lambda o: o.url):
        print(f"byline: {clean_line(outcome.url)}: {clean_line(outcome.error)}", file=sys.stderr)
    if bar:
        print(
            f"{plural(len(report.outcomes), 'feed')}, {len(report.new)} new, {len(report.updated)} updated,"
            f" {len(report.failed)} failed"
            + (f"; full text of {len(report.full_text)} of {len(report.pages)} pages" if report.pages else "")
            + f" in {report.seconds:.1f} s",
            file=sys.stderr,
        )
        for person, title in library.store.followed_in(report.new):
            print(f"new about {clean_line(person)}: {clean_line(title)}", file=sys.stderr)
    return 0


def import_opml_cmd(library: Library, args: argparse.Namespace) -> int:
    from reader.ingest.opml import OpmlError

    try:
        report = library.import_opml(args.file)
    except OpmlError as error:
        print(f"byline: {clean_line(str(error))}", file=sys.stderr)
        return 1
    for reason in report.skipped:
        print(f"byline: {args.file}: {clean_line(reason)}", file=sys.stderr)
    old = report.found - report.new
    print(f"{plural(report.found, 'feed')} in {args.file.name}: {report.new} new, {old} already subscribed")
    return 0


def export_opml_cmd(library: Library, args: argparse.Namespace) -> int:
    text, count = library.export_opml()
    if args.file is None:
        sys.stdout.write(text)
        return 0
    try:
        args.file.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"byline: {args.file}: cannot write: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"{plural(count, 'feed')} written to {args.file}", file=sys.stderr)
    return 0


def _when(stamp: float | None) -> str:
    return local_minute(stamp) if stamp else "never"


class _Bar:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    WIDTH = 30

    def show(self, label: str, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        sys.stderr.write(f"\r{label:<10} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}  ")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\r" + " " * (self.WIDTH + 30) + "\r")
        sys.stderr.flush()
