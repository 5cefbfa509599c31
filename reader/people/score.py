"""Score :func:`extract_people` against a gold set such as GUM-people ``dev.json``.

Gold format: a JSON list of ``{"id", "text", "people": [{"start", "end", "text",
"canonical"}]}`` (see the corpus README).

Metrics
-------
- **Span precision / recall / F1**: a predicted mention is correct iff its (start, end) equals
  a gold mention's (start, end) in the same document; counts are summed over all documents
  (micro-average).
- **Same-person pairwise F1** (``pair_f1``): restricted to *matched* mentions (gold spans that
  were also predicted). Within each document, every unordered pair of matched mentions is a
  gold link if both gold canonicals are equal, and a predicted link if both predicted
  canonicals are equal. Pair precision = shared links / predicted links, pair recall = shared
  links / gold links (micro-summed over documents); pair F1 is their harmonic mean. A document
  with fewer than two matched mentions adds no pairs, nor does one whose gold has no
  ``canonical`` (sets without coreference). Span errors thus do not count twice.
- **canonical_right**: matched mentions whose predicted canonical equals the gold canonical.

Usage: ``python -m reader.people.score [PATH] [--json] [--errors]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from reader.people.extract import Mention, extract_people

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO_ROOT.parent / "shared" / "corpora" / "gum-people" / "dev.json"


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The documents of a gold file."""
    with path.open(encoding="utf-8") as fh:
        docs = json.load(fh)
    if not isinstance(docs, list):
        raise ValueError(f"{path}: expected a JSON list of documents")
    return docs


def score_docs(
    docs: Iterable[dict[str, Any]],
    extract: Callable[[str], list[Mention]] = extract_people,
    errors: list[str] | None = None,
) -> dict[str, Any]:
    """Span and same-person scores of ``extract`` over gold ``docs`` (see module doc)."""
    tp = n_pred = n_gold = 0
    pair_shared = pair_pred = pair_gold = 0
    canon_right = 0
    n_docs = 0
    for doc in docs:
        n_docs += 1
        text = doc["text"]
        gold = {(m["start"], m["end"]): m.get("canonical") for m in doc["people"]}
        pred = {(m.start, m.end): m.canonical for m in extract(text)}
        n_gold += len(gold)
        n_pred += len(pred)
        matched = sorted(set(gold) & set(pred))
        tp += len(matched)
        canon_right += sum(1 for k in matched if gold[k] == pred[k])
        linked = all(gold[k] is not None for k in matched)  # sets without coreference: no pairs
        for a, b in combinations(matched if linked else [], 2):
            g = gold[a] == gold[b]
            p = pred[a] == pred[b]
            pair_gold += g
            pair_pred += p
            pair_shared += g and p
        if errors is not None:
            _collect_errors(doc, text, gold, pred, errors)
    sp, sr = _ratio(tp, n_pred), _ratio(tp, n_gold)
    pp, pr = _ratio(pair_shared, pair_pred), _ratio(pair_shared, pair_gold)
    return {
        "docs": n_docs,
        "gold_mentions": n_gold,
        "predicted_mentions": n_pred,
        "matched": tp,
        "span_precision": round(sp, 4),
        "span_recall": round(sr, 4),
        "span_f1": round(_f1(sp, sr), 4),
        "pair_precision": round(pp, 4),
        "pair_recall": round(pr, 4),
        "pair_f1": round(_f1(pp, pr), 4),
        "canonical_right": canon_right,
    }


def _collect_errors(
    doc: dict[str, Any],
    text: str,
    gold: dict[tuple[int, int], str],
    pred: dict[tuple[int, int], str],
    out: list[str],
) -> None:
    """Human-readable false positives (FP), misses (FN) and wrong canonicals (CANON)."""

    def ctx(s: int, e: int) -> str:
        return f"{text[max(0, s - 30) : s]!r} [{text[s:e]}] {text[e : e + 20]!r}"

    for k in sorted(set(pred) - set(gold)):
        out.append(f"{doc['id']}\tFP\t{ctx(*k)}")
    for k in sorted(set(gold) - set(pred)):
        out.append(f"{doc['id']}\tFN\t{ctx(*k)}")
    for k in sorted(set(gold) & set(pred)):
        if gold[k] != pred[k]:
            out.append(f"{doc['id']}\tCANON\t{text[k[0] : k[1]]}: {pred[k]} (gold {gold[k]})")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the scores of a gold file."""
    ap = argparse.ArgumentParser(description="Score the people extractor on a gold set.")
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--errors", action="store_true", help="list every error (to stderr)")
    args = ap.parse_args(argv)
    if not args.path.exists():
        print(f"gold file not found: {args.path}", file=sys.stderr)
        return 2
    errors: list[str] | None = [] if args.errors else None
    result = score_docs(load_gold(args.path), errors=errors)
    if errors is not None:
        print("\n".join(errors), file=sys.stderr)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:20} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
