"""Feed items without a date sort by when they were fetched, and show that day dimmed, marked "~"."""

from __future__ import annotations

import time

from textual.widgets import OptionList

from reader.library import Library
from reader.store import ArticleIn
from reader.tui.app import make_app
from reader.tui.widgets.article_list import ArticleList
from tests.conftest import SIZE, reading_text, settle


async def test_an_undated_item_shows_the_day_it_was_fetched(library: Library) -> None:
    feed, _ = library.store.add_feed("https://news.example/feed.xml", title="Example News")
    library.store.upsert_articles(feed, [ArticleIn("no-date", "A story with no date", plain="Rain all day.")])
    fetched = "~" + time.strftime("%Y-%m-%d")
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.current is not None and articles.current.title == "A story with no date"
        await pilot.press("j")  # the cursor's colours aside
        line = articles.render_line(0)
        assert line.text.rstrip().endswith(fetched)
        date = next(segment for segment in line if fetched in segment.text)
        undated = articles.get_component_rich_style("article-list--undated")
        assert date.style is not None and date.style.color == undated.color  # dimmed, unlike dated rows
        dated = next(segment for segment in articles.render_line(1) if "20" in segment.text.strip()[:3])
        assert dated.style is not None and dated.style.color != undated.color
        await pilot.press("k", "enter")
        await settle(pilot)
        assert "undated; fetched" in reading_text(app)
        await pilot.press("slash", *"rain")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        assert fetched in str(results.get_option_at_index(0).prompt)
