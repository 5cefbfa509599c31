"""Best-of-rounds throughput of a text function; imports nothing of Byline, so the people bench
can time an older revision's extractor with it (`bench/people.py --baseline REV`).

Run as a script it times ``reader.people.extract_people`` of the tree at ``--code`` over the
texts of a JSON file and prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path


def time_calls(
    fn: Callable[[str], object], texts: list[str], seconds: float, rounds: int
) -> dict[str, float]:
    """Best-of-rounds throughput of ``fn`` over ``texts`` (warmed up first)."""
    for t in texts:
        fn(t)  # warm the lexicon and caches
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    once = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, int(seconds / rounds / once))
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            for t in texts:
                fn(t)
        best = min(best, time.perf_counter() - t0)
    n = reps * len(texts)
    chars = reps * sum(len(t) for t in texts)
    return {
        "articles_per_s": round(n / best, 1),
        "mb_per_s": round(chars / best / 1e6, 2),
        "us_per_article": round(best / n * 1e6, 1),
        "mean_article_chars": round(chars / n),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description="Time extract_people of another tree.")
    ap.add_argument("--code", type=Path, required=True, help="a tree holding the reader package")
    ap.add_argument("--texts", type=Path, required=True, help="JSON list of texts")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(args.code))
    from reader.people import extract_people

    texts = json.loads(args.texts.read_text(encoding="utf-8"))
    print(json.dumps(time_calls(extract_people, texts, args.seconds, args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
