"""The facade the UI and the command line call: import, list, read, state, people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.config import Config, Paths, load_config
from reader.ingest.local import LocalFileError, iter_files, load_file
from reader.people import PEOPLE_VERSION
from reader.resources import samples_dir
from reader.store import Store

if TYPE_CHECKING:
    from reader.fulltext.pages import PageOutcome, PageProgress
    from reader.indexing import Progress as PeopleProgress
    from reader.indexing import Stop
    from reader.ingest.refresh import Cancel, Progress, RefreshReport

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


class Library:
    """One user's library: the store plus the rules for filling it."""

    def __init__(self, paths: Paths, config: Config | None = None) -> None:
        paths.create()
        self.paths = paths
        self.config = config if config is not None else load_config(paths.config_file)
        self.store = Store(paths.database)
        self.store.adopt_people_version(PEOPLE_VERSION)  # a new library needs no upgrade

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
        apply the tag rules. `cancel` stops it with `RefreshCancelled`; articles stored by then get
        their people at the next start."""
        from reader.fulltext.pages import PagePlan, feed_modes
        from reader.ingest.refresh import refresh  # loads httpx and feedparser only when needed

        plan = PagePlan(feed_modes(self.store, self.config.full_text), full_text, page_progress)
        report = refresh(
            self.store, self.config.fetch, urls, progress, due_only=due_only, pages=plan, cancel=cancel
        )
        self.settle(list(dict.fromkeys(report.new + report.updated + report.full_text)))
        return report

    def fetch_full_text(self, ids: Sequence[int]) -> list[PageOutcome]:
        """Fetch these articles' pages now, whatever their feeds' settings and past failures."""
        from reader.fulltext.pages import fetch_pages

        outcomes = fetch_pages(self.store, self.config.fetch, ids)
        self.settle([page.article_id for page in outcomes if page.error is None])
        return outcomes

    def settle(self, ids: Sequence[int]) -> None:
        """Work that follows new articles: people first (rules may name them), then tag rules."""
        from reader.library_tags import apply_rules

        if not ids:
            return
        self.index_people(within=ids)  # only these: an upgrade's backlog is not the refresh's to wait for
        apply_rules(self, list(ids))

    def new_about_followed(self, ids: Sequence[int]) -> list[tuple[str, str]]:
        """(person, title) for each of these articles that mentions someone followed."""
        return self.store.followed_in(ids)

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
