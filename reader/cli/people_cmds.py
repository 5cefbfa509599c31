"""Subcommands about people: extraction as a stream, the people list, one person's stories."""

from __future__ import annotations

import argparse
import json
import sys

from reader.library import Library
from reader.text.dates import iso_day
from reader.text.wording import plural


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "people", help="list people by number of stories; `people extract` streams JSON lines"
    )
    command.add_argument("action", nargs="?", choices=["extract"], help="read JSON lines on stdin")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--limit", type=int, default=None, help="at most this many people")
    command.add_argument(
        "--all",
        action="store_true",
        help="also those named by one word that no story vouched for (most are products or firms)",
    )
    command.set_defaults(handler=people_cmd)

    command = commands.add_parser("person", help="a person's stories, newest first")
    command.add_argument(
        "name", help='a name as you would write it ("George W. Bush", "president bush", "Orban")'
    )
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=person_cmd)


def people_cmd(library: Library, args: argparse.Namespace) -> int:
    if args.action == "extract":
        from reader.people.stream import extract_stream

        extract_stream(sys.stdin, sys.stdout)
        return 0
    index_with_notice(library)
    people = library.store.people_summary(args.limit, unconfirmed=args.all)
    if args.json:
        print(
            json.dumps(
                [{"id": p.id, "name": p.name, "stories": p.count, "followed": p.followed} for p in people]
            )
        )
    else:
        for person in people:
            print(f"{person.count:>6}  {person.name}{'  (following)' if person.followed else ''}")
    return 0


def person_cmd(library: Library, args: argparse.Namespace) -> int:
    """Exit 0 with the person's stories, 1 when no one has the name, 2 when several may."""
    index_with_notice(library)
    found = library.store.find_people(args.name)
    if not found:
        print(f"byline: no one called {args.name!r} in the library", file=sys.stderr)
        return 1
    if len(found) > 1:
        print(f"byline: {args.name!r} is ambiguous; it may be any of these:", file=sys.stderr)
        if args.json:
            print(
                json.dumps({"candidates": [{"id": p.id, "name": p.name, "stories": p.count} for p in found]})
            )
        else:
            for candidate in found:
                print(f"{candidate.count:>6}  {candidate.name}")
        return 2
    person = found[0]
    stories = library.store.person_stories(person.id)
    if args.json:
        print(
            json.dumps(
                {
                    "id": person.id,
                    "name": person.name,
                    "confirmed": person.confirmed,
                    "stories": [
                        {
                            "id": row.id,
                            "title": row.title,
                            "published": iso_day(row.published),
                            "source": row.feed_title,
                            "mentions": count,
                        }
                        for row, count in stories
                    ],
                }
            )
        )
    else:
        print(f"{person.name}: {plural(len(stories), 'story', 'stories')}")
        if not person.confirmed:
            print("  (named by one word only, and no story says this is a person: not in `byline people`)")
        for row, count in stories:
            print(f"  {iso_day(row.published) or '':<10}  {row.title}  ({count})")
    return 0


def index_with_notice(library: Library) -> None:
    """Find the people not yet found; an upgrade of the extractor, which takes a while, says so."""
    if library.people_upgrade_due():
        print("byline: finding the people of every story again (the people finder changed)…", file=sys.stderr)
    library.index_people()
