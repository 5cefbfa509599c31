"""The main screen's full-text key: F fetches the open article's web page now, off the UI thread."""

from __future__ import annotations

from textual import work

from reader.library import Library
from reader.store import Store
from reader.tui.screens.base import BylineScreen
from reader.tui.widgets.people import LinkedPane, PeoplePane
from reader.tui.widgets.reading import ReadingPane

FETCHING = "fetching full text…"


class FullTextActions(BylineScreen):
    """Mixed into the main screen, which sets `library`, `store` and `article_id`."""

    library: Library
    store: Store
    article_id: int | None

    def action_full_text(self) -> None:
        """Fetch the open article's page: the teaser stays in view with a quiet note meanwhile."""
        reading = self.query_one(ReadingPane)
        if self.article_id is None or reading.article is None:
            self.notify("Open an article first, then F fetches its full text.", severity="warning")
            return
        reading.set_note(FETCHING)
        self.fetch_full_text(self.article_id)

    @work(thread=True, group="fulltext", exit_on_error=False)
    def fetch_full_text(self, article_id: int) -> None:
        (outcome,) = self.library.fetch_full_text([article_id])
        self.app.call_from_thread(self.full_text_arrived, article_id, outcome.error)

    def full_text_arrived(self, article_id: int, error: str | None) -> None:
        """Swap the body in place (the list cursor and the reading position stay), or say why not."""
        if self.article_id != article_id:
            return  # the reader moved on; the text is stored for when they come back
        article = self.store.article(article_id)
        if article is None:
            return
        people = self.store.people_in(article_id)
        note = f"full text unavailable: {error}" if error else ""
        self.query_one(ReadingPane).show(article, people, note=note, keep_scroll=True)
        self.query_one(PeoplePane).show_people(people)
        self.query_one(LinkedPane).show_linked(self.store.linked(article_id))
