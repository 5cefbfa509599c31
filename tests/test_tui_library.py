"""Tags, search, views, rules and feeds driven through the TUI with Pilot."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from reader.config import Paths
from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens import main_feeds
from reader.tui.widgets.article_list import ArticleList
from tests.conftest import (
    SEED_TITLE,
    SIZE,
    open_seed,
    reading_text,
    record_notifications,
    settle,
    workers_done,
)
from tests.feedserver import FeedServer, rss


async def sidebar_labels(pilot: Pilot) -> list[str]:
    await settle(pilot)
    sidebar = pilot.app.screen.query_one("#sidebar", OptionList)
    return [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def test_tagging_the_seed_shows_in_reader_and_sidebar(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("t")
        await type_text(pilot, "watchlist recusal -justice")
        await pilot.press("enter")
        await settle(pilot)
        seed = app.screen.query_one(ArticleList).current
        assert seed is not None
        assert set(library.store.tags_of(seed.id)) == {"politics", "watchlist", "recusal"}
        assert "#watchlist" in reading_text(app)
        listed = app.screen.query_one(ArticleList).current
        assert listed is not None and "watchlist" in listed.tags  # the list row shows it too
        labels = await sidebar_labels(pilot)
        assert any(label.startswith("#watchlist") for label in labels)


async def test_tag_filter_combines_with_unread(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one("#sidebar", OptionList)
        index = next(
            i for i, label in enumerate(await sidebar_labels(pilot)) if label.startswith("#politics")
        )
        sidebar.focus()
        sidebar.highlighted = index
        await pilot.press("enter")
        articles = app.screen.query_one(ArticleList)
        tagged = articles.rows.count
        assert 0 < tagged < library.store.stats().articles
        library.store.set_read([articles.current.id], True)  # type: ignore[union-attr]
        await pilot.press("u")
        assert articles.rows.count == tagged - 1
        assert articles.rows.filter.unread and articles.rows.filter.tags == ("politics",)


async def test_search_finds_recused_opens_it_and_saves_a_view(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "recused")
        await pilot.pause(0.3)
        await workers_done(app)
        await pilot.pause()
        results = app.screen.query_one("#search-results", OptionList)
        assert results.option_count >= 3
        first = str(results.get_option_at_index(0).prompt)
        await pilot.press("ctrl+s")
        await pilot.press("enter")  # from the input: into the results
        await pilot.press("enter")  # open the first
        await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen"
        assert reading_text(app).split("\n")[0] in first
        assert any(label.startswith("recused") for label in await sidebar_labels(pilot))


async def test_malformed_search_says_why(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "after:yesterday")
        await pilot.pause(0.3)
        await workers_done(app)
        await pilot.pause()
        status = app.screen.query_one("#search-status")
        assert "error" in status.classes and "after" in str(status.content)  # type: ignore[attr-defined]
        assert app.is_running


async def test_a_rule_added_in_the_tui_tags_the_library(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T", "a")
        await type_text(pilot, "person: James Comey -> comey")
        await pilot.press("enter")
        await pilot.pause(0.3)
        await workers_done(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "[[rules]]" in library.paths.config_file.read_text()
        await open_seed(pilot)
        assert "#comey" in reading_text(app)
        assert any(label.startswith("#comey") for label in await sidebar_labels(pilot))


async def test_adding_a_feed_fetches_it_and_a_broken_one_says_why(
    library: Library, server: FeedServer
) -> None:
    good = server.route("/good.xml", rss(4, title="Loopback News"))
    bad = server.route("/bad.xml", b"nope", status=500)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        for url in (good, bad):
            await pilot.press("a")
            app.screen.query_one(Input).value = url
            await pilot.press("enter")
            await pilot.pause(0.2)
            await workers_done(app)
            await pilot.pause()
        labels = await sidebar_labels(pilot)
        assert any(label.startswith("Loopback News") and label.rstrip().endswith("4") for label in labels)
        # the failing feed is flagged, with the reason under its name
        assert any(label.split("\n")[0].endswith("!") and "HTTP 500" in label for label in labels)
        assert library.store.feed_by_url(bad).last_error  # type: ignore[union-attr]
        assert app.screen.query_one(ArticleList).rows.count == library.store.stats().articles
        await open_seed(pilot)  # the rest of the library is untouched
        assert reading_text(app).startswith(SEED_TITLE)


async def test_tag_editor_completes_from_existing_tags(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        await pilot.press("t")
        await type_text(pilot, "immig")
        await pilot.pause(0.2)
        await pilot.press("tab")
        assert app.screen.query_one(Input).value == "immigration"
        await pilot.press("enter")
        await settle(pilot)
        seed = app.screen.query_one(ArticleList).current
        assert seed is not None and "immigration" in library.store.tags_of(seed.id)


def test_snippets_do_not_repeat_the_title() -> None:
    from reader.tui.screens.search import _without_title

    parts = [
        ("Sessions ", False),
        ("Recuses", True),
        (" Himself\n\nAttorney General ", False),
        ("recused", True),
    ]
    assert _without_title(parts, "Sessions Recuses Himself") == [
        ("Attorney General ", False),
        ("recused", True),
    ]
    assert _without_title(parts, "Another title") == parts


async def test_a_rule_can_be_edited_in_the_tui(library: Library) -> None:
    library.paths.config_file.write_text(
        '# my settings\n[[rules]]\ntag = "comey"\nperson = "James Comey"\n', encoding="utf-8"
    )
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == "person: James Comey -> comey"
        field.value = "person: Jeff Sessions -> sessions"
        await pilot.press("enter")
        await settle(pilot)
        text = library.paths.config_file.read_text(encoding="utf-8")
        assert text.startswith("# my settings") and "Jeff Sessions" in text and "James Comey" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert any(label.startswith("#sessions") for label in await sidebar_labels(pilot))


async def test_auto_refresh_fetches_due_feeds_quietly(
    home: Path, server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_feeds, "AUTO_FIRST_S", 0.1)
    paths = Paths.resolve(home)
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text("[fetch]\nauto_refresh_min = 0.004\n")  # a look every 0.24 s
    library = Library(paths)
    good = server.route("/auto.xml", rss(3, title="Auto News"))
    bad = server.route("/down.xml", b"down", status=503)
    for url in (good, bad):
        library.store.add_feed(url)
    app = make_app(library)
    messages = record_notifications(app, monkeypatch)
    try:
        async with app.run_test(size=SIZE) as pilot:
            deadline = time.monotonic() + 20
            while library.store.stats().articles < 3 or any(
                w.group == "refresh" and not w.is_finished for w in app.workers
            ):
                assert time.monotonic() < deadline, "no automatic refresh happened"
                await pilot.pause(0.05)
            await pilot.pause(1.0)  # several more looks: nothing is due, so nothing is fetched
            assert server.hits["/auto.xml"] == 1 and server.hits["/down.xml"] == 1
            assert messages == ["3 new articles from 2 feeds; 1 failed"]  # no per-feed error popup
            labels = await sidebar_labels(pilot)
            assert any(label.startswith("Auto News") for label in labels)
            assert any("HTTP 503" in label for label in labels)  # the failure shows where it belongs
    finally:
        library.close()


async def test_unsubscribing_asks_first_then_takes_the_feed_and_its_articles(
    library: Library, server: FeedServer
) -> None:
    url = server.route("/gone.xml", rss(3, title="Short Lived"))
    feed_id, _ = library.store.add_feed(url)
    await asyncio.to_thread(library.refresh)
    before = library.store.stats().articles
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.screen.query_one("#sidebar", OptionList)
        labels = await sidebar_labels(pilot)
        sidebar.highlighted = next(i for i, label in enumerate(labels) if label.startswith("Short Lived"))
        await pilot.press("D")
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert library.store.feed(feed_id) is not None
        await pilot.press("D")
        question = app.screen.query_one("#prompt-question", Static)
        assert "Unsubscribe from Short Lived?" in str(question.content)
        await pilot.press("y")
        await settle(pilot)
        assert library.store.feed(feed_id) is None and library.store.stats().articles == before - 3
        assert not any(label.startswith("Short Lived") for label in await sidebar_labels(pilot))
        assert app.screen.query_one(ArticleList).rows.count == before - 3


async def test_marking_everything_in_the_list_read_asks_then_keeps_to_the_filter(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        labels = await sidebar_labels(pilot)
        sidebar = app.screen.query_one("#sidebar", OptionList)
        sidebar.focus()
        sidebar.highlighted = next(i for i, label in enumerate(labels) if label.startswith("#fbi"))
        await pilot.press("enter")
        await settle(pilot)
        fbi = app.screen.query_one(ArticleList).rows.filter
        assert fbi.tags == ("fbi",)
        in_tag = library.store.count(replace(fbi, unread=True))
        total_unread = library.store.stats().unread
        await pilot.press("A")
        question = app.screen.query_one("#prompt-question", Static)
        assert f"Mark {in_tag} articles read?" in str(question.content) and in_tag > 1
        await pilot.press("y")
        await settle(pilot)
        assert library.store.count(replace(fbi, unread=True)) == 0
        assert library.store.stats().unread == total_unread - in_tag  # nothing outside the tag
        assert all(row.read for row in library.store.page_at(fbi, 0, 50))
        await pilot.press("A")  # nothing is left to ask about
        assert type(app.screen).__name__ == "MainScreen"
