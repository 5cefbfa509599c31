"""What the screens look like, as SVG snapshots (update with `make snapshot-update`, then look at
every changed SVG before committing it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, ProgressBar

from reader.ingest.refresh import refresh
from reader.library import Library
from reader.tui.app import make_app
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.people import LinkedPane, PeoplePane
from reader.tui.widgets.sidebar import Sidebar
from tests.conftest import SIZE, byline_elsewhere, open_seed, record_notifications, settle, tab_to, until
from tests.feedserver import FeedServer, rss


def test_main_screen_on_the_samples(library: Library, snap_compare) -> None:
    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=settle)


def test_main_screen_reading_the_seed(library: Library, snap_compare) -> None:
    async def read_seed(pilot: Pilot) -> None:
        await open_seed(pilot)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=read_seed)


def test_person_screen(library: Library, snap_compare) -> None:
    async def open_comey(pilot: Pilot) -> None:
        await open_seed(pilot)
        people = await tab_to(pilot, PeoplePane)
        for _ in range(people.option_count):  # type: ignore[attr-defined]
            if str(people.highlighted_option.prompt).startswith("James Comey"):  # type: ignore[attr-defined]
                break
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_comey)


def test_help_screen(library: Library, snap_compare) -> None:
    async def open_help(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_help)


def test_search_screen(library: Library, snap_compare) -> None:
    async def search_recused(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"recused")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=search_recused)


def test_tag_editor(library: Library, snap_compare) -> None:
    async def edit_tags(pilot: Pilot) -> None:
        await open_seed(pilot)
        await settle(pilot)
        await pilot.press("t", *"immig")
        await pilot.pause(0.2)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=edit_tags)


def test_unsubscribe_question(library: Library, snap_compare) -> None:
    library.store.add_feed("https://news.example/feed.xml", title="Example News")

    async def ask(pilot: Pilot) -> None:
        await settle(pilot)
        sidebar = pilot.app.screen.query_one("#sidebar", OptionList)
        sidebar.highlighted = next(
            i for i in range(sidebar.option_count)
            if str(sidebar.get_option_at_index(i).prompt).startswith("Example News")
        )
        await pilot.press("D")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=ask)


# --- issue 12: sizes, focused lists, live updates -------------------------------------------

SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_main_screen_at_each_size(library: Library, snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(library), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_reading_with_the_people_shown_on_a_small_screen(
    library: Library, snap_compare, size: tuple[int, int]
) -> None:
    async def read_with_people(pilot: Pilot) -> None:
        await open_seed(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=size, run_before=read_with_people)


@pytest.mark.parametrize("pane", [PeoplePane, LinkedPane], ids=["people", "linked"])
def test_a_list_pane_shows_its_highlighted_row_on_focus(library: Library, snap_compare, pane: type) -> None:
    async def tab_into(pilot: Pilot) -> None:
        await open_seed(pilot)
        await tab_to(pilot, pane)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=tab_into)


def test_new_articles_from_another_process_are_announced(
    home: Path, library: Library, tmp_path: Path, snap_compare, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.md").write_text(
            f'+++\ntitle = "Council story {n}"\ndate = 2019-07-0{n + 1}\n+++\n\nThe council met again.\n'
        )

    async def import_elsewhere(pilot: Pilot) -> None:
        said = record_notifications(pilot.app, monkeypatch)  # type: ignore[arg-type]
        await settle(pilot)
        byline_elsewhere(home, "import", str(folder))
        await until(pilot, lambda: "3 new articles" in said)
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=import_elsewhere)


def test_an_empty_library_with_feeds_offers_the_key(empty_library: Library, snap_compare) -> None:
    for n in range(200):
        empty_library.store.add_feed(f"https://news{n}.example/feed.xml", title=f"News {n}")
    assert snap_compare(make_app(empty_library), terminal_size=SIZE, run_before=settle)


# --- issue 13: every screen ------------------------------------------------------------------


def test_rules_screen(library: Library, snap_compare) -> None:
    library.paths.config_file.write_text(
        '[[rules]]\ntag = "comey"\nperson = "James Comey"\n\n'
        '[[rules]]\ntag = "ferry"\nmatch = "ferry"\n\n'
        '[[rules]]\ntag = "broken"\n',  # no condition: listed as broken, with the reason
        encoding="utf-8",
    )

    async def open_rules(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_rules)


def test_links_screen(library: Library, snap_compare) -> None:
    async def open_links(pilot: Pilot) -> None:
        await settle(pilot)
        articles = pilot.app.screen.query_one(ArticleList)
        while "Revised Travel Order" not in (articles.current.title if articles.current else ""):
            await pilot.press("j")
        await pilot.press("enter", "L")
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=open_links)


def test_add_feed_prompt(library: Library, snap_compare) -> None:
    async def add_feed(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("a", *"https://news.example/")
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=add_feed)


def test_a_failing_feed_is_marked_in_the_sidebar(library: Library, server: FeedServer, snap_compare) -> None:
    library.store.add_feed(server.route("/good.xml", rss(3, title="Harbour Gazette")))
    library.store.add_feed(server.route("/down.xml", b"busy", status=503), title="Delta Wire")
    # the feeds alone: their teasers' pages (at example.invalid) would fail as each resolver words it
    refresh(library.store, library.config.fetch)

    async def highlight_the_failure(pilot: Pilot) -> None:
        await settle(pilot)
        sidebar = pilot.app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = next(
            i for i in range(sidebar.option_count)
            if str(sidebar.get_option_at_index(i).prompt).startswith("Delta Wire")
        )
        await settle(pilot)

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=highlight_the_failure)


def test_the_progress_bar_while_feeds_land(library: Library, server: FeedServer, snap_compare) -> None:
    """One feed of two has landed; the other keeps the refresh (and the bar) going until Byline
    quits, which cancels it."""
    library.store.add_feed(server.route("/quick.xml", rss(3, title="Harbour Gazette")))
    library.store.add_feed(server.route("/slow.xml", rss(3), delay_s=120), title="Delta Wire")
    stored = library.store.stats().articles

    async def half_way(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("R")
        screen = pilot.app.screen
        bar, articles = screen.query_one(ProgressBar), screen.query_one(ArticleList)
        await until(pilot, lambda: bar.progress == 1 and articles.rows.count == stored + 3)
        busy = [w for w in pilot.app.workers if w.group != "refresh" and not w.is_finished]
        await asyncio.gather(*(w.wait() for w in busy))  # the sidebar's counts, not the refresh
        await pilot.pause()

    assert snap_compare(make_app(library), terminal_size=SIZE, run_before=half_way)


def test_an_empty_library_offers_to_subscribe(empty_library: Library, snap_compare) -> None:
    assert snap_compare(make_app(empty_library), terminal_size=SIZE, run_before=settle)
