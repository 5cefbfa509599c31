"""An open TUI sees what other processes write to its library: articles, tags, read state, views."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.sidebar import Sidebar
from tests.conftest import SIZE, byline_elsewhere, reading_text, record_notifications, settle, until


def in_another_process(home: Path, code: str) -> None:
    """Python run against the library's store by another process (`store` is open)."""
    script = (
        "import sys\nfrom reader.config import Paths\nfrom reader.store import Store\n"
        f"store = Store(Paths.resolve({str(home)!r}).database)\n{code}\nstore.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def stories(folder: Path, count: int, *, about: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = f"{about} spoke on Tuesday about the budget." if about else "The council met on Tuesday."
        (folder / f"story{n}.md").write_text(f"# Fresh story {n}\n\n{body} It was item {n} of the day.\n")
    return folder


def sidebar_count(app, key: str) -> int | None:
    sidebar = app.screen.query_one(Sidebar)
    for index in range(sidebar.option_count):
        option = sidebar.get_option_at_index(index)
        if option.id == key:
            return int(str(option.prompt).split()[-1])
    return None


async def test_articles_stored_by_another_process_appear_and_are_announced(
    home: Path, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        said = record_notifications(app, monkeypatch)
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await pilot.press("j", "j", "j")
        kept = articles.current.id  # type: ignore[union-attr]
        before = articles.rows.count
        byline_elsewhere(home, "import", str(stories(tmp_path / "new", 3)))
        await until(pilot, lambda: articles.rows.count == before + 3)
        await until(pilot, lambda: "3 new articles" in said)
        assert articles.current.id == kept  # type: ignore[union-attr]
        await until(pilot, lambda: sidebar_count(app, "all") == before + 3)


async def test_new_stories_about_followed_people_are_named(
    home: Path, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comey = library.store.find_person("James Comey")
    assert comey is not None
    library.store.toggle_followed(comey.id)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        said = record_notifications(app, monkeypatch)
        await settle(pilot)
        folder = stories(tmp_path / "comey", 2, about="Former FBI director James Comey")
        byline_elsewhere(home, "import", str(folder))
        await until(pilot, lambda: "2 new stories about James Comey" in said)
        assert "2 new articles" in said


async def test_tags_read_state_and_views_from_elsewhere_show(home: Path, library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await pilot.press("enter")  # open the first article (it is marked read)
        await settle(pilot)
        opened = articles.current
        assert opened is not None
        second = articles.rows.row(1)
        assert second is not None and not second.read
        byline_elsewhere(home, "tag", str(opened.id), "scoop")
        in_another_process(home, f"store.set_read([{second.id}], True)")
        byline_elsewhere(home, "view", "add", "Scoops", "tag:scoop")
        await until(pilot, lambda: "scoop" in (articles.current.tags if articles.current else ()))
        await until(pilot, lambda: "#scoop" in reading_text(app))
        await until(pilot, lambda: articles.rows.row(1).read)  # type: ignore[union-attr]
        await until(pilot, lambda: sidebar_count(app, "view:Scoops") == 1)
        assert sidebar_count(app, "tag:scoop") == 1


async def test_an_empty_library_with_feeds_says_which_key_fetches_them(empty_library: Library) -> None:
    for n in range(3):
        empty_library.store.add_feed(f"https://news{n}.example/feed.xml")
    app = make_app(empty_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.empty_text == "No articles yet — press R to fetch 3 feeds"
        assert "No articles yet — press R to fetch 3 feeds" in articles.render_line(0).text
