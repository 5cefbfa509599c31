"""Subcommands about the library as a whole: import and stats."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from reader.library import Library


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser("import", help="import article files or folders")
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    command.set_defaults(handler=import_cmd)

    command = commands.add_parser("stats", help="counts of articles, unread, feeds, tags, people")
    command.add_argument("--json", action="store_true", help="print a JSON object")
    command.set_defaults(handler=stats_cmd)


def import_cmd(library: Library, args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not path.exists()]
    for path in missing:
        print(f"byline: {path}: no such file or folder", file=sys.stderr)
    report = library.import_paths([path for path in args.paths if path.exists()])
    for error in report.errors:
        print(f"byline: {error}", file=sys.stderr)
    print(f"{len(report.new)} new, {len(report.updated)} updated, {report.unchanged} unchanged")
    return 1 if missing or report.errors else 0


def stats_cmd(library: Library, args: argparse.Namespace) -> int:
    stats = asdict(library.store.stats())
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key:>9}  {value}")
    return 0
