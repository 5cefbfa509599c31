"""The main screen's eye on the library: what another Byline (a cron refresh, `byline tag`, a second
TUI) wrote shows up here within a couple of seconds, and new articles are announced.

The list follows each write at once; the announcement waits until the writes pause, so a refresh
storing 200 feeds one by one is announced once, with its total."""

from __future__ import annotations

from collections.abc import Sequence

from textual import work

from reader.library import Arrivals, Library
from reader.text.wording import plural
from reader.tui.screens.base import BylineScreen

WATCH_EVERY_S = 1.5  # how often to ask SQLite whether anyone committed (microseconds each)
PEOPLE_ANNOUNCED = 3  # followed people named, most stories first, when many arrive at once


class WatchesLibrary(BylineScreen):
    """A mixin for `MainScreen`, which provides `articles_changed`."""

    library: Library
    _refreshing: bool
    _version: int = 0  # PRAGMA data_version when the screen last looked
    _newest: int = 0  # the highest article id already shown or announced
    _arrived: int = 0  # articles stored elsewhere since the last announcement
    _about: dict[str, int]  # of those, how many mention each followed person

    def start_watching(self) -> None:
        store = self.library.store
        self._version = store.data_version()
        self._newest = store.newest_id()
        self._about = {}
        self.set_interval(WATCH_EVERY_S, self.look_for_changes)

    def seen(self, ids: Sequence[int]) -> None:
        """Articles this Byline stored and announced itself: the watch keeps quiet about them."""
        self._newest = max(self._newest, *ids, 0)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def look_for_changes(self) -> None:
        """Off the UI thread: a read may wait while another thread uses the read connection."""
        if self._refreshing:
            # its reloads of the list, as feeds land, show others' writes too; what others
            # stored meanwhile goes unannounced, as the refresh's own notice says what it brought
            return
        version = self.library.store.data_version()
        if version != self._version:
            arrivals = self.library.arrivals(self._newest)
            self.app.call_from_thread(self._changed, version, arrivals)
        elif self._arrived:
            self.app.call_from_thread(self._announce)

    def _changed(self, version: int, arrivals: Arrivals) -> None:
        self._version = version
        if any(article_id <= self._newest for article_id in arrivals.new):
            return  # an older look, overtaken by a newer one
        self.seen(arrivals.new)
        self.articles_changed()  # type: ignore[attr-defined]
        if self._refreshing:  # a refresh of this Byline's own says what it brought
            return
        self._arrived += len(arrivals.new)
        for person, stories in arrivals.about_followed:
            self._about[person] = self._about.get(person, 0) + stories

    def _announce(self) -> None:
        """The writes have paused: say what arrived since the last announcement."""
        if not self._arrived:
            return
        self.notify(plural(self._arrived, "new article"), title="Library")
        for person, stories in sorted(self._about.items(), key=lambda item: -item[1])[:PEOPLE_ANNOUNCED]:
            self.notify(f"{plural(stories, 'new story', 'new stories')} about {person}", title="Following")
        self._arrived, self._about = 0, {}
