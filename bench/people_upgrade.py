"""The people of a whole library found again after an upgrade: `python bench/people_upgrade.py --json`.

Builds a library of N stories (the bundled sample articles over and over, each copy dated a day
apart, so names repeat across the library as in real news), records an older extractor version,
then times what Byline does on its next start: every story's people found again (a process
pool past 2,000 stories) and resolved across the library, lone surnames looked at again, people
left without stories dropped. Prints articles per second for the whole recompute, and for the
store's part alone (resolving names that were already extracted).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.config import Paths
from reader.indexing import index_library, people_in_text
from reader.ingest.local import iter_files, load_file
from reader.library import Library
from reader.resources import samples_dir
from reader.store import ArticleIn

EPOCH = 1_420_070_400.0  # 2015-01-01 UTC


def stories(count: int) -> list[ArticleIn]:
    samples = [load_file(path).article for path in iter_files([samples_dir()])]
    return [
        replace(samples[n % len(samples)], guid=f"copy-{n}", published=EPOCH + n * 86400.0, people=())
        for n in range(count)
    ]


def run(home: Path, count: int, workers: int) -> dict[str, float | int]:
    library = Library(Paths.resolve(home))
    store = library.store
    feed = store.local_source("Wire")
    items = stories(count)
    store.upsert_articles(feed, items)
    with store.db.transaction() as conn:
        conn.execute("UPDATE settings SET value = 'model 0, names 0' WHERE name = 'people_version'")
    started = time.perf_counter()
    done = index_library(store, workers=workers)
    recompute = time.perf_counter() - started
    people = store.stats().people
    # The store's part alone: the same stories, their people already extracted.
    found = {n + 1: list(people_in_text(item.plain)) for n, item in enumerate(items)}
    started = time.perf_counter()
    for start in range(0, count, 500):
        store.save_people({aid: found[aid] for aid in range(start + 1, min(count, start + 500) + 1)})
    saving = time.perf_counter() - started
    library.close()
    return {
        "articles": done,
        "people": people,
        "recompute_s": round(recompute, 3),
        "articles_per_s": round(done / recompute),
        "store_articles_per_s": round(count / saving),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=0, help="extraction processes (0: one per core)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(Path(tmp), args.articles, args.workers)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>22}  {value}")


if __name__ == "__main__":
    main()
