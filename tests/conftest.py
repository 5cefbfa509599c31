"""Shared fixtures: a library in a temporary home (with the bundled samples or empty), an empty
store, a loopback feed server, feedparser's shortcuts for feeds parsed in the test process; and
the helpers that drive the TUI (tests and snapshots)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import WorkerCancelled

from reader.config import Paths
from reader.ingest import saxdriver
from reader.library import Library
from reader.store import Store
from reader.tui.app import BylineApp
from reader.tui.widgets.article_list import ArticleList
from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "sample_articles" / "000_9827fcc0f7eb9b0f.txt"
SEED_TITLE = "Attorney General Jeff Sessions Reportedly Said He Could Resign"
SIZE = (160, 45)  # the terminal the TUI tests and most snapshots run in
WAIT_S = 6.0  # how long `until` waits (the screen looks for other processes' writes every 1.5 s)

# Dates on screen must not depend on the machine's zone (snapshots, assertions).
os.environ["TZ"] = "UTC"
time.tzset()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def library(home: Path) -> Iterator[Library]:
    """A library in a fresh home holding the bundled samples, as on first start."""
    library = Library(Paths.resolve(home))
    library.import_samples_on_first_start()
    yield library
    library.close()


@pytest.fixture
def empty_library(home: Path) -> Iterator[Library]:
    library = Library(Paths.resolve(home))
    yield library
    library.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary file."""
    store = Store(tmp_path / "library.db")
    yield store
    store.close()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 for one test; `route()` sets what it answers."""
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture(autouse=True, scope="session")
def feedparser_shortcuts() -> Iterator[None]:
    """Feeds parsed in the test process take the path the parser pool's workers take."""
    saxdriver.install()
    yield
    saxdriver.uninstall()


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs (the only widgets of Byline's with a blinking cursor) keep it lit, so no snapshot
    catches it half-way. Autouse: every test, snapshots included, gets it."""

    def steady(self: Input) -> None:
        self._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", steady)


# --- driving the TUI -------------------------------------------------------------------------


async def workers_done(app: App) -> None:
    """Wait until no background work is left. An exclusive worker (the sidebar's counts) that a
    newer one cancelled while we waited is no failure: wait again, for the newer one."""
    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await asyncio.sleep(0)  # let the cancelled worker leave the manager


async def settle(pilot: Pilot) -> None:
    """Let background work finish (the sidebar's counts, searches) and its results be drawn."""
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()


async def open_seed(pilot: Pilot) -> None:
    """Walk down the list with j until the seed is under the cursor, then press Enter."""
    await pilot.pause()
    articles = pilot.app.screen.query_one(ArticleList)
    for _ in range(articles.rows.count):
        if articles.current is not None and articles.current.title == SEED_TITLE:
            break
        await pilot.press("j")
    await pilot.press("enter")
    await pilot.pause()


async def tab_to(pilot: Pilot, kind: type[Widget]) -> Widget:
    """Press Tab until a widget of `kind` has the focus."""
    for _ in range(8):
        if isinstance(pilot.app.focused, kind):
            return pilot.app.focused
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached the {kind.__name__}")


async def until(pilot: Pilot, condition: Callable[[], bool]) -> None:
    """Wait (up to `WAIT_S`) for the screen to show what `condition` looks for."""
    for _ in range(int(WAIT_S / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition(), "the screen never showed what the other process wrote"


def reading_text(app: BylineApp) -> str:
    header = app.screen.query_one("#reading-header", Static)
    body = app.screen.query_one("#reading-body", Static)
    return f"{header.content.plain}\n{body.content.plain}"  # type: ignore[union-attr]


def record_notifications(app: BylineApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages `app` shows from now on, recorded on their way to Textual."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **options: object) -> None:
        said.append(message)
        notify(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", recording)
    return said


def byline_elsewhere(home: Path, *args: str) -> None:
    """Run the command line as another process on the same library; it must succeed."""
    env = {k: v for k, v in os.environ.items() if k != "BYLINE_HOME"}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
