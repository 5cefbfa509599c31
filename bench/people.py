"""People extraction speed and quality: `python bench/people.py [--json] [--seconds S]`.

Speed: times `extract_people` on one core over realistic news text — the sample articles
(title, standfirst and body, as the reader shows them) and the GUM-people dev documents —
repeated until about `--seconds` of work has been done; reports the best of `--rounds` rounds
as articles per second (and MB/s). Quality: scores the dev set with `reader.people.score`, and
the news set `tests/data/news_people.json` (keys `news_span_f1`, `news_pair_f1`). If the dev
set is absent, the speed is measured on the samples alone and its scores are null (with a note
on stderr). ``conll_dev_f1`` is span F1 on the newswire set ``people-dev/conll2003-testa.json``
(null when absent); ``train_cv_f1`` is the cross-validated span F1 over the shippable training
files that ``reader/people/data/train.py`` measured when it built the shipped model.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS_GOLD = ROOT / "tests" / "data" / "news_people.json"
CONLL_DEV = ROOT.parent / "shared" / "corpora" / "people-dev" / "conll2003-testa.json"
sys.path.insert(0, str(ROOT))

from reader.people import extract_people  # noqa: E402
from reader.people.model import shipped  # noqa: E402
from reader.people.score import DEFAULT_GOLD, load_gold, score_docs  # noqa: E402


def sample_texts() -> list[str]:
    """Texts of the sample articles: plain .txt files, or .md with TOML front matter."""
    texts = []
    for path in sorted((ROOT / "sample_articles").glob("*")):
        if path.suffix == ".txt":
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".md":
            raw = path.read_text(encoding="utf-8")
            parts = raw.split("+++", 2)
            if raw.startswith("+++") and len(parts) == 3:
                meta = tomllib.loads(parts[1])
                head = [str(meta.get("title", "")), str(meta.get("standfirst", ""))]
                texts.append("\n\n".join([*head, parts[2].strip()]))
            else:
                texts.append(raw)
    return texts


def time_extraction(texts: list[str], seconds: float, rounds: int) -> dict[str, float]:
    """Best-of-rounds throughput of extract_people over ``texts`` (warmed up)."""
    for t in texts:
        extract_people(t)  # warm the lexicon and caches
    t0 = time.perf_counter()
    for t in texts:
        extract_people(t)
    once = max(time.perf_counter() - t0, 1e-6)
    reps = max(1, int(seconds / rounds / once))
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            for t in texts:
                extract_people(t)
        best = min(best, time.perf_counter() - t0)
    n = reps * len(texts)
    chars = reps * sum(len(t) for t in texts)
    return {
        "articles_per_s": round(n / best, 1),
        "mb_per_s": round(chars / best / 1e6, 2),
        "us_per_article": round(best / n * 1e6, 1),
        "mean_article_chars": round(chars / n),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a summary or one JSON object."""
    ap = argparse.ArgumentParser(description="People extraction benchmark.")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--seconds", type=float, default=3.0, help="approximate timing budget")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds (best one counts)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold file to score")
    ap.add_argument("--news", type=Path, default=NEWS_GOLD, help="second gold file (news)")
    ap.add_argument("--conll", type=Path, default=CONLL_DEV, help="newswire development set")
    args = ap.parse_args(argv)

    texts = sample_texts()
    scores: dict[str, object] = {}
    if args.gold.exists():
        gold = load_gold(args.gold)
        texts += [d["text"] for d in gold]
        scores = score_docs(gold)
    else:
        print(f"note: gold set not found at {args.gold}; scores are null", file=sys.stderr)
    news: dict[str, object] = score_docs(load_gold(args.news)) if args.news.exists() else {}
    conll: dict[str, object] = score_docs(load_gold(args.conll)) if args.conll.exists() else {}
    train_cv = shipped().meta.get("train_cv", {})
    if not texts:
        print("no texts to time (no sample articles, no dev set)", file=sys.stderr)
        return 2
    speed = time_extraction(texts, args.seconds, args.rounds)
    result = {
        **speed,
        "timed_texts": len(texts),
        "span_precision": scores.get("span_precision"),
        "span_recall": scores.get("span_recall"),
        "span_f1": scores.get("span_f1"),
        "pair_f1": scores.get("pair_f1"),
        "docs": scores.get("docs"),
        "gold_mentions": scores.get("gold_mentions"),
        "news_span_precision": news.get("span_precision"),
        "news_span_recall": news.get("span_recall"),
        "news_span_f1": news.get("span_f1"),
        "news_pair_f1": news.get("pair_f1"),
        "news_docs": news.get("docs"),
        "news_gold_mentions": news.get("gold_mentions"),
        "conll_dev_f1": conll.get("span_f1"),
        "conll_dev_precision": conll.get("span_precision"),
        "conll_dev_recall": conll.get("span_recall"),
        "train_cv_f1": train_cv.get("f1"),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"speed: {speed['articles_per_s']:,.0f} articles/s "
            f"({speed['us_per_article']} µs each, {speed['mb_per_s']} MB/s, "
            f"mean {speed['mean_article_chars']} chars, {len(texts)} texts)"
        )
        if scores:
            print(
                f"dev:   span P {scores['span_precision']:.3f}  R {scores['span_recall']:.3f}"
                f"  F1 {scores['span_f1']:.3f}  |  same-person pair F1 {scores['pair_f1']:.3f}"
                f"  ({scores['docs']} docs, {scores['gold_mentions']} mentions)"
            )
        if conll:
            print(
                f"conll: span P {conll['span_precision']:.3f}  R {conll['span_recall']:.3f}"
                f"  F1 {conll['span_f1']:.3f}  ({conll['docs']} docs, {conll['gold_mentions']} mentions)"
            )
        if train_cv:
            print(f"train: cross-validated span F1 {train_cv['f1']:.3f} (measured when the model was built)")
        if news:
            print(
                f"news:  span P {news['span_precision']:.3f}  R {news['span_recall']:.3f}"
                f"  F1 {news['span_f1']:.3f}  |  same-person pair F1 {news['pair_f1']:.3f}"
                f"  ({news['docs']} docs, {news['gold_mentions']} mentions)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
