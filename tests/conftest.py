"""Shared fixtures: a library in a temporary home (with the bundled samples or empty), an empty
store, a loopback feed server, and feedparser's shortcuts for feeds parsed in the test process."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.config import Paths
from reader.ingest import saxdriver
from reader.library import Library
from reader.store import Store
from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "sample_articles" / "000_9827fcc0f7eb9b0f.txt"
SEED_TITLE = "Attorney General Jeff Sessions Reportedly Said He Could Resign"

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
    """Inputs keep their cursor lit instead of blinking, so a snapshot never catches it half-way."""
    from textual.widgets import Input

    def steady(self: Input) -> None:
        self._cursor_visible = True

    monkeypatch.setattr(Input, "_toggle_cursor", steady)
