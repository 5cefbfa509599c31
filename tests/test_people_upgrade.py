"""A library whose people an older extractor found gets them found again, once, in place."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import OptionList

from reader import indexing
from reader.config import Paths
from reader.indexing import index_pending
from reader.library import Library
from reader.people import PEOPLE_VERSION
from reader.store import ArticleIn, Found
from reader.tui.app import make_app
from reader.tui.widgets.people import PeoplePane
from tests.conftest import SIZE, record_notifications, settle
from tests.test_people_cli import byline
from tests.test_upgrades import FIXTURES


def old_home(tmp_path: Path, version: int = 3) -> Path:
    """A Byline home holding a library written by an older release (schema `version`)."""
    home = tmp_path / "home"
    database = Paths.resolve(home).database
    database.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / f"schema_v{version}.db", database)
    return home


def settings(home: Path) -> dict[str, str]:
    conn = sqlite3.connect(Paths.resolve(home).database)
    try:
        return dict(conn.execute("SELECT name, value FROM settings").fetchall())
    finally:
        conn.close()


def test_an_old_library_finds_its_people_again_on_first_use(tmp_path: Path) -> None:
    home = old_home(tmp_path)
    result = byline(home, "people", "--json")
    assert result.returncode == 0, result.stderr
    assert "finding the people of every story again" in result.stderr
    people = {p["name"]: p for p in json.loads(result.stdout)}
    assert people["Jeff Sessions"]["stories"] == 2 and people["Jeff Sessions"]["followed"]
    assert people["James Comey"]["stories"] == 1
    assert settings(home) == {"people_version": PEOPLE_VERSION}  # done: no upgrade left under way
    again = byline(home, "person", "attorney general jeff sessions", "--json")
    assert again.returncode == 0 and "finding" not in again.stderr  # once only
    assert len(json.loads(again.stdout)["stories"]) == 2


def test_a_new_extractor_version_finds_everyone_again_once(tmp_path: Path) -> None:
    library = Library(Paths.resolve(tmp_path / "home"))
    feed = library.store.local_source("Wire")
    # What an older extractor stored: a "person" today's does not find in this text.
    wrong = (Found("Monday Tony Blair", 1, 0, ("Monday Tony Blair",)),)
    text = "Prime Minister Tony Blair visited Leeds on Monday. Blair said he was pleased."
    library.store.upsert_articles(feed, [ArticleIn(guid="a", title="a", plain=text, people=wrong)])
    assert library.index_people() == 0  # the version is today's: nothing to do
    with library.store.db.transaction() as conn:
        conn.execute("UPDATE settings SET value = 'model 0, names 0' WHERE name = 'people_version'")
    assert library.people_upgrade_due()
    assert library.index_people() == 1
    assert [p.name for p in library.store.people_summary()] == ["Tony Blair"]
    assert library.store.stats().people == 1  # the old entry went with its last story
    assert not library.people_upgrade_due() and library.index_people() == 0
    library.close()


def test_an_upgrade_cut_short_goes_on_where_it_stopped(tmp_path: Path) -> None:
    home = old_home(tmp_path)
    library = Library(Paths.resolve(home))
    assert library.people_upgrade_due()
    library.store.start_people_upgrade(PEOPLE_VERSION)
    assert index_pending(library.store, within=[1]) == 1  # then Byline was closed
    library.close()
    library = Library(Paths.resolve(home))
    assert library.people_upgrade_due() and library.store.count_without_people() == 4
    assert library.index_people() == 4
    assert not library.people_upgrade_due()
    assert {p.name for p in library.store.people_summary()} == {"Jeff Sessions", "James Comey", "Sean Spicer"}
    library.close()


@pytest.fixture
def big_old_library(tmp_path: Path) -> Library:
    """1,200 stories whose people an older extractor found (with one it got wrong)."""
    library = Library(Paths.resolve(tmp_path / "home"))
    feed = library.store.local_source("Wire")
    wrong = (Found("Dem MPs", 1, 0, ("Dem MPs",)),)
    stories = [
        ArticleIn(
            guid=f"s{i}",
            title=f"Story {i}",
            published=1_100_000_000 + i * 3600,
            plain=f"Story {i}\n\nPrime Minister Tony Blair visited Leeds on day {i}. Blair was pleased.",
            people=wrong,
        )
        for i in range(1200)
    ]
    library.store.upsert_articles(feed, stories)
    with library.store.db.transaction() as conn:
        conn.execute("UPDATE settings SET value = 'model 0, names 0' WHERE name = 'people_version'")
    return library


async def test_the_tui_upgrades_in_the_background_and_shows_progress(
    big_old_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.screens.main import MainScreen

    shown: list[str] = []
    original = MainScreen._people_progress

    def watching(screen: MainScreen, done: str | None) -> None:
        original(screen, done)
        shown.append(str(screen.query_one(PeoplePane).border_subtitle))

    monkeypatch.setattr(MainScreen, "_people_progress", watching)
    app = make_app(big_old_library)
    async with app.run_test(size=SIZE) as pilot:
        said = record_notifications(app, monkeypatch)
        await pilot.press("j", "j", "enter")  # the app answers while the upgrade runs
        await settle(pilot)
        assert shown[0].startswith("finding people again") and shown[-1] == ""
        assert "finding people again 1,200/1,200" in shown
        assert any("found again" in message for message in said)
        people = app.screen.query_one("#people", OptionList)
        prompts = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert [prompt.rsplit("  ", 1)[0] for prompt in prompts] == ["Tony Blair"]
    assert not big_old_library.people_upgrade_due()
    assert [p.name for p in big_old_library.store.people_summary()] == ["Tony Blair"]


async def test_quitting_in_the_middle_of_an_upgrade_leaves_the_rest_for_next_time(
    big_old_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.tui.screens.main import MainScreen

    progressed = asyncio.Event()
    original = MainScreen._people_progress

    def watching(screen: MainScreen, done: str | None) -> None:
        original(screen, done)
        progressed.set()

    monkeypatch.setattr(MainScreen, "_people_progress", watching)
    monkeypatch.setattr(indexing, "BATCH", 20)  # many short batches: quitting falls between two
    app = make_app(big_old_library)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(progressed.wait(), 60)
        await pilot.press("q")  # no story followed: q quits
    store = big_old_library.store
    await asyncio.sleep(0.5)  # the batch under way, if any, lands; no further one starts
    left = store.count_without_people()
    await asyncio.sleep(0.5)
    assert 0 < left == store.count_without_people()
    assert big_old_library.people_upgrade_due()
    assert big_old_library.index_people() == left  # the next start does the rest
    assert not big_old_library.people_upgrade_due()
