"""The `byline` command: the TUI by default, headless subcommands for scripts and cron."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from reader import __version__
from reader.cli import feed_cmds, library_cmds, people_cmds, tag_cmds
from reader.config import ConfigError
from reader.library import Library
from reader.store import StoreError

Handler = Callable[[Library, argparse.Namespace], int]
MODULES = (library_cmds, people_cmds, tag_cmds, feed_cmds)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="byline", description="A terminal news reader that follows the people in the news."
    )
    parser.add_argument("--home", metavar="DIR", help="keep all of Byline's files under DIR")
    parser.add_argument("--version", action="version", version=f"byline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are one line on stderr, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        library = Library.open(args.home)
    except (ConfigError, StoreError) as error:
        print(f"byline: {error}", file=sys.stderr)
        return 2
    try:
        if library.store.notice:
            print(f"byline: {library.store.notice}", file=sys.stderr)
        handler: Handler = getattr(args, "handler", run_tui)
        return handler(library, args)
    except (ConfigError, StoreError) as error:
        print(f"byline: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        library.close()


def run_tui(library: Library, args: argparse.Namespace) -> int:
    from reader.tui.app import make_app  # the TUI loads Textual only when it is used

    library.import_samples_on_first_start()
    make_app(library).run()
    return 0
