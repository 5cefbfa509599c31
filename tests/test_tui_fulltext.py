"""F in the TUI: the teaser at once with a quiet note, then the body swapped in with the cursor
kept; a server that is down leaves the teaser and says why. Snapshots show both ends."""

from __future__ import annotations

import sqlite3

import pytest
from textual.pilot import Pilot

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.main_fulltext import FETCHING
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading import ReadingPane
from tests.conftest import SIZE, reading_text, settle
from tests.feedserver import FeedServer
from tests.test_fulltext import teaser_feed

STORY = (
    "<html><head><title>Harbour ferry returns</title></head><body><nav>Home | World | Sport</nav>"
    "<article><h1>Harbour ferry returns</h1>"
    + "".join(
        f"<p>Paragraph {n}: Captain Mara Quill said the ferry to Port Halloran would run on time this"
        f" winter, and harbourmaster Tobias Venn agreed after the council vote of the week.</p>"
        for n in range(12)
    )
    + "</article><footer>Copyright</footer></body></html>"
).encode()
FETCHED = 1_765_000_000  # the teasers are undated: the list shows the day they were fetched


@pytest.fixture
def teaser_library(server: FeedServer, empty_library: Library) -> Library:
    """One feed (set to never fetch by itself) with three teasers; the second links to STORY."""
    story = server.route("/story", STORY, headers={"Content-Type": "text/html; charset=utf-8"})
    items = [("Older news", server.url("/none-1"), "Nothing much."),
             ("Harbour ferry returns", story, "The ferry is back."),
             ("Other news", server.url("/none-2"), "Nothing else.")]
    feed_id, _ = empty_library.store.add_feed(server.route("/f.xml", teaser_feed(items)))
    empty_library.store.set_full_text(feed_id, "never")
    empty_library.refresh()
    conn = sqlite3.connect(empty_library.paths.database)  # a fixed day, so snapshots keep
    with conn:
        conn.execute("UPDATE articles SET fetched = ?, sort_ts = ?", (FETCHED, FETCHED))
    conn.close()
    return empty_library


async def open_ferry(pilot: Pilot) -> None:
    await settle(pilot)
    articles = pilot.app.screen.query_one(ArticleList)
    for _ in range(articles.rows.count):
        if articles.current is not None and articles.current.title == "Harbour ferry returns":
            break
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)


async def test_f_shows_the_note_then_swaps_the_body_in_place(teaser_library: Library) -> None:
    app = make_app(teaser_library)
    async with app.run_test(size=SIZE) as pilot:
        await open_ferry(pilot)
        articles = app.screen.query_one(ArticleList)
        cursor = articles.current
        assert "The ferry is back." in reading_text(app)
        reading = app.screen.query_one(ReadingPane)
        reading.set_note(FETCHING)  # what F shows at once, before its worker runs
        assert FETCHING in reading_text(app) and "The ferry is back." in reading_text(app)
        await pilot.press("F")
        await settle(pilot)
        text = reading_text(app)
        assert "Captain Mara Quill said" in text and FETCHING not in text
        assert articles.current == cursor
        people = [p.name for p in teaser_library.store.people_in(cursor.id)]
        assert "Mara Quill" in people


def test_f_with_the_server_up(teaser_library: Library, snap_compare) -> None:
    async def fetch(pilot: Pilot) -> None:
        await open_ferry(pilot)
        await pilot.press("F")
        await settle(pilot)

    assert snap_compare(make_app(teaser_library), terminal_size=SIZE, run_before=fetch)


def test_f_with_the_server_down(teaser_library: Library, server: FeedServer, snap_compare) -> None:
    async def fetch(pilot: Pilot) -> None:
        await open_ferry(pilot)
        server.close()
        await pilot.press("F")
        await settle(pilot)
        assert "full text unavailable: connect" in reading_text(pilot.app)

    assert snap_compare(make_app(teaser_library), terminal_size=SIZE, run_before=fetch)
