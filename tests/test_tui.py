"""The main screen driven as a user would, through Pilot."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from reader.config import Paths
from reader.library import Library
from reader.store import ArticleFilter, ArticleRow, db
from reader.tui.app import make_app
from reader.tui.screens.main import HISTORY_SIZE, MainScreen
from reader.tui.widgets.article_list import ArticleList, _tag
from tests.conftest import SEED_TITLE, SIZE, open_seed, reading_text, record_notifications, settle


async def test_seed_can_be_found_and_read_with_the_keyboard(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        text = reading_text(app)
        assert text.startswith(SEED_TITLE)
        assert "Attorney General Jeff Sessions reportedly suggested resigning" in text
        assert app.screen.query_one(ArticleList).current.read  # type: ignore[union-attr]
        people = app.screen.query_one("#people", OptionList)
        names = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert [name.rsplit("  ", 1)[0] for name in names] == [
            "Donald Trump",
            "Jeff Sessions",
            "Sean Spicer",
            "James Comey",
            "Maggie Haberman",
        ]


async def test_n_goes_to_the_next_unread(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        second, third = articles.rows.row(1), articles.rows.row(2)
        library.store.set_read([second.id], True)  # type: ignore[union-attr]
        await pilot.press("n")
        assert articles.current is not None and articles.current.id == third.id  # type: ignore[union-attr]
        assert articles.current.read
        assert reading_text(app).startswith(third.title)  # type: ignore[union-attr]


async def test_read_and_star_survive_a_restart(home: Path, library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.query_one(ArticleList).current
        assert first is not None and not first.read
        await pilot.press("m", "s")
    library.close()
    reopened = Library(Paths.resolve(home))
    article = reopened.store.article(first.id)
    assert article is not None and article.read and article.starred
    app = make_app(reopened)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
    assert not reopened.store.article(first.id).read  # type: ignore[union-attr]
    reopened.close()


async def test_following_a_linked_story_and_coming_back(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        linked = app.screen.query_one("#linked", OptionList)
        titles = [str(linked.get_option_at_index(i).prompt) for i in range(linked.option_count)]
        testimony = next(i for i, t in enumerate(titles) if "Comey Testifies" in t)
        linked.focus()
        linked.highlighted = testimony
        await pilot.press("enter")
        await pilot.pause()
        assert reading_text(app).startswith("Comey Testifies Before Senate Intelligence Committee")
        await pilot.press("backspace")
        await pilot.pause()
        assert reading_text(app).startswith(SEED_TITLE)
        assert app.screen.query_one(ArticleList).current.title == SEED_TITLE  # type: ignore[union-attr]


async def test_person_screen_shows_timeline_and_follow(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        people = app.screen.query_one("#people", OptionList)
        people.focus()
        comey = next(
            i
            for i in range(people.option_count)
            if "James Comey" in str(people.get_option_at_index(i).prompt)
        )
        people.highlighted = comey
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"
        assert "James Comey" in app.screen.query_one("#person-name", Static).content.plain  # type: ignore[union-attr]
        stories = app.screen.query_one("#person-stories", OptionList)
        assert stories.option_count >= 5
        await pilot.press("f")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "MainScreen"
        await settle(pilot)
        sidebar = app.screen.query_one("#sidebar", OptionList)
        labels = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert "Following" in labels and any("James Comey" in label for label in labels)
        seed = app.screen.query_one(ArticleList).current
        assert seed is not None and seed.title == SEED_TITLE and seed.followed  # ◆ in the list
    assert [p.name for p in library.store.followed_people()] == ["James Comey"]


async def test_help_and_palette_come_from_the_bindings(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one(Static).content)
        for description in ("Next unread", "Read/unread", "Star", "Open link", "Back", "Back/quit", "Links"):
            assert description in help_text
        await pilot.press("escape")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Next unread" in titles and "Star" in titles
        assert "Scroll Left" not in help_text  # Textual's internals stay out of the help


async def test_keys_in_config_rebind_actions(home: Path) -> None:
    paths = Paths.resolve(home)
    paths.create()
    paths.config_file.write_text('[keys]\ntoggle_star = "S"\n', encoding="utf-8")
    library = Library(paths)
    library.import_samples_on_first_start()
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        first = articles.current
        assert first is not None
        await pilot.press("s")
        await settle(pilot)
        assert not library.store.article(first.id).starred  # type: ignore[union-attr]
        await pilot.press("S")
        await settle(pilot)
        assert library.store.article(first.id).starred  # type: ignore[union-attr]
        assert any(key == "S" and text == "Star" for key, text, _, _ in app.screen_keys(app.screen))
    library.close()


async def test_clicking_a_name_in_the_story_opens_that_person(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        body = app.screen.query_one("#reading-body", Static)
        first_line = body.content.plain.split("\n")[0]  # type: ignore[union-attr]
        column = first_line.index("Jeff Sessions") + 2
        await pilot.click(body, offset=(column, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "PersonScreen"
        assert "Jeff Sessions" in app.screen.query_one("#person-name", Static).content.plain  # type: ignore[union-attr]


def test_list_rows_show_one_tag_then_how_many_more() -> None:
    assert _tag(("politics",)) == "#politics"
    assert _tag(("business", "ferry", "startup", "tech")) == "#business +3"
    assert _tag(("a-very-long-tag-name",)) == "#a-very-long-…"
    assert _tag(()) == ""


async def test_q_walks_back_along_the_history_then_quits(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        linked = app.screen.query_one("#linked", OptionList)
        linked.focus()
        linked.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert not reading_text(app).startswith(SEED_TITLE)
        await pilot.press("q")
        await pilot.pause()
        assert reading_text(app).startswith(SEED_TITLE) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_the_reading_history_keeps_the_last_hundred_articles(library: Library) -> None:
    ids = [row.id for row in library.store.page_at(ArticleFilter(), 0, 1000)]
    visits = [ids[n % len(ids)] for n in range(HISTORY_SIZE + 30)]
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await open_seed(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        seed = screen.article_id
        for article_id in visits:  # as following linked stories, search hits and people's stories do
            screen.visit(article_id)
        await pilot.pause()
        # the newest hundred are kept; the seed and the oldest visits are gone
        assert list(screen.history) == [seed, *visits][-HISTORY_SIZE - 1 : -1]
        for expected in (visits[-2], visits[-3]):
            await pilot.press("backspace")
            assert screen.article_id == expected


async def test_numbered_links_are_listed(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        articles = app.screen.query_one(ArticleList)
        for _ in range(articles.rows.count):
            if "Revised Travel Order" in (articles.current.title if articles.current else ""):
                break
            await pilot.press("j")
        await pilot.press("enter", "L")
        await pilot.pause()
        assert type(app.screen).__name__ == "LinksScreen"
        listed = app.screen.query_one("#links-list", OptionList)
        first = str(listed.get_option_at_index(0).prompt)
        assert first.startswith("[1] https://")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "MainScreen"


async def test_person_screen_moves_to_a_companion(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        comey = library.store.find_person("James Comey")
        assert comey is not None
        app.screen.action_open_person(comey.id)  # type: ignore[attr-defined]
        await pilot.pause()
        companions = app.screen.query_one("#person-companions", OptionList)
        first = str(companions.get_option_at_index(0).prompt).rsplit("  ", 1)[0]
        companions.focus()
        companions.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert first in app.screen.query_one("#person-name", Static).content.plain  # type: ignore[union-attr]
        stories = app.screen.query_one("#person-stories", OptionList)
        assert (
            stories.option_count >= 1
            and "Comey" not in app.screen.query_one("#person-name", Static).content.plain
        )  # type: ignore[union-attr]


async def test_holding_j_previews_where_the_cursor_stops(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 12)  # faster than the preview delay, like a held key
        await pilot.pause(0.2)
        articles = app.screen.query_one(ArticleList)
        assert articles.cursor == 12
        assert reading_text(app).startswith(articles.current.title)  # type: ignore[union-attr]
        await pilot.press("k", "n")  # a direct open right after a move is not undone by its preview
        await pilot.pause(0.2)
        assert reading_text(app).startswith(articles.current.title)  # type: ignore[union-attr]


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """As another Byline writing: the library's write lock is taken, and held for the block."""
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


async def first_unstarred(pilot: Pilot) -> tuple[ArticleList, ArticleRow]:
    await settle(pilot)
    articles = pilot.app.screen.query_one(ArticleList)
    first = articles.current
    assert first is not None and not first.starred
    return articles, first


async def test_a_library_busy_in_another_process_never_freezes_the_screen(library: Library) -> None:
    """Read and star marks show at once and are written in the background, in order."""
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        articles, first = await first_unstarred(pilot)
        with write_lock_held(library.paths.database):
            await pilot.press("s", "m", "j")
            shown = articles.rows.row(0)
            answered = articles.cursor == 1 and shown is not None and shown.starred and shown.read
        await settle(pilot)
        assert answered  # the keys were handled while the lock was held
        stored = library.store.article(first.id)
        assert stored is not None and stored.starred and stored.read


async def test_a_write_that_fails_is_taken_back_and_said(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # for the connections opened from here on
    library = Library(library.paths)
    app = make_app(library)
    said = record_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        articles, first = await first_unstarred(pilot)
        with write_lock_held(library.paths.database):
            await pilot.press("s")
            assert articles.rows.row(0).starred  # type: ignore[union-attr]  # shown at once
            await settle(pilot)
        assert not articles.rows.row(0).starred  # type: ignore[union-attr]  # and taken back
        assert any(message.startswith("Could not star it: database is locked") for message in said)
        assert not library.store.article(first.id).starred  # type: ignore[union-attr]
    library.close()


async def test_a_library_failing_under_the_screen_ends_byline_without_a_traceback(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        damage = sqlite3.connect(library.paths.database)
        damage.execute("DROP TABLE article_tags")  # the file goes wrong while Byline reads it
        damage.close()
        first = app.screen.query_one(ArticleList).current
        assert first is not None
        app.call_later(app.screen.show_article, first.id)  # as opening it would, in the app's loop
        for _ in range(100):
            if not app.is_running:
                break
            await asyncio.sleep(0.05)
    assert app.return_code == 1 and isinstance(app.failure, sqlite3.OperationalError)
    assert "article_tags" in str(app.failure)  # `byline` says this in one line (cli.main)


async def test_queued_writes_are_made_even_when_their_screen_goes_or_byline_quits(
    library: Library,
) -> None:
    from reader.tui.screens.person import PersonScreen

    made: list[str] = []

    def slow() -> None:
        time.sleep(0.3)
        made.append("slow")

    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        person = library.store.people_summary(limit=1)[0]
        screen = PersonScreen(library, person.id)
        await app.push_screen(screen)
        screen.write_later("first", slow)
        screen.write_later("second", lambda: made.append("second"))
        app.pop_screen()  # the screen goes while both wait
        await pilot.pause(0.5)
        assert made == ["slow", "second"]
        app.screen.write_later("third", slow)
        app.screen.write_later("fourth", lambda: made.append("fourth"))
    assert made == ["slow", "second", "slow", "fourth"]  # quitting waited for the queue


def test_sidebar_labels_keep_their_start_and_end() -> None:
    from rich.cells import cell_len

    from reader.tui.widgets.sidebar import fit_label

    assert fit_label("Synthetic news 100", 18) == "Synthetic news 100"
    assert fit_label("The Guardian - World news", 18) == "The Guardi…ld news"
    assert fit_label("Short", 8) == "Short   "
    for width in range(0, 20):
        for text in ("Synthetic news 1001", "日本語のニュースフィード", "a"):
            assert cell_len(fit_label(text, width)) == width  # always exactly the width, never a hang
