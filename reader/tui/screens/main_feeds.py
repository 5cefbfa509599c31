"""The main screen's feed actions: subscribe, refresh one or all, and what shows as feeds land."""

from __future__ import annotations

import time
from functools import partial

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ProgressBar

from reader.ingest.refresh import Cancel, FeedOutcome, RefreshCancelled, RefreshReport
from reader.library import Library
from reader.store import ArticleFilter, Feed, StoreError
from reader.text.web import is_web_url, short_url
from reader.text.wording import plural
from reader.tui.screens.base import BylineScreen
from reader.tui.screens.prompt import Confirm, Prompt
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.sidebar import Sidebar

RELOAD_EVERY_S = 0.5  # while feeds land, redraw the list and counts at most this often
PROGRESS_EVERY_S = 0.1  # and the bar: each frame drawn takes time from the fetches (the GIL)
AUTO_FIRST_S = 2.0  # with auto refresh on, the first look for due feeds, after start-up settles


class RefreshProgress(Message, bubble=False):
    """How far the refresh has come. One still queued gives way to a newer one: the bar shows
    the latest, and `changes` (a running total) loses nothing."""

    def __init__(self, done: int, total: int, changes: int) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.changes = changes  # articles new or updated so far

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


class FeedFailed(Message, bubble=False):
    """One feed of the refresh failed (each is said, none replaced)."""

    def __init__(self, outcome: FeedOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class RefreshFinished(Message, bubble=False):
    """The refresh ended: its report, or None when it failed (the worker says why) or was cancelled."""

    def __init__(self, report: RefreshReport | None, followed: list[tuple[str, str]]) -> None:
        super().__init__()
        self.report = report
        self.followed = followed  # (person, title) of new stories about people followed


class FeedActions(BylineScreen):
    """The feed half of `MainScreen`, which provides `articles_changed`, `refresh_sidebar`,
    `show_filter` and `seen`."""

    library: Library
    article_id: int | None
    _refreshing: bool = False
    _quiet: bool = False  # the running refresh was started by the timer, not by the user
    _reload_timer: Timer | None = None
    _changes_shown: int = 0  # articles new or updated in the running refresh, as last reloaded
    _cancel_refresh: Cancel | None = None
    _progress: RefreshProgress | None = None  # the latest progress, not yet drawn
    _progress_timer: Timer | None = None  # the pause after a drawing of the progress

    def action_add_feed(self) -> None:
        self.app.push_screen(
            Prompt(
                "Subscribe to a feed",
                "https://example.org/feed.xml",
                "RSS, Atom, JSON Feed or a site's page; http(s)",
            ),
            self._add_feed,
        )

    def _add_feed(self, url: str | None) -> None:
        if not url:
            return
        if not is_web_url(url):
            self.notify("Feed addresses start with http:// or https:// and name a host.", severity="error")
            return
        subscribe = partial(self.library.store.add_feed, url)
        self.write_later("subscribe", subscribe, then=lambda _: self._subscribed(url))

    def _subscribed(self, url: str) -> None:
        self.refresh_sidebar()
        self.start_refresh([url])

    def action_refresh_feed(self) -> None:
        feed = self._chosen_feed("local sources are not fetched")
        if feed is not None:
            self.start_refresh([feed.url])

    def action_remove_feed(self) -> None:
        feed = self._chosen_feed("local sources are imported files")
        if feed is not None:
            question = Confirm(
                f"Unsubscribe from {feed.title or short_url(feed.url)}?",
                f"Its {plural(feed.articles, 'article')} go too, with their tags and marks.",
            )
            self.app.push_screen(question, partial(self._remove_feed, feed))

    def _remove_feed(self, feed: Feed, yes: bool | None) -> None:
        if yes:
            remove = partial(self.library.store.remove_feed, feed.id)
            self.write_later("unsubscribe", remove, then=lambda _: self._removed(feed))

    def _removed(self, feed: Feed) -> None:
        self.notify(f"Unsubscribed from {feed.title or short_url(feed.url)}.")
        if self.query_one(ArticleList).rows.filter.feed_id == feed.id:
            self.show_filter(ArticleFilter())
        self.articles_changed()

    def _chosen_feed(self, not_local: str) -> Feed | None:
        """The feed highlighted in the sidebar, else the open article's; warns when there is none."""
        store = self.library.store
        key = self.query_one(Sidebar).current_key or ""
        feed_id = int(key[5:]) if key.startswith("feed:") else None
        if feed_id is None and self.article_id is not None:
            article = store.article(self.article_id)
            feed_id = article.feed_id if article else None
        feed = store.feed(feed_id) if feed_id is not None else None
        if feed is None or feed.kind != "feed":
            self.notify(f"Highlight a feed in the sidebar ({not_local}).", severity="warning")
            return None
        return feed

    def action_refresh_all(self) -> None:
        if not self.library.store.feeds(kind="feed"):
            self.notify("No subscriptions yet: press a to add a feed.", severity="warning")
            return
        self.start_refresh(None)

    def start_auto_refresh(self) -> None:
        """With `auto_refresh_min` set, fetch whichever feeds are due, soon and then every so often."""
        minutes = self.library.config.fetch.auto_refresh_min
        if minutes > 0:
            self.set_timer(AUTO_FIRST_S, self._refresh_due)
            self.set_interval(minutes * 60, self._refresh_due)

    def _refresh_due(self) -> None:
        """Quietly: failures show in the sidebar only, and news only when there is some."""
        if self._refreshing:
            return
        try:
            due = self.library.store.feeds_to_fetch(due_by=time.time())
        except StoreError as error:
            self.notify(f"Could not look for feeds to refresh: {error}", severity="error")
            return
        if due:
            self.start_refresh(None, due_only=True, quiet=True)

    def start_refresh(self, urls: list[str] | None, *, due_only: bool = False, quiet: bool = False) -> None:
        """One refresh at a time: a second request while one runs is refused, and says so."""
        if self._refreshing:
            self.notify("A refresh is already running.", severity="warning")
            return
        self._refreshing, self._quiet, self._changes_shown = True, quiet, 0
        self._cancel_refresh = Cancel()
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("busy")
        self.refresh_feeds(urls, due_only, self._cancel_refresh)

    def on_unmount(self) -> None:
        """Byline is quitting: end the running refresh now rather than wait for its slowest feed
        (the refresh's thread would hold the exit until then)."""
        if self._cancel_refresh is not None:
            self._cancel_refresh()

    @work(thread=True, group="refresh", exit_on_error=False)
    def refresh_feeds(self, urls: list[str] | None, due_only: bool, cancel: Cancel) -> None:
        """Fetch in a worker thread, which reports by posting messages: it never waits for the
        screen, so a busy screen never holds up the fetches."""
        post = self.post_message
        changes = 0  # articles new or updated so far: progress messages replace one another

        def landed(outcome: FeedOutcome, done: int, total: int) -> None:
            nonlocal changes
            changes += len(outcome.new) + len(outcome.updated)
            if outcome.error:
                post(FeedFailed(outcome))
            post(RefreshProgress(done, total, changes))

        report, followed = None, []
        try:
            report = self.library.refresh(urls, landed, due_only=due_only, cancel=cancel)
            followed = self.library.store.followed_in(report.new)
        except RefreshCancelled:
            pass  # Byline is quitting: nothing is left to show it to
        finally:
            post(RefreshFinished(report, followed))

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self._progress = message
        if self._progress_timer is None:
            self._draw_progress()

    def _draw_progress(self) -> None:
        """Draw the latest progress, then let PROGRESS_EVERY_S pass before the next: a drawing
        started at once and one at the end of each pause, so the last is never held back."""
        message, self._progress = self._progress, None
        if message is None:
            self._progress_timer = None
            return
        self._show_progress(message)
        self._progress_timer = self.set_timer(PROGRESS_EVERY_S, self._draw_progress)

    def _show_progress(self, message: RefreshProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        if message.changes > self._changes_shown:
            self._changes_shown = message.changes
            self._reload_soon()

    def on_feed_failed(self, message: FeedFailed) -> None:
        outcome = message.outcome
        if not self._quiet:
            name = outcome.title or short_url(outcome.url)
            self.notify(f"{name}: {outcome.error}", severity="error", timeout=8)
        self._reload_soon()  # the sidebar marks the feed

    def _reload_soon(self) -> None:
        if self._reload_timer is None:
            self._reload_timer = self.set_timer(RELOAD_EVERY_S, self._reload)

    def _reload(self) -> None:
        self._reload_timer = None
        self.articles_changed()

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        if message.report is not None:
            self._refresh_finished(message.report, message.followed)
        self._refresh_stopped()

    def _refresh_finished(self, report: RefreshReport, followed: list[tuple[str, str]]) -> None:
        self.seen(report.new)
        failed = len(report.failed)
        if not self._quiet or report.new:
            self.notify(
                f"{plural(len(report.new), 'new article')} from {plural(len(report.outcomes), 'feed')}"
                + (f"; {failed} failed" if failed else "")
                + (f"; full text of {plural(len(report.full_text), 'article')}" if report.full_text else "")
            )
        for person, title in followed[:5]:
            self.notify(f"New story about {person}: {title}", title="Following", timeout=10)

    def _refresh_stopped(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        if self._progress is not None:
            self._show_progress(self._progress)  # the last step, drawn during the pause
        self._refreshing, self._cancel_refresh, self._progress = False, None, None
        self.query_one(ProgressBar).remove_class("busy")
        if self._reload_timer is not None:
            self._reload_timer.stop()
            self._reload_timer = None
        self.articles_changed()
