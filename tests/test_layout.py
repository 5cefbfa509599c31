"""The main screen fits the terminal: titles first, panes that fold away and come back by key, and
a focused pane that is plain to see."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from reader.library import Library
from reader.tui.app import BylineApp, make_app
from reader.tui.widgets.article_list import ArticleList
from tests.conftest import SEED_TITLE, open_seed, reading_text, settle

SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60)]


def shown(app: BylineApp, selector: str) -> bool:
    widget = app.screen.query_one(selector, Widget)
    return widget.display and all(node.display for node in widget.ancestors if isinstance(node, Widget))


def footer_keys(app: BylineApp) -> dict[str, str]:
    """Action → description of what the footer shows."""
    return {
        active.binding.action: active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show
    }


async def seed_row(pilot: Pilot) -> str:
    """The seed's row as drawn, with the cursor moved to it."""
    articles = pilot.app.screen.query_one(ArticleList)
    for _ in range(articles.rows.count):
        if articles.current is not None and articles.current.title == SEED_TITLE:
            break
        articles.action_cursor_down()
    await pilot.pause()
    for y in range(articles.scrollable_content_region.height):
        line = articles.render_line(y).text
        if "Attorney General Jeff Sessions" in line:
            return line
    raise AssertionError("the seed is not on screen")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_size_shows_the_title_the_story_and_the_people(
    library: Library, size: tuple[int, int]
) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        width = size[0]
        keys = footer_keys(app)
        assert keys["toggle_sidebar"] == "Sidebar" and keys["toggle_people"] == "People"
        assert shown(app, "#sidebar") == (width >= 100)
        assert shown(app, "#people") == (width >= 140)
        if width >= 120:
            assert SEED_TITLE in await seed_row(pilot)  # the whole title, in the list
        await open_seed(pilot)
        assert reading_text(app).startswith(SEED_TITLE)
        assert shown(app, "#reading") and app.screen.query_one("#reading").has_focus
        # narrow: the story takes the list's place (Newsboat's flow)
        assert shown(app, "#articles") == (width >= 100)
        # the story wraps at the width it has, not at a dozen columns
        assert app.screen.query_one("#reading").size.width >= 60
        if width < 140:
            await pilot.press("w")
            await pilot.pause()
            assert shown(app, "#people") and app.screen.query_one("#people").has_focus
            people, reading = (app.screen.query_one(s).region for s in ("#people", "#reading"))
            assert people.y >= reading.bottom  # under the story
            await pilot.press("w")
            await pilot.pause()
            assert not shown(app, "#people")
        else:
            people, reading = (app.screen.query_one(s).region for s in ("#people", "#reading"))
            assert people.x >= reading.right  # beside the story
        await pilot.press("b")
        await pilot.pause()
        assert shown(app, "#sidebar") == (width < 100)


async def test_back_from_a_story_on_a_narrow_screen_returns_to_the_list(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_seed(pilot)
        assert not shown(app, "#articles")
        await pilot.press("escape")
        await pilot.pause()
        assert shown(app, "#articles") and app.screen.query_one(ArticleList).has_focus
        assert not shown(app, "#reading")
        await pilot.press("enter", "q")
        await pilot.pause()
        assert shown(app, "#articles") and app.is_running  # q leaves the story first, then quits


async def test_a_feed_filtered_list_drops_the_feed_column(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "Byline Samples" in await seed_row(pilot)
        articles = app.screen.query_one(ArticleList)
        feed = library.store.feeds()[0]
        app.screen.show_filter(articles.rows.filter.__class__(feed_id=feed.id))  # type: ignore[attr-defined]
        await pilot.pause()
        assert "Byline Samples" not in await seed_row(pilot)


async def test_the_focused_pane_has_a_heavy_border_and_a_lit_title(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_seed(pilot)
        reading, articles = app.screen.query_one("#reading"), app.screen.query_one("#articles")
        assert reading.styles.border_top[0] == "heavy" and articles.styles.border_top[0] != "heavy"
        assert reading.styles.border_title_background != articles.styles.border_title_background
