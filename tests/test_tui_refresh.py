"""R in the TUI: the refresh reports by messages and never waits on the screen; quitting ends it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from textual.dom import DOMNode
from textual.widgets import ProgressBar

from reader.ingest.refresh import RefreshCancelled
from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.main_feeds import FeedFailed, RefreshFinished, RefreshProgress
from reader.tui.widgets.article_list import ArticleList
from tests.conftest import SIZE, record_notifications, settle
from tests.feedserver import FeedServer, rss

REFRESHING = threading.local()  # `running` is set in a thread while it runs a library refresh


def threads_calling(owner: object, name: str, monkeypatch: pytest.MonkeyPatch) -> set[object]:
    """The threads that call `owner.name` from now on: their ids, and "refresh" for a call made
    from inside a library refresh."""
    seen: set[object] = set()
    original: Callable = getattr(owner, name)

    def spy(*args: object, **kwargs: object) -> object:
        seen.add(threading.get_ident())
        if getattr(REFRESHING, "running", False):
            seen.add("refresh")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return seen


def refresh_thread(library: Library, monkeypatch: pytest.MonkeyPatch) -> tuple[list[object], threading.Event]:
    """How the library's refreshes end (a report or an exception, with their thread's id), and an
    event set when one has."""
    ended: list[object] = []
    done = threading.Event()
    refresh = library.refresh

    def spy(*args: object, **kwargs: object) -> object:
        REFRESHING.running = True
        try:
            report = refresh(*args, **kwargs)  # type: ignore[arg-type]
            ended.append((threading.get_ident(), report))
            return report
        except Exception as error:
            ended.append((threading.get_ident(), error))
            raise
        finally:
            REFRESHING.running = False
            done.set()

    monkeypatch.setattr(library, "refresh", spy)
    return ended, done


async def test_r_reports_by_messages_and_never_calls_into_the_screen_from_its_thread(
    library: Library, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        library.store.add_feed(server.route(f"/good{n}.xml", rss(4, title=f"Loopback {n}")))
    library.store.add_feed(server.route("/bad.xml", b"nope", status=500))
    ended, _ = refresh_thread(library, monkeypatch)
    heard: list[object] = []
    app = make_app(library)
    async with app.run_test(size=SIZE, message_hook=heard.append) as pilot:
        said = record_notifications(app, monkeypatch)
        calls_in = threads_calling(app, "call_from_thread", monkeypatch)
        queries_in = threads_calling(DOMNode, "query_one", monkeypatch)
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        finished = [m for m in heard if isinstance(m, RefreshFinished)]
        assert len(finished) == 1 and finished[0].report is not None
        assert finished[0].report.new and len(finished[0].report.failed) == 1
        failed = [m for m in heard if isinstance(m, FeedFailed)]
        assert [m.outcome.url for m in failed] == [server.url("/bad.xml")]
        progress = [m for m in heard if isinstance(m, RefreshProgress)]
        assert progress and progress[-1].done == progress[-1].total == 4
        assert "12 new articles from 4 feeds; 1 failed" in said
        assert any("HTTP 500" in line for line in said)
        bar = app.screen.query_one(ProgressBar)
        assert not bar.has_class("busy") and bar.total == 4 and bar.progress == 4
    (thread, _report), = ended
    assert thread != threading.get_ident()
    assert "refresh" not in calls_in, "the refresh waited on the screen"
    assert queries_in == {threading.get_ident()}, "a widget was looked up off the UI thread"


async def test_the_bar_and_list_catch_up_while_a_slow_feed_holds_the_refresh(
    library: Library, server: FeedServer
) -> None:
    """Feeds that land in quick succession are drawn at most ten times a second, but the last of
    them is drawn: the bar does not wait for the next feed to land (here a minute away)."""
    for n in range(4):
        library.store.add_feed(server.route(f"/quick{n}.xml", rss(3, title=f"Quick {n}")))
    library.store.add_feed(server.route("/slow.xml", rss(3, title="Slow"), delay_s=60))
    before = library.store.stats().articles
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        while library.store.stats().articles < before + 12:
            await pilot.pause(0.05)
        await pilot.pause(1.0)  # ten times the bar's pace, twice the list's
        assert app.screen.query_one(ProgressBar).progress == 4
        assert app.screen.query_one(ArticleList).rows.count == before + 12


def test_a_newer_progress_message_replaces_one_still_queued() -> None:
    older, newer = RefreshProgress(1, 5, 10), RefreshProgress(2, 5, 20)
    assert older.can_replace(newer)
    assert not older.can_replace(RefreshFinished(None, []))
    assert not FeedFailed.can_replace(FeedFailed(None), older)  # type: ignore[arg-type]


async def test_quitting_cancels_a_running_refresh(
    library: Library, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.store.add_feed(server.route("/quick.xml", rss(2, title="Quick")))
    library.store.add_feed(server.route("/slow.xml", rss(2, title="Slow"), delay_s=120))
    ended, done = refresh_thread(library, monkeypatch)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        while not server.hits.get("/slow.xml"):
            await pilot.pause(0.05)
        await pilot.press("q")
    # the slow feed would hold the refresh for two minutes (and the exit with it)
    assert await asyncio.to_thread(done.wait, 30)
    (_thread, outcome), = ended
    assert isinstance(outcome, RefreshCancelled)
