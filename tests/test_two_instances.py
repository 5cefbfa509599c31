"""Two Byline processes on one library: a refresh writing while others read and toggle flags."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from reader.config import Paths
from reader.library import Library
from reader.store import ArticleFilter, Store
from reader.tui.app import make_app
from reader.tui.widgets.article_list import ArticleList
from tests.feedserver import FeedServer

FEEDS = 6
ITEMS = 50
SIZE = (160, 45)


def feed_body(feed: int, generation: int) -> bytes:
    items = "".join(
        f"<item><title>Feed {feed} item {n} v{generation}</title><link>https://example.invalid/{feed}/{n}</link>"
        f"<guid>https://example.invalid/{feed}/{n}</guid>"
        f"<pubDate>{formatdate(1_700_000_000 + n * 60, usegmt=True)}</pubDate>"
        f"<description><![CDATA[<p>{'Paragraph text of a story. ' * 40}</p>]]></description></item>"
        for n in range(generation * 10, generation * 10 + ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>https://example.com/{feed}</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    server = FeedServer()
    for i in range(FEEDS):
        server.route(f"/feed{i}.xml", feed_body(i, 0))
    yield server
    server.close()


def subscribed(home: Path, server: FeedServer) -> Path:
    """A home subscribed to the server's feeds and refreshed once; returns the database path."""
    library = Library(Paths.resolve(home))
    try:
        for i in range(FEEDS):
            library.store.add_feed(server.url(f"/feed{i}.xml"))
    finally:
        library.close()
    assert run_cli(home, "refresh").returncode == 0
    return Paths.resolve(home).database


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BYLINE_HOME"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        capture_output=True, text=True, env=env, timeout=120,
    )


def start_cli(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "BYLINE_HOME"}
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def test_reader_and_refresh_at_once_never_see_locked(server: FeedServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    database = subscribed(home, server)
    errors: list[BaseException] = []
    flags: dict[int, tuple[bool, bool]] = {}  # what the reader last set: id -> (read, starred)
    stop = threading.Event()
    rounds = [0]

    def reader() -> None:
        store = Store(database)  # its own connection, as another process would have
        rng = random.Random(7)
        try:
            while not stop.is_set():
                everything = ArticleFilter()
                total = store.count(everything)
                page = store.page_after(everything, None, 50)
                while page and not stop.is_set():
                    picked = rng.choice(page)
                    read, starred = rng.random() < 0.5, rng.random() < 0.5
                    store.set_read([picked.id], read)
                    store.set_starred([picked.id], starred)
                    flags[picked.id] = (read, starred)
                    assert store.article(picked.id) is not None
                    last = page[-1]
                    page = store.page_after(everything, (last.sort_ts, last.id), 50)
                store.stats()
                store.feeds()
                assert total <= store.count(everything)  # refresh only ever adds
                rounds[0] += 1
        except BaseException as error:  # reported below, with the refresh's own errors
            errors.append(error)
        finally:
            store.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        results = []
        for generation in (1, 2, 3):
            for i in range(FEEDS):
                server.route(f"/feed{i}.xml", feed_body(i, generation))
            results.append(run_cli(home, "refresh"))
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, f"the reader failed: {errors[0]!r}"
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert rounds[0] >= 1 and flags  # the reader did work while the refreshes ran
    store = Store(database)
    try:
        for article_id, (read, starred) in flags.items():
            article = store.article(article_id)
            assert article is not None and (article.read, article.starred) == (read, starred)
        assert store.count(ArticleFilter()) == FEEDS * (ITEMS + 30)
    finally:
        store.close()


def test_instances_creating_one_library_at_once(tmp_path: Path) -> None:
    """Several instances opening a fresh library together: one creates the schema, none fails
    (each thread has its own connection, which SQLite locks exactly as it would another process)."""
    errors: list[BaseException] = []
    for attempt in range(5):
        path = tmp_path / f"home{attempt}" / "byline.db"
        barrier = threading.Barrier(4)

        def open_together(path: Path = path, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            try:
                store = Store(path)
                store.stats()
                store.close()
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=open_together) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, f"attempt {attempt}: {errors[0]!r}"


async def test_two_tuis_on_one_library(home: Path, library: Library) -> None:
    """Both work: each reads the list and writes flags while the other is open."""
    second = Library(Paths.resolve(home))
    first_app, second_app = make_app(library), make_app(second)
    try:
        async with first_app.run_test(size=SIZE) as one, second_app.run_test(size=SIZE) as two:
            list_one = first_app.screen.query_one(ArticleList)
            list_two = second_app.screen.query_one(ArticleList)
            assert list_one.rows.count == list_two.rows.count > 1
            first = list_one.current
            before = list_two.rows.row(1)
            await one.press("s")  # star the first article in one
            await two.press("j", "m")  # toggle read on the second in the other
            second_row = list_two.current
            await one.pause()
            await two.pause()
            assert first is not None and before is not None and second_row is not None
            assert second_row.id == before.id != first.id and second_row.read != before.read
            assert first_app.is_running and second_app.is_running
    finally:
        second.close()
    starred = library.store.article(first.id)
    read = library.store.article(second_row.id)
    assert starred is not None and starred.starred
    assert read is not None and read.read == second_row.read


async def test_tui_keeps_working_while_the_cli_refreshes(server: FeedServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    subscribed(home, server)
    for i in range(FEEDS):
        server.route(f"/feed{i}.xml", feed_body(i, 1))
    library = Library(Paths.resolve(home))
    app = make_app(library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            articles = app.screen.query_one(ArticleList)
            refresh = start_cli(home, "refresh")
            presses = 0
            while refresh.poll() is None or presses < 10:
                await pilot.press("j", "m", "s", "enter")
                presses += 1
            _, err = refresh.communicate(timeout=60)
            assert refresh.returncode == 0 and "locked" not in err, err
            assert app.is_running
            row = articles.current
            assert row is not None
            stored = library.store.article(row.id)
            assert stored is not None and (stored.read, stored.starred) == (row.read, row.starred)
            assert library.store.count(ArticleFilter()) == FEEDS * (ITEMS + 10)
    finally:
        library.close()
