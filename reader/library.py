"""The facade the UI and the command line call for work that spans modules.

Screens and commands read and write the cache through `Library.store` and edit the tag rules
through `Library.rules`; what needs more than one module (import, refresh, full text, people,
search and saved views in the query language) is a method here. See the README's Architecture.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.config import Config, Paths, load_config
from reader.ingest.local import LocalFileError, iter_files, load_file
from reader.people import PEOPLE_VERSION
from reader.resources import samples_dir
from reader.rules import Rules
from reader.search_query import QueryError, parse_query
from reader.store import SearchHit, Store, View

if TYPE_CHECKING:
    from reader.fulltext.pages import PageOutcome, PageProgress
    from reader.indexing import Progress as PeopleProgress
    from reader.indexing import Stop
    from reader.ingest.refresh import Cancel, FeedOutcome, Progress, RefreshReport

SAMPLES_SOURCE = "Byline Samples"
LOCAL_SOURCE = "Local files"


@dataclass
class ImportReport:
    """What an import did, and the files it could not read."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Arrivals:
    """Articles stored since a given one: their ids, and how many mention each followed person."""

    newest: int  # the highest article id now stored
    new: list[int] = field(default_factory=list)
    about_followed: list[tuple[str, int]] = field(default_factory=list)  # (person, stories), most first


@dataclass(frozen=True)
class OpmlReport:
    """What subscribing to the feeds of an OPML file did, and what the file held that was skipped."""

    found: int
    new: int
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ViewCount:
    """A saved view with how many articles it holds now (None when its query no longer parses)."""

    view: View
    count: int | None
    error: str | None = None


class Library:
    """One user's library: the store plus the rules for filling it."""

    def __init__(self, paths: Paths, config: Config | None = None) -> None:
        paths.create()
        self.paths = paths
        self.config = config if config is not None else load_config(paths.config_file)
        self.store = Store(paths.database)
        self.store.adopt_people_version(PEOPLE_VERSION)  # a new library needs no upgrade
        self.rules = Rules(self.store, paths.config_file)

    @classmethod
    def open(cls, home: str | None = None) -> Library:
        return cls(Paths.resolve(home))

    def close(self) -> None:
        self.store.close()

    def import_paths(self, paths: Iterable[Path], *, samples: bool = False) -> ImportReport:
        """Import files and folders; a file seen before is updated in place, never duplicated."""
        from reader.indexing import people_in_text  # the name lists load only when needed

        report = ImportReport()
        by_source: dict[str, list] = {}
        for path in iter_files(paths):
            try:
                loaded = load_file(path, guid=f"sample:{path.name}" if samples else None)
            except LocalFileError as error:
                report.errors.append(str(error))
                continue
            source = SAMPLES_SOURCE if samples else (loaded.source or LOCAL_SOURCE)
            article = replace(loaded.article, people=people_in_text(loaded.article.plain))
            by_source.setdefault(source, []).append(article)
        for source, articles in by_source.items():
            result = self.store.upsert_articles(self.store.local_source(source), articles)
            report.new += result.new
            report.updated += result.updated
            report.unchanged += result.unchanged
        self.settle(report.new + report.updated)
        return report

    def refresh(
        self,
        urls: Sequence[str] | None = None,
        progress: Progress | None = None,
        *,
        due_only: bool = False,
        full_text: bool = False,
        page_progress: PageProgress | None = None,
        cancel: Cancel | None = None,
    ) -> RefreshReport:
        """Fetch subscriptions and the pages of their teasers (`full_text`: of every article not
        yet read in full, whatever the feeds' settings), then find the people in what arrived and
        apply the tag rules. `cancel` stops it with `RefreshCancelled`: the articles new or
        updated in the feeds that landed, and those new in a feed still being stored, are tagged
        (their people were found as they were parsed); pages that arrived get their people at the
        next start."""
        from reader.fulltext.pages import PagePlan, feed_modes
        from reader.ingest.refresh import RefreshCancelled, refresh  # httpx, feedparser when needed

        stored: list[int] = []  # new or updated by the feeds that landed
        newest = self.store.newest_id()  # with ids after it: what a feed still being stored added

        def landed(outcome: FeedOutcome, done: int, total: int) -> None:
            stored.extend(outcome.new + outcome.updated)
            if progress is not None:
                progress(outcome, done, total)

        plan = PagePlan(feed_modes(self.store, self.config.full_text), full_text, page_progress)
        try:
            report = refresh(
                self.store, self.config.fetch, urls, landed, due_only=due_only, pages=plan, cancel=cancel
            )
        except RefreshCancelled:
            self.rules.apply(list(dict.fromkeys(stored + self.store.ids_after(newest))))
            raise
        self.settle(list(dict.fromkeys(report.new + report.updated + report.full_text)))
        return report

    def fetch_full_text(self, ids: Sequence[int]) -> list[PageOutcome]:
        """Fetch these articles' pages now, whatever their feeds' settings and past failures."""
        from reader.fulltext.pages import fetch_pages

        outcomes = fetch_pages(self.store, self.config.fetch, ids)
        self.settle([page.article_id for page in outcomes if page.error is None])
        return outcomes

    def full_text_modes(self) -> dict[int, str]:
        """Each feed's full-text setting (auto, always, never): config.toml first, then the feed's."""
        from reader.fulltext.pages import feed_modes

        return feed_modes(self.store, self.config.full_text)

    def import_opml(self, path: Path) -> OpmlReport:
        """Subscribe to the feeds of an OPML file (`OpmlError` when it cannot be read as one)."""
        from reader.ingest.opml import load_opml

        found = load_opml(path)
        new = self.store.add_feeds((feed.url, feed.title, feed.tags) for feed in found.feeds)
        return OpmlReport(len(found.feeds), new, found.skipped)

    def export_opml(self) -> tuple[str, int]:
        """The subscriptions as OPML text, and how many feeds it holds."""
        from reader.ingest.opml import OpmlFeed, write_opml

        tags = self.store.all_feed_tags()
        feeds = [OpmlFeed(f.url, f.title, tuple(tags.get(f.id, ()))) for f in self.store.feeds(kind="feed")]
        return write_opml(feeds), len(feeds)

    def settle(self, ids: Sequence[int]) -> None:
        """Work that follows new articles: people first (rules may name them), then tag rules."""
        if not ids:
            return
        self.index_people(within=ids)  # only these: an upgrade's backlog is not the refresh's to wait for
        self.rules.apply(list(ids))

    def search(self, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Run what the user typed; raises `QueryError` with a message for a malformed query."""
        return self.store.search(parse_query(text), limit, offset)

    def search_count(self, text: str) -> int:
        """How many articles a query matches (`QueryError` when malformed)."""
        return self.store.search_count(parse_query(text))

    def save_view(self, name: str, text: str) -> View:
        """Save a search as a view; the query is checked first (`QueryError`)."""
        parse_query(text)
        return self.store.save_view(name, text)

    def views(self) -> list[ViewCount]:
        """Saved views, each with its current count (for the sidebar and `byline views`)."""
        result: list[ViewCount] = []
        for view in self.store.views():
            try:
                query = parse_query(view.query)
            except QueryError as error:
                result.append(ViewCount(view, None, str(error)))
                continue
            result.append(ViewCount(view, self.store.search_count(query)))
        return result

    def arrivals(self, newest_seen: int) -> Arrivals:
        """What was stored after article `newest_seen` (by this process or any other)."""
        new = self.store.ids_after(newest_seen)
        if not new:
            return Arrivals(newest_seen)
        stories: dict[str, int] = {}
        for person, _ in self.store.followed_in(new):
            stories[person] = stories.get(person, 0) + 1
        return Arrivals(new[-1], new, sorted(stories.items(), key=lambda item: -item[1]))

    def index_people(
        self,
        within: Sequence[int] | None = None,
        progress: PeopleProgress | None = None,
        stop: Stop | None = None,
    ) -> int:
        """Find the people of articles stored without them (only of `within`, if given), and
        after an upgrade of the extractor those of every article; returns how many were indexed."""
        from reader.indexing import index_library, index_pending, upgrade_due

        workers = self.config.fetch.workers
        if within is not None:
            return index_pending(self.store, workers=workers, within=within)
        if not self.store.count_without_people() and not upgrade_due(self.store):
            return 0
        return index_library(self.store, workers=workers, progress=progress, stop=stop)

    def people_upgrade_due(self) -> bool:
        """Whether the people of the library are to be found again (a new extractor)."""
        from reader.indexing import upgrade_due

        return upgrade_due(self.store)

    def import_samples_on_first_start(self) -> ImportReport | None:
        """Fill an empty library with the bundled sample articles."""
        if self.store.stats().articles or self.store.feeds():
            return None
        return self.import_paths([samples_dir()], samples=True)
