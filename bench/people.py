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

``compiled`` says whether the extractor ran compiled (mypyc, see pyproject.toml) or as plain
Python. ``--baseline REV`` also times the extractor of another git revision (say, the one before a
change) over the same texts, in its own process in the same run, and adds its
``baseline_articles_per_s`` and ``vs_baseline`` (this tree's speed over the baseline's). The
baseline always runs as plain Python (an archive of a revision holds no compiled modules), so
``--baseline HEAD`` measures what compiling gains.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS_GOLD = ROOT / "tests" / "data" / "news_people.json"
CONLL_DEV = ROOT.parent / "shared" / "corpora" / "people-dev" / "conll2003-testa.json"
sys.path.insert(0, str(ROOT))

from timing import time_calls  # noqa: E402  (bench/timing.py, beside this file)

from reader.people import extract, extract_people  # noqa: E402
from reader.people.compiled import is_compiled, stale_modules  # noqa: E402
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


def baseline_speed(rev: str, texts: list[str], seconds: float, rounds: int) -> dict[str, float]:
    """The speed of revision ``rev``'s extractor over ``texts``, timed in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", rev, "reader"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        command = [sys.executable, str(Path(__file__).with_name("timing.py")), "--code", tmp]
        command += ["--texts", str(texts_file), "--seconds", str(seconds), "--rounds", str(rounds)]
        timed = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(timed.stdout)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a summary or one JSON object."""
    ap = argparse.ArgumentParser(description="People extraction benchmark.")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--seconds", type=float, default=3.0, help="approximate timing budget")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds (best one counts)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold file to score")
    ap.add_argument("--news", type=Path, default=NEWS_GOLD, help="second gold file (news)")
    ap.add_argument("--conll", type=Path, default=CONLL_DEV, help="newswire development set")
    ap.add_argument("--baseline", metavar="REV", help="also time this git revision's extractor")
    args = ap.parse_args(argv)
    if stale := stale_modules():
        ap.error(f"{', '.join(stale)} changed after it was compiled: install again first (make test)")

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
    speed = time_calls(extract_people, texts, args.seconds, args.rounds)
    baseline: dict[str, object] = {}
    if args.baseline:
        try:
            base = baseline_speed(args.baseline, texts, args.seconds, args.rounds)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"baseline {args.baseline} not timed: {exc}", file=sys.stderr)
            return 2
        baseline = {
            "baseline_rev": args.baseline,
            "baseline_articles_per_s": base["articles_per_s"],
            "vs_baseline": round(speed["articles_per_s"] / base["articles_per_s"], 3),
        }
    result = {
        **speed,
        "timed_texts": len(texts),
        "compiled": is_compiled(extract),
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
        **baseline,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"speed: {speed['articles_per_s']:,.0f} articles/s "
            f"({speed['us_per_article']} µs each, {speed['mb_per_s']} MB/s, "
            f"mean {speed['mean_article_chars']} chars, {len(texts)} texts"
            f"{', compiled' if result['compiled'] else ', plain Python'})"
        )
        if baseline:
            print(
                f"base:  {baseline['baseline_articles_per_s']:,.0f} articles/s at {args.baseline}, the same"
                f" texts in the same run: this tree is {baseline['vs_baseline']} of it"
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
