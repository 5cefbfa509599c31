"""Finding the people in stored articles: per-article summaries, the pending backlog, upgrades."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from reader.people import PEOPLE_VERSION, extract_people
from reader.people.cues import vouched
from reader.people.lexicon import lexicon
from reader.people.names import parse
from reader.store import Found, Store
from reader.workers import die_with

BATCH = 500
POOL_THRESHOLD = 2000  # below this many pending articles, a process pool costs more than it saves

Progress = Callable[[int, int], None]  # (articles done, articles to do)
Stop = Callable[[], bool]  # True: leave the rest for later


def people_in_text(text: str) -> tuple[Found, ...]:
    """Each person named in `text` once: canonical name, mention count, first offset, forms, and
    whether the story vouched that they are a person (a title before a mention: `cues.vouched`)."""
    lex = lexicon()
    found: dict[str, tuple[int, int, list[str], bool]] = {}
    for mention in extract_people(text):
        count, first, forms, was_vouched = found.get(mention.canonical, (0, mention.start, [], False))
        if mention.text not in forms:
            forms.append(mention.text)
        if not was_vouched and not _full(mention.canonical):  # only a one-word name needs it
            was_vouched = vouched(text, mention.start, mention.end, lex)
        found[mention.canonical] = (count + 1, first, forms, was_vouched)
    return tuple(
        Found(name, count, first, tuple(forms), was_vouched)
        for name, (count, first, forms, was_vouched) in found.items()
    )


def _full(name: str) -> bool:
    """A given name and a surname, as the library keys names ("Dean Ball" is "Ball": a title)."""
    key = parse(name)
    return key is not None and key.full


def upgrade_due(store: Store) -> bool:
    """The stored people were found by another extractor, or an upgrade is still under way."""
    return store.people_version() != PEOPLE_VERSION or store.people_upgrade() is not None


def index_library(
    store: Store, *, workers: int = 0, progress: Progress | None = None, stop: Stop | None = None
) -> int:
    """Find the people of every article stored without them; returns how many were indexed.

    After an upgrade of the extractor that is every article, once: their old people stay
    until each is done again, and an upgrade cut short goes on where it stopped.
    """
    if store.people_version() != PEOPLE_VERSION:
        store.start_people_upgrade(PEOPLE_VERSION)
    done = index_pending(store, workers=workers, progress=progress, stop=stop)
    if store.people_upgrade() is not None and not store.count_without_people():
        store.finish_people_upgrade()
    return done


def index_pending(
    store: Store,
    *,
    workers: int = 0,
    within: Sequence[int] | None = None,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> int:
    """Find the people of articles not yet indexed (of `within`, if given); returns how many.

    Large backlogs are split over a process pool (`workers` = 0: one per core). `stop` is asked
    between batches: Byline quitting in the middle of an upgrade waits for one batch at most.
    """
    done = 0
    total = store.count_without_people() if progress and within is None else len(within or ())
    pool: ProcessPoolExecutor | None = None
    try:
        while not (stop and stop()) and (
            batch := store.articles_without_people(BATCH * 8 if pool else BATCH, within)
        ):
            if pool is None and len(batch) == BATCH and store.count_without_people() > POOL_THRESHOLD:
                # forkserver, never fork: the TUI calls this from a thread, and forking a
                # process that runs other threads can leave a child holding a dead lock.
                pool = ProcessPoolExecutor(
                    workers or None,
                    mp_context=multiprocessing.get_context("forkserver"),
                    initializer=die_with,
                    initargs=(os.getpid(),),
                )
            texts = [plain for _, plain in batch]
            results = pool.map(people_in_text, texts, chunksize=64) if pool else map(people_in_text, texts)
            store.save_people(
                {article_id: list(found) for (article_id, _), found in zip(batch, results, strict=True)}
            )
            done += len(batch)
            if progress is not None:
                progress(done, max(total, done))
    finally:
        if pool is not None:
            pool.shutdown()
    return done
