"""`byline refresh` killed with SIGKILL at random moments never damages the library or loses articles."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

FEEDS = 8
ITEMS = 40
KILLS = 20
PARAGRAPH = "<p>" + "Words of a realistic paragraph about the news of the day, " * 6 + "</p>"

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")


def spread(feed: int) -> float:
    """Feeds answer one after another, so their writes spread over the refresh."""
    return 0.04 * feed


def feed_body(feed: int, generation: int) -> bytes:
    """Feed `feed` as served in round `generation`: older items slide out, new ones arrive,
    and one item is edited each round (an update in place)."""
    first = generation * 5
    items = []
    for n in range(first, first + ITEMS):
        edited = f" (edit {generation})" if n == first + 1 else ""
        items.append(
            f"<item><title>Feed {feed} item {n}{edited}</title><link>https://example.invalid/{feed}/{n}</link>"
            f"<guid>f{feed}-i{n}</guid><pubDate>{formatdate(1_700_000_000 + n * 60, usegmt=True)}</pubDate>"
            f"<description><![CDATA[{PARAGRAPH * 3}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {feed}</title><link>https://example.com/{feed}</link>{''.join(items)}</channel></rss>"
    ).encode()


def byline(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "BYLINE_HOME"}
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--home", str(home), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        start_new_session=True,  # its own process group: the kill reaches the parser pool too
    )


def snapshot(database: Path) -> set[tuple[int, int, str]]:
    """(id, feed, guid) of every stored article; also proves the file opens and checks out."""
    conn = sqlite3.connect(database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # The search index agrees with the table it indexes.
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        return set(conn.execute("SELECT id, feed_id, guid FROM articles"))
    finally:
        conn.close()


def test_sigkill_during_refresh_loses_nothing(server: FeedServer, tmp_path: Path) -> None:
    home = tmp_path / "home"
    urls = [server.route(f"/feed{i}.xml", feed_body(i, 0), delay_s=spread(i)) for i in range(FEEDS)]
    opml = tmp_path / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="Feed {i}" xmlUrl="{url}"/>' for i, url in enumerate(urls))
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>')
    assert byline(home, "import-opml", str(opml)).wait(timeout=30) == 0
    database = home / "data" / "byline.db"

    # Time a start-up alone and a whole refresh, so that the kills spread over the refresh itself.
    started = time.monotonic()
    assert byline(home, "feeds").wait(timeout=30) == 0
    start_up = time.monotonic() - started
    started = time.monotonic()
    first = byline(home, "refresh")
    assert first.wait(timeout=60) == 0, first.stderr.read() if first.stderr else ""
    duration = time.monotonic() - started
    stored = snapshot(database)
    assert len(stored) == FEEDS * ITEMS

    rng = random.Random(20260601)
    killed_running = 0
    grew = 0
    for generation in range(1, KILLS + 1):
        for i in range(FEEDS):
            server.route(f"/feed{i}.xml", feed_body(i, generation), delay_s=spread(i))
        before = stored
        process = byline(home, "refresh")
        time.sleep(rng.uniform(start_up * 0.7, duration * 1.05))  # where to kill, not an assertion
        if process.poll() is None:
            killed_running += 1
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        stored = snapshot(database)
        lost = before - stored
        assert not lost, f"kill {generation}: {len(lost)} articles lost, e.g. {sorted(lost)[:3]}"
        grew += len(stored) > len(before)

    # The kills landed mid-refresh, and killed refreshes still stored whole feeds.
    assert killed_running >= KILLS // 2, f"only {killed_running} kills landed while refreshing"
    assert grew >= 3, f"only {grew} killed refreshes stored anything"

    # Afterwards the library works as before: a refresh runs to the end and stores everything.
    last = byline(home, "refresh")
    assert last.wait(timeout=60) == 0, last.stderr.read() if last.stderr else ""
    final = snapshot(database)
    assert stored <= final
    guids = {guid.rsplit("/", 1)[-1] for _, _, guid in final}  # feedparser resolves a guid as a URL
    assert {f"f{i}-i{n}" for i in range(FEEDS) for n in range(KILLS * 5, KILLS * 5 + ITEMS)} <= guids
