"""Start-up benchmark: process start to the first painted article list, and peak memory.

    python bench/startup.py --articles 100000 [--json]

Builds a library of N synthetic articles under a temporary --home, then starts Byline in a
child process (headless Textual, the same `make_app` as the `byline` command) that reports
the moment the article list first draws a row, and its peak RSS.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.config import Paths  # noqa: E402
from reader.store import ArticleIn, Found, Store  # noqa: E402

WORDS = (
    "council budget vote minister harbour ferry storm court ruling election campaign market "
    "inflation school hospital strike police report inquiry museum bridge river festival"
).split()
PEOPLE = [
    f"{first} {last}"
    for first in ("Ann", "Ben", "Cara", "Dev", "Eli")
    for last in ("Okoro", "Marlow", "Baker", "Reyes", "Lindqvist", "Pell", "Frayne", "Tallis")
]

CHILD = """
import resource, sys, time
start = float(sys.argv[1])
from reader.config import Paths
from reader.library import Library
from reader.tui.app import make_app
from reader.tui.widgets.article_list import ArticleList

painted = {}
draw = ArticleList.render_line

def render_line(self, y):
    strip = draw(self, y)
    if not painted and self.rows.count and strip.text.strip():
        painted["at"] = time.time() - start
        self.app.call_later(self.app.exit)
    return strip

ArticleList.render_line = render_line
library = Library(Paths.resolve(sys.argv[2]))
make_app(library).run(headless=True, size=(160, 45))
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(painted.get("at", -1.0), rss_mb)
"""


def build(home: Path, count: int) -> None:
    """A library of `count` articles from 20 sources, a tenth of them with people, in batches."""
    paths = Paths.resolve(home)
    paths.create()
    store = Store(paths.database)
    feeds = [store.add_feed(f"https://source{n}.example/feed.xml", title=f"Source {n}")[0] for n in range(20)]
    rng = random.Random(7)
    start = 1_500_000_000.0
    for base in range(0, count, 5000):
        batch = []
        for i in range(base, min(count, base + 5000)):
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            people = None
            if i % 10 == 0:
                names = rng.sample(PEOPLE, 2)
                people = tuple(Found(name, 2, 0, (name,)) for name in names)
            batch.append(
                ArticleIn(
                    guid=f"s{i}",
                    title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} story {i}",
                    published=start + i * 60,
                    content=words,
                    plain=words,
                    people=people or (),
                )
            )
        store.upsert_articles(feeds[base // 5000 % len(feeds)], batch)
    store.close()


def measure(home: Path) -> tuple[float, float]:
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, repr(start), str(home)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    first_paint, rss = result.stdout.split()[-2:]
    return float(first_paint), float(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="best of this many starts")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        began = time.perf_counter()
        build(home, args.articles)
        built = time.perf_counter() - began
        runs = [measure(home) for _ in range(args.runs)]
    first_paint = min(paint for paint, _ in runs)
    result = {
        "articles": args.articles,
        "first_paint_s": round(first_paint, 3),
        "max_rss_mb": round(max(rss for _, rss in runs), 1),
        "runs_s": [round(paint, 3) for paint, _ in runs],
        "build_s": round(built, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{args.articles} articles: first paint {result['first_paint_s']} s, "
            f"peak RSS {result['max_rss_mb']} MB (library built in {result['build_s']} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
