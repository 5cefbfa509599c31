"""Finding the people in stored articles: per-article summaries, and the pending backlog."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from reader.people import extract_people
from reader.store import Found, Store

BATCH = 500
POOL_THRESHOLD = 2000  # below this many pending articles, a process pool costs more than it saves


def people_in_text(text: str) -> tuple[Found, ...]:
    """Each person named in `text` once: canonical name, mention count, first offset, forms."""
    found: dict[str, tuple[int, int, list[str]]] = {}
    for mention in extract_people(text):
        count, first, forms = found.get(mention.canonical, (0, mention.start, []))
        if mention.text not in forms:
            forms.append(mention.text)
        found[mention.canonical] = (count + 1, first, forms)
    return tuple(Found(name, count, first, tuple(forms)) for name, (count, first, forms) in found.items())


def index_pending(store: Store, *, workers: int = 0) -> int:
    """Find the people of every article not yet indexed; returns how many were indexed.

    Large backlogs are split over a process pool (`workers` = 0: one per core).
    """
    done = 0
    pool: ProcessPoolExecutor | None = None
    try:
        while batch := store.articles_without_people(BATCH * 8 if pool else BATCH):
            if pool is None and len(batch) == BATCH and store.count_without_people() > POOL_THRESHOLD:
                # forkserver, never fork: the TUI calls this from a thread, and forking a
                # process that runs other threads can leave a child holding a dead lock.
                pool = ProcessPoolExecutor(
                    workers or None, mp_context=multiprocessing.get_context("forkserver")
                )
            texts = [plain for _, plain in batch]
            results = pool.map(people_in_text, texts, chunksize=64) if pool else map(people_in_text, texts)
            store.save_people(
                {article_id: list(found) for (article_id, _), found in zip(batch, results, strict=True)}
            )
            done += len(batch)
    finally:
        if pool is not None:
            pool.shutdown()
    return done
