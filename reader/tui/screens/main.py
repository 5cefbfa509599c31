"""The main screen: library sidebar, article list, reading pane, people and linked stories."""

from __future__ import annotations

import webbrowser

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from reader.library import Library
from reader.store import ArticleFilter, ArticleRow
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.people import LinkedPane, PeoplePane
from reader.tui.widgets.reading import ReadingPane
from reader.tui.widgets.sidebar import Entry, Sidebar


class MainScreen(Screen):
    """Reading history is a stack: following a linked story pushes, back pops."""

    BINDINGS = [
        Binding("n", "next_unread", "Next unread"),
        Binding("p", "previous_unread", "Prev unread"),
        Binding("m", "toggle_read", "Read/unread"),
        Binding("s", "toggle_star", "Star"),
        Binding("o", "open_link", "Open link"),
        Binding("backspace,escape", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.store = library.store
        self.article_id: int | None = None
        self.history: list[int] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            with Vertical(id="centre"):
                yield ArticleList(self.store, id="articles")
                yield ReadingPane(id="reading")
            with Vertical(id="people-column"):
                yield PeoplePane(id="people")
                yield LinkedPane(id="linked")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sidebar").border_title = "Library"
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#reading").border_title = "Reading"
        self.query_one("#people").border_title = "People in this story"
        self.query_one("#linked").border_title = "Linked stories"
        self.refresh_sidebar()
        self.query_one(ArticleList).focus()

    # --- sidebar -------------------------------------------------------------------------

    def refresh_sidebar(self) -> None:
        stats = self.store.stats()
        entries = [
            Entry("all", "All", stats.articles),
            Entry("unread", "Unread", stats.unread),
            Entry("starred", "Starred", stats.starred),
            Entry("h:feeds", "Feeds", heading=True),
        ]
        for feed in self.store.feeds():
            entries.append(
                Entry(f"feed:{feed.id}", feed.title or feed.url, feed.articles, error=feed.last_error)
            )
        followed = self.store.followed_people()
        if followed:
            entries.append(Entry("h:following", "Following", heading=True))
            entries += [Entry(f"person:{p.id}", p.name, p.unread) for p in followed]
        self.query_one(Sidebar).show_entries(entries)

    def on_sidebar_chosen(self, message: Sidebar.Chosen) -> None:
        kind, _, value = message.key.partition(":")
        flt = {
            "all": ArticleFilter(),
            "unread": ArticleFilter(unread=True),
            "starred": ArticleFilter(starred=True),
            "feed": ArticleFilter(feed_id=int(value)) if kind == "feed" else None,
            "person": ArticleFilter(person_id=int(value)) if kind == "person" else None,
        }.get(kind)
        if flt is None:
            return
        articles = self.query_one(ArticleList)
        articles.show(flt)
        articles.border_title = f"Articles · {message.label.split('  ')[0].strip()}"
        articles.focus()

    # --- articles ------------------------------------------------------------------------

    def on_article_list_highlighted(self, message: ArticleList.Highlighted) -> None:
        self.show_article(message.row.id)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        self.open_article(message.row)

    def open_article(self, row: ArticleRow) -> None:
        """Show an article and mark it read."""
        self.show_article(row.id)
        if not row.read:
            self.store.set_read([row.id], True)
            self.query_one(ArticleList).mark(row, read=True)
            self.refresh_sidebar()

    def show_article(self, article_id: int) -> None:
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
        if self.article_id is not None:
            self.history.append(self.article_id)
        self.go_to_article(message.article_id)

    def go_to_article(self, article_id: int) -> None:
        """Show an article, moving the list cursor to it (switching to All if it is filtered out)."""
        articles = self.query_one(ArticleList)
        if not articles.go_to(article_id):
            articles.show(ArticleFilter(), keep=article_id)
            articles.border_title = "Articles · All"
        row = articles.current
        if row is not None and row.id == article_id:
            self.open_article(row)
        else:
            self.show_article(article_id)

    def on_people_pane_opened(self, message: PeoplePane.Opened) -> None:
        self.action_open_person(message.person_id)

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.history:
            self.go_to_article(self.history.pop())
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
        articles = self.query_one(ArticleList)
        row = articles.current
        if row is not None:
            self.store.set_read([row.id], not row.read)
            articles.mark(row, read=not row.read)
            self.refresh_sidebar()

    def action_toggle_star(self) -> None:
        articles = self.query_one(ArticleList)
        row = articles.current
        if row is not None:
            self.store.set_starred([row.id], not row.starred)
            articles.mark(row, starred=not row.starred)
            self.refresh_sidebar()

    def action_open_link(self) -> None:
        article = self.query_one(ReadingPane).article
        url = article.url if article else ""
        if not url.lower().startswith(("http://", "https://")):
            self.notify("This article has no web link to open.", severity="warning")
            return
        self.open_in_browser(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def open_in_browser(self, url: str) -> None:
        if not webbrowser.open(url):
            self.app.call_from_thread(self.notify, "No web browser could be started.", severity="warning")

    def action_open_person(self, person_id: int) -> None:
        from reader.tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.library, person_id), self._after_person)

    def _after_person(self, article_id: int | None) -> None:
        self.refresh_sidebar()
        if article_id is not None:
            if self.article_id is not None:
                self.history.append(self.article_id)
            self.go_to_article(article_id)
