"""Subcommands for tags, tag rules, search and saved views."""

from __future__ import annotations

import argparse
import json
import re
import sys

from reader.library import Library
from reader.rules import RulesReport
from reader.search_query import QueryError
from reader.store import SearchHit, TagError, marked_snippet, plain_snippet
from reader.text import clean_line
from reader.text.dates import iso_day, iso_utc
from reader.text.wording import plural

# `byline search person:"James Comey"` reaches us as `person:James Comey`: quote it again.
_FIELD_VALUE = re.compile(r'(-?(?:person|feed):)([^"\s:][^":]*\s[^":]*)')


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("tag", help="add tags to an article")
    command.add_argument("id", type=int, metavar="ID", help="the article id (as `search --json` prints)")
    command.add_argument("tags", nargs="+", metavar="TAG")
    command.set_defaults(handler=tag_cmd)

    command = commands.add_parser("untag", help="remove tags from an article")
    command.add_argument("id", type=int, metavar="ID")
    command.add_argument("tags", nargs="+", metavar="TAG")
    command.set_defaults(handler=untag_cmd)

    command = commands.add_parser("tags", help="list tags with counts, or apply the tag rules")
    command.add_argument(
        "action", nargs="?", choices=["apply-rules"], help="apply-rules: tag the whole library by rule"
    )
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=tags_cmd)

    command = commands.add_parser(
        "search",
        help="search the library (words, \"phrases\", filters)",
        epilog='a -word after the options needs `--` first: byline search -- comey -trump, '
        "or quote the whole query: byline search 'comey -trump'",
    )
    command.add_argument("query", nargs="+", metavar="QUERY", help='e.g. comey tag:politics is:unread')
    command.add_argument("--limit", type=int, default=20, help="at most this many results (default 20)")
    command.add_argument("--json", action="store_true", help="print a JSON list, best first")
    command.set_defaults(handler=search_cmd)

    command = commands.add_parser("views", help="list saved views with their counts")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=views_cmd)

    command = commands.add_parser("view", help="add or remove a saved view")
    actions = command.add_subparsers(dest="view_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save a search as a view")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", nargs="+", metavar="QUERY")
    add.set_defaults(handler=view_add_cmd)
    remove = actions.add_parser("remove", help="delete a saved view")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=view_remove_cmd)


def query_text(words: list[str]) -> str:
    """Join the QUERY arguments, re-quoting a field value the shell unquoted (person:James Comey)."""
    return " ".join(_FIELD_VALUE.sub(_requote, w) if _FIELD_VALUE.fullmatch(w) else w for w in words)


def _requote(found: re.Match[str]) -> str:
    return f'{found.group(1)}"{found.group(2).strip()}"'


def _fail(message: str, code: int = 1) -> int:
    print(f"byline: {clean_line(message)}", file=sys.stderr)
    return code


def tag_cmd(library: Library, args: argparse.Namespace) -> int:
    try:
        added = library.store.tag_articles([args.id], args.tags)
    except TagError as error:
        return _fail(str(error))
    print(f"{plural(added, 'tag')} added to article {args.id}")
    return 0


def untag_cmd(library: Library, args: argparse.Namespace) -> int:
    try:
        removed = library.store.untag_articles([args.id], args.tags)
    except TagError as error:
        return _fail(str(error))
    print(f"{plural(removed, 'tag')} removed from article {args.id}")
    return 0


def tags_cmd(library: Library, args: argparse.Namespace) -> int:
    if args.action == "apply-rules":
        return _apply_rules(library, args)
    counts = library.store.tags()
    if args.json:
        print(json.dumps([{"name": t.name, "count": t.count, "unread": t.unread} for t in counts]))
        return 0
    for item in counts:
        print(f"{item.count:>7}  {item.unread:>7} unread  {item.name}")
    if not counts:
        print("no tags yet: add one with `byline tag ID TAG`")
    return 0


def _apply_rules(library: Library, args: argparse.Namespace) -> int:
    report: RulesReport = library.rules.apply()
    for error in report.errors:
        print(f"byline: {clean_line(str(error))}", file=sys.stderr)
    if args.json:
        print(json.dumps({
            "tagged": report.tagged,
            "matched": report.matched,
            "errors": [{"rule": e.index + 1, "line": e.line, "message": e.reason} for e in report.errors],
        }))
    else:
        for name in sorted(report.tagged):
            print(f"{name}: {report.matched[name]} matching, {report.tagged[name]} newly tagged")
        print(f"{report.total} tags added by {len(report.tagged)} tag rule(s)")
    return 1 if report.errors else 0


def search_cmd(library: Library, args: argparse.Namespace) -> int:
    if args.limit < 1:
        return _fail("--limit must be at least 1", 2)
    try:
        hits = library.search(query_text(args.query), args.limit)
    except QueryError as error:
        return _fail(f"search: {error}", 2)
    if args.json:
        print(json.dumps([_hit_json(hit) for hit in hits], ensure_ascii=False))
        return 0
    for hit in hits:
        print(f"{hit.id:>7}  {iso_day(hit.published) or '':10}  {hit.title}")
        snippet = marked_snippet(hit.snippet)
        if snippet:
            print(f"         {' '.join(snippet.split())}")
    if not hits:
        print("no articles match", file=sys.stderr)
    return 0


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "id": hit.id,
        "title": hit.title,
        "published": iso_utc(hit.published),
        "feed": hit.feed_title,
        "snippet": plain_snippet(hit.snippet),
        "snippet_marked": marked_snippet(hit.snippet),
        "rank": hit.rank,
        "read": hit.read,
        "starred": hit.starred,
    }


def views_cmd(library: Library, args: argparse.Namespace) -> int:
    items = library.views()
    if args.json:
        print(json.dumps([
            {"name": v.view.name, "query": v.view.query, "count": v.count, "error": v.error} for v in items
        ], ensure_ascii=False))
        return 0
    for item in items:
        count = f"{item.count:>7}" if item.count is not None else "      ?"
        print(f"{count}  {item.view.name}  ({item.view.query})")
        if item.error:
            print(f"         {item.error}")
    if not items:
        print("no saved views: add one with `byline view add NAME QUERY`")
    return 0


def view_add_cmd(library: Library, args: argparse.Namespace) -> int:
    try:
        view = library.save_view(args.name, query_text(args.query))
    except QueryError as error:
        return _fail(f"view: {error}", 2)
    except TagError as error:
        return _fail(str(error), 2)
    print(f"saved view {view.name!r}: {view.query}")
    return 0


def view_remove_cmd(library: Library, args: argparse.Namespace) -> int:
    if not library.store.delete_view(args.name):
        return _fail(f"there is no view called {args.name!r}")
    print(f"removed view {args.name!r}")
    return 0
