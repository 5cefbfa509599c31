"""The main screen: library sidebar, article list, reading pane, people and linked stories."""

from __future__ import annotations

import time
import webbrowser
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar
from textual.worker import get_current_worker

from reader.library import Library
from reader.search_query import QueryError
from reader.store import ArticleFilter, ArticleRow, Stats
from reader.text import clean_line
from reader.text.web import is_web_url
from reader.text.wording import plural
from reader.tui.keys import bind
from reader.tui.screens.links import LinksScreen
from reader.tui.screens.main_feeds import FeedActions
from reader.tui.screens.main_fulltext import FullTextActions
from reader.tui.screens.main_layout import ResponsiveLayout
from reader.tui.screens.main_people import PeopleActions
from reader.tui.screens.main_watch import WatchesLibrary
from reader.tui.screens.prompt import Confirm
from reader.tui.screens.rules import RulesScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screens.tag_editor import TagChange, TagEditor
from reader.tui.sidebar_model import add_tag, describe, filter_for, sidebar_entries
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.people import LinkedPane, PeoplePane
from reader.tui.widgets.reading import ReadingPane
from reader.tui.widgets.sidebar import Entry, Sidebar

PREVIEW_DELAY_S = 0.06  # cursor moves closer together than this are a key held down
HISTORY_SIZE = 100  # articles Back can return to; older ones drop off


class MainScreen(ResponsiveLayout, WatchesLibrary, FeedActions, FullTextActions, PeopleActions):
    """Reading history is a stack of up to `HISTORY_SIZE` articles: `visit` pushes, Back pops."""

    BINDINGS = [
        bind("n", "next_unread", "Next unread"),
        bind("b", "toggle_sidebar", "Sidebar"),
        bind("w", "toggle_people", "People"),
        bind("p", "previous_unread", "Prev unread", show=False),
        bind("m", "toggle_read", "Read/unread"),
        bind("A", "mark_all_read", "All read", show=False),
        bind("s", "toggle_star", "Star"),
        bind("o", "open_link", "Open link"),
        bind("F", "full_text", "Full text", show=False),
        bind("L", "links", "Links", show=False),
        bind("t", "tag", "Tag"),
        bind("x", "toggle_mark", "Mark", show=False),
        bind("slash", "search", "Search"),
        bind("u", "toggle_unread_only", "Unread only", show=False),
        bind("plus", "add_tag_filter", "And tag", show=False),
        bind("a", "add_feed", "Add feed", show=False),
        bind("D", "remove_feed", "Unsubscribe", show=False),
        bind("r", "refresh_feed", "Refresh feed", show=False),
        bind("R", "refresh_all", "Refresh all"),
        bind("T", "rules", "Tag rules", show=False),
        bind("P", "find_person", "Find person", show=False),
        bind("backspace,escape", "back", "Back"),
        bind("q", "back_or_quit", "Back/quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.store = library.store
        self.article_id: int | None = None
        self.history: deque[int] = deque(maxlen=HISTORY_SIZE)
        self._last_highlight = 0.0
        self._preview: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar", classes="pane")
            with Vertical(id="centre"):
                yield ArticleList(self.store, id="articles", classes="pane")
                with Horizontal(id="story"):
                    yield ReadingPane(id="reading", classes="pane")
                    with Vertical(id="people-column"):
                        yield PeoplePane(id="people", classes="pane")
                        yield LinkedPane(id="linked", classes="pane")
        yield ProgressBar(id="refresh-progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sidebar").border_title = "Library"
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#reading").border_title = "Reading"
        self.query_one("#people").border_title = "People in this story"
        self.query_one("#linked").border_title = "Linked stories"
        self.fit_layout(self.app.size.width)
        self.refresh_sidebar()
        self.query_one(ArticleList).focus()
        self.index_pending_people()
        self.start_auto_refresh()
        self.start_watching()

    def articles_changed(self) -> None:
        """New or changed articles landed: redraw the list, the counts and the open story."""
        self.query_one(ArticleList).reload()
        self.refresh_sidebar()
        if self.article_id is not None:
            self.show_article(self.article_id)

    # --- sidebar -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sidebar", exit_on_error=False)
    def refresh_sidebar(self) -> None:
        """Counts for every entry (saved views run a search each): read off the UI thread."""
        stats = self.library.store.stats()
        entries = sidebar_entries(self.library, stats)
        if not get_current_worker().is_cancelled:  # a newer request is on its way: let it draw
            self.app.call_from_thread(self._show_sidebar, entries, stats)

    def _show_sidebar(self, entries: list[Entry], stats: Stats) -> None:
        self.query_one(Sidebar).show_entries(entries)
        self.query_one(ArticleList).empty_text = self._empty_text(stats)

    def _empty_text(self, stats: Stats) -> str:
        """What an empty list says: in an empty library, the key that fills it."""
        if stats.articles:
            return "No articles here."
        if stats.feeds:
            feeds = plural(stats.feeds, "feed")
            return f"No articles yet — press {self.key_for('refresh_all')} to fetch {feeds}"
        return f"No articles yet — press {self.key_for('add_feed')} to subscribe to a feed"

    def key_for(self, action: str) -> str:
        """The key bound to one of this screen's actions, as the footer shows it (config may rebind)."""
        for key, active in self.active_bindings.items():
            if active.binding.action == action:
                return self.app.get_key_display(active.binding) or key
        return action

    def on_sidebar_chosen(self, message: Sidebar.Chosen) -> None:
        try:
            flt = filter_for(self.library, message.key)
        except QueryError as error:
            self.notify(f"This view's query no longer works: {error}", severity="warning")
            return
        if flt is None:
            return
        self.show_filter(flt)
        self.query_one(ArticleList).focus()

    def show_filter(self, flt: ArticleFilter) -> None:
        articles = self.query_one(ArticleList)
        articles.show(flt, keep=self.article_id)
        articles.border_title = Text(f"Articles · {clean_line(describe(self.library, flt))}")

    def action_toggle_unread_only(self) -> None:
        flt = self.query_one(ArticleList).rows.filter
        self.show_filter(replace(flt, unread=not flt.unread))

    def action_add_tag_filter(self) -> None:
        """Narrow the list to the tag highlighted in the sidebar as well (tags combine)."""
        key = self.query_one(Sidebar).current_key or ""
        if not key.startswith("tag:"):
            self.notify("Highlight a tag in the sidebar first.", severity="warning")
            return
        self.show_filter(add_tag(self.query_one(ArticleList).rows.filter, key[4:]))

    # --- articles ------------------------------------------------------------------------

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        """Preview the article under the cursor; while a key repeats, only where it comes to rest."""
        now = time.monotonic()
        repeating = now - self._last_highlight < PREVIEW_DELAY_S
        self._last_highlight = now
        if repeating:
            self._cancel_preview()
            self._preview = self.set_timer(PREVIEW_DELAY_S, partial(self.show_article, message.row.id))
        else:
            self.show_article(message.row.id)

    def _cancel_preview(self) -> None:
        if self._preview is not None:
            self._preview.stop()
            self._preview = None

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.row)
        self.query_one(ReadingPane).focus()  # Space and PageDown now scroll the story

    def open_article(self, row: ArticleRow) -> None:
        """Show an article (on a narrow screen, in the list's place) and mark it read."""
        self.show_article(row.id)
        self.show_story()
        if not row.read:
            self._flag(row, "mark it read", partial(self.store.set_read, [row.id], True), read=True)

    def show_article(self, article_id: int) -> None:
        self._cancel_preview()  # whatever is shown now wins over a preview still waiting
        article = self.store.article(article_id)
        reading = self.query_one(ReadingPane)
        if article is None:
            reading.clear("This article is no longer in the library.")
            return
        self.article_id = article_id
        people = self.store.people_in(article_id)
        reading.show(article, people)
        self.query_one(PeoplePane).show_people(people)
        self.query_one(LinkedPane).show_linked(self.store.linked(article_id))

    def on_linked_pane_followed(self, message: LinkedPane.Followed) -> None:
        self.visit(message.article_id)

    def visit(self, article_id: int) -> None:
        """Go to an article from the open one, which Back returns to (the oldest of a full history
        is forgotten)."""
        if self.article_id is not None:
            self.history.append(self.article_id)
        self.go_to_article(article_id)

    def go_to_article(self, article_id: int) -> None:
        """Show an article, moving the list cursor to it (switching to All if it is filtered out)."""
        articles = self.query_one(ArticleList)
        if not articles.go_to(article_id):
            articles.show(ArticleFilter(), keep=article_id)
            articles.border_title = Text("Articles · All")
        row = articles.current
        if row is not None and row.id == article_id:
            self.open_article(row)
        else:
            self.show_article(article_id)

    def on_people_pane_opened(self, message: PeoplePane.Opened) -> None:
        self.action_open_person(message.person_id)

    # --- actions -------------------------------------------------------------------------

    def action_back_or_quit(self) -> None:
        """q walks back along the reading history, and quits when there is none."""
        if self.history:
            self.action_back()
        elif not self.leave_story():
            self.app.exit()

    def action_back(self) -> None:
        if self.history:
            self.go_to_article(self.history.pop())
        elif self.leave_story():
            return
        elif self.focused is not self.query_one(ArticleList):
            self.query_one(ArticleList).focus()

    def action_next_unread(self) -> None:
        self._unread(forward=True)

    def action_previous_unread(self) -> None:
        self._unread(forward=False)

    def _unread(self, *, forward: bool) -> None:
        articles = self.query_one(ArticleList)
        row = articles.current
        key = (row.sort_ts, row.id) if row else None
        found = self.store.next_unread(articles.rows.filter, key, forward=forward)
        if found is None:
            self.notify("No more unread articles." if forward else "No earlier unread articles.")
            return
        articles.go_to(found)
        if articles.current is not None:
            self.open_article(articles.current)

    def action_toggle_read(self) -> None:
        row = self.query_one(ArticleList).current
        if row is not None:
            write = partial(self.store.set_read, [row.id], not row.read)
            self._flag(row, "change it", write, read=not row.read)

    def action_toggle_star(self) -> None:
        row = self.query_one(ArticleList).current
        if row is not None:
            write = partial(self.store.set_starred, [row.id], not row.starred)
            self._flag(row, "star it", write, starred=not row.starred)

    def action_mark_all_read(self) -> None:
        """Everything unread in the list as it is filtered now, after a yes."""
        flt = self.query_one(ArticleList).rows.filter
        unread = self.store.count(replace(flt, unread=True))
        if not unread:
            self.notify("Nothing here is unread.")
            return
        question = Confirm(
            f"Mark {plural(unread, 'article')} read?", f"Everything unread in {describe(self.library, flt)}."
        )
        mark = partial(self.store.mark_all_read, flt, time.time())
        self.app.push_screen(question, partial(self._mark_all_read, mark))

    def _mark_all_read(self, write: Callable[[], int], yes: bool | None) -> None:
        if yes:
            self.write_later("mark them read", write, then=self._all_read)

    def _all_read(self, count: int) -> None:
        self.notify(f"Marked {plural(count, 'article')} read.")
        self.articles_changed()

    def _flag(self, row: ArticleRow, what: str, write: Callable[[], object], **flags: bool) -> None:
        """New read/star flags show at once; the store gets them in the background (or they go back)."""
        articles = self.query_one(ArticleList)
        articles.mark(row, **flags)
        # a failed write is undone from the store: several toggles may have failed in a row
        self.write_later(what, write, undo=self.articles_changed, then=lambda _: self.refresh_sidebar())

    def action_open_link(self) -> None:
        article = self.query_one(ReadingPane).article
        url = article.url if article else ""
        if not is_web_url(url):
            self.notify("This article has no web link to open.", severity="warning")
            return
        self.open_in_browser(url)

    def action_links(self) -> None:
        links = self.query_one(ReadingPane).links
        if not links:
            self.notify("This story has no numbered links.", severity="warning")
            return
        self.app.push_screen(LinksScreen(links), self._link_chosen)

    def _link_chosen(self, url: str | None) -> None:
        if url is not None:
            self.open_in_browser(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def open_in_browser(self, url: str) -> None:
        if not webbrowser.open(url):
            self.app.call_from_thread(self.notify, "No web browser could be started.", severity="warning")

    def action_toggle_mark(self) -> None:
        articles = self.query_one(ArticleList)
        articles.toggle_mark()
        articles.action_cursor_down()

    def action_tag(self) -> None:
        articles = self.query_one(ArticleList)
        ids = sorted(articles.marked) or ([self.article_id] if self.article_id is not None else [])
        if not ids:
            return
        if len(ids) == 1:
            article = self.store.article(ids[0])
            what, current = (article.title, list(article.tags)) if article else ("this article", [])
        else:
            what, current = f"{len(ids)} marked articles", []
        names = [tag.name for tag in self.store.tags()]
        self.app.push_screen(TagEditor(what, current, names), partial(self._tagged, ids))

    def _tagged(self, ids: list[int], change: TagChange | None) -> None:
        if change is not None:
            self.write_later("tag", partial(self._retag, ids, change), then=lambda _: self._after_tagging())

    def _retag(self, ids: list[int], change: TagChange) -> None:
        self.store.tag_articles(ids, change.add)
        self.store.untag_articles(ids, change.remove)

    def _after_tagging(self) -> None:
        self.query_one(ArticleList).marked.clear()
        self.articles_changed()

    def action_search(self) -> None:
        self.app.push_screen(SearchScreen(self.library), self._after_search)

    def _after_search(self, article_id: int | None) -> None:
        self.after_writes(self.refresh_sidebar)  # a search may have been saved as a view
        if article_id is not None:
            self.visit(article_id)

    def action_rules(self) -> None:
        self.app.push_screen(RulesScreen(self.library), self._after_rules)

    def _after_rules(self, changed: bool | None) -> None:
        if changed:
            self.articles_changed()
