"""Fetching articles' web pages and keeping their full text, within the feeds' politeness limits.

The pages go through the refresh's own `Fetcher` (per-host limit, timeouts, deadline, size cap,
bounded decoding, http(s) only, limited redirects, Byline's User-Agent); extraction runs wherever
the caller says (the refresh's process pool). Nothing here raises for a bad page: every page ends
in a `PageOutcome`, and its reason is stored with the article.
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from reader.config import FetchSettings
from reader.net.fetch import Fetcher, FetchRequest, FetchResult, origin_of
from reader.store import PageCandidate, SQLiteError, Store
from reader.text import clean_line
from reader.text.web import is_web_url

SHORT_CHARS = 600  # "auto": an item whose own text is shorter than this is a teaser
PAGES_IN_FLIGHT = 16  # pages fetched but not yet stored: fetching outruns extraction, and each
# page waiting for a worker holds its body (2,000 pages at once peaked at 500 MB)
MORE_THAN_TEASER = 100  # characters a page must add to the teaser to count as its full text
PAYWALL_CHARS = 400  # a page this little longer than the teaser that asks to subscribe is a paywall
_PAYWALL = re.compile(
    r"\b(subscribe|subscription|subscribers?|sign in|log in|login|register|create an account)\b"
    r"|\b(abonnieren|abonnement|assinante|assine)\b",
    re.IGNORECASE,
)
ACCEPT_HTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_CHARSET = re.compile(rb"""<meta[^>]{0,500}?charset\s*=\s*["']?([\w-]{1,40})""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """How one page ended: `error` is None when its full text was stored."""

    article_id: int
    url: str
    error: str | None = None


def wanted(
    candidates: list[PageCandidate], modes: Mapping[int, str], *, force: bool = False
) -> list[PageCandidate]:
    """The candidates whose feed's setting asks for their page (`force`: every one)."""
    chosen = []
    for candidate in candidates:
        mode = "always" if force else modes.get(candidate.feed_id, "auto")
        if mode == "never":
            continue
        if mode == "auto" and len(candidate.teaser) >= SHORT_CHARS:
            continue
        chosen.append(candidate)
    return chosen


def feed_modes(store: Store, configured: Mapping[str, str]) -> dict[int, str]:
    """Each feed's full-text setting: config.toml's [[feeds]] first, then the feed's own, else auto."""
    return {
        feed_id: configured.get(url) or own or "auto"
        for feed_id, (url, own) in store.full_text_settings().items()
    }


def read_page(body: bytes, content_type: str, url: str, title: str, teaser: str) -> tuple[str, str] | str:
    """A fetched page's article as (Markdown, plain text), or why there is none.

    Runs in a worker process: decoding and extraction are the CPU-heavy part of a page.
    """
    from reader.fulltext.extract import ExtractError, extract_article

    kind = content_type.split(";")[0].strip().lower()
    if kind and kind not in HTML_TYPES:
        return f"not HTML ({clean_line(kind)[:60]})"
    try:
        article = extract_article(decode_page(body, content_type), url, title=title, teaser=teaser)
    except ExtractError as error:
        return str(error)
    if len(article.plain) < len(teaser) + MORE_THAN_TEASER:
        return "the page holds no more than the feed's teaser (a paywall or a sign-in page?)"
    if len(article.plain) < 2 * len(teaser) + PAYWALL_CHARS and _PAYWALL.search(article.plain):
        return "a paywall or sign-in page"
    return article.markdown, article.plain


def decode_page(body: bytes, content_type: str) -> str:
    """The page's text: the charset the header or a <meta> names, else UTF-8; bad bytes replaced."""
    charset = ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    if not charset:
        found = _CHARSET.search(body[:4096])
        charset = found.group(1).decode("ascii") if found else "utf-8"
        if charset.lower().startswith(("utf-16", "utf-32")):  # a <meta> read as ASCII cannot be
            charset = "utf-8"  # either: browsers take it for UTF-8 too
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # unknown, or not a text encoding at all ("base64", "rot13")
        return body.decode("utf-8", errors="replace")


def failure(result: FetchResult) -> str:
    """The reason a page fetch failed, as the reading pane shows it ("403 Forbidden")."""
    error = result.error or f"HTTP {result.status}"
    if result.status >= 400:
        return "410 Gone" if result.status == 410 else error.removeprefix("HTTP ")
    return error


PageProgress = Callable[[PageOutcome, int, int], None]
"""Called in the refreshing thread as each page lands: (outcome, pages done, pages known so far)."""


@dataclass(frozen=True)
class PagePlan:
    """Which pages a refresh fetches: each feed's setting, or (`force`) every feed's as "always"."""

    modes: Mapping[int, str]
    force: bool = False
    progress: PageProgress | None = None


class PageReader:
    """Fetches pages through a `Fetcher`, extracts them in the executor `pool()` gives (None: a
    thread), and stores them through `writer` (None: a thread)."""

    def __init__(
        self, store: Store, fetcher: Fetcher, writer: Executor | None, pool: Callable[[], Executor | None]
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.writer = writer
        self.pool = pool
        self._slots = asyncio.Semaphore(PAGES_IN_FLIGHT)
        # each host's first fetch of the run, which its other pages wait for: when no connection
        # could be made, it says why, and they wait for the next run (offline, 2,000 teasers of
        # one dead site took minutes, one connection attempt at a time)
        self._first: dict[str, asyncio.Future[str | None]] = {}

    async def read(self, candidate: PageCandidate) -> PageOutcome:
        """Fetch, extract and store one page; the outcome says how it went."""
        async with self._slots:
            return await self._read(candidate)

    async def _read(self, candidate: PageCandidate) -> PageOutcome:
        try:
            origin = origin_of(candidate.url)
        except ValueError:  # not an address: the fetcher refuses it with the reason
            origin = ""
        first = self._first.get(origin)
        if first is None:
            first = self._first[origin] = asyncio.get_running_loop().create_future()
            result: FetchResult | None = await self._fetch_first(candidate, origin, first)
        else:
            unreachable = await asyncio.shield(first)
            result = None if unreachable else await self._fetch(candidate)
        if result is None:
            text: tuple[str, str] | str = f"not tried: {first.result()}"
        elif result.body is None:
            text = failure(result)
        else:
            text = await self._extract(result, candidate)
        if isinstance(text, str):
            error: str | None = text
            save = functools.partial(self.store.save_page, error=text)
        else:
            error = None
            save = functools.partial(self.store.save_page, markdown=text[0], plain=text[1])
        try:
            await asyncio.get_running_loop().run_in_executor(
                self.writer, save, candidate.article_id, time.time()
            )
        except SQLiteError as problem:
            error = f"could not store the page: {problem}"
        return PageOutcome(candidate.article_id, candidate.url, error)

    async def _fetch(self, candidate: PageCandidate) -> FetchResult:
        return await self.fetcher.fetch(FetchRequest(candidate.article_id, candidate.url, accept=ACCEPT_HTML))

    async def _fetch_first(
        self, candidate: PageCandidate, origin: str, first: asyncio.Future[str | None]
    ) -> FetchResult:
        """Fetch a host's first page of the run, and tell its other pages whether to try."""
        try:
            result = await self._fetch(candidate)
        except BaseException:
            first.set_result(None)  # cancelled: the others try for themselves
            raise
        first.set_result(f"{clean_line(origin)[:200]} could not be reached" if result.unreachable else None)
        return result

    async def _extract(self, result: FetchResult, candidate: PageCandidate) -> tuple[str, str] | str:
        body, result.body = result.body or b"", None  # the worker owns it now
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self.pool(), read_page, body, result.headers.get("content-type", ""), result.url,
                candidate.title, candidate.teaser,
            )
        except BrokenProcessPool:
            return "the extractor process died while reading this page"


def fetch_pages(store: Store, settings: FetchSettings, ids: Sequence[int]) -> list[PageOutcome]:
    """Fetch and store the pages of these articles now (blocks; runs its own event loop)."""
    return asyncio.run(_fetch_pages(store, settings, ids))


async def _fetch_pages(store: Store, settings: FetchSettings, ids: Sequence[int]) -> list[PageOutcome]:
    outcomes: dict[int, PageOutcome] = {}
    chosen = []
    for article_id in dict.fromkeys(ids):
        candidate = store.page_candidate(article_id)
        if candidate is None:
            outcomes[article_id] = PageOutcome(article_id, "", "no such article")
        elif not is_web_url(candidate.url):
            outcomes[article_id] = PageOutcome(article_id, candidate.url, "the article has no web address")
        else:
            chosen.append(candidate)
    async with Fetcher(settings) as fetcher:
        reader = PageReader(store, fetcher, None, lambda: None)
        for outcome in await asyncio.gather(*(reader.read(candidate) for candidate in chosen)):
            outcomes[outcome.article_id] = outcome
    return [outcomes[article_id] for article_id in dict.fromkeys(ids)]
