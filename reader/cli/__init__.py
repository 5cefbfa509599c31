"""The `byline` command: the TUI by default, headless subcommands for scripts and cron."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from reader import __version__
from reader.cli import feed_cmds, fulltext_cmds, library_cmds, people_cmds, tag_cmds
from reader.config import ConfigError
from reader.library import Library
from reader.store import SQLiteError, StoreError
from reader.text import clean_line

Handler = Callable[[Library, argparse.Namespace], int]
MODULES = (library_cmds, people_cmds, tag_cmds, feed_cmds, fulltext_cmds)


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
        return fail(str(error))
    except OSError as error:  # e.g. a data folder that cannot be created
        return fail(f"cannot set up Byline's folders: {os_message(error)}")
    try:
        if library.store.notice:
            print(f"byline: {library.store.notice}", file=sys.stderr)
        handler: Handler = getattr(args, "handler", run_tui)
        return handler(library, args)
    except (ConfigError, StoreError) as error:
        return fail(str(error))
    except SQLiteError as error:  # e.g. a full disk, or damage found while reading
        return fail(f"cannot use the library {library.paths.database}: {error}")
    except BrokenPipeError:  # `byline feeds | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit has nowhere to fail
        os.close(devnull)
        return 141
    except OSError as error:
        return fail(os_message(error))
    except KeyboardInterrupt:
        return 130
    finally:
        library.close()


def fail(message: str) -> int:
    if message.endswith(("disk I/O error", "database or disk is full")):
        message += " (is the disk full or read-only?)"
    elif message.endswith("database disk image is malformed"):
        message += " (the library file is damaged)"
    print(f"byline: {clean_line(message)}", file=sys.stderr)
    return 2


def os_message(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def run_tui(library: Library, args: argparse.Namespace) -> int:
    from reader.tui.app import make_app  # the TUI loads Textual only when it is used

    library.import_samples_on_first_start()
    app = make_app(library)
    app.run()
    if app.failure is not None:
        raise app.failure  # said in one line by `main`
    return 0
