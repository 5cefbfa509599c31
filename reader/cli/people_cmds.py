"""Subcommands about people: extraction as a stream, the people list, one person's stories."""

from __future__ import annotations

import argparse
import json
import sys
import time

from reader.library import Library


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "people", help="list people by number of stories; `people extract` streams JSON lines"
    )
    command.add_argument("action", nargs="?", choices=["extract"], help="read JSON lines on stdin")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.add_argument("--limit", type=int, default=None, help="at most this many people")
    command.set_defaults(handler=people_cmd)

    command = commands.add_parser("person", help="a person's stories, newest first")
    command.add_argument("name", help='a full name ("James Comey") or an unambiguous surname')
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=person_cmd)


def people_cmd(library: Library, args: argparse.Namespace) -> int:
    if args.action == "extract":
        from reader.people.stream import extract_stream

        extract_stream(sys.stdin, sys.stdout)
        return 0
    library.index_people()
    people = library.store.people_summary(args.limit)
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
    library.index_people()
    person = library.store.find_person(args.name)
    if person is None:
        print(f"byline: no one called {args.name!r} (or the name is ambiguous)", file=sys.stderr)
        return 1
    stories = library.store.person_stories(person.id)
    if args.json:
        print(
            json.dumps(
                {
                    "id": person.id,
                    "name": person.name,
                    "stories": [
                        {
                            "id": row.id,
                            "title": row.title,
                            "published": _iso(row.published),
                            "source": row.feed_title,
                            "mentions": count,
                        }
                        for row, count in stories
                    ],
                }
            )
        )
    else:
        print(f"{person.name}: {len(stories)} stories")
        for row, count in stories:
            print(f"  {_iso(row.published) or '':<10}  {row.title}  ({count})")
    return 0


def _iso(timestamp: float | None) -> str | None:
    return time.strftime("%Y-%m-%d", time.gmtime(timestamp)) if timestamp is not None else None
