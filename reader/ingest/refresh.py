"""Refreshing subscriptions: fetch concurrently, parse in a process pool, store one feed at a time.

`refresh()` runs its own event loop (`asyncio.run`), so call it from a plain thread, e.g. a TUI
thread worker, or from the command line. Every per-feed failure lands in the report; nothing a
server or a feed does raises out of here.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.config import FetchSettings
from reader.ingest.schedule import after_failures, interval_for, next_fetch
from reader.net.fetch import Fetcher, FetchRequest, FetchResult
from reader.store import SQLiteError
from reader.store.feeds import DEFAULT_INTERVAL_S, FeedToFetch, FetchState

if TYPE_CHECKING:
    from reader.fulltext.pages import PageOutcome, PagePlan, PageReader
    from reader.ingest.items import ParsedFeed
    from reader.store import PageCandidate, Store
    from reader.store.models import ArticleIn


@dataclass
class FeedOutcome:
    """How one feed's refresh ended."""

    feed_id: int
    url: str
    status: str  # "ok", "not-modified", "error" or "gone"
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    error: str | None = None
    title: str = ""


@dataclass
class RefreshReport:
    """Everything a refresh did, per feed."""

    outcomes: list[FeedOutcome] = field(default_factory=list)
    pages: list[PageOutcome] = field(default_factory=list)  # full text fetched after the feeds
    seconds: float = 0.0

    @property
    def new(self) -> list[int]:
        return [i for o in self.outcomes for i in o.new]

    @property
    def updated(self) -> list[int]:
        return [i for o in self.outcomes for i in o.updated]

    @property
    def full_text(self) -> list[int]:
        """Articles whose page's full text was stored."""
        return [page.article_id for page in self.pages if page.error is None]

    @property
    def failed(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.error]


DISCOVERY_TRIES = 3  # feeds of one page tried in turn (its first may be a comments feed that is down)

Progress = Callable[[FeedOutcome, int, int], None]
"""Called in the refreshing thread as each feed lands: (outcome, feeds done, feeds in total).

It runs between fetches, so it must return at once: post the news elsewhere, never wait for a
reader of it (a screen) to catch up."""


class RefreshCancelled(Exception):
    """The refresh was stopped through its `Cancel` before it finished."""


class Cancel:
    """Stops a refresh running in another thread (Byline quitting): fetches in flight end, the
    parser pool shuts down, and `refresh` raises `RefreshCancelled`. What was stored stays."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requested = False
        self._stop: Callable[[], object] | None = None

    @property
    def requested(self) -> bool:
        return self._requested

    def __call__(self) -> None:
        with self._lock:  # held while stopping: the refresh's loop cannot close meanwhile (`_detach`)
            self._requested = True
            if self._stop is not None:
                self._stop()

    def _attach(self, task: asyncio.Task) -> None:
        """Stop `task` (the refresh's) when cancelled; at once if that has happened already."""
        with self._lock:
            if self._requested:
                raise RefreshCancelled
            loop = task.get_loop()
            self._stop = lambda: loop.call_soon_threadsafe(task.cancel)

    def _detach(self) -> None:
        with self._lock:
            self._stop = None  # the refresh's loop is about to close


def refresh(
    store: Store,
    settings: FetchSettings,
    urls: Sequence[str] | None = None,
    progress: Progress | None = None,
    *,
    due_only: bool = False,
    pages: PagePlan | None = None,
    cancel: Cancel | None = None,
) -> RefreshReport:
    """Refresh all live subscriptions (or those at `urls`, or those due); blocks until done.

    With `pages`, the web pages of the feeds' teaser items are fetched as each feed lands.
    `cancel` stops it early from another thread, with `RefreshCancelled`.
    """
    run = refresh_async(store, settings, urls, progress, due_only=due_only, pages=pages)
    if cancel is None:
        return asyncio.run(run)
    return asyncio.run(_cancellable(run, cancel))


async def _cancellable(run: Coroutine[object, object, RefreshReport], cancel: Cancel) -> RefreshReport:
    task = asyncio.current_task()
    assert task is not None  # always, inside asyncio.run
    try:
        cancel._attach(task)
    except RefreshCancelled:
        run.close()
        raise
    try:
        return await run
    except asyncio.CancelledError:
        if cancel.requested:
            raise RefreshCancelled from None
        raise
    finally:
        cancel._detach()


async def refresh_async(
    store: Store,
    settings: FetchSettings,
    urls: Sequence[str] | None = None,
    progress: Progress | None = None,
    *,
    due_only: bool = False,
    pages: PagePlan | None = None,
) -> RefreshReport:
    """The same as `refresh`, inside a running event loop."""
    started = time.monotonic()
    report = RefreshReport()
    feeds = store.feeds_to_fetch(urls, due_by=time.time() if due_only else None)
    known = {feed.url for feed in feeds}
    for url in urls or ():
        if url not in known:
            feed = store.feed_by_url(url)
            reason = "gone (410), no longer fetched" if feed and feed.gone else "not subscribed"
            report.outcomes.append(FeedOutcome(feed.id if feed else 0, url, "error", error=reason))
    total = len(feeds) + len(report.outcomes)
    if progress:
        for done, outcome in enumerate(report.outcomes, 1):
            progress(outcome, done, total)
    if not feeds:
        report.seconds = time.monotonic() - started
        return report
    runner = _Runner(store, settings)
    try:
        async with Fetcher(settings) as fetcher:
            tasks = [asyncio.create_task(runner.one(fetcher, feed)) for feed in feeds]
            page_tasks: list[asyncio.Task[list[PageOutcome]]] = []
            reader = runner.page_reader(fetcher) if pages is not None else None
            try:
                for finished in asyncio.as_completed(tasks):
                    outcome = await finished
                    report.outcomes.append(outcome)
                    if reader is not None and pages is not None and outcome.status in ("ok", "not-modified"):
                        # pages start as their feed lands, sharing the fetcher's limits with the
                        # feeds still under way: they never wait for the last feed
                        page_tasks.append(asyncio.create_task(runner.pages(reader, pages, outcome)))
                    if progress:
                        progress(outcome, len(report.outcomes), total)
                for finished_pages in asyncio.as_completed(page_tasks):
                    report.pages += await finished_pages
            finally:
                # Stopped early (the progress callback raised, Ctrl-C): end the other feeds' work
                # here, before the fetcher and the store writer close under it. Their outcomes,
                # cancellations included, are moot beside the error already on its way out.
                for task in (*tasks, *page_tasks):
                    task.cancel()
                await asyncio.gather(*tasks, *page_tasks, return_exceptions=True)
    finally:
        runner.close()
    report.seconds = time.monotonic() - started
    return report


def _start_method(single_threaded: bool) -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if single_threaded and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class _Runner:
    """Per-refresh resources: the parser pool (started on the first body) and the store writer."""

    def __init__(self, store: Store, settings: FetchSettings) -> None:
        self.store = store
        self.settings = settings
        # fork starts fastest. It is used when the refresh began in a process with no other thread
        # (the command line); the threads started since (the store writer, asyncio's resolver) hold
        # no lock a parser worker takes, as workers neither write the store nor resolve names.
        # Forking eagerly, before those threads, measured slower (workers re-import the parser).
        # A process that was already threaded (the TUI) uses a fork server instead.
        self._single_threaded = threading.active_count() == 1
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="byline-store")
        self._pool: Executor | None = None
        self.pages_wanted = self.pages_done = 0

    def pool(self) -> Executor:
        if self._pool is None:  # imported here: an all-304 refresh never needs a process
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from reader.ingest import saxdriver
            from reader.ingest.parse import start_worker

            saxdriver.supported()  # says so here, once, if the workers must parse without it
            workers = self.settings.workers or os.cpu_count() or 1
            method = _start_method(self._single_threaded)
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["reader.ingest.parse"])
            self._pool = ProcessPoolExecutor(
                workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
            )
        return self._pool

    def page_reader(self, fetcher: Fetcher) -> PageReader:
        from reader.fulltext.pages import PageReader

        return PageReader(self.store, fetcher, self.writer, self.pool)

    async def pages(self, reader: PageReader, plan: PagePlan, outcome: FeedOutcome) -> list[PageOutcome]:
        """Fetch the pages one feed's articles call for (its new teasers, failures due again)."""
        from reader.fulltext.pages import PageOutcome, wanted

        loop = asyncio.get_running_loop()
        try:
            look_up = functools.partial(self.store.page_candidates, untried=plan.force)
            candidates = await loop.run_in_executor(
                self.writer, look_up, [outcome.feed_id], outcome.new, time.time()
            )
        except SQLiteError as error:
            return [PageOutcome(0, outcome.url, f"could not look up the pages to fetch: {error}")]
        chosen = wanted(candidates, plan.modes, force=plan.force)
        self.pages_wanted += len(chosen)

        async def read(candidate: PageCandidate) -> PageOutcome:
            page = await reader.read(candidate)
            self.pages_done += 1
            if plan.progress:
                plan.progress(page, self.pages_done, self.pages_wanted)
            return page

        return list(await asyncio.gather(*(read(candidate) for candidate in chosen)))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self.writer.shutdown(wait=True)

    async def one(self, fetcher: Fetcher, feed: FeedToFetch) -> FeedOutcome:
        result = await fetcher.fetch(FetchRequest(feed.id, feed.url, feed.etag, feed.last_modified))
        outcome = FeedOutcome(feed.id, feed.url, "ok")
        items: list[ArticleIn] = []
        parsed = await self._parse(result) if result.body is not None else None
        if parsed is not None and parsed.feed_links:
            result, parsed = await self._discovered(fetcher, feed, result, parsed.feed_links)
        state = self._state(feed, result, parsed, outcome)
        if parsed is not None and parsed.error is None:
            items = parsed.articles
        try:
            stored = await asyncio.get_running_loop().run_in_executor(
                self.writer, self.store.record_fetch, feed.id, state, items
            )
        except SQLiteError as error:
            outcome.status, outcome.error = "error", f"could not store the feed: {error}"
            return outcome
        outcome.new, outcome.updated, outcome.unchanged = stored.new, stored.updated, stored.unchanged
        return outcome

    async def _discovered(
        self, fetcher: Fetcher, feed: FeedToFetch, page: FetchResult, urls: list[str]
    ) -> tuple[FetchResult, ParsedFeed]:
        """The first feed that reads of those a subscribed web page names (at most
        `DISCOVERY_TRIES`), fetched in the page's place: the subscription moves to it, as for a
        permanent redirect. One hop: a page named by a page is not followed further."""
        from reader.ingest.items import ParsedFeed

        first_problem = ""
        for url in urls[:DISCOVERY_TRIES]:
            problem = await self._taken(url)
            if problem is None:
                result = await fetcher.fetch(FetchRequest(feed.id, url))
                parsed = await self._parse(result) if result.body is not None else None
                problem = result.error or (parsed.error if parsed else f"HTTP {result.status} with no feed")
                if not problem:
                    result.moved_to = result.moved_to or url
                    return result, parsed
                problem = f"which failed: {problem}"
            first_problem = first_problem or f"the page names the feed {url[:200]}, {problem}"
        return FetchResult(page.request, page.url, page.status, error=first_problem), ParsedFeed(
            error=first_problem
        )

    async def _taken(self, url: str) -> str | None:
        """Why a discovered feed cannot take over the subscription, if it cannot."""
        loop = asyncio.get_running_loop()
        try:
            taken = await loop.run_in_executor(self.writer, self.store.feed_by_url, url)
        except SQLiteError as error:
            return f"which could not be looked up: {error}"
        return "which is already subscribed" if taken is not None else None

    async def _parse(self, result: FetchResult) -> ParsedFeed:
        from concurrent.futures.process import BrokenProcessPool

        from reader.ingest.items import ParsedFeed
        from reader.ingest.parse import parse_body

        body, result.body = result.body, None  # the parser owns it now; free it as soon as it is sent
        loop = asyncio.get_running_loop()
        pool = self.pool()
        try:
            # the stored URL is the base (relative guids must not change with temporary redirects)
            url = result.moved_to or result.request.url
            return await loop.run_in_executor(pool, parse_body, body, url, result.headers)
        except BrokenProcessPool:
            # A worker died (e.g. killed for memory): the next feed starts a fresh pool. Other feeds
            # in flight on the same broken pool land here too; only the first replaces it.
            if self._pool is pool:
                self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
            return ParsedFeed(error="the parser process died while reading this feed")

    def _state(
        self, feed: FeedToFetch, result: FetchResult, parsed: ParsedFeed | None, outcome: FeedOutcome
    ) -> FetchState:
        now = time.time()
        error = result.error or (parsed.error if parsed else None)
        interval = feed.interval_s or DEFAULT_INTERVAL_S
        fields: dict[str, object] = {"url": result.moved_to, "gone": result.gone}
        if error:
            outcome.status, outcome.error = ("gone" if result.gone else "error"), error
            fields["last_error"] = error
            interval = after_failures(interval, feed.failures + 1)
        else:
            fields["last_error"] = ""
            fields["etag"] = result.headers.get("etag")
            fields["last_modified"] = result.headers.get("last-modified")
            if result.not_modified:
                outcome.status = "not-modified"
            elif parsed is not None:
                interval = interval_for(parsed.ttl_s, DEFAULT_INTERVAL_S)
                outcome.title = parsed.title
                fields.update(title=parsed.title, site_url=parsed.site_url, interval_s=interval)
                fields["last_warning"] = parsed.warning or ""
        if result.moved_to:
            outcome.url = result.moved_to
        return FetchState(last_fetch=now, next_fetch=next_fetch(now, interval, result.headers), **fields)
