"""The main screen's eye on the library: what another Byline (a cron refresh, `byline tag`, a second
TUI) wrote shows up here within a couple of seconds, and new articles are announced."""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.screen import Screen

from reader.library import Arrivals, Library
from reader.text.wording import plural

WATCH_EVERY_S = 1.5  # how often to ask SQLite whether anyone committed (microseconds each)
PEOPLE_ANNOUNCED = 3  # followed people named, most stories first, when many arrive at once


class WatchesLibrary(Screen):
    """A mixin for `MainScreen`, which provides `articles_changed`."""

    library: Library
    _refreshing: bool
    _version: int = 0  # PRAGMA data_version when the screen last looked
    _newest: int = 0  # the highest article id already shown or announced

    def start_watching(self) -> None:
        store = self.library.store
        self._version = store.data_version()
        self._newest = store.newest_id()
        self.set_interval(WATCH_EVERY_S, self.look_for_changes)

    def seen(self, ids: Sequence[int]) -> None:
        """Articles this Byline stored and announced itself: the watch keeps quiet about them."""
        self._newest = max(self._newest, *ids, 0)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def look_for_changes(self) -> None:
        """Off the UI thread: a read may wait while another thread uses the read connection."""
        version = self.library.store.data_version()
        if version != self._version:
            arrivals = self.library.arrivals(self._newest)
            self.app.call_from_thread(self._changed, version, arrivals)

    def _changed(self, version: int, arrivals: Arrivals) -> None:
        self._version = version
        new = [article_id for article_id in arrivals.new if article_id > self._newest]
        self.seen(new)
        self.articles_changed()  # type: ignore[attr-defined]
        if not new or self._refreshing:  # a refresh of this Byline's own says what it brought
            return
        self.notify(f"{plural(len(new), 'new article')}", title="Library")
        for person, stories in arrivals.about_followed[:PEOPLE_ANNOUNCED]:
            self.notify(f"{plural(stories, 'new story', 'new stories')} about {person}", title="Following")
